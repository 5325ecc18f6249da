package coordinator

import (
	"context"
	"fmt"
	"image"
	"math/rand/v2"
	"strconv"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/ipfs"
	"github.com/rendergrid/rendergrid/render/diffusion"
	"github.com/rendergrid/rendergrid/render/proof"
	"github.com/rendergrid/rendergrid/render/upscale"
)

// Tunables of the checks of AI frames.
const (
	// verifyTile is the side, in input pixels, of the tile the leader
	// re-runs to check an upscaled frame (with the model's radius of
	// context around it): about 20 ms of one core with AVX2.
	verifyTile = 32
	// upscaleTolerance is the largest channel difference, out of 255, a
	// re-run tile may show: both runs are fp32, and the golden tests hold
	// every implementation within 1/255 of the published outputs.
	upscaleTolerance = 2
	// verifyModels is how many parsed upscale models the leader keeps.
	verifyModels = 4
)

// model returns the upscale model stored under id, parsed (and cached).
func (v *verifier) model(ctx context.Context, id string) (*upscale.Model, error) {
	v.mu.Lock()
	m, ok := v.models.get(id)
	v.mu.Unlock()
	if ok {
		return m, nil
	}
	c, err := ipfs.ParseCID(id)
	if err != nil {
		return nil, fmt.Errorf("model %q: %w", id, err)
	}
	if err := v.n.ensureContent(ctx, c); err != nil {
		return nil, fmt.Errorf("model %s is not stored on the coordinator (%w); upload it first (rendergrid submit upscale does)", c, err)
	}
	data, err := v.n.readStored(ctx, c, maxModelBytes)
	if err != nil {
		return nil, fmt.Errorf("model: %w", err)
	}
	if m, err = upscale.Parse(data); err != nil {
		return nil, fmt.Errorf("model %s: %w", c, err)
	}
	v.mu.Lock()
	v.models.put(id, m)
	v.mu.Unlock()
	return m, nil
}

// upscaleCheck re-runs one random tile of frame f of an upscale job with
// the pure-Go network and compares it with the worker's output, out.
func (v *verifier) upscaleCheck(ctx context.Context, spec *api.JobSpec, f int, out *image.NRGBA, rnd *rand.Rand) error {
	m, err := v.model(ctx, spec.Scene)
	if err != nil {
		return err
	}
	in, err := v.n.readImage(ctx, spec.Upscale.Inputs[f].CID)
	if err != nil {
		return fmt.Errorf("input of frame %d: %w", f, err)
	}
	core := upscale.SampleTile(in.Bounds(), verifyTile, rnd)
	worst, at, err := m.Recheck(ctx, in, out, core)
	if err != nil {
		return err
	}
	if worst > upscaleTolerance {
		return fmt.Errorf("%w: re-running input tile %d,%d-%d,%d gives pixels off by %d/255 at output %d,%d (at most %d/255 allowed)",
			proof.ErrDishonest, core.Min.X, core.Min.Y, core.Max.X, core.Max.Y, worst, at.X, at.Y, upscaleTolerance)
	}
	return nil
}

// phash is the perceptual hash of an AI frame's output, in hex as frame
// metadata shows it.
func phash(img image.Image) string { return fmt.Sprintf("%016x", diffusion.PHash(img)) }

// phashDistance is the Hamming distance of two hashes phash made; 64 when
// either does not parse.
func phashDistance(a, b string) int {
	x, errA := strconv.ParseUint(a, 16, 64)
	y, errB := strconv.ParseUint(b, 16, 64)
	if errA != nil || errB != nil {
		return 64
	}
	return diffusion.Distance(x, y)
}
