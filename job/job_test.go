package job

import (
	"testing"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/render"
)

func TestSettingsFor(t *testing.T) {
	spec := api.JobSpec{Width: 100, Height: 60, SPP: 16, MaxBounces: 5, Seed: 9, TilesX: 2, TilesY: 2, FilmTransparent: true}
	for _, tc := range []struct {
		name   string
		spec   api.JobSpec
		tile   int
		region render.Region
		w, h   int
	}{
		{"no tiles", api.JobSpec{Width: 100, Height: 60, SPP: 16, MaxBounces: 5, Seed: 9, FilmTransparent: true}, 0, render.Region{}, 100, 60},
		{"first tile", spec, 0, render.Region{X0: 0, Y0: 0, X1: 50, Y1: 30}, 50, 30},
		{"last tile", spec, 3, render.Region{X0: 50, Y0: 30, X1: 100, Y1: 60}, 50, 30},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := SettingsFor(&tc.spec, tc.tile, nil)
			if s.Width != 100 || s.Height != 60 || s.SPP != 16 || s.MaxBounces != 5 || s.Seed != 9 || !s.FilmTransparent {
				t.Errorf("settings %+v do not carry the spec's", s)
			}
			if s.Region != tc.region {
				t.Errorf("region %+v, want %+v", s.Region, tc.region)
			}
			if w, h := UnitSize(&tc.spec, tc.tile); w != tc.w || h != tc.h {
				t.Errorf("unit size %dx%d, want %dx%d", w, h, tc.w, tc.h)
			}
		})
	}
}

func TestNames(t *testing.T) {
	for _, tc := range []struct {
		spec       api.JobSpec
		scene, env string
	}{
		{api.JobSpec{Scene: "bafyscene", SceneName: "shot.gltf", Env: "bafyenv", EnvName: "sky.hdr"}, "shot.gltf", "sky.hdr"},
		{api.JobSpec{Scene: "bafyscene", SceneName: "shot", Env: "bafyenv"}, "bafyscene.glb", "bafyenv"},
		{api.JobSpec{Scene: "bafyscene"}, "bafyscene.glb", ""},
	} {
		if got := SceneName(&tc.spec); got != tc.scene {
			t.Errorf("SceneName(%+v) = %q, want %q", tc.spec, got, tc.scene)
		}
		if got := EnvName(&tc.spec); got != tc.env {
			t.Errorf("EnvName(%+v) = %q, want %q", tc.spec, got, tc.env)
		}
	}
}
