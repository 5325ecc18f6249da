package api

import (
	"fmt"
	"strconv"
)

// Job types.
const (
	JobRender  = "render"
	JobUpscale = "upscale"
	JobTxt2Img = "txt2img"
)

// Backends of AI frames: the built-in upscaler, and the diffusion servers
// a worker forwards to.
const (
	BackendBuiltin = "builtin"
	BackendSDAPI   = "sdapi"
	BackendComfyUI = "comfyui"
)

// Limits on an AI job spec.
const (
	MaxPromptBytes = 4000 // a prompt or negative prompt
	MaxTxt2ImgSide = 4096 // pixels per side of a generated image
	MinTxt2ImgSide = 64
	MaxSteps       = 500
	MaxCFG         = 100
)

// UpscaleSpec is an upscale job: frame i is Inputs[i] upscaled Scale
// times by the model that is the job's Scene.
type UpscaleSpec struct {
	Inputs []ImageInput `json:"inputs"`
	Scale  int          `json:"scale"`
	// Tile is the largest input tile side a worker runs at once (larger
	// images are cut into overlapping tiles and stitched); 0 at submit:
	// the coordinator picks the largest up to 256 whose activations fit
	// in 1 GiB for the job's model.
	Tile int `json:"tile,omitempty"`
}

// ImageInput is one input image of an upscale job. The coordinator reads
// the image at submit and records its size.
type ImageInput struct {
	CID    string `json:"cid"`
	Name   string `json:"name,omitempty"`
	Width  int    `json:"width,omitempty"`
	Height int    `json:"height,omitempty"`
}

// Txt2ImgSpec is a text-to-image job on a diffusion backend: Count images
// of each prompt, image k of a prompt with seed Seed+k. Frame i is prompt
// i/Count with seed Seed+i%Count.
type Txt2ImgSpec struct {
	Backend  string   `json:"backend,omitempty"` // sdapi or comfyui; empty: any
	Prompts  []string `json:"prompts"`
	Negative string   `json:"negative,omitempty"`
	Width    int      `json:"width"`
	Height   int      `json:"height"`
	Steps    int      `json:"steps"`
	CFG      float64  `json:"cfg"`
	Sampler  string   `json:"sampler,omitempty"`
	Seed     int64    `json:"seed"`
	Count    int      `json:"count"`
}

// Prompt returns the prompt and seed of frame i.
func (t *Txt2ImgSpec) Prompt(i int) (string, int64) {
	c := max(t.Count, 1)
	return t.Prompts[min(i/c, len(t.Prompts)-1)], t.Seed + int64(i%c)
}

// ModelCap is one model a worker holds.
type ModelCap struct {
	CID     string `json:"cid"`
	Backend string `json:"backend"` // builtin, sdapi or comfyui
	Name    string `json:"name,omitempty"`
	Scale   int    `json:"scale,omitempty"` // upscalers
}

// JobType is s.Type with the default filled in.
func (s JobSpec) JobType() string {
	if s.Type == "" {
		return JobRender
	}
	return s.Type
}

// AI reports whether the job is an AI-image job (upscale or txt2img).
func (s JobSpec) AI() bool { return s.Type == JobUpscale || s.Type == JobTxt2Img }

// Backend is the backend an AI job's frames need: builtin for upscale,
// the chosen diffusion backend (or "" for any) for txt2img.
func (s JobSpec) Backend() string {
	switch s.Type {
	case JobUpscale:
		return BackendBuiltin
	case JobTxt2Img:
		if s.Txt2Img != nil {
			return s.Txt2Img.Backend
		}
	}
	return ""
}

// Model finds the model a job needs among the worker's: the job's model
// CID, run by the job's backend (any diffusion backend when the job names
// none).
func (c Capabilities) Model(spec JobSpec) (ModelCap, bool) {
	want := spec.Backend()
	for _, m := range c.Models {
		if m.CID != spec.Scene {
			continue
		}
		if m.Backend == want || want == "" && (m.Backend == BackendSDAPI || m.Backend == BackendComfyUI) {
			return m, true
		}
	}
	return ModelCap{}, false
}

// Work is the canonical text of frame f's own inputs for an AI job (empty
// for a 3-D job): a receipt commits to it through its params hash.
func (s JobSpec) Work(f int) string {
	switch {
	case s.Type == JobUpscale && s.Upscale != nil && f >= 0 && f < len(s.Upscale.Inputs):
		return fmt.Sprintf("upscale model=%s input=%s scale=%d", s.Scene, s.Upscale.Inputs[f].CID, s.Upscale.Scale)
	case s.Type == JobTxt2Img && s.Txt2Img != nil && len(s.Txt2Img.Prompts) > 0:
		t := s.Txt2Img
		p, seed := t.Prompt(f)
		return fmt.Sprintf("txt2img model=%s backend=%s prompt=%q negative=%q size=%dx%d steps=%d cfg=%g sampler=%q seed=%d",
			s.Scene, t.Backend, p, t.Negative, t.Width, t.Height, t.Steps, t.CFG, t.Sampler, seed)
	}
	return ""
}

// OutputSize is the size of the image unit (frame, tile) outputs: the
// tile's region or the frame for renders, the input times the scale for
// upscales, the asked size for txt2img.
func (s JobSpec) OutputSize(frame, tile int) (int, int) {
	switch {
	case s.Type == JobUpscale && s.Upscale != nil && frame >= 0 && frame < len(s.Upscale.Inputs):
		in := s.Upscale.Inputs[frame]
		return in.Width * s.Upscale.Scale, in.Height * s.Upscale.Scale
	case s.Type == JobTxt2Img && s.Txt2Img != nil:
		return s.Txt2Img.Width, s.Txt2Img.Height
	}
	if r := s.TileRegion(tile); r != [4]int{} {
		return r[2] - r[0], r[3] - r[1]
	}
	return s.Width, s.Height
}

// FrameMeta describes frame f of an AI job: what made it and from what.
// It is nil for 3-D jobs.
func (s JobSpec) FrameMeta(f int) map[string]string {
	switch {
	case s.Type == JobUpscale && s.Upscale != nil && f >= 0 && f < len(s.Upscale.Inputs):
		in := s.Upscale.Inputs[f]
		m := map[string]string{"type": JobUpscale, "backend": BackendBuiltin, "model": s.Scene,
			"input": in.CID, "scale": strconv.Itoa(s.Upscale.Scale)}
		if in.Name != "" {
			m["input_name"] = in.Name
		}
		return m
	case s.Type == JobTxt2Img && s.Txt2Img != nil && len(s.Txt2Img.Prompts) > 0:
		t := s.Txt2Img
		p, seed := t.Prompt(f)
		m := map[string]string{"type": JobTxt2Img, "model": s.Scene, "prompt": p, "seed": strconv.FormatInt(seed, 10),
			"steps": strconv.Itoa(t.Steps), "cfg": strconv.FormatFloat(t.CFG, 'g', -1, 64), "size": fmt.Sprintf("%dx%d", t.Width, t.Height)}
		for k, v := range map[string]string{"backend": t.Backend, "sampler": t.Sampler, "negative": t.Negative} {
			if v != "" {
				m[k] = v
			}
		}
		return m
	}
	return nil
}
