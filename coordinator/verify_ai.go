package coordinator

import (
	"context"
	"fmt"
	"image"
	"math/rand/v2"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/ipfs"
	"github.com/rendergrid/rendergrid/render/upscale"
	"github.com/rendergrid/rendergrid/verify"
)

// verifyModels is how many parsed upscale models the leader keeps.
const verifyModels = 4

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
	_, err = verify.Upscale(ctx, m, in, out, rnd)
	return err
}
