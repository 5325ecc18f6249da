package job

import (
	"strings"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/render"
	"github.com/rendergrid/rendergrid/scenes"
)

// SceneName is the file name a job's scene decodes as: the name it was
// submitted with when that has an extension, else its CID as a .glb.
func SceneName(spec *api.JobSpec) string {
	if strings.ContainsRune(spec.SceneName, '.') {
		return spec.SceneName
	}
	return spec.Scene + ".glb"
}

// EnvName is the file name a job's environment map decodes as (its
// extension picks the decoder): the name it was submitted with, else its
// CID.
func EnvName(spec *api.JobSpec) string {
	if spec.EnvName != "" {
		return spec.EnvName
	}
	return spec.Env
}

// FrameOptions poses a job's scene at frame.
func FrameOptions(spec *api.JobSpec, frame int) scenes.FrameOptions {
	return scenes.FrameOptions{Frame: frame, FPS: spec.FPS, Camera: spec.Camera}
}

// SettingsFor is how tile (0 for a job without tiles) of every frame of a
// job renders, lit by env (the job's environment map, nil without one).
func SettingsFor(spec *api.JobSpec, tile int, env *scenes.Environment) render.Settings {
	s := render.Settings{
		Width: spec.Width, Height: spec.Height, SPP: spec.SPP, MaxBounces: spec.MaxBounces, Seed: spec.Seed,
		Env: env, Background: background(spec), FilmTransparent: spec.FilmTransparent,
		Passes: spec.EXR(), NoiseThreshold: float32(spec.NoiseThreshold), MinSPP: spec.MinSPP,
	}
	if r := spec.TileRegion(tile); r != [4]int{} {
		s.Region = render.Region{X0: r[0], Y0: r[1], X1: r[2], Y1: r[3]}
	}
	return s
}

// UnitSize is the pixel size of a unit's image: its tile's, or the frame's.
func UnitSize(spec *api.JobSpec, tile int) (w, h int) {
	if r := spec.TileRegion(tile); r != [4]int{} {
		return r[2] - r[0], r[3] - r[1]
	}
	return spec.Width, spec.Height
}

// background is the spec's background as a colour (black when unset).
func background(spec *api.JobSpec) scenes.Vec3 {
	if spec.Background == nil {
		return scenes.Vec3{}
	}
	return scenes.Vec3{X: float32(spec.Background[0]), Y: float32(spec.Background[1]), Z: float32(spec.Background[2])}
}
