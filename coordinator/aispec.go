package coordinator

import (
	"context"
	"fmt"
	"image"
	_ "image/jpeg" // upscale inputs may be JPEG
	_ "image/png"
	"math"
	"runtime"
	"sync"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/ipfs"
	"github.com/rendergrid/rendergrid/render/upscale"
)

// Limits of AI jobs' inputs.
const (
	maxInputBytes = 256 << 20 // an upscale input image
	maxModelBytes = 600 << 20 // an upscale model bundle
	maxUpTile     = 2048      // largest tile side an upscale job may ask for
	minUpTile     = 32
)

// validateAI refuses the render-only fields in an AI job, and spreads its
// frames over 0..n-1 with whole frames.
func validateAI(s *api.JobSpec, n int) *api.Error {
	switch {
	case s.SPP != 0 || s.MaxBounces != 0 || s.Seed != 0 || s.Camera != "" || s.FPS != 0:
		return badRequest("spp, bounces, seed, camera and fps belong to render jobs; a %s job takes its settings in its %s section", s.Type, s.Type)
	case s.Env != "" || s.Background != nil || s.FilmTransparent || s.EnvStrength != 0 || s.EnvRotation != 0:
		return badRequest("env, background and film_transparent light render jobs; a %s job has no scene to light", s.Type)
	case s.TilesX > 1 || s.TilesY > 1:
		return badRequest("a %s job is not split into tiles by the coordinator (workers tile large images themselves)", s.Type)
	case s.Engine != "":
		return badRequest("engine %q: engines render 3-D jobs; a %s job goes to workers that hold its model", s.Engine, s.Type)
	case s.Price.PerMPS != 0:
		return badRequest("a %s job is priced per image (--price), not per megapixel-sample", s.Type)
	case n < 1:
		return badRequest("the %s job makes no images", s.Type)
	case n > api.MaxFrames:
		return badRequest("the %s job makes %d images; a job may have at most %d", s.Type, n, api.MaxFrames)
	case s.FrameStart != 0 || s.FrameEnd != 0 && s.FrameEnd != n-1:
		return badRequest("frames of a %s job are its images, 0-%d; leave frame_start and frame_end out", s.Type, n-1)
	}
	s.FrameStart, s.FrameEnd, s.TilesX, s.TilesY = 0, n-1, 1, 1
	return nil
}

// validateUpscale checks an upscale job: its inputs, scale and tile.
func validateUpscale(s *api.JobSpec) *api.Error {
	u := s.Upscale
	if u == nil || s.Txt2Img != nil {
		return badRequest("an upscale job needs an upscale section (inputs and scale) and no txt2img section")
	}
	if s.Width != 0 || s.Height != 0 {
		return badRequest("an upscale job's size is its inputs' times the scale; leave width and height out")
	}
	if err := validateAI(s, len(u.Inputs)); err != nil {
		return err
	}
	if u.Scale < 1 || u.Scale > 8 {
		return badRequest("scale %d: upscale by 2, 3, 4 or 8 (the model's own scale)", u.Scale)
	}
	if u.Tile != 0 && (u.Tile < minUpTile || u.Tile > maxUpTile) {
		return badRequest("tile %d is outside %d..%d input pixels", u.Tile, minUpTile, maxUpTile)
	}
	for i, in := range u.Inputs {
		if _, err := ipfs.ParseCID(in.CID); err != nil {
			return badRequest("input %d (%s): %v", i, in.Name, err)
		}
		if len(in.Name) > 200 {
			return badRequest("input %d: name is over 200 bytes", i)
		}
		if err := api.CheckFileName(in.Name); err != nil {
			return badRequest("input %d %v", i, err)
		}
		if in.Width != 0 || in.Height != 0 {
			if err := upscale.CheckInput(image.Rect(0, 0, in.Width, in.Height), u.Scale); err != nil {
				return badRequest("input %d (%s): %v", i, in.Name, err)
			}
		}
	}
	return nil
}

// validateTxt2Img checks a text-to-image job.
func validateTxt2Img(s *api.JobSpec) *api.Error {
	t := s.Txt2Img
	if t == nil || s.Upscale != nil {
		return badRequest("a txt2img job needs a txt2img section (prompts, size, steps, cfg, seed, count) and no upscale section")
	}
	if t.Count == 0 {
		t.Count = 1
	}
	if t.Count < 0 || t.Count > api.MaxFrames {
		return badRequest("count %d is outside 1..%d", t.Count, api.MaxFrames)
	}
	if len(t.Prompts) == 0 {
		return badRequest("the txt2img job has no prompt")
	}
	n := int64(len(t.Prompts)) * int64(t.Count)
	if n > api.MaxFrames {
		return badRequest("%d prompts of %d images make %d images; a job may have at most %d", len(t.Prompts), t.Count, n, api.MaxFrames)
	}
	if (s.Width != 0 || s.Height != 0) && (s.Width != t.Width || s.Height != t.Height) {
		return badRequest("width and height %dx%d differ from the txt2img size %dx%d; give the size once", s.Width, s.Height, t.Width, t.Height)
	}
	s.Width, s.Height = 0, 0
	if err := validateAI(s, int(n)); err != nil {
		return err
	}
	s.Width, s.Height = t.Width, t.Height
	for i, p := range t.Prompts {
		if p == "" {
			return badRequest("prompt %d is empty", i+1)
		}
		if len(p) > api.MaxPromptBytes {
			return badRequest("prompt %d is %d bytes; at most %d", i+1, len(p), api.MaxPromptBytes)
		}
	}
	switch {
	case len(t.Negative) > api.MaxPromptBytes:
		return badRequest("the negative prompt is %d bytes; at most %d", len(t.Negative), api.MaxPromptBytes)
	case t.Backend != "" && t.Backend != api.BackendSDAPI && t.Backend != api.BackendComfyUI:
		return badRequest("backend %q: use sdapi or comfyui (or leave it out for either)", t.Backend)
	case t.Width < api.MinTxt2ImgSide || t.Height < api.MinTxt2ImgSide || t.Width > api.MaxTxt2ImgSide || t.Height > api.MaxTxt2ImgSide:
		return badRequest("size %dx%d is outside %dx%d..%dx%d", t.Width, t.Height, api.MinTxt2ImgSide, api.MinTxt2ImgSide, api.MaxTxt2ImgSide, api.MaxTxt2ImgSide)
	case t.Width%8 != 0 || t.Height%8 != 0:
		return badRequest("size %dx%d: both sides must be multiples of 8 (the latent is an eighth of the image)", t.Width, t.Height)
	case t.Steps < 1 || t.Steps > api.MaxSteps:
		return badRequest("steps %d is outside 1..%d", t.Steps, api.MaxSteps)
	case math.IsNaN(t.CFG) || t.CFG < 0 || t.CFG > api.MaxCFG:
		return badRequest("cfg %g is outside 0..%d", t.CFG, api.MaxCFG)
	case len(t.Sampler) > 64:
		return badRequest("sampler name is over 64 bytes")
	case t.Seed < 0:
		return badRequest("seed %d is negative; give a seed of 0 or more so that every image can be made again", t.Seed)
	case t.Seed > math.MaxInt64-int64(t.Count):
		return badRequest("seed %d plus count %d overflows a 64-bit seed", t.Seed, t.Count)
	}
	return nil
}

// checkAI checks what an AI job reads before it is appended: an upscale
// job's model must be stored and parse, with the job's scale, and every
// input must be a stored image within the upscaler's limits (their sizes
// are recorded in the spec). A txt2img job's model is a checkpoint on the
// workers' machines, which the coordinator never holds.
func (n *Node) checkAI(ctx context.Context, spec *api.JobSpec) *api.Error {
	if spec.Type != api.JobUpscale {
		return nil
	}
	m, err := n.verify.model(ctx, spec.Scene)
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
			img, err := n.readImage(ctx, ins[i].CID)
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

// readImage reads a stored PNG or JPEG (fetching it from a peer when
// missing here) and decodes it whole.
func (n *Node) readImage(ctx context.Context, id string) (image.Image, error) {
	c, err := ipfs.ParseCID(id)
	if err != nil {
		return nil, err
	}
	if err := n.ensureContent(ctx, c); err != nil {
		return nil, fmt.Errorf("%s is not stored on the coordinator (%w); upload it first (rendergrid submit upscale does)", c, err)
	}
	data, err := n.readStored(ctx, c, maxInputBytes)
	if err != nil {
		return nil, err
	}
	img, _, err := upscale.DecodeInput(data)
	if err != nil {
		return nil, fmt.Errorf("%s %w", c, err)
	}
	return img, nil
}
