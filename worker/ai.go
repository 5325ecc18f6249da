package worker

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	_ "image/jpeg" // upscale inputs may be JPEG
	"image/png"
	"io"
	"time"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/ipfs"
	"github.com/rendergrid/rendergrid/render/diffusion"
	"github.com/rendergrid/rendergrid/render/upscale"
)

// maxInputBytes bounds an upscale input the worker reads.
const maxInputBytes = 256 << 20

// Upscaler is a built-in upscaling model the worker holds, by the CID of
// its bundle, and how it runs here.
type Upscaler struct {
	CID    string
	Name   string
	Model  *upscale.Model
	Engine string         // the receipt's engine: "upscale-cpu", "upscale-vulkan"
	Run    upscale.Runner // Model.Run, or a GPU implementation of it
}

// DiffusionModel is a diffusion checkpoint one of the worker's backends
// serves: the CID of the checkpoint file, and the backend's name for it.
type DiffusionModel struct {
	CID        string
	Checkpoint string
	Backend    diffusion.Backend
}

// models lists the models the worker advertises.
func (c *Config) models() []api.ModelCap {
	var out []api.ModelCap
	for _, u := range c.Upscalers {
		out = append(out, api.ModelCap{CID: u.CID, Backend: api.BackendBuiltin, Name: u.Name, Scale: u.Model.Scale})
	}
	for _, d := range c.Diffusion {
		out = append(out, api.ModelCap{CID: d.CID, Backend: d.Backend.Name(), Name: d.Checkpoint})
	}
	return out
}

// aiProducer makes the frames of an AI job with the model the job names.
func (w *Worker) aiProducer(l *api.Lease) (producer, error) {
	spec := l.Spec
	switch spec.Type {
	case api.JobUpscale:
		for i := range w.cfg.Upscalers {
			if up := &w.cfg.Upscalers[i]; up.CID == spec.Scene {
				return func(ctx context.Context, u api.Unit, progress func(float64), logf func(string, ...any)) (output, error) {
					return w.upscaleFrame(ctx, spec, up, u, progress, logf)
				}, nil
			}
		}
		return nil, fmt.Errorf("this worker holds no upscale model %s", spec.Scene)
	case api.JobTxt2Img:
		for i := range w.cfg.Diffusion {
			d := &w.cfg.Diffusion[i]
			if d.CID == spec.Scene && (spec.Txt2Img.Backend == "" || spec.Txt2Img.Backend == d.Backend.Name()) {
				return func(ctx context.Context, u api.Unit, progress func(float64), logf func(string, ...any)) (output, error) {
					return w.txt2imgFrame(ctx, spec, d, u, progress, logf)
				}, nil
			}
		}
		return nil, fmt.Errorf("this worker holds no diffusion model %s for backend %q", spec.Scene, spec.Txt2Img.Backend)
	}
	return nil, fmt.Errorf("job type %q is not one this worker runs", spec.Type)
}

// upscaleFrame upscales the input image of frame u, tile by tile.
func (w *Worker) upscaleFrame(ctx context.Context, spec api.JobSpec, up *Upscaler, u api.Unit, progress func(float64), logf func(string, ...any)) (output, error) {
	ins := spec.Upscale.Inputs
	if u.Frame < 0 || u.Frame >= len(ins) {
		return output{}, fmt.Errorf("frame %d: the job has %d inputs", u.Frame, len(ins))
	}
	k := u.Frame
	if w.cfg.Tamper != nil {
		k = w.cfg.Tamper.Frame(k) % len(ins)
	}
	in := ins[k]
	data, err := w.fetch(ctx, in.CID, maxInputBytes)
	if err != nil {
		return output{}, fmt.Errorf("fetching input %s: %w", in.CID, err)
	}
	img, format, err := upscale.DecodeInput(data)
	if err != nil {
		return output{}, fmt.Errorf("input %s (%s) %w", in.CID, in.Name, err)
	}
	b := img.Bounds()
	tile := spec.Upscale.Tile
	if tile <= 0 {
		tile = up.Model.AutoTile()
	}
	n := len(upscale.Tiles(b, tile, up.Model.Radius))
	logf("upscaling %s (%s %dx%d) %dx with %s on %s: %d tiles of up to %dx%d", orName(in), format, b.Dx(), b.Dy(), up.Model.Scale, up.Name, up.Engine, n, tile, tile)
	start := time.Now()
	out, err := upscale.Upscale(ctx, up.Model, img, tile, up.Run, func(done, total int) { progress(float64(done) / float64(total)) })
	if err != nil {
		return output{}, fmt.Errorf("upscaling %s: %w", orName(in), err)
	}
	took := time.Since(start)
	logf("upscaled to %dx%d in %.2fs", out.Rect.Dx(), out.Rect.Dy(), took.Seconds())
	var buf bytes.Buffer
	if err := png.Encode(&buf, out); err != nil {
		return output{}, fmt.Errorf("encoding PNG: %w", err)
	}
	return output{data: buf.Bytes(), took: took, engine: up.Engine}, nil
}

func orName(in api.ImageInput) string {
	if in.Name != "" {
		return in.Name
	}
	return in.CID
}

// txt2imgFrame asks the diffusion backend for the image of frame u: its
// prompt and seed, the job's size, steps, cfg and sampler.
func (w *Worker) txt2imgFrame(ctx context.Context, spec api.JobSpec, d *DiffusionModel, u api.Unit, progress func(float64), logf func(string, ...any)) (output, error) {
	t := spec.Txt2Img
	prompt, seed := t.Prompt(u.Frame)
	if w.cfg.Tamper != nil {
		seed += int64(w.cfg.Tamper.Frame(u.Frame) - u.Frame)
	}
	req := diffusion.Request{Model: d.Checkpoint, Prompt: prompt, Negative: t.Negative, Width: t.Width, Height: t.Height,
		Steps: t.Steps, CFG: t.CFG, Sampler: t.Sampler, Seed: seed, Progress: progress}
	logf("asking %s for %dx%d with %s, seed %d, %d steps, cfg %g: %q", d.Backend.Name(), t.Width, t.Height, d.Checkpoint, seed, t.Steps, t.CFG, prompt)
	start := time.Now()
	img, err := d.Backend.Txt2Img(ctx, req)
	if err != nil {
		return output{}, err
	}
	took := time.Since(start)
	cfg, err := png.DecodeConfig(bytes.NewReader(img))
	if err != nil {
		return output{}, fmt.Errorf("the %s backend returned an image that is not a PNG: %w", d.Backend.Name(), err)
	}
	if cfg.Width != t.Width || cfg.Height != t.Height {
		return output{}, fmt.Errorf("the %s backend returned a %dx%d image for a %dx%d frame; check the model's and the workflow's size settings", d.Backend.Name(), cfg.Width, cfg.Height, t.Width, t.Height)
	}
	logf("made in %.2fs", took.Seconds())
	return output{data: img, took: took, engine: d.Backend.Name()}, nil
}

// open fetches the file under CID id from the cluster into the worker's
// store (every block checked) and opens it there.
func (w *Worker) open(ctx context.Context, id string) (io.ReadCloser, error) {
	c, err := ipfs.ParseCID(id)
	if err != nil {
		return nil, err
	}
	if err := w.client.FetchCAR(ctx, c, w.store); err != nil {
		if errors.Is(err, ipfs.ErrDiskFull) || ctx.Err() != nil {
			return nil, err // this worker's trouble
		}
		return nil, unreachable{err}
	}
	return w.store.Get(ctx, c)
}

// fetch returns the file under CID id, fetched into the worker's store and
// read back, up to limit bytes.
func (w *Worker) fetch(ctx context.Context, id string, limit int64) ([]byte, error) {
	rc, err := w.open(ctx, id)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s is over %d MiB", id, limit>>20)
	}
	return data, nil
}
