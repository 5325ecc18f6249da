package coordinator

import (
	"math"
	"slices"
	"strings"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/ipfs"
	jobdef "github.com/rendergrid/rendergrid/job"
	"github.com/rendergrid/rendergrid/render"
	"github.com/rendergrid/rendergrid/render/proof"
	"github.com/rendergrid/rendergrid/scenes"
)

// validateSpec checks a submitted job spec and fills its defaults. It is
// called by the HTTP handler (to answer 400 before touching the log) and
// again by apply, so the state machine never holds a bad job.
func validateSpec(s *api.JobSpec) *api.Error {
	if s.Scene == "" {
		what := "scene: give the CID of an uploaded scene file"
		if s.AI() {
			what = "model: give the CID of the model file"
		}
		return badRequest("the job has no %s", what)
	}
	if _, err := ipfs.ParseCID(s.Scene); err != nil {
		if s.AI() {
			return badRequest("model %q: %v", s.Scene, err)
		}
		return badRequest("scene %q: %v", s.Scene, err)
	}
	var err *api.Error
	switch s.JobType() {
	case api.JobRender:
		err = validateRender(s)
	case api.JobUpscale:
		err = validateUpscale(s)
	case api.JobTxt2Img:
		err = validateTxt2Img(s)
	default:
		return badRequest("job type %q: use render (the default), upscale or txt2img", s.Type)
	}
	if err != nil {
		return err
	}
	if s.Chunk < 0 || s.Chunk > 1000 {
		return badRequest("chunk %d is outside 0 (auto)..1000", s.Chunk)
	}
	if len(s.Tags) > api.MaxTags {
		return badRequest("%d tags; at most %d", len(s.Tags), api.MaxTags)
	}
	if len(s.Name) > 200 || len(s.SceneName) > 200 || len(s.Camera) > 200 || len(s.Engine) > 50 {
		return badRequest("name, scene name, camera and engine are limited to 200, 200, 200 and 50 bytes")
	}
	if err := api.CheckFileName(s.Name); err != nil {
		return badRequest("job %v", err)
	}
	if err := s.Price.Validate(); err != nil {
		return badRequest("price: %v", err)
	}
	if !proof.ValidPolicy(s.Verify) {
		return badRequest("verification policy %q: use sample (the default), redundant or none", s.Verify)
	}
	if s.Verify == "" {
		s.Verify = proof.Sample
		if s.Type == api.JobTxt2Img {
			// Diffusion frames cannot be re-run on the coordinator: only a
			// second worker's render of the same seed checks them.
			s.Verify = proof.Redundant
		}
	}
	if s.Redundancy < 0 || s.Redundancy > 100 {
		return badRequest("redundancy %d%% is outside 0..100", s.Redundancy)
	}
	if s.Verify == proof.Redundant && s.Redundancy == 0 {
		s.Redundancy = redundantDefault
	}
	if r := s.Retry; r != nil {
		if r.MaxWorkers < 0 || r.BlocklistAfter < 0 || r.FailPercent < 0 || r.FailPercent > 100 || r.MaxRuntimeSec < 0 {
			return badRequest("retry policy %+v: counts must be >= 0 and fail_percent within 0..100", *r)
		}
	}
	return nil
}

// validateRender checks the fields of a 3-D render job.
func validateRender(s *api.JobSpec) *api.Error {
	if s.Upscale != nil || s.Txt2Img != nil {
		return badRequest("a render job has no upscale or txt2img section; set type to upscale or txt2img")
	}
	if s.FrameEnd < s.FrameStart {
		return badRequest("frame range %d-%d is reversed or empty", s.FrameStart, s.FrameEnd)
	}
	if s.FrameStart < 0 {
		return badRequest("frame range %d-%d starts below 0", s.FrameStart, s.FrameEnd)
	}
	if n := int64(s.FrameEnd) - int64(s.FrameStart) + 1; n > api.MaxFrames {
		return badRequest("frame range %d-%d has %d frames; a job may have at most %d", s.FrameStart, s.FrameEnd, n, api.MaxFrames)
	}
	if s.MaxBounces == 0 {
		s.MaxBounces = render.DefaultBounce
	}
	s.TilesX, s.TilesY = max(s.TilesX, 1), max(s.TilesY, 1)
	if s.TilesX > api.MaxTiles || s.TilesY > api.MaxTiles || s.TilesX > max(s.Width, 1) || s.TilesY > max(s.Height, 1) {
		return badRequest("tiles %dx%d: at most %dx%d and no more than the image's pixels", s.TilesX, s.TilesY, api.MaxTiles, api.MaxTiles)
	}
	// The settings every unit renders with, as the workers and verifiers
	// will build them.
	if err := jobdef.SettingsFor(s, 0, nil).Validate(); err != nil {
		return badRequest("%v", err)
	}
	if units := int64(s.FrameEnd-s.FrameStart+1) * int64(s.TilesX*s.TilesY); units > api.MaxFrames {
		return badRequest("%d frames of %d tiles make %d units; a job may have at most %d", s.FrameEnd-s.FrameStart+1, s.TilesX*s.TilesY, units, api.MaxFrames)
	}
	if s.FPS < 0 || s.FPS > 1000 {
		return badRequest("fps %g is outside 0..1000", s.FPS)
	}
	return validateLighting(s)
}

// validateLighting checks the environment fields of a render job and fills
// their defaults (strength 1 with a map).
func validateLighting(s *api.JobSpec) *api.Error {
	if s.Env == "" {
		if s.EnvStrength != 0 || s.EnvRotation != 0 || s.EnvName != "" {
			return badRequest("env_strength, env_rotation and env_name need env (the CID of an .hdr or .exr map)")
		}
	} else {
		if _, err := ipfs.ParseCID(s.Env); err != nil {
			return badRequest("env %q is not a CID: %v", s.Env, err)
		}
		if s.EnvStrength == 0 {
			s.EnvStrength = 1
		}
		if !(s.EnvStrength > 0 && s.EnvStrength <= scenes.MaxEnvStrength) {
			return badRequest("env_strength %g is outside (0, %g]", s.EnvStrength, float64(scenes.MaxEnvStrength))
		}
		if math.IsNaN(s.EnvRotation) || math.Abs(s.EnvRotation) > 1e6 {
			return badRequest("env_rotation %g is not a number of degrees within ±1e6", s.EnvRotation)
		}
		if len(s.EnvName) > 255 {
			return badRequest("env_name is over 255 bytes")
		}
	}
	if bg := s.Background; bg != nil {
		for _, c := range bg {
			if !(c >= 0 && c <= scenes.MaxEnvStrength) {
				return badRequest("background %v: each channel must be a radiance within 0..%g", *bg, float64(scenes.MaxEnvStrength))
			}
		}
		if s.Env != "" {
			return badRequest("give env or background, not both (the map replaces the colour)")
		}
	}
	return nil
}

// eligible reports whether worker w may render units of j.
func eligible(j *job, id string, w *worker) bool {
	if j.Blocked[id] {
		return false
	}
	if j.Spec.Engine != "" && !slices.Contains(w.Caps.Engines, j.Spec.Engine) {
		return false
	}
	if j.Spec.AI() {
		if _, ok := w.Caps.Model(j.Spec); !ok {
			return false
		}
	}
	for _, t := range j.Spec.Tags {
		if !slices.ContainsFunc(w.Caps.Tags, func(h string) bool { return strings.EqualFold(h, t) }) {
			return false
		}
	}
	return true
}
