package cli

import (
	"context"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/rendergrid/rendergrid/render"
	"github.com/rendergrid/rendergrid/render/denoise"
	"github.com/rendergrid/rendergrid/render/vulkan"
	"github.com/rendergrid/rendergrid/scenes"
)

//go:embed cycles.py
var cyclesScript []byte

func benchCommand() *cli.Command {
	return &cli.Command{
		Name:  "bench",
		Usage: "measure the engines on the sample scenes (and Blender Cycles beside them when blender is installed)",
		Flags: []cli.Flag{
			&cli.IntFlag{Name: "spp", Value: 64, Usage: "samples per pixel"},
			&cli.StringFlag{Name: "res", Value: "320x320", Usage: "resolution WIDTHxHEIGHT"},
			&cli.IntFlag{Name: "bounces", Value: render.DefaultBounce, Usage: "maximum bounces (Cycles gets the same)"},
			&cli.StringFlag{Name: "engine", Value: "cpu,vulkan,gl", Usage: "engines to measure, comma-separated (gl needs a -tags egl build)"},
			&cli.IntFlag{Name: "device", Value: -1, Usage: "Vulkan device index (default: the best)"},
			&cli.StringFlag{Name: "cycles", Value: "auto", Usage: "auto: compare with Cycles when blender is on PATH; off; or the blender binary"},
			&cli.StringFlag{Name: "out", Value: "bench-out", Usage: "directory for the images of both renderers"},
			&cli.IntFlag{Name: "ref-spp", Value: 1024, Usage: "samples per pixel of the converged Cycles reference both engines are judged against (0: no reference)"},
			&cli.StringFlag{Name: "scenes", Usage: "sample scenes to measure, comma-separated (default: all)"},
		},
		Action: runBench,
	}
}

func runBench(c *cli.Context) error {
	w, h, err := parseRes(c.String("res"))
	if err != nil {
		return err
	}
	s := render.Settings{Width: w, Height: h, SPP: c.Int("spp"), MaxBounces: c.Int("bounces")}
	if err := s.Validate(); err != nil {
		return err
	}
	var engs []render.Renderer
	for _, name := range strings.Split(c.String("engine"), ",") {
		e, err := engineByName(strings.TrimSpace(name), 0, c.Int("device"))
		if err != nil {
			fmt.Printf("bench: engine %s unavailable: %v\n", name, err)
			continue
		}
		if v, ok := e.(*vulkan.Engine); ok {
			fmt.Printf("bench: vulkan on %s\n", v.DeviceName())
			defer v.Close()
		}
		engs = append(engs, e)
	}
	if len(engs) == 0 {
		return errors.New("no engine to measure")
	}
	blender := ""
	switch v := c.String("cycles"); v {
	case "off":
	case "auto":
		blender, _ = exec.LookPath("blender")
	default:
		blender = v
	}
	if err := os.MkdirAll(c.String("out"), 0o755); err != nil {
		return err
	}
	fmt.Printf("bench: %dx%d, %d spp, %d bounces, %d threads\n", w, h, s.SPP, s.MaxBounces, runtime.GOMAXPROCS(0))
	if blender == "" {
		fmt.Println("bench: blender not found; Cycles comparison skipped (apt-get install blender to add it)")
	}
	names := scenes.SampleNames()
	if v := c.String("scenes"); v != "" {
		names = strings.Split(v, ",")
	}
	for _, name := range names {
		start := time.Now()
		sc, err := scenes.LoadSample(name)
		if err != nil {
			return err
		}
		f, err := sc.Frame(scenes.FrameOptions{Frame: 12})
		if err != nil {
			return err
		}
		s := s
		envFile := ""
		if !f.Lit() {
			// A scene without lights of its own is lit by the sample sky, in
			// both renderers (Cycles: the world's Environment Texture).
			data, err := scenes.SampleEnvBytes("sky")
			if err != nil {
				return err
			}
			if s.Env, err = scenes.DecodeEnvironment("sky.hdr", data, 1, benchEnvRotation); err != nil {
				return err
			}
			envFile = filepath.Join(c.String("out"), "sky.hdr")
			if err := os.WriteFile(envFile, data, 0o644); err != nil {
				return err
			}
		}
		setup := time.Since(start)
		var img *render.Image
		var ours time.Duration
		for k, eng := range engs {
			t0 := time.Now()
			im, st, err := eng.Render(c.Context, f, s, nil)
			if err != nil {
				return fmt.Errorf("%s on %s: %w", eng.Name(), name, err)
			}
			if k == 0 {
				img, ours = im, setup+time.Since(t0)
			}
			if err := im.WriteFile(filepath.Join(c.String("out"), name+"-rendergrid-"+eng.Name()+".png")); err != nil {
				return err
			}
			fmt.Printf("%-8s rendergrid %-6s %7.2f Mrays/s %9s samples/s  %6.2fs (render; load+BVH %.2fs)\n",
				name, eng.Name(), st.MRaysPerSec(), si(st.SamplesPerSec()), st.Duration.Seconds(), setup.Seconds())
		}
		if blender == "" {
			continue
		}
		if name == "anim" {
			// Blender's importer converts punctual light units (W from cd
			// and lux), so the lamps would differ by its conversion factors;
			// the Cornell room and the showcase are compared.
			continue
		}
		cyc, secs, err := renderCycles(c.Context, blender, name, c.String("out"), s, envFile)
		if err != nil {
			return fmt.Errorf("cycles on %s: %w", name, err)
		}
		if err := cyc.WriteFile(filepath.Join(c.String("out"), name+"-cycles.png")); err != nil {
			return err
		}
		fmt.Printf("%-8s cycles     cpu    %7s          %9s samples/s  %6.2fs (render call only)\n",
			name, "-", si(float64(w*h*s.SPP)/secs), secs)
		fmt.Printf("%-8s time rendergrid/cycles = %.2f (speed-up %.2fx); exposure-normalised error %.2f%%, exposure ratio %.3f\n",
			name, ours.Seconds()/secs, secs/ours.Seconds(), 100*imageError(img, cyc), exposure(img, cyc))
		if n := c.Int("ref-spp"); n > 0 {
			rs := s
			rs.SPP = n
			ref, refSecs, err := renderCycles(c.Context, blender, name, c.String("out"), rs, envFile)
			if err != nil {
				return fmt.Errorf("cycles reference on %s: %w", name, err)
			}
			if err := ref.WriteFile(filepath.Join(c.String("out"), name+"-cycles-ref.png")); err != nil {
				return err
			}
			fmt.Printf("%-8s against Cycles at %d spp (%.1fs): rendergrid at %d spp SSIM %.3f, exposure %.3f; Cycles at %d spp SSIM %.3f, exposure %.3f\n",
				name, n, refSecs, s.SPP, render.SSIM(img, ref), exposure(img, ref), s.SPP, render.SSIM(cyc, ref), exposure(cyc, ref))
			if err := printEqualQuality(c.Context, engs[0], name, f, s, ref, render.SSIM(cyc, ref), secs); err != nil {
				return err
			}
			// Both converged: what is left is the difference of the models.
			ours, _, err := engs[0].Render(c.Context, f, rs, nil)
			if err != nil {
				return err
			}
			if err := ours.WriteFile(filepath.Join(c.String("out"), name+"-rendergrid-ref.png")); err != nil {
				return err
			}
			fmt.Printf("%-8s converged: rendergrid at %d spp against Cycles at %d spp: SSIM %.3f, exposure ratio %.3f\n",
				name, n, n, render.SSIM(ours, ref), exposure(ours, ref))
		}
	}
	return nil
}

// equalQualitySteps are the multiples of the bench's spp at which
// rendergrid is rendered to find where it reaches Cycles' SSIM.
var equalQualitySteps = []float64{0.5, 0.75, 1, 1.25, 1.5, 2, 3, 4}

// printEqualQuality renders f with eng at growing samples until its SSIM
// against the reference reaches target (Cycles' at s.SPP, which took
// cyclesSecs), and prints the time each engine needs for that quality:
// at a fixed number of samples, with adaptive sampling, and denoised.
func printEqualQuality(ctx context.Context, eng render.Renderer, name string, f *scenes.Frame, s render.Settings, ref *render.Image, target, cyclesSecs float64) error {
	var fixed, adaptive, denoised []render.Settings
	for _, k := range equalQualitySteps {
		rs := s
		rs.SPP = max(1, int(k*float64(s.SPP)+0.5))
		fixed = append(fixed, rs)
	}
	for _, t := range adaptiveThresholds {
		rs := s
		rs.SPP, rs.MinSPP, rs.NoiseThreshold = 4*s.SPP, max(4, s.SPP/8), t
		adaptive = append(adaptive, rs)
	}
	for _, k := range denoiseSteps {
		rs := s
		rs.SPP, rs.Passes = max(1, int(k*float64(s.SPP)+0.5)), true
		denoised = append(denoised, rs)
	}
	for _, m := range []struct {
		how   string
		runs  []render.Settings
		clean bool
	}{{"", fixed, false}, {", adaptive", adaptive, false}, {", denoised", denoised, true}} {
		runs, err := qualityRuns(ctx, eng, f, m.runs, m.clean, ref, target)
		if err != nil {
			return err
		}
		spp, secs, ok := equalQuality(runs, target)
		if !ok {
			best := runs[len(runs)-1]
			fmt.Printf("%-8s equal quality%s: rendergrid does not reach Cycles' SSIM %.3f at %d spp within %.0f spp (SSIM %.3f there)\n",
				name, m.how, target, s.SPP, best.spp, best.ssim)
			continue
		}
		fmt.Printf("%-8s equal quality%s (SSIM %.3f, Cycles' at %d spp): Cycles %.2fs, rendergrid %.0f spp %.2fs; rendergrid/Cycles time %.2f (%.2fx)\n",
			name, m.how, target, s.SPP, cyclesSecs, spp, secs, secs/cyclesSecs, cyclesSecs/secs)
	}
	// The denoiser's own goal: 16 spp denoised against 256 spp raw.
	lo, hi := s, s
	lo.SPP, lo.Passes, hi.SPP = 16, true, 256
	runs, err := qualityRuns(ctx, eng, f, []render.Settings{lo}, true, ref, 2)
	if err != nil {
		return err
	}
	raw, err := qualityRuns(ctx, eng, f, []render.Settings{hi}, false, ref, 2)
	if err != nil {
		return err
	}
	fmt.Printf("%-8s denoiser: 16 spp denoised SSIM %.3f (%.2fs); 256 spp raw SSIM %.3f (%.2fs)\n",
		name, runs[0].ssim, runs[0].secs, raw[0].ssim, raw[0].secs)
	return nil
}

// adaptiveThresholds are the noise thresholds, coarse to fine, at which
// the equal-quality search renders adaptively (cap 4× the bench's spp,
// floor an eighth of it).
var adaptiveThresholds = []float32{0.2, 0.14, 0.1, 0.07, 0.05, 0.035, 0.025, 0.018, 0.012, 0.008}

// denoiseSteps are the multiples of the bench's spp at which the search
// renders and denoises.
var denoiseSteps = []float64{1.0 / 16, 1.0 / 8, 0.25, 0.5, 0.75, 1, 1.5, 2}

// qualityRuns renders f with each of settings in turn (denoising each
// render when clean is set) until one reaches the target SSIM against
// ref, and returns the runs: average samples per pixel, SSIM and seconds
// (the denoiser's included).
func qualityRuns(ctx context.Context, eng render.Renderer, f *scenes.Frame, settings []render.Settings, clean bool, ref *render.Image, target float64) ([]qualityRun, error) {
	var runs []qualityRun
	for _, rs := range settings {
		img, st, err := eng.Render(ctx, f, rs, nil)
		if err != nil {
			return nil, err
		}
		secs := st.Duration.Seconds()
		if clean {
			t0 := time.Now()
			if img, err = denoise.On(ctx, eng, img); err != nil {
				return nil, err
			}
			secs += time.Since(t0).Seconds()
		}
		runs = append(runs, qualityRun{spp: float64(st.Samples) / float64(img.Width*img.Height), ssim: render.SSIM(img, ref), secs: secs})
		if runs[len(runs)-1].ssim >= target {
			break
		}
	}
	return runs, nil
}

// qualityRun is one render of the equal-quality search.
type qualityRun struct{ spp, ssim, secs float64 }

// equalQuality finds where runs (growing samples) reach target SSIM,
// interpolating samples and time linearly between the last run below it
// and the first at or above it.
func equalQuality(runs []qualityRun, target float64) (spp, secs float64, ok bool) {
	for i, r := range runs {
		if r.ssim < target {
			continue
		}
		if i == 0 {
			return r.spp, r.secs, true
		}
		p := runs[i-1]
		t := (target - p.ssim) / (r.ssim - p.ssim)
		return p.spp + t*(r.spp-p.spp), p.secs + t*(r.secs-p.secs), true
	}
	return 0, 0, false
}

// benchEnvRotation turns the sample sky in the bench, so that a mapping
// error about the up axis cannot hide behind a symmetric setup.
const benchEnvRotation = 40

// renderCycles renders frame 12 of a sample scene with Blender's Cycles on
// the CPU with the same resolution, samples and bounces, lit by env (a
// .hdr file, "" for a black world), and returns its linear image and the
// seconds its render call took.
func renderCycles(ctx context.Context, blender, name, dir string, s render.Settings, env string) (*render.Image, float64, error) {
	glb, err := scenes.SampleBytes(name)
	if err != nil {
		return nil, 0, err
	}
	glbPath := filepath.Join(dir, name+".glb")
	script := filepath.Join(dir, "cycles.py")
	raw := filepath.Join(dir, name+"-cycles.f32")
	if err := os.WriteFile(glbPath, glb, 0o644); err != nil {
		return nil, 0, err
	}
	if err := os.WriteFile(script, cyclesScript, 0o644); err != nil {
		return nil, 0, err
	}
	cmd := exec.CommandContext(ctx, blender, "--background", "--factory-startup", "--python", script, "--",
		glbPath, raw, strconv.Itoa(s.Width), strconv.Itoa(s.Height), strconv.Itoa(s.SPP), strconv.Itoa(s.MaxBounces),
		strconv.Itoa(runtime.GOMAXPROCS(0)), firstOf(env, "-"), "1", strconv.Itoa(benchEnvRotation), "12")
	out, err := cmd.CombinedOutput()
	if err != nil {
		return nil, 0, fmt.Errorf("%w\n%s", err, out)
	}
	m := regexp.MustCompile(`RENDER_SECONDS ([0-9.]+)`).FindSubmatch(out)
	if m == nil {
		return nil, 0, fmt.Errorf("blender printed no render time:\n%s", out)
	}
	secs, _ := strconv.ParseFloat(string(m[1]), 64)
	data, err := os.ReadFile(raw)
	if err != nil {
		return nil, 0, err
	}
	if len(data) != 12*s.Width*s.Height {
		return nil, 0, errors.New("blender wrote an image of the wrong size")
	}
	img := render.NewImage(s.Width, s.Height)
	for i := range img.Pix {
		img.Pix[i] = math.Float32frombits(binary.LittleEndian.Uint32(data[4*i:]))
	}
	return img, secs, nil
}

// exposure is mean(a)/mean(b): how much brighter a is overall.
func exposure(a, b *render.Image) float64 {
	var sa, sb float64
	for i := range a.Pix {
		sa += float64(a.Pix[i])
		sb += float64(b.Pix[i])
	}
	return sa / sb
}

// imageError scales b to a's mean brightness and returns the mean absolute
// difference of their 3×3 box-filtered images (filtering removes most of
// the sampling noise of both), relative to a's mean.
func imageError(a, b *render.Image) float64 {
	k := exposure(a, b)
	blur := func(m *render.Image, scale float64) []float64 {
		out := make([]float64, len(m.Pix))
		for y := 0; y < m.Height; y++ {
			for x := 0; x < m.Width; x++ {
				for c := 0; c < 3; c++ {
					var s float64
					n := 0
					for dy := -1; dy <= 1; dy++ {
						for dx := -1; dx <= 1; dx++ {
							xx, yy := x+dx, y+dy
							if xx >= 0 && yy >= 0 && xx < m.Width && yy < m.Height {
								s += float64(m.Pix[3*(yy*m.Width+xx)+c])
								n++
							}
						}
					}
					out[3*(y*m.Width+x)+c] = s / float64(n) * scale
				}
			}
		}
		return out
	}
	fa, fb := blur(a, 1), blur(b, k)
	var diff, sum float64
	for i := range fa {
		diff += math.Abs(fa[i] - fb[i])
		sum += fa[i]
	}
	return diff / sum
}
