package vulkan

import (
	"context"
	"fmt"
	"math"

	"github.com/rendergrid/rendergrid/render"
	"github.com/rendergrid/rendergrid/render/denoise"
	"github.com/rendergrid/rendergrid/shaders"
)

// Denoise runs render/denoise's filter on the engine's device
// (shaders/denoise.comp, one dispatch per à-trous pass, all submitted at
// once): the same filter as denoise.Filter, which prepares the input and
// finishes the output, to float rounding.
func (e *Engine) Denoise(ctx context.Context, img *render.Image) (*render.Image, error) {
	if err := denoise.Check(img); err != nil {
		return nil, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if err := e.openLocked(); err != nil {
		return nil, err
	}
	c := &Compute{d: e.ctx}
	if e.denoiser == nil {
		k, err := c.Kernel(shaders.DenoiseSPV, 3)
		if err != nil {
			return nil, fmt.Errorf("vulkan: the denoise kernel: %w", err)
		}
		e.denoiser = k
	}
	guide, col := denoise.Prepare(img)
	var bufs [3]*Buffer
	defer func() {
		for _, b := range bufs {
			c.Free(b)
		}
	}()
	for i, size := range []int{4 * len(guide), 4 * len(col), 4 * len(col)} {
		b, err := c.Alloc(size)
		if err != nil {
			return nil, fmt.Errorf("vulkan: denoise buffers (%.1f MiB): %w", float64(size)/(1<<20), err)
		}
		bufs[i] = b
	}
	if err := c.Write(bufs[0], guide); err != nil {
		return nil, fmt.Errorf("vulkan: %w", err)
	}
	if err := c.Write(bufs[1], col); err != nil {
		return nil, fmt.Errorf("vulkan: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("denoising canceled: %w", err)
	}
	w, h := img.Width, img.Height
	f := math.Float32bits
	in, out := bufs[1], bufs[2]
	var ds []Dispatch
	for it := range denoise.Iterations {
		ds = append(ds, Dispatch{
			K:    e.denoiser,
			Bufs: []*Buffer{bufs[0], in, out},
			Push: []uint32{uint32(w), uint32(h), 1 << it, 0,
				f(denoise.SigmaL), f(denoise.SigmaZ), f(denoise.SigmaA), f(denoise.NormalPow),
				f(denoise.LumEps), f(denoise.DepthEps)},
			Groups: [3]int{(w + 7) / 8, (h + 7) / 8, 1},
		})
		in, out = out, in
	}
	if err := c.Run(ds); err != nil {
		return nil, fmt.Errorf("vulkan: denoising: %w", err)
	}
	if err := c.Read(in, col); err != nil {
		return nil, fmt.Errorf("vulkan: reading the denoised image back: %w", err)
	}
	return denoise.Finish(img, guide, col), nil
}
