package verify

import (
	"context"
	"fmt"
	"image"
	"math/rand/v2"
	"strconv"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/job"
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

// Output decodes a unit's output image, which must have the unit's size.
func Output(data []byte, spec *api.JobSpec, frame, tile int) (*image.NRGBA, error) {
	w, h := spec.OutputSize(frame, tile)
	return proof.Decode(data, w, h)
}

// Render re-renders sampled pixels of img, the output of unit tile of
// frame f (posed with job.FrameOptions), with the settings every unit of
// spec renders with, lit by env. An image that is not the render fails
// with proof.ErrDishonest.
func Render(ctx context.Context, f *scenes.Frame, spec *api.JobSpec, tile int, env *scenes.Environment, img *image.NRGBA, cfg proof.Config, rnd *rand.Rand) (proof.Report, error) {
	return proof.Check(ctx, f, job.SettingsFor(spec, tile, env), img, cfg, rnd)
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
