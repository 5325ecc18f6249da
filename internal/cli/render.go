package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/rendergrid/rendergrid/ipfs"
	"github.com/rendergrid/rendergrid/render"
	"github.com/rendergrid/rendergrid/render/cpu"
	"github.com/rendergrid/rendergrid/render/denoise"
	"github.com/rendergrid/rendergrid/render/gl"
	"github.com/rendergrid/rendergrid/render/vulkan"
	"github.com/rendergrid/rendergrid/scenes"
)

const samplePrefix = "sample:"

func renderCommand() *cli.Command {
	return &cli.Command{
		Name:      "render",
		Usage:     "render one frame of a glTF scene on this machine",
		ArgsUsage: "SCENE.glb|SCENE.gltf|sample:NAME",
		Flags: append([]cli.Flag{
			&cli.IntFlag{Name: "frame", Usage: "frame number; the animation is sampled at frame/fps seconds"},
			&cli.Float64Flag{Name: "fps", Value: scenes.DefaultFPS, Usage: "frames per second of the animation"},
			&cli.IntFlag{Name: "spp", Value: 128, Usage: "samples per pixel"},
			&cli.StringFlag{Name: "res", Value: "640x360", Usage: "resolution WIDTHxHEIGHT"},
			&cli.StringFlag{Name: "region", Usage: "render only the tile x0,y0,x1,y1 (pixels, half-open)"},
			&cli.IntFlag{Name: "bounces", Value: render.DefaultBounce, Usage: "maximum scattering events per path"},
			&cli.UintFlag{Name: "seed", Usage: "base seed of the random numbers"},
			&cli.StringFlag{Name: "camera", Usage: "camera (or camera node) name; default: the first camera"},
			&cli.StringFlag{Name: "engine", Value: "cpu", Usage: "rendering engine: cpu, vulkan, gl (a -tags egl build), or auto (the GPU, else the faster here)"},
			&cli.IntFlag{Name: "device", Value: -1, Usage: "Vulkan device index (rendergrid devices lists them; default: the best)"},
			&cli.IntFlag{Name: "threads", Usage: "rendering threads (0: all cores)"},
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Value: "frame.png", Usage: "output file: .png (8-bit sRGB) or .exr (linear float)"},
			&cli.StringFlag{Name: "linear", Usage: "also write the linear float image to this .exr file (with the passes, raw, when there are any)"},
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "no progress output"},
			&cli.BoolFlag{Name: "add", Usage: "add the output (and --linear image) to the store and print their CIDs"},
			&cli.StringFlag{Name: "gateway", Usage: "for an ipfs:CID scene, fetch it from this gateway first (verified CAR)"},
		}, append(append(append(lightingFlags(), outputFlags()...), sceneLimitFlags()...), storeFlags()...)...),
		Action: runRender,
	}
}

// outputFlags are the flags of a render's passes, denoising and adaptive
// sampling, shared by render, submit and quote.
func outputFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "passes", Usage: "render these passes into a linear .exr beside the beauty, as Blender's multilayer layers: all, or a comma list of " + strings.Join(render.PassNames, ", ")},
		&cli.BoolFlag{Name: "denoise", Usage: "denoise the output, guided by the passes (which it turns on); the raw render and its passes are kept in the .exr"},
		&cli.Float64Flag{Name: "noise-threshold", Usage: "adaptive sampling: stop a pixel once its noise is this low (0.01 is a good start; 0: off), --spp being the cap"},
		&cli.IntFlag{Name: "min-spp", Usage: "adaptive sampling: samples every pixel takes first (0: " + strconv.Itoa(render.DefaultMinSPP) + ")"},
	}
}

func runRender(c *cli.Context) (err error) {
	if c.NArg() != 1 {
		return errors.New("render needs exactly one scene file (or sample:NAME, or ipfs:CID); see rendergrid render --help")
	}
	arg := c.Args().First()
	// The store is opened once, and only when the scene is named by CID or
	// the outputs are to be added.
	var store contentStore
	var local *ipfs.Store
	if strings.HasPrefix(arg, cidPrefix) || strings.HasPrefix(c.String("env"), cidPrefix) || c.Bool("add") {
		var closeStore func() error
		if store, local, closeStore, err = openStore(c); err != nil {
			return err
		}
		defer func() { err = errors.Join(err, closeStore()) }()
	}
	sc, err := loadSceneArg(c, store, local, arg)
	if err != nil {
		return err
	}
	for _, w := range sc.Warnings {
		fmt.Fprintf(os.Stderr, "warning: %s: %s\n", sc.Name, w)
	}
	s, err := settingsFromFlags(c)
	if err != nil {
		return err
	}
	passes, err := render.ParsePasses(c.String("passes"))
	if err != nil {
		return fmt.Errorf("--passes: %w", err)
	}
	if c.Bool("denoise") {
		passes = render.PassNames
	}
	s.Passes = len(passes) > 0
	if lin := c.String("linear"); lin != "" && !strings.EqualFold(filepath.Ext(lin), ".exr") {
		return fmt.Errorf("--linear %s: the linear image is written as OpenEXR; name the file *.exr", lin)
	}
	f, err := sc.Frame(scenes.FrameOptions{Frame: c.Int("frame"), FPS: c.Float64("fps"), Camera: c.String("camera")})
	if err != nil {
		return err
	}
	for _, w := range f.Warnings[len(sc.Warnings):] {
		fmt.Fprintf(os.Stderr, "warning: %s: %s\n", sc.Name, w)
	}
	if c.String("env") != "" {
		data, name, err := readEnvArg(c, store, local)
		if err != nil {
			return err
		}
		if s.Env, err = scenes.DecodeEnvironment(name, data, c.Float64("env-strength"), c.Float64("env-rotation")); err != nil {
			return err
		}
	}
	if !f.Lit() && s.Env == nil && s.Background.MaxComp() <= 0 {
		fmt.Fprintf(os.Stderr, "warning: %s: %s\n", sc.Name, scenes.NoLightWarning)
	}
	eng, err := engineByName(c.String("engine"), c.Int("threads"), c.Int("device"))
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(c.Context, os.Interrupt)
	defer stop()
	label := fmt.Sprintf("frame %d", f.Number)
	bar := newProgressBar(os.Stderr, label)
	var progress func(render.Progress)
	if !c.Bool("quiet") {
		progress = bar.update
	}
	img, st, err := eng.Render(ctx, f, s, progress)
	bar.done()
	if err != nil {
		return err
	}
	img.KeepPasses(passes)
	final := img
	if c.Bool("denoise") {
		if final, err = denoise.On(ctx, eng, img); err != nil {
			return err
		}
		final = final.Beauty()
	}
	out := c.String("output")
	if err := final.WriteFile(out); err != nil {
		return err
	}
	if lin := c.String("linear"); lin != "" {
		if err := img.WriteFile(lin); err != nil {
			return err
		}
	}
	spp := fmt.Sprintf("%d spp", s.SPP)
	if s.Adaptive() {
		spp = fmt.Sprintf("%.1f spp on average (adaptive, %d..%d)", float64(st.Samples)/float64(img.Width*img.Height), s.MinSamples(), s.SPP)
	}
	fmt.Printf("rendered %s frame %d (%s camera): %dx%d, %s, %d bounces in %.2fs: %.2f Mrays/s, %s samples/s -> %s\n",
		sc.Name, f.Number, f.Camera.Name, img.Width, img.Height, spp, s.MaxBounces, st.Duration.Seconds(),
		st.MRaysPerSec(), si(st.SamplesPerSec()), out)
	if c.Bool("add") {
		for _, file := range []string{out, c.String("linear")} {
			if file == "" {
				continue
			}
			id, err := addFile(c.Context, store, file, true)
			if err != nil {
				return err
			}
			fmt.Printf("added %s %s\n", id, file)
		}
	}
	return nil
}

// loadScene loads a scene file, or a built-in sample named sample:NAME.
func loadScene(arg string, lim scenes.Limits) (*scenes.Scene, error) {
	if name, ok := strings.CutPrefix(arg, samplePrefix); ok {
		data, err := scenes.SampleBytes(name)
		if err != nil {
			return nil, err
		}
		return scenes.DecodeWith(name+".glb", data, nil, lim)
	}
	if _, err := os.Stat(arg); err != nil {
		return nil, fmt.Errorf("scene %s: %w (built-in samples are named sample:%s)", arg, err,
			strings.Join(scenes.SampleNames(), ", sample:"))
	}
	return scenes.LoadWith(arg, lim)
}

func settingsFromFlags(c *cli.Context) (render.Settings, error) {
	w, h, err := parseRes(c.String("res"))
	if err != nil {
		return render.Settings{}, err
	}
	s := render.Settings{Width: w, Height: h, SPP: c.Int("spp"), MaxBounces: c.Int("bounces"), Seed: uint32(c.Uint("seed"))}
	bg, err := parseBackground(c.String("background"))
	if err != nil {
		return s, err
	}
	if bg != nil {
		s.Background = scenes.Vec3{X: float32(bg[0]), Y: float32(bg[1]), Z: float32(bg[2])}
	}
	s.FilmTransparent = c.Bool("film-transparent")
	if c.IsSet("min-spp") && !c.IsSet("noise-threshold") {
		return s, errors.New("--min-spp is the floor of adaptive sampling; give --noise-threshold too")
	}
	if c.IsSet("noise-threshold") {
		s.NoiseThreshold = float32(c.Float64("noise-threshold"))
		s.MinSPP = c.Int("min-spp")
	}
	if r := c.String("region"); r != "" {
		if s.Region, err = parseRegion(r); err != nil {
			return s, err
		}
	}
	if err := s.Validate(); err != nil {
		return s, err
	}
	return s, nil
}

func parseRes(v string) (int, int, error) {
	ws, hs, ok := strings.Cut(strings.ToLower(v), "x")
	w, err1 := strconv.Atoi(ws)
	h, err2 := strconv.Atoi(hs)
	if !ok || err1 != nil || err2 != nil {
		return 0, 0, fmt.Errorf("resolution %q is not WIDTHxHEIGHT (e.g. 1920x1080)", v)
	}
	return w, h, nil
}

func parseRegion(v string) (render.Region, error) {
	parts := strings.Split(v, ",")
	if len(parts) != 4 {
		return render.Region{}, fmt.Errorf("region %q is not x0,y0,x1,y1", v)
	}
	var n [4]int
	for i, p := range parts {
		var err error
		if n[i], err = strconv.Atoi(strings.TrimSpace(p)); err != nil {
			return render.Region{}, fmt.Errorf("region %q is not x0,y0,x1,y1: %w", v, err)
		}
	}
	return render.Region{X0: n[0], Y0: n[1], X1: n[2], Y1: n[3]}, nil
}

// engineByName returns the rendering engine the CLI names: cpu, vulkan
// (on device, or the best one when device < 0) or auto.
func engineByName(name string, threads, device int) (render.Renderer, error) {
	switch name {
	case "cpu":
		return &cpu.Engine{Workers: threads}, nil
	case "vulkan":
		e := &vulkan.Engine{Device: device, Best: device < 0}
		if _, err := e.Open(); err != nil {
			return nil, err
		}
		return e, nil
	case "auto":
		return autoEngine(threads, device), nil
	case "gl":
		return gl.New()
	}
	return nil, fmt.Errorf("unknown engine %q; use cpu, vulkan, gl or auto", name)
}

// autoEngine picks Vulkan on a GPU; with only a CPU implementation of
// Vulkan (lavapipe) it renders a small frame with both and keeps the
// faster; without Vulkan, OpenGL on a GPU (in a -tags egl build), else the
// CPU engine.
func autoEngine(threads, device int) render.Renderer {
	c := &cpu.Engine{Workers: threads}
	v := &vulkan.Engine{Device: device, Best: device < 0}
	if _, err := v.Open(); err != nil {
		if g, err := gl.New(); err == nil {
			type glEngine interface{ Renderer() string }
			if r := strings.ToLower(g.(glEngine).Renderer()); !strings.Contains(r, "llvmpipe") && !strings.Contains(r, "softpipe") {
				return g
			}
			if cl, ok := g.(interface{ Close() }); ok {
				cl.Close()
			}
		}
		return c
	}
	if !v.IsCPU() {
		return v
	}
	sc, err := scenes.LoadSample("cornell")
	if err != nil {
		return c
	}
	f, err := sc.Frame(scenes.FrameOptions{Frame: 1})
	if err != nil {
		return c
	}
	s := render.Settings{Width: 96, Height: 96, SPP: 8, MaxBounces: render.DefaultBounce}
	best, bestT := render.Renderer(c), time.Duration(1<<62)
	for _, e := range []render.Renderer{c, v} {
		e.Render(context.Background(), f, s, nil) // warm up: JIT, caches
		t0 := time.Now()
		if _, _, err := e.Render(context.Background(), f, s, nil); err == nil && time.Since(t0) < bestT {
			best, bestT = e, time.Since(t0)
		}
	}
	if best != render.Renderer(v) {
		v.Close()
	}
	return best
}

func denoiseCommand() *cli.Command {
	return &cli.Command{
		Name:      "denoise",
		Usage:     "denoise a rendered EXR that holds the denoising passes (render --passes all, or a job's raw output)",
		ArgsUsage: "IN.exr",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Usage: "output: .png (8-bit sRGB) or .exr (linear, the passes kept); default IN-denoised.png"},
			&cli.StringFlag{Name: "engine", Value: "cpu", Usage: "cpu (pure Go) or vulkan (the same filter on the GPU)"},
			&cli.IntFlag{Name: "device", Value: -1, Usage: "Vulkan device index (default: the best)"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return errors.New("denoise needs one input .exr")
			}
			in := c.Args().First()
			data, err := os.ReadFile(in)
			if err != nil {
				return err
			}
			img, err := render.DecodeEXR(data)
			if err != nil {
				return fmt.Errorf("%s: %w", in, err)
			}
			if err := denoise.Check(img); err != nil {
				return fmt.Errorf("%s: %w", in, err)
			}
			eng, err := engineByName(c.String("engine"), 0, c.Int("device"))
			if err != nil {
				return err
			}
			if v, ok := eng.(*vulkan.Engine); ok {
				defer v.Close()
			}
			t0 := time.Now()
			out, err := denoise.On(c.Context, eng, img)
			if err != nil {
				return err
			}
			path := c.String("out")
			if path == "" {
				path = strings.TrimSuffix(in, filepath.Ext(in)) + "-denoised.png"
			}
			if !strings.EqualFold(filepath.Ext(path), ".exr") {
				out = out.Beauty()
			}
			if err := out.WriteFile(path); err != nil {
				return err
			}
			fmt.Printf("denoised %s (%dx%d) with %s in %.2fs -> %s\n", in, img.Width, img.Height, eng.Name(), time.Since(t0).Seconds(), path)
			return nil
		},
	}
}
