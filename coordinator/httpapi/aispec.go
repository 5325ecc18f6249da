package httpapi

import (
	"context"
	_ "image/jpeg" // upscale inputs may be JPEG
	_ "image/png"
	"runtime"
	"sync"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/render/upscale"
)

// Limits of AI jobs' inputs.
const ()

// checkAI checks what an AI job reads before it is appended: an upscale
// job's model must be stored and parse, with the job's scale, and every
// input must be a stored image within the upscaler's limits (their sizes
// are recorded in the spec). A txt2img job's model is a checkpoint on the
// workers' machines, which the coordinator never holds.
func (n *Server) checkAI(ctx context.Context, spec *api.JobSpec) *api.Error {
	if spec.Type != api.JobUpscale {
		return nil
	}
	m, err := n.verify.Model(ctx, spec.Scene)
	if err != nil {
		return badRequest("%v", err)
	}
	if m.Scale != spec.Upscale.Scale {
		return badRequest("model %s upscales %dx, the job asks for %dx", spec.Scene, m.Scale, spec.Upscale.Scale)
	}
	if spec.Upscale.Tile == 0 {
		spec.Upscale.Tile = m.AutoTile()
	}
	if err := m.CheckTile(spec.Upscale.Tile); err != nil {
		return badRequest("model %s: %v", spec.Scene, err)
	}
	ins := spec.Upscale.Inputs
	errs := make([]error, len(ins))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i := range ins {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			img, err := n.content.ReadImage(ctx, ins[i].CID)
			if err == nil {
				err = upscale.CheckInput(img.Bounds(), spec.Upscale.Scale)
			}
			if err != nil {
				errs[i] = err
				return
			}
			ins[i].Width, ins[i].Height = img.Bounds().Dx(), img.Bounds().Dy()
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return badRequest("input %d (%s): %v", i, orDefault(ins[i].Name, ins[i].CID), err)
		}
	}
	return nil
}
