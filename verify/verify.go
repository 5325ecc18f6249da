package verify

import (
	"context"
	"fmt"
	"image"
	"math/rand/v2"
	"strconv"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/job"
	"github.com/rendergrid/rendergrid/render"
	"github.com/rendergrid/rendergrid/render/denoise"
	"github.com/rendergrid/rendergrid/render/diffusion"
	"github.com/rendergrid/rendergrid/render/proof"
	"github.com/rendergrid/rendergrid/render/upscale"
	"github.com/rendergrid/rendergrid/scenes"
)

const (
	// UpscaleTile is the side, in input pixels, of the tile an upscale
	// check re-runs.
	UpscaleTile = 32
	// UpscaleTolerance is the largest channel difference, out of 255, an
	// upscaled pixel may show against the pure-Go network's (the SIMD and
	// GPU kernels round differently).
	UpscaleTolerance = 2
)

// Output decodes a unit's output image, which must have the unit's size:
// a PNG, or for a job with passes the 8-bit image of its EXR's beauty
// (which Raw returns whole).
func Output(data []byte, spec *api.JobSpec, frame, tile int) (*image.NRGBA, error) {
	if spec.EXR() {
		raw, err := Raw(data, spec, frame, tile)
		if err != nil {
			return nil, err
		}
		return raw.SRGB8(), nil
	}
	w, h := spec.OutputSize(frame, tile)
	return proof.Decode(data, w, h)
}

// Raw decodes the EXR output of a unit of a job with passes: it must have
// the unit's size, every pass the job asked for, and under adaptive
// sampling the per-pixel sample counts.
func Raw(data []byte, spec *api.JobSpec, frame, tile int) (*render.Image, error) {
	w, h := spec.OutputSize(frame, tile)
	raw, err := render.DecodeEXR(data)
	if err != nil {
		return nil, fmt.Errorf("%w: the output is not an OpenEXR image (%v)", proof.ErrDishonest, err)
	}
	if raw.Width != w || raw.Height != h {
		return nil, fmt.Errorf("%w: output is %dx%d, the unit is %dx%d", proof.ErrDishonest, raw.Width, raw.Height, w, h)
	}
	for _, name := range spec.Passes {
		if p, _ := raw.Pass(name); p == nil {
			return nil, fmt.Errorf("%w: the output has no %s pass, which the job asked for", proof.ErrDishonest, name)
		}
	}
	if spec.Adaptive() && raw.Samples == nil {
		return nil, fmt.Errorf("%w: the output has no sample counts (Debug Sample Count), which adaptive sampling writes", proof.ErrDishonest)
	}
	return raw, nil
}

// Samples checks the samples a receipt claims against the per-pixel
// counts of its adaptive output: they must add up.
func Samples(raw *render.Image, claimed uint64) error {
	var sum uint64
	for _, c := range raw.Samples {
		sum += uint64(c)
	}
	if sum != claimed {
		return fmt.Errorf("%w: the receipt claims %d samples; the output's pixels took %d", proof.ErrDishonest, claimed, sum)
	}
	return nil
}

// DenoisePixels is how many pixels of a denoised output Denoised
// recomputes.
const DenoisePixels = 8

// Denoised recomputes DenoisePixels pixels, drawn by rnd, of the denoised
// image of raw (each from its window alone, render/denoise.At) and
// compares them with out, the worker's denoised PNG. More than cfg's
// share of pixels off by more than its tolerance fails with
// proof.ErrDishonest.
func Denoised(ctx context.Context, raw *render.Image, out *image.NRGBA, cfg proof.Config, rnd *rand.Rand) error {
	if out.Rect.Dx() != raw.Width || out.Rect.Dy() != raw.Height {
		return fmt.Errorf("%w: the denoised image is %dx%d, the render %dx%d", proof.ErrDishonest, out.Rect.Dx(), out.Rect.Dy(), raw.Width, raw.Height)
	}
	if err := denoise.Check(raw); err != nil {
		return fmt.Errorf("%w: %v", proof.ErrDishonest, err)
	}
	tol := max(cfg.Tolerance, 2)
	bad, worst := 0, 0
	for range DenoisePixels {
		x, y := rnd.IntN(raw.Width), rnd.IntN(raw.Height)
		v, err := denoise.At(ctx, raw, x, y)
		if err != nil {
			return fmt.Errorf("denoising pixel %d,%d: %w", x, y, err)
		}
		px := &render.Image{Width: 1, Height: 1, Pix: v[:]}
		if raw.Alpha != nil {
			px.Alpha = []float32{raw.Alpha[y*raw.Width+x]}
		}
		want := px.SRGB8().Pix
		got := out.Pix[y*out.Stride+4*x:]
		d := 0
		for c := range 3 {
			d = max(d, int(want[c])-int(got[c]), int(got[c])-int(want[c]))
		}
		worst = max(worst, d)
		if d > tol {
			bad++
		}
	}
	if bad > 0 {
		return fmt.Errorf("%w: %d of %d recomputed pixels of the denoised image are off by more than %d/255 (worst %d/255)", proof.ErrDishonest, bad, DenoisePixels, tol, worst)
	}
	return nil
}

// Render re-renders sampled pixels of img, the output of unit tile of
// frame f (posed with job.FrameOptions), with the settings every unit of
// spec renders with, lit by env; counts are the output's per-pixel sample
// counts under adaptive sampling (nil otherwise). An image that is not the render fails
// with proof.ErrDishonest.
func Render(ctx context.Context, f *scenes.Frame, spec *api.JobSpec, tile int, env *scenes.Environment, img *image.NRGBA, counts []float32, cfg proof.Config, rnd *rand.Rand) (proof.Report, error) {
	return proof.Check(ctx, f, job.SettingsFor(spec, tile, env), img, counts, cfg, rnd)
}

// UpscaleReport is what an upscale check compared.
type UpscaleReport struct {
	Tile    image.Rectangle // the input tile re-run
	Checked int             // output pixels compared
	Worst   int             // the largest channel difference, out of 255
}

// Upscale re-runs one input tile of in, drawn by rnd, through m and
// compares it with out, the worker's upscaled image. Pixels off by more
// than UpscaleTolerance fail with proof.ErrDishonest.
func Upscale(ctx context.Context, m *upscale.Model, in image.Image, out *image.NRGBA, rnd *rand.Rand) (UpscaleReport, error) {
	core := upscale.SampleTile(in.Bounds(), UpscaleTile, rnd)
	worst, at, err := m.Recheck(ctx, in, out, core)
	rep := UpscaleReport{Tile: core, Checked: core.Dx() * core.Dy() * m.Scale * m.Scale, Worst: worst}
	if err != nil {
		return rep, err
	}
	if worst > UpscaleTolerance {
		return rep, fmt.Errorf("%w: re-running input tile %d,%d-%d,%d gives pixels off by %d/255 at output %d,%d (at most %d/255 allowed)",
			proof.ErrDishonest, core.Min.X, core.Min.Y, core.Max.X, core.Max.Y, worst, at.X, at.Y, UpscaleTolerance)
	}
	return rep, nil
}

// PHash is the perceptual hash of a generated image, in hex as a frame's
// metadata shows it.
func PHash(img image.Image) string { return fmt.Sprintf("%016x", diffusion.PHash(img)) }

// PHashDistance is the Hamming distance of two hashes PHash made; 64 when
// either does not parse.
func PHashDistance(a, b string) int {
	x, errA := strconv.ParseUint(a, 16, 64)
	y, errB := strconv.ParseUint(b, 16, 64)
	if errA != nil || errB != nil {
		return 64
	}
	return diffusion.Distance(x, y)
}
