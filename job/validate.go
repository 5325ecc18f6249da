package job

import (
	"bytes"
	"fmt"
	"image"
	"math"
	"path"
	"slices"
	"strings"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/ipfs/cids"
	"github.com/rendergrid/rendergrid/render"
	"github.com/rendergrid/rendergrid/render/proof"
	"github.com/rendergrid/rendergrid/render/upscale"
	"github.com/rendergrid/rendergrid/scenes"
)

// Limits of upscale jobs' tiles.
const (
	maxUpTile = 2048 // largest tile side an upscale job may ask for
	minUpTile = 32
)

// Validate checks a submitted job spec and fills its defaults. The
// coordinator calls it in the HTTP handler (to answer 400 before touching
// the log) and again in apply, so the state machine never holds a bad job.
// Its errors name the field at fault.
func Validate(s *api.JobSpec) error {
	if s.Scene == "" {
		what := "scene: give the CID of an uploaded scene file"
		if s.AI() {
			what = "model: give the CID of the model file"
		}
		return fmt.Errorf("the job has no %s", what)
	}
	if _, err := cids.Parse(s.Scene); err != nil {
		if s.AI() {
			return fmt.Errorf("model %q: %v", s.Scene, err)
		}
		return fmt.Errorf("scene %q: %v", s.Scene, err)
	}
	if s.JobType() != api.JobRender && (len(s.Passes) > 0 || s.Denoise || s.NoiseThreshold != 0 || s.MinSPP != 0) {
		return fmt.Errorf("passes, denoise, noise_threshold and min_spp belong to render jobs, not %s jobs", s.JobType())
	}
	var err error
	switch s.JobType() {
	case api.JobRender:
		err = validateRender(s)
	case api.JobUpscale:
		err = validateUpscale(s)
	case api.JobTxt2Img:
		err = validateTxt2Img(s)
	default:
		return fmt.Errorf("job type %q: use render (the default), upscale or txt2img", s.Type)
	}
	if err != nil {
		return err
	}
	if s.Chunk < 0 || s.Chunk > 1000 {
		return fmt.Errorf("chunk %d is outside 0 (auto)..1000", s.Chunk)
	}
	if len(s.Tags) > api.MaxTags {
		return fmt.Errorf("%d tags; at most %d", len(s.Tags), api.MaxTags)
	}
	if len(s.Name) > 200 || len(s.SceneName) > 200 || len(s.Camera) > 200 || len(s.Engine) > 50 {
		return fmt.Errorf("name, scene name, camera and engine are limited to 200, 200, 200 and 50 bytes")
	}
	if err := api.CheckFileName(s.Name); err != nil {
		return fmt.Errorf("job %v", err)
	}
	if err := s.Price.Validate(); err != nil {
		return fmt.Errorf("price: %v", err)
	}
	if !proof.ValidPolicy(s.Verify) {
		return fmt.Errorf("verification policy %q: use sample (the default), redundant or none", s.Verify)
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
		return fmt.Errorf("redundancy %d%% is outside 0..100", s.Redundancy)
	}
	if s.Verify == proof.Redundant && s.Redundancy == 0 {
		s.Redundancy = RedundantDefault
	}
	if r := s.Retry; r != nil {
		if r.MaxWorkers < 0 || r.BlocklistAfter < 0 || r.FailPercent < 0 || r.FailPercent > 100 || r.MaxRuntimeSec < 0 {
			return fmt.Errorf("retry policy %+v: counts must be >= 0 and fail_percent within 0..100", *r)
		}
	}
	return nil
}

// validateRender checks the fields of a 3-D render job.
func validateRender(s *api.JobSpec) error {
	if s.Upscale != nil || s.Txt2Img != nil {
		return fmt.Errorf("a render job has no upscale or txt2img section; set type to upscale or txt2img")
	}
	if s.FrameEnd < s.FrameStart {
		return fmt.Errorf("frame range %d-%d is reversed or empty", s.FrameStart, s.FrameEnd)
	}
	if s.FrameStart < 0 {
		return fmt.Errorf("frame range %d-%d starts below 0", s.FrameStart, s.FrameEnd)
	}
	if n := int64(s.FrameEnd) - int64(s.FrameStart) + 1; n > api.MaxFrames {
		return fmt.Errorf("frame range %d-%d has %d frames; a job may have at most %d", s.FrameStart, s.FrameEnd, n, api.MaxFrames)
	}
	if s.MaxBounces == 0 {
		s.MaxBounces = render.DefaultBounce
	}
	s.TilesX, s.TilesY = max(s.TilesX, 1), max(s.TilesY, 1)
	if s.TilesX > api.MaxTiles || s.TilesY > api.MaxTiles || s.TilesX > max(s.Width, 1) || s.TilesY > max(s.Height, 1) {
		return fmt.Errorf("tiles %dx%d: at most %dx%d and no more than the image's pixels", s.TilesX, s.TilesY, api.MaxTiles, api.MaxTiles)
	}
	if err := validateOutput(s); err != nil {
		return err
	}
	if err := validateBlend(s); err != nil {
		return err
	}
	// The settings every unit renders with, as the workers and verifiers
	// will build them.
	if err := SettingsFor(s, 0, nil).Validate(); err != nil {
		return fmt.Errorf("%v", err)
	}
	if units := int64(s.FrameEnd-s.FrameStart+1) * int64(s.TilesX*s.TilesY); units > api.MaxFrames {
		return fmt.Errorf("%d frames of %d tiles make %d units; a job may have at most %d", s.FrameEnd-s.FrameStart+1, s.TilesX*s.TilesY, units, api.MaxFrames)
	}
	if s.FPS < 0 || s.FPS > 1000 {
		return fmt.Errorf("fps %g is outside 0..1000", s.FPS)
	}
	return validateLighting(s)
}

// IsBlend reports whether data (or its first bytes) is a .blend file:
// plain, or compressed as Blender writes it (zstd since 3.0, gzip before).
func IsBlend(data []byte) bool {
	return bytes.HasPrefix(data, []byte("BLENDER")) ||
		bytes.HasPrefix(data, []byte{0x28, 0xb5, 0x2f, 0xfd}) ||
		bytes.HasPrefix(data, []byte{0x1f, 0x8b})
}

// validateBlend checks a .blend job (engine blender): its scene is a
// .blend, it renders with Cycles' own settings (no passes, denoising or
// adaptive sampling of ours), and, since a coordinator cannot re-render a
// Blender frame, its proof of render is redundant (or none). Any job that
// names a Blender version must be one.
func validateBlend(s *api.JobSpec) error {
	if s.Engine != api.EngineBlender {
		if s.Blender != "" || strings.HasSuffix(strings.ToLower(s.SceneName), ".blend") {
			return fmt.Errorf("a .blend scene or a blender version needs engine blender (Blender on the workers); glTF scenes render with the farm's own engines")
		}
		if len(s.Files) > 0 || s.SceneDir != "" {
			return fmt.Errorf("files and scene_dir are the folder of a .blend job (engine blender); a glTF scene is one self-contained file")
		}
		if s.BlenderDevice != "" {
			return fmt.Errorf("blender_device is the Cycles device of a .blend job (engine blender)")
		}
		return nil
	}
	if !strings.HasSuffix(strings.ToLower(s.SceneName), ".blend") {
		return fmt.Errorf("engine blender renders a .blend file; scene_name %q is not one", s.SceneName)
	}
	if err := api.CheckFileName(s.SceneName); err != nil {
		return fmt.Errorf("scene_name: %w", err)
	}
	if err := validateFiles(s); err != nil {
		return err
	}
	if s.BlenderDevice != "" && !slices.Contains(api.BlenderDevices, s.BlenderDevice) {
		return fmt.Errorf("blender_device %q: use one of %s (Cycles' device names)", s.BlenderDevice, strings.Join(api.BlenderDevices, ", "))
	}
	if len(s.Passes) > 0 || s.Denoise || s.NoiseThreshold != 0 {
		return fmt.Errorf("passes, denoise and noise_threshold are the farm's engines' settings; a .blend job renders with Cycles as the file says")
	}
	if s.Env != "" || s.Background != nil || s.FilmTransparent {
		return fmt.Errorf("env, background and film_transparent are the farm's engines' settings; a .blend job is lit by its own world")
	}
	switch s.Verify {
	case "", proof.Redundant:
		s.Verify = proof.Redundant
		if s.Redundancy == 0 {
			s.Redundancy = RedundantDefault
		}
	case proof.None, proof.Sample:
		// sample: the coordinators re-render a region of every unit with
		// their own Blender, which the submission is checked against.
	default:
		return fmt.Errorf("verification policy %q: use redundant (the default for .blend jobs), sample (coordinators with Blender re-render a region of every unit) or none", s.Verify)
	}
	return nil
}

// validateFiles checks the folder of a .blend job: at most api.MaxFiles
// files, each at a clean relative path, stored under a CID, none twice and
// none where the .blend or another file's folder is.
func validateFiles(s *api.JobSpec) error {
	if len(s.Files) > api.MaxFiles {
		return fmt.Errorf("files: %d given; a job's folder holds at most %d (pack small files into the .blend)", len(s.Files), api.MaxFiles)
	}
	if s.SceneDir != "" {
		if err := api.CheckTreePath(s.SceneDir); err != nil {
			return fmt.Errorf("scene_dir: %w", err)
		}
	}
	taken := map[string]bool{path.Join(s.SceneDir, s.SceneName): true}
	for _, f := range s.Files {
		if err := api.CheckTreePath(f.Path); err != nil {
			return fmt.Errorf("files: %w", err)
		}
		if _, err := cids.Parse(f.CID); err != nil {
			return fmt.Errorf("files: %s: %q is not a CID: %v", f.Path, f.CID, err)
		}
		if taken[f.Path] {
			return fmt.Errorf("files: %s is given twice (or is the .blend itself)", f.Path)
		}
		taken[f.Path] = true
	}
	for _, f := range s.Files {
		for d := path.Dir(f.Path); d != "."; d = path.Dir(d) {
			if taken[d] {
				return fmt.Errorf("files: %s is a file, and %s needs it to be a folder", d, f.Path)
			}
		}
	}
	if s.SceneDir != "" {
		for d := s.SceneDir; d != "."; d = path.Dir(d) {
			if taken[d] {
				return fmt.Errorf("files: %s is a file, and scene_dir needs it to be a folder", d)
			}
		}
	}
	return nil
}

// validateOutput checks the passes, denoising and adaptive sampling of a
// render job, naming the field at fault, and puts the passes in their
// canonical order (every pass when the job is denoised).
func validateOutput(s *api.JobSpec) error {
	if len(s.Passes) > len(render.PassNames) {
		return fmt.Errorf("passes: %d given; there are %d (%s)", len(s.Passes), len(render.PassNames), strings.Join(render.PassNames, ", "))
	}
	for _, p := range s.Passes {
		if err := render.CheckPass(p); err != nil {
			return fmt.Errorf("passes: %v", err)
		}
	}
	var canon []string
	for _, p := range render.PassNames {
		if s.Denoise || slices.Contains(s.Passes, p) {
			canon = append(canon, p)
		}
	}
	s.Passes = canon
	if !(s.NoiseThreshold >= 0 && s.NoiseThreshold <= render.MaxThreshold) {
		return fmt.Errorf("noise_threshold %g is outside 0..%d (0 turns adaptive sampling off; 0.01 is a good start)", s.NoiseThreshold, render.MaxThreshold)
	}
	if s.MinSPP != 0 && s.NoiseThreshold == 0 {
		return fmt.Errorf("min_spp %d is the floor of adaptive sampling; it needs noise_threshold", s.MinSPP)
	}
	if s.MinSPP < 0 || s.MinSPP > s.SPP {
		return fmt.Errorf("min_spp %d is outside 0..%d (the spp)", s.MinSPP, s.SPP)
	}
	return nil
}

// validateLighting checks the environment fields of a render job and fills
// their defaults (strength 1 with a map).
func validateLighting(s *api.JobSpec) error {
	if s.Env == "" {
		if s.EnvStrength != 0 || s.EnvRotation != 0 || s.EnvName != "" {
			return fmt.Errorf("env_strength, env_rotation and env_name need env (the CID of an .hdr or .exr map)")
		}
	} else {
		if _, err := cids.Parse(s.Env); err != nil {
			return fmt.Errorf("env %q is not a CID: %v", s.Env, err)
		}
		if s.EnvStrength == 0 {
			s.EnvStrength = 1
		}
		if !(s.EnvStrength > 0 && s.EnvStrength <= scenes.MaxEnvStrength) {
			return fmt.Errorf("env_strength %g is outside (0, %g]", s.EnvStrength, float64(scenes.MaxEnvStrength))
		}
		if math.IsNaN(s.EnvRotation) || math.Abs(s.EnvRotation) > 1e6 {
			return fmt.Errorf("env_rotation %g is not a number of degrees within ±1e6", s.EnvRotation)
		}
		if len(s.EnvName) > 255 {
			return fmt.Errorf("env_name is over 255 bytes")
		}
	}
	if bg := s.Background; bg != nil {
		for _, c := range bg {
			if !(c >= 0 && c <= scenes.MaxEnvStrength) {
				return fmt.Errorf("background %v: each channel must be a radiance within 0..%g", *bg, float64(scenes.MaxEnvStrength))
			}
		}
		if s.Env != "" {
			return fmt.Errorf("give env or background, not both (the map replaces the colour)")
		}
	}
	return nil
}

// validateAI refuses the render-only fields in an AI job, and spreads its
// frames over 0..n-1 with whole frames.
func validateAI(s *api.JobSpec, n int) error {
	switch {
	case s.SPP != 0 || s.MaxBounces != 0 || s.Seed != 0 || s.Camera != "" || s.FPS != 0:
		return fmt.Errorf("spp, bounces, seed, camera and fps belong to render jobs; a %s job takes its settings in its %s section", s.Type, s.Type)
	case s.Env != "" || s.Background != nil || s.FilmTransparent || s.EnvStrength != 0 || s.EnvRotation != 0:
		return fmt.Errorf("env, background and film_transparent light render jobs; a %s job has no scene to light", s.Type)
	case s.TilesX > 1 || s.TilesY > 1:
		return fmt.Errorf("a %s job is not split into tiles by the coordinator (workers tile large images themselves)", s.Type)
	case s.Engine != "":
		return fmt.Errorf("engine %q: engines render 3-D jobs; a %s job goes to workers that hold its model", s.Engine, s.Type)
	case s.Price.PerMPS != 0:
		return fmt.Errorf("a %s job is priced per image (price.per_frame), not per megapixel-sample", s.Type)
	case n < 1:
		return fmt.Errorf("the %s job makes no images", s.Type)
	case n > api.MaxFrames:
		return fmt.Errorf("the %s job makes %d images; a job may have at most %d", s.Type, n, api.MaxFrames)
	case s.FrameStart != 0 || s.FrameEnd != 0 && s.FrameEnd != n-1:
		return fmt.Errorf("frames of a %s job are its images, 0-%d; leave frame_start and frame_end out", s.Type, n-1)
	}
	s.FrameStart, s.FrameEnd, s.TilesX, s.TilesY = 0, n-1, 1, 1
	return nil
}

// validateUpscale checks an upscale job: its inputs, scale and tile.
func validateUpscale(s *api.JobSpec) error {
	u := s.Upscale
	if u == nil || s.Txt2Img != nil {
		return fmt.Errorf("an upscale job needs an upscale section (inputs and scale) and no txt2img section")
	}
	if s.Width != 0 || s.Height != 0 {
		return fmt.Errorf("an upscale job's size is its inputs' times the scale; leave width and height out")
	}
	if err := validateAI(s, len(u.Inputs)); err != nil {
		return err
	}
	if u.Scale < 1 || u.Scale > 8 {
		return fmt.Errorf("scale %d: upscale by 2, 3, 4 or 8 (the model's own scale)", u.Scale)
	}
	if u.Tile != 0 && (u.Tile < minUpTile || u.Tile > maxUpTile) {
		return fmt.Errorf("tile %d is outside %d..%d input pixels", u.Tile, minUpTile, maxUpTile)
	}
	for i, in := range u.Inputs {
		if _, err := cids.Parse(in.CID); err != nil {
			return fmt.Errorf("input %d (%s): %v", i, in.Name, err)
		}
		if len(in.Name) > 200 {
			return fmt.Errorf("input %d: name is over 200 bytes", i)
		}
		if err := api.CheckFileName(in.Name); err != nil {
			return fmt.Errorf("input %d %v", i, err)
		}
		if in.Width != 0 || in.Height != 0 {
			if err := upscale.CheckInput(image.Rect(0, 0, in.Width, in.Height), u.Scale); err != nil {
				return fmt.Errorf("input %d (%s): %v", i, in.Name, err)
			}
		}
	}
	return nil
}

// validateTxt2Img checks a text-to-image job.
func validateTxt2Img(s *api.JobSpec) error {
	t := s.Txt2Img
	if t == nil || s.Upscale != nil {
		return fmt.Errorf("a txt2img job needs a txt2img section (prompts, size, steps, cfg, seed, count) and no upscale section")
	}
	if t.Count == 0 {
		t.Count = 1
	}
	if t.Count < 0 || t.Count > api.MaxFrames {
		return fmt.Errorf("count %d is outside 1..%d", t.Count, api.MaxFrames)
	}
	if len(t.Prompts) == 0 {
		return fmt.Errorf("the txt2img job has no prompt")
	}
	n := int64(len(t.Prompts)) * int64(t.Count)
	if n > api.MaxFrames {
		return fmt.Errorf("%d prompts of %d images make %d images; a job may have at most %d", len(t.Prompts), t.Count, n, api.MaxFrames)
	}
	if (s.Width != 0 || s.Height != 0) && (s.Width != t.Width || s.Height != t.Height) {
		return fmt.Errorf("width and height %dx%d differ from the txt2img size %dx%d; give the size once", s.Width, s.Height, t.Width, t.Height)
	}
	s.Width, s.Height = 0, 0
	if err := validateAI(s, int(n)); err != nil {
		return err
	}
	s.Width, s.Height = t.Width, t.Height
	for i, p := range t.Prompts {
		if p == "" {
			return fmt.Errorf("prompt %d is empty", i+1)
		}
		if len(p) > api.MaxPromptBytes {
			return fmt.Errorf("prompt %d is %d bytes; at most %d", i+1, len(p), api.MaxPromptBytes)
		}
	}
	switch {
	case len(t.Negative) > api.MaxPromptBytes:
		return fmt.Errorf("the negative prompt is %d bytes; at most %d", len(t.Negative), api.MaxPromptBytes)
	case t.Backend != "" && t.Backend != api.BackendSDAPI && t.Backend != api.BackendComfyUI:
		return fmt.Errorf("backend %q: use sdapi or comfyui (or leave it out for either)", t.Backend)
	case t.Width < api.MinTxt2ImgSide || t.Height < api.MinTxt2ImgSide || t.Width > api.MaxTxt2ImgSide || t.Height > api.MaxTxt2ImgSide:
		return fmt.Errorf("size %dx%d is outside %dx%d..%dx%d", t.Width, t.Height, api.MinTxt2ImgSide, api.MinTxt2ImgSide, api.MaxTxt2ImgSide, api.MaxTxt2ImgSide)
	case t.Width%8 != 0 || t.Height%8 != 0:
		return fmt.Errorf("size %dx%d: both sides must be multiples of 8 (the latent is an eighth of the image)", t.Width, t.Height)
	case t.Steps < 1 || t.Steps > api.MaxSteps:
		return fmt.Errorf("steps %d is outside 1..%d", t.Steps, api.MaxSteps)
	case math.IsNaN(t.CFG) || t.CFG < 0 || t.CFG > api.MaxCFG:
		return fmt.Errorf("cfg %g is outside 0..%d", t.CFG, api.MaxCFG)
	case len(t.Sampler) > 64:
		return fmt.Errorf("sampler name is over 64 bytes")
	case t.Seed < 0:
		return fmt.Errorf("seed %d is negative; give a seed of 0 or more so that every image can be made again", t.Seed)
	case t.Seed > math.MaxInt64-int64(t.Count):
		return fmt.Errorf("seed %d plus count %d overflows a 64-bit seed", t.Seed, t.Count)
	}
	return nil
}
