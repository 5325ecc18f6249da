package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	_ "image/jpeg" // upscale inputs may be JPEG
	"image/png"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/ipfs"
	"github.com/rendergrid/rendergrid/render"
	"github.com/rendergrid/rendergrid/render/diffusion"
	"github.com/rendergrid/rendergrid/render/proof"
	"github.com/rendergrid/rendergrid/render/upscale"
	"github.com/rendergrid/rendergrid/render/vulkan"
	"github.com/rendergrid/rendergrid/worker"
)

// aiFlags are the flags of every AI submit: the job's own, and its price
// and verification (priced per image).
func aiFlags(verify, verifyUsage string) []cli.Flag {
	return append(append(jobFlags(),
		&cli.Uint64Flag{Name: "price", Usage: "tokens (base units) paid per image, from your escrow; 0: a free job"},
		&cli.StringFlag{Name: "verify", Value: verify, Usage: verifyUsage},
		&cli.IntFlag{Name: "redundancy", Usage: "with --verify redundant, the percentage of images made twice (default 10)"},
		&cli.BoolFlag{Name: "wait", Usage: "wait for the job with a progress bar"},
		jsonFlag, keyFlag, rpcFlag,
	), clientFlags()...)
}

func submitUpscaleCommand() *cli.Command {
	return &cli.Command{
		Name:  "upscale",
		Usage: "upscale images on the farm: one frame per image, large images cut into overlapping tiles",
		Flags: append([]cli.Flag{
			&cli.StringSliceFlag{Name: "input", Aliases: []string{"i"}, Usage: "a folder of PNG/JPEG images, an image file, a job id (its frames) or a CID (repeatable)"},
			&cli.IntFlag{Name: "scale", Value: 2, Usage: "how many times larger each side: 2, 3, 4 or 8 (picks the built-in model)"},
			&cli.StringFlag{Name: "model", Usage: "a TensorFlow.js layers model (folder with model.json, or a bundle) instead of the built-in one"},
			&cli.IntFlag{Name: "tile", Usage: "largest input tile side a worker runs at once (default: the largest up to 256 whose activations fit in 1 GiB)"},
		}, aiFlags(proof.Sample, "sample (the coordinator re-runs a random tile of every image), redundant (some images twice) or none")...),
		Action: runSubmitUpscale,
	}
}

func runSubmitUpscale(c *cli.Context) error {
	if len(c.StringSlice("input")) == 0 {
		return errors.New("submit upscale needs --input: a folder of images, an image, a job id or a CID")
	}
	bundle, mname, m, err := upscaleModel(c.String("model"), c.Int("scale"))
	if err != nil {
		return err
	}
	if m.Scale != c.Int("scale") {
		return fmt.Errorf("model %s upscales %dx, not the --scale %d asked", mname, m.Scale, c.Int("scale"))
	}
	cl, err := newClient(c)
	if err != nil {
		return err
	}
	quiet := c.Bool("json")
	inputs, err := resolveInputs(c.Context, cl, c.StringSlice("input"), m.Scale, quiet)
	if err != nil {
		return err
	}
	spec, err := jobFromFlags(c, fmt.Sprintf("upscale-x%d", m.Scale))
	if err != nil {
		return err
	}
	spec.Type = api.JobUpscale
	spec.SceneName = mname
	spec.Upscale = &api.UpscaleSpec{Inputs: inputs, Scale: m.Scale, Tile: c.Int("tile")}
	if !spec.Price.Zero() {
		if _, err := ensureAccount(c, cl); err != nil {
			return err
		}
	}
	id, err := uploadBytes(c.Context, cl, bundle, "upload model "+mname, quiet)
	if err != nil {
		return err
	}
	spec.Scene = id.String()
	return submitJob(c, cl, spec, func(j api.Job) string {
		return fmt.Sprintf("%d images upscaled %dx by %s (model %s), tiles of %d", j.Units, m.Scale, mname, id, j.Spec.Upscale.Tile)
	})
}

// upscaleModel returns the model to upscale with, its bundle and its
// name: path (a folder or bundle file), or the built-in model of the
// scale.
func upscaleModel(path string, scale int) ([]byte, string, *upscale.Model, error) {
	var bundle []byte
	var name string
	var err error
	if path != "" {
		bundle, err = worker.ModelBundle(path)
		name = filepath.Base(strings.TrimRight(path, "/"))
	} else {
		var dir string
		var bi upscale.Builtin
		if dir, err = upscale.ModelsDir(); err == nil {
			if bi, err = upscale.BuiltinFor(dir, scale); err == nil {
				bundle, err = upscale.Bundle(bi.Dir)
				name = bi.Name
			}
		}
	}
	if err != nil {
		return nil, "", nil, err
	}
	m, err := upscale.Parse(bundle)
	if err != nil {
		return nil, "", nil, fmt.Errorf("model %s: %w", name, err)
	}
	return bundle, name, m, nil
}

// jobID matches a job id, for --input.
var jobID = regexp.MustCompile(`^j[0-9]+$`)

// resolveInputs turns --input values into the job's inputs: image files
// and folders are checked here and uploaded, a job's done frames are used
// by CID (tiled jobs are fetched and stitched first), and CIDs are taken
// as they are (the coordinator checks them).
func resolveInputs(ctx context.Context, cl *api.Client, args []string, scale int, quiet bool) ([]api.ImageInput, error) {
	var files []string
	var out []api.ImageInput
	for _, a := range args {
		st, err := os.Stat(a)
		switch {
		case err == nil && st.IsDir():
			found, err := imagesIn(a)
			if err != nil {
				return nil, err
			}
			if len(found) == 0 {
				return nil, fmt.Errorf("input folder %s has no .png, .jpg or .jpeg files", a)
			}
			files = append(files, found...)
		case err == nil:
			files = append(files, a)
		case jobID.MatchString(a):
			ins, err := jobInputs(ctx, cl, a)
			if err != nil {
				return nil, err
			}
			if ins == nil {
				// Tiled frames are stitched into files first.
				dir, err := os.MkdirTemp("", "rendergrid-upscale-")
				if err != nil {
					return nil, err
				}
				defer os.RemoveAll(dir)
				if _, err := fetchJob(ctx, cl, a, dir, false); err != nil {
					return nil, err
				}
				found, _ := imagesIn(dir)
				files = append(files, found...)
				continue
			}
			out = append(out, ins...)
		default:
			if _, perr := ipfs.ParseCID(a); perr != nil {
				return nil, fmt.Errorf("input %q is not a file, a folder, a job id or a CID", a)
			}
			out = append(out, api.ImageInput{CID: a})
		}
	}
	for k, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("input: %w", err)
		}
		img, _, err := upscale.DecodeInput(data)
		if err != nil {
			return nil, fmt.Errorf("input %s %w", f, err)
		}
		if err := upscale.CheckInput(img.Bounds(), scale); err != nil {
			return nil, fmt.Errorf("input %s: %w", f, err)
		}
		cfg := img.Bounds().Size()
		if !quiet {
			fmt.Fprintf(os.Stderr, "uploading input %d/%d: %s (%dx%d)\n", k+1, len(files), f, cfg.X, cfg.Y)
		}
		id, err := uploadBytes(ctx, cl, data, "upload "+filepath.Base(f), quiet)
		if err != nil {
			return nil, err
		}
		out = append(out, api.ImageInput{CID: id.String(), Name: filepath.Base(f)})
	}
	return out, nil
}

// imagesIn lists the PNG and JPEG files of a folder, sorted.
func imagesIn(dir string) ([]string, error) {
	es, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("input: %w", err)
	}
	var out []string
	for _, e := range es {
		switch strings.ToLower(filepath.Ext(e.Name())) {
		case ".png", ".jpg", ".jpeg":
			if !e.IsDir() {
				out = append(out, filepath.Join(dir, e.Name()))
			}
		}
	}
	slices.Sort(out)
	return out, nil
}

// jobInputs returns the outputs of a job's frames as inputs, or nil when
// its frames are tiled (and must be stitched first). Every frame must be
// done.
func jobInputs(ctx context.Context, cl *api.Client, id string) ([]api.ImageInput, error) {
	j, err := cl.Job(ctx, id)
	if err != nil {
		return nil, err
	}
	fs, err := cl.Frames(ctx, id, "")
	if err != nil {
		return nil, err
	}
	if j.Counts.Done != j.Units {
		return nil, fmt.Errorf("job %s has %d of %d frames done; upscale it once it is done (rendergrid wait %s)", id, j.Counts.Done, j.Units, id)
	}
	if j.Spec.Tiles() > 1 {
		return nil, nil
	}
	base := strings.TrimSuffix(firstOf(j.Spec.Name, j.ID), filepath.Ext(j.Spec.Name))
	out := make([]api.ImageInput, 0, len(fs))
	for _, f := range fs {
		out = append(out, api.ImageInput{CID: f.Output, Name: fmt.Sprintf("%s-%04d.png", base, f.Frame)})
	}
	return out, nil
}

// warnNoWorker says so when no registered worker holds the job's model:
// the job waits until one registers with it.
func warnNoWorker(ctx context.Context, cl *api.Client, spec api.JobSpec) {
	ws, err := cl.Workers(ctx)
	if err != nil {
		return
	}
	for _, w := range ws {
		if _, ok := w.Caps.Model(spec); ok {
			return
		}
	}
	how := "rendergrid worker --checkpoint BACKEND=FILE --diffusion BACKEND=URL"
	if spec.Type == api.JobUpscale {
		how = "rendergrid worker, after task deps fetched the built-in models"
	}
	fmt.Fprintf(os.Stderr, "note: no registered worker holds model %s (backend %s) yet; the job waits until one registers with it (%s)\n",
		spec.Scene, firstOf(spec.Backend(), "sdapi or comfyui"), how)
}

func submitTxt2ImgCommand() *cli.Command {
	return &cli.Command{
		Name:  "txt2img",
		Usage: "make images from prompts on the farm's diffusion backends: frame i is one image with seed base+i",
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "model", Required: true, Usage: "the checkpoint's CID (rendergrid models cid FILE), or the checkpoint file itself"},
			&cli.StringSliceFlag{Name: "prompt", Aliases: []string{"p"}, Required: true, Usage: "a prompt (repeatable: every prompt gets --count images)"},
			&cli.StringFlag{Name: "negative", Usage: "negative prompt"},
			&cli.StringFlag{Name: "size", Value: "512x512", Usage: "image size WxH (multiples of 8)"},
			&cli.IntFlag{Name: "steps", Value: 20, Usage: "sampling steps"},
			&cli.Float64Flag{Name: "cfg", Value: 7, Usage: "classifier-free guidance scale"},
			&cli.StringFlag{Name: "sampler", Usage: "sampler name as the backend spells it (default: the backend's)"},
			&cli.Int64Flag{Name: "seed", Usage: "base seed: image k of a prompt has seed base+k"},
			&cli.IntFlag{Name: "count", Value: 1, Usage: "images per prompt"},
			&cli.StringFlag{Name: "backend", Usage: "sdapi or comfyui (default: either)"},
		}, aiFlags(proof.Redundant, "redundant (some images made twice by two workers and their perceptual hashes compared; the default), sample (format checks only: a diffusion image cannot be re-run here) or none")...),
		Action: runSubmitTxt2Img,
	}
}

func runSubmitTxt2Img(c *cli.Context) error {
	model := c.String("model")
	if _, err := ipfs.ParseCID(model); err != nil {
		if _, serr := os.Stat(model); serr != nil {
			return fmt.Errorf("--model %q is neither a CID (%v) nor a file (%v)", model, err, serr)
		}
		if model, err = worker.ModelCID(c.Context, model); err != nil {
			return err
		}
	}
	w, h, err := parseRes(c.String("size"))
	if err != nil {
		return fmt.Errorf("--size: %w", err)
	}
	spec, err := jobFromFlags(c, "txt2img")
	if err != nil {
		return err
	}
	spec.Type, spec.Scene, spec.SceneName = api.JobTxt2Img, model, filepath.Base(c.String("model"))
	spec.Txt2Img = &api.Txt2ImgSpec{Backend: c.String("backend"), Prompts: c.StringSlice("prompt"), Negative: c.String("negative"),
		Width: w, Height: h, Steps: c.Int("steps"), CFG: c.Float64("cfg"), Sampler: c.String("sampler"), Seed: c.Int64("seed"), Count: c.Int("count")}
	cl, err := submitClient(c, spec)
	if err != nil {
		return err
	}
	return submitJob(c, cl, spec, func(j api.Job) string {
		t := j.Spec.Txt2Img
		return fmt.Sprintf("%d images (%d prompts x %d, seeds %d-%d) at %dx%d, %d steps, cfg %g; model %s", j.Units, len(t.Prompts), t.Count, t.Seed, t.Seed+int64(t.Count)-1, t.Width, t.Height, t.Steps, t.CFG, j.Spec.Scene)
	})
}

// upscaleRunner makes the runner an engine name asks for: cpu (pure Go),
// vulkan, or auto (Vulkan on a GPU, pure Go otherwise: on lavapipe pure
// Go is about 12x faster). Vulkan upscalers open their device on first use.
func upscaleRunner(engine string, device int) (worker.RunnerFor, error) {
	cpuRunner := func(m *upscale.Model) (upscale.Runner, string, error) { return m.Run, "upscale-cpu", nil }
	switch engine {
	case "cpu":
		return cpuRunner, nil
	case "vulkan", "auto":
		c, err := vulkan.OpenCompute(device, false)
		if err != nil {
			if engine == "auto" {
				return cpuRunner, nil
			}
			return nil, err
		}
		onCPU := c.Kind() == "CPU"
		c.Close()
		if engine == "auto" && onCPU {
			return cpuRunner, nil
		}
		return func(m *upscale.Model) (upscale.Runner, string, error) {
			var once sync.Once
			var u *vulkan.Upscaler
			var uerr error
			return func(ctx context.Context, in *upscale.Tensor) (*upscale.Tensor, error) {
				once.Do(func() { u, uerr = vulkan.NewUpscaler(device, false, m) })
				if uerr != nil {
					return nil, uerr
				}
				return u.Run(ctx, in)
			}, "upscale-vulkan", nil
		}, nil
	}
	return nil, fmt.Errorf("unknown upscale engine %q; use auto, cpu or vulkan", engine)
}

// workerUpscalers loads the upscalers a worker offers: the built-in ones
// (when task deps fetched them) and --upscale-model, run by
// --upscale-engine.
func workerUpscalers(ctx context.Context, c *cli.Context) ([]worker.Upscaler, error) {
	extra := c.StringSlice("upscale-model")
	if c.String("upscale-engine") == "off" {
		if len(extra) > 0 {
			return nil, errors.New("--upscale-model with --upscale-engine off: nothing would run it")
		}
		return nil, nil
	}
	runner, err := upscaleRunner(c.String("upscale-engine"), c.Int("device"))
	if err != nil {
		return nil, err
	}
	var ups []worker.Upscaler
	if dir, err := upscale.ModelsDir(); err == nil {
		if ups, err = worker.BuiltinUpscalers(ctx, dir, runner); err != nil {
			return nil, err
		}
	} else {
		fmt.Fprintf(os.Stderr, "worker: no built-in upscalers (%v); upscale jobs go to other workers\n", err)
	}
	for _, p := range extra {
		u, err := worker.LoadUpscaler(ctx, filepath.Base(strings.TrimRight(p, "/")), p, runner)
		if err != nil {
			return nil, err
		}
		ups = append(ups, u)
	}
	for _, u := range ups {
		fmt.Fprintf(os.Stderr, "worker: upscaler %s (%dx) %s on %s\n", u.Name, u.Model.Scale, u.CID, u.Engine)
	}
	return ups, nil
}

// workerDiffusion connects the --diffusion backends and names each
// --checkpoint by its CID (hashed once; cached in the data directory).
func workerDiffusion(ctx context.Context, c *cli.Context) ([]worker.DiffusionModel, error) {
	var workflow []byte
	if f := c.String("comfyui-workflow"); f != "" {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("--comfyui-workflow: %w", err)
		}
		if _, err := diffusion.Fill(b, diffusion.Request{Width: 512, Height: 512, Steps: 1}); err != nil {
			return nil, fmt.Errorf("--comfyui-workflow %s: %w", f, err)
		}
		workflow = b
	}
	host, _ := os.Hostname()
	backends := map[string]diffusion.Backend{}
	for _, d := range c.StringSlice("diffusion") {
		name, u, _ := strings.Cut(d, "=")
		if pu, err := url.Parse(u); err != nil || pu.Scheme != "http" && pu.Scheme != "https" || pu.Host == "" {
			return nil, fmt.Errorf("--diffusion %s: want sdapi=http://HOST:PORT or comfyui=http://HOST:PORT", d)
		}
		switch name {
		case api.BackendSDAPI:
			backends[name] = &diffusion.SDAPI{URL: u}
		case api.BackendComfyUI:
			backends[name] = &diffusion.ComfyUI{URL: u, Workflow: workflow, ClientID: "rendergrid-" + host}
		default:
			return nil, fmt.Errorf("--diffusion %s: backend %q; use sdapi or comfyui", d, name)
		}
	}
	var out []worker.DiffusionModel
	for _, ck := range c.StringSlice("checkpoint") {
		be, file, _ := strings.Cut(ck, "=")
		file, name, _ := strings.Cut(file, "#")
		b, ok := backends[be]
		if !ok || file == "" {
			return nil, fmt.Errorf("--checkpoint %s: want BACKEND=FILE where a --diffusion BACKEND=URL is given", ck)
		}
		if name == "" {
			name = filepath.Base(file)
		}
		fmt.Fprintf(os.Stderr, "worker: hashing checkpoint %s (cached after the first time)\n", file)
		id, err := worker.HashCheckpoint(ctx, c.String("data"), file)
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(os.Stderr, "worker: checkpoint %s on %s as %q: %s\n", file, be, name, id)
		out = append(out, worker.DiffusionModel{CID: id, Checkpoint: name, Backend: b})
	}
	if len(backends) > 0 && len(out) == 0 {
		fmt.Fprintln(os.Stderr, "worker: --diffusion without --checkpoint offers no model; txt2img jobs go to other workers")
	}
	return out, nil
}

func upscaleCommand() *cli.Command {
	return &cli.Command{
		Name:      "upscale",
		Usage:     "upscale an image here with a built-in (or given) model, with a progress bar",
		ArgsUsage: "IN.png|IN.jpg",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Usage: "output PNG (default IN-xN.png)"},
			&cli.IntFlag{Name: "scale", Value: 2, Usage: "2, 3, 4 or 8 (picks the built-in model)"},
			&cli.StringFlag{Name: "model", Usage: "a TensorFlow.js layers model folder or bundle instead of the built-in one"},
			&cli.StringFlag{Name: "engine", Value: "auto", Usage: "cpu (pure Go), vulkan, or auto (Vulkan on a GPU, else pure Go)"},
			&cli.IntFlag{Name: "device", Value: -1, Usage: "Vulkan device index (default: the best)"},
			&cli.IntFlag{Name: "tile", Usage: "largest input tile side run at once (default: the largest up to 256 whose activations fit in 1 GiB)"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return errors.New("upscale needs one input image")
			}
			inPath := c.Args().First()
			data, err := os.ReadFile(inPath)
			if err != nil {
				return err
			}
			img, format, err := upscale.DecodeInput(data)
			if err != nil {
				return fmt.Errorf("%s %w", inPath, err)
			}
			_, mname, m, err := upscaleModel(c.String("model"), c.Int("scale"))
			if err != nil {
				return err
			}
			runFor, err := upscaleRunner(c.String("engine"), c.Int("device"))
			if err != nil {
				return err
			}
			run, engine, err := runFor(m)
			if err != nil {
				return err
			}
			out := c.String("out")
			if out == "" {
				out = strings.TrimSuffix(inPath, filepath.Ext(inPath)) + fmt.Sprintf("-x%d.png", m.Scale)
			}
			b := img.Bounds()
			bar := newProgressBar(os.Stderr, fmt.Sprintf("upscale %s %dx", filepath.Base(inPath), m.Scale))
			bar.unit = " tiles"
			start := time.Now()
			res, err := upscale.Upscale(c.Context, m, img, c.Int("tile"), run, func(done, total int) {
				bar.update(render.Progress{Done: int64(done), Total: int64(total), Elapsed: time.Since(start)})
			})
			bar.done()
			if err != nil {
				return err
			}
			took := time.Since(start)
			if err := writeOut(out, func(w io.Writer) error { return png.Encode(w, res) }); err != nil {
				return err
			}
			kernel := upscale.Kernel()
			if engine == "upscale-vulkan" {
				kernel = "Vulkan"
			}
			fmt.Printf("%s (%s %dx%d) -> %s (%dx%d): %s, %d parameters, on %s in %.2fs\n", inPath, format, b.Dx(), b.Dy(), out,
				res.Rect.Dx(), res.Rect.Dy(), mname, m.Params, kernel, took.Seconds())
			return nil
		},
	}
}

func modelsCommand() *cli.Command {
	return &cli.Command{
		Name:  "models",
		Usage: "the built-in upscaling models, and the CIDs that name models",
		Subcommands: []*cli.Command{
			{
				Name: "ls", Usage: "list the built-in upscaling models (fetched by task deps) with their CIDs",
				Flags: []cli.Flag{jsonFlag},
				Action: func(c *cli.Context) error {
					dir, err := upscale.ModelsDir()
					if err != nil {
						return err
					}
					type row struct {
						Name    string `json:"name"`
						Scale   int    `json:"scale"`
						Params  int    `json:"params"`
						Radius  int    `json:"radius"`
						CID     string `json:"cid"`
						Package string `json:"package"`
					}
					var rows []row
					for _, b := range upscale.Builtins(dir) {
						bundle, err := upscale.Bundle(b.Dir)
						if err != nil {
							return err
						}
						m, err := upscale.Parse(bundle)
						if err != nil {
							return err
						}
						id, err := ipfs.Hash(c.Context, bytes.NewReader(bundle))
						if err != nil {
							return err
						}
						rows = append(rows, row{b.Name, m.Scale, m.Params, m.Radius, id.String(), b.Package})
					}
					if c.Bool("json") {
						return printJSON(rows)
					}
					tw := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
					fmt.Fprintln(tw, "MODEL\tSCALE\tPARAMS\tCID\tPACKAGE")
					for _, r := range rows {
						fmt.Fprintf(tw, "%s\t%dx\t%d\t%s\t%s\n", r.Name, r.Scale, r.Params, r.CID, r.Package)
					}
					return tw.Flush()
				},
			},
			{
				Name: "cid", Usage: "print the CID a model file is named by (a diffusion checkpoint, or an upscaler folder or bundle), without storing it",
				ArgsUsage: "FILE|DIR",
				Action: func(c *cli.Context) error {
					if c.NArg() != 1 {
						return errors.New("models cid needs one model file or folder")
					}
					id, err := worker.ModelCID(c.Context, c.Args().First())
					if err != nil {
						return err
					}
					fmt.Println(id)
					return nil
				},
			},
		},
	}
}
