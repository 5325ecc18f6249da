package job

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/render"
)

// TestAISpecValidation: bad AI specs are refused with the field at fault;
// good ones are normalized (frames 0..n-1, the txt2img size, defaults).
func TestAISpecValidation(t *testing.T) {
	const cid = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy"
	up := func(mod func(*api.JobSpec)) api.JobSpec {
		s := api.JobSpec{Type: api.JobUpscale, Scene: cid, Upscale: &api.UpscaleSpec{Scale: 2, Inputs: []api.ImageInput{{CID: cid}}}}
		mod(&s)
		return s
	}
	tx := func(mod func(*api.JobSpec)) api.JobSpec {
		s := api.JobSpec{Type: api.JobTxt2Img, Scene: cid, Txt2Img: &api.Txt2ImgSpec{Prompts: []string{"p"}, Width: 512, Height: 512, Steps: 20, CFG: 7, Count: 4}}
		mod(&s)
		return s
	}
	for _, tc := range []struct {
		name string
		spec api.JobSpec
		want string
	}{
		{"unknown type", api.JobSpec{Type: "video", Scene: cid}, `job type "video"`},
		{"no model", up(func(s *api.JobSpec) { s.Scene = "" }), "no model"},
		{"bad model cid", up(func(s *api.JobSpec) { s.Scene = "Qm!" }), `model "Qm!"`},
		{"no section", up(func(s *api.JobSpec) { s.Upscale = nil }), "needs an upscale section"},
		{"both sections", up(func(s *api.JobSpec) { s.Txt2Img = &api.Txt2ImgSpec{} }), "no txt2img section"},
		{"no inputs", up(func(s *api.JobSpec) { s.Upscale.Inputs = nil }), "makes no images"},
		{"bad input cid", up(func(s *api.JobSpec) { s.Upscale.Inputs[0].CID = "nope" }), "input 0"},
		{"scale 9", up(func(s *api.JobSpec) { s.Upscale.Scale = 9 }), "scale 9"},
		{"tile 4", up(func(s *api.JobSpec) { s.Upscale.Tile = 4 }), "tile 4 is outside"},
		{"width given", up(func(s *api.JobSpec) { s.Width = 100 }), "leave width and height out"},
		{"spp given", up(func(s *api.JobSpec) { s.SPP = 64 }), "spp, bounces"},
		{"tiles", up(func(s *api.JobSpec) { s.TilesX = 2 }), "not split into tiles"},
		{"engine", up(func(s *api.JobSpec) { s.Engine = "vulkan" }), `engine "vulkan"`},
		{"per mps", up(func(s *api.JobSpec) { s.Price.PerMPS = 1 }), "priced per image"},
		{"frames", up(func(s *api.JobSpec) { s.FrameEnd = 9 }), "frames of a upscale job are its images, 0-0"},
		{"huge input", up(func(s *api.JobSpec) { s.Upscale.Inputs[0].Width, s.Upscale.Inputs[0].Height = 9000, 10 }), "up to 8192x8192"},
		{"no prompt", tx(func(s *api.JobSpec) { s.Txt2Img.Prompts = nil }), "no prompt"},
		{"empty prompt", tx(func(s *api.JobSpec) { s.Txt2Img.Prompts = []string{"a", ""} }), "prompt 2 is empty"},
		{"long prompt", tx(func(s *api.JobSpec) { s.Txt2Img.Prompts = []string{strings.Repeat("x", 5000)} }), "at most 4000"},
		{"grid too big", tx(func(s *api.JobSpec) { s.Txt2Img.Prompts = make([]string, 1000); s.Txt2Img.Count = 1000 }), "make 1000000 images"},
		{"odd size", tx(func(s *api.JobSpec) { s.Txt2Img.Width = 500 }), "multiples of 8"},
		{"tiny", tx(func(s *api.JobSpec) { s.Txt2Img.Width = 32 }), "outside 64x64"},
		{"steps", tx(func(s *api.JobSpec) { s.Txt2Img.Steps = 501 }), "steps 501"},
		{"cfg", tx(func(s *api.JobSpec) { s.Txt2Img.CFG = -1 }), "cfg -1"},
		{"negative seed", tx(func(s *api.JobSpec) { s.Txt2Img.Seed = -5 }), "seed -5 is negative"},
		{"seed overflow", tx(func(s *api.JobSpec) { s.Txt2Img.Seed = 1<<63 - 2 }), "overflows"},
		{"backend", tx(func(s *api.JobSpec) { s.Txt2Img.Backend = "dalle" }), `backend "dalle"`},
		{"size twice", tx(func(s *api.JobSpec) { s.Width, s.Height = 256, 256 }), "give the size once"},
		{"render with section", api.JobSpec{Scene: cid, FrameEnd: 1, Width: 8, Height: 8, SPP: 1, Upscale: &api.UpscaleSpec{}}, "set type to upscale or txt2img"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			spec := tc.spec
			err := Validate(&spec)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("validateSpec = %v, want an error containing %q", err, tc.want)
			}
		})
	}
	s := tx(func(*api.JobSpec) {})
	if err := Validate(&s); err != nil {
		t.Fatal(err)
	}
	if s.FrameStart != 0 || s.FrameEnd != 3 || s.Width != 512 || s.Verify != "redundant" || s.Redundancy != RedundantDefault {
		t.Errorf("txt2img normalized to frames %d-%d, width %d, verify %s %d%%", s.FrameStart, s.FrameEnd, s.Width, s.Verify, s.Redundancy)
	}
	if s.Params(2, 0).Hash() == s.Params(3, 0).Hash() {
		t.Error("two images of one prompt commit to the same parameters: a receipt for one could pay for the other")
	}
}

// TestFileNamesRefused: job and input names become the names of the files
// fetch writes, so a name that is a path is refused at submit.
func TestFileNamesRefused(t *testing.T) {
	const cid = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy"
	render := api.JobSpec{Scene: cid, FrameEnd: 1, Width: 8, Height: 8, SPP: 1}
	up := api.JobSpec{Type: api.JobUpscale, Scene: cid, Upscale: &api.UpscaleSpec{Scale: 2, Inputs: []api.ImageInput{{CID: cid}}}}
	for _, tc := range []struct {
		name string
		spec func() api.JobSpec
		want string
	}{
		{"job name ../../x", func() api.JobSpec { s := render; s.Name = "../../x"; return s }, "is a path"},
		{"job name with a backslash", func() api.JobSpec { s := render; s.Name = `a\b`; return s }, "is a path"},
		{"job name ..", func() api.JobSpec { s := render; s.Name = ".."; return s }, "is a path"},
		{"job name with a newline", func() api.JobSpec { s := render; s.Name = "a\nb"; return s }, "control character"},
		{"input name /etc/passwd", func() api.JobSpec {
			s := up
			s.Upscale = &api.UpscaleSpec{Scale: 2, Inputs: []api.ImageInput{{CID: cid, Name: "/etc/passwd"}}}
			return s
		}, "input 0 name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.spec()
			err := Validate(&s)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("validateSpec = %v, want an error containing %q", err, tc.want)
			}
		})
	}
	s := render
	s.Name = "shot 12 (final).glb"
	if err := Validate(&s); err != nil {
		t.Fatalf("a plain name was refused: %v", err)
	}
}

// TestOutputValidation: pass names, noise thresholds and min spp are
// checked at submit with the field named; denoising turns every pass on,
// and each output setting changes the parameters a receipt commits to.
func TestOutputValidation(t *testing.T) {
	const cid = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy"
	spec := func(mod func(*api.JobSpec)) api.JobSpec {
		s := api.JobSpec{Scene: cid, FrameEnd: 1, Width: 8, Height: 8, SPP: 32}
		mod(&s)
		return s
	}
	for _, tc := range []struct {
		name string
		spec api.JobSpec
		want string
	}{
		{"unknown pass", spec(func(s *api.JobSpec) { s.Passes = []string{"albedo", "shadow"} }), `passes: "shadow" is not a pass`},
		{"negative threshold", spec(func(s *api.JobSpec) { s.NoiseThreshold = -0.1 }), "noise_threshold -0.1 is outside"},
		{"threshold too high", spec(func(s *api.JobSpec) { s.NoiseThreshold = 2 }), "noise_threshold 2 is outside"},
		{"min spp without threshold", spec(func(s *api.JobSpec) { s.MinSPP = 8 }), "min_spp 8 is the floor of adaptive sampling"},
		{"min spp above spp", spec(func(s *api.JobSpec) { s.NoiseThreshold, s.MinSPP = 0.01, 64 }), "min_spp 64 is outside 0..32"},
		{"denoise on an AI job", api.JobSpec{Type: api.JobUpscale, Scene: cid, Denoise: true, Upscale: &api.UpscaleSpec{Scale: 2, Inputs: []api.ImageInput{{CID: cid}}}}, "belong to render jobs"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.spec
			if err := Validate(&s); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Validate = %v, want an error containing %q", err, tc.want)
			}
		})
	}
	plain := spec(func(*api.JobSpec) {})
	den := spec(func(s *api.JobSpec) { s.Denoise = true })
	passes := spec(func(s *api.JobSpec) { s.Passes = []string{"depth", "albedo", "depth"} })
	adaptive := spec(func(s *api.JobSpec) { s.NoiseThreshold = 0.02 })
	for _, s := range []*api.JobSpec{&plain, &den, &passes, &adaptive} {
		if err := Validate(s); err != nil {
			t.Fatal(err)
		}
	}
	if !slices.Equal(den.Passes, render.PassNames) || !slices.Equal(passes.Passes, []string{"albedo", "depth"}) {
		t.Errorf("passes normalized to %v (denoise) and %v; want every pass, and albedo, depth", den.Passes, passes.Passes)
	}
	hashes := map[string]bool{}
	for _, s := range []*api.JobSpec{&plain, &den, &passes, &adaptive} {
		hashes[s.Params(1, 0).Hash().Hex()] = true
	}
	if len(hashes) != 4 {
		t.Error("two output settings commit to the same parameters: a receipt for one could pay for the other")
	}
}

// TestBlendValidation: a .blend job needs engine blender and a .blend
// scene, takes none of the farm engines' own settings, and defaults to
// redundant proof (sample is refused: no coordinator re-renders Blender).
func TestBlendValidation(t *testing.T) {
	const cid = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy"
	blend := func(mod func(*api.JobSpec)) api.JobSpec {
		s := api.JobSpec{Scene: cid, SceneName: "shot.blend", Engine: api.EngineBlender, FrameEnd: 1, Width: 8, Height: 8, SPP: 4}
		mod(&s)
		return s
	}
	for _, tc := range []struct {
		name string
		spec api.JobSpec
		want string
	}{
		{"blend without the engine", blend(func(s *api.JobSpec) { s.Engine = "" }), "needs engine blender"},
		{"version without the engine", blend(func(s *api.JobSpec) { s.Engine, s.SceneName, s.Blender = "", "a.glb", "3.4.1" }), "needs engine blender"},
		{"glTF on blender", blend(func(s *api.JobSpec) { s.SceneName = "a.glb" }), `scene_name "a.glb" is not one`},
		{"unknown proof", blend(func(s *api.JobSpec) { s.Verify = "trust" }), "use redundant"},
		{"denoise", blend(func(s *api.JobSpec) { s.Denoise = true }), "renders with Cycles as the file says"},
		{"env", blend(func(s *api.JobSpec) { s.Env = cid }), "lit by its own world"},
		{"files on glTF", blend(func(s *api.JobSpec) {
			s.Engine, s.SceneName, s.Files = "", "a.glb", []api.FileRef{{Path: "a.png", CID: cid}}
		}), "one self-contained file"},
		{"scene name a path", blend(func(s *api.JobSpec) { s.SceneName = "../x.blend" }), "is a path"},
		{"file escapes", blend(func(s *api.JobSpec) { s.Files = []api.FileRef{{Path: "../etc/passwd", CID: cid}} }), `".." is a path`},
		{"file absolute", blend(func(s *api.JobSpec) { s.Files = []api.FileRef{{Path: "/etc/passwd", CID: cid}} }), "not a clean relative path"},
		{"file unclean", blend(func(s *api.JobSpec) { s.Files = []api.FileRef{{Path: "tex/../../x", CID: cid}} }), "not a clean relative path"},
		{"file backslash", blend(func(s *api.JobSpec) { s.Files = []api.FileRef{{Path: `tex\..\x`, CID: cid}} }), "is a path"},
		{"file not a CID", blend(func(s *api.JobSpec) { s.Files = []api.FileRef{{Path: "a.png", CID: "Qm!"}} }), "is not a CID"},
		{"file twice", blend(func(s *api.JobSpec) { s.Files = []api.FileRef{{Path: "a.png", CID: cid}, {Path: "a.png", CID: cid}} }), "given twice"},
		{"file over the blend", blend(func(s *api.JobSpec) {
			s.SceneDir, s.Files = "shots", []api.FileRef{{Path: "shots/shot.blend", CID: cid}}
		}), "given twice"},
		{"file as folder", blend(func(s *api.JobSpec) { s.Files = []api.FileRef{{Path: "tex", CID: cid}, {Path: "tex/a.png", CID: cid}} }), "needs it to be a folder"},
		{"scene dir escapes", blend(func(s *api.JobSpec) { s.SceneDir = "../up" }), "scene_dir"},
		{"unknown device", blend(func(s *api.JobSpec) { s.BlenderDevice = "GPU" }), "use one of CPU, OPTIX"},
		{"device on glTF", blend(func(s *api.JobSpec) { s.Engine, s.SceneName, s.BlenderDevice = "", "a.glb", "CUDA" }), "Cycles device of a .blend job"},
		{"too many files", blend(func(s *api.JobSpec) {
			for i := range api.MaxFiles + 1 {
				s.Files = append(s.Files, api.FileRef{Path: fmt.Sprintf("f%d", i), CID: cid})
			}
		}), "at most 4096"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.spec
			if err := Validate(&s); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Validate = %v, want an error containing %q", err, tc.want)
			}
		})
	}
	s := blend(func(*api.JobSpec) {})
	if err := Validate(&s); err != nil {
		t.Fatal(err)
	}
	if s.Verify != "redundant" || s.Redundancy != RedundantDefault {
		t.Errorf("a .blend job defaults to %s at %d%%; want redundant at %d%%", s.Verify, s.Redundancy, RedundantDefault)
	}
	pinned := blend(func(s *api.JobSpec) { s.Blender = "3.4.1" })
	if err := Validate(&pinned); err != nil || pinned.Params(1, 0).Hash() == s.Params(1, 0).Hash() {
		t.Errorf("pinning the Blender version: %v; it must change the parameters a receipt commits to", err)
	}
	gpu := blend(func(s *api.JobSpec) { s.BlenderDevice = "OPTIX" })
	cpu := blend(func(s *api.JobSpec) { s.BlenderDevice = "CPU" })
	if err := Validate(&gpu); err != nil || gpu.Params(1, 0).Hash() == s.Params(1, 0).Hash() {
		t.Errorf("pinning a GPU backend: %v; it must change the parameters a receipt commits to", err)
	}
	if err := Validate(&cpu); err != nil || cpu.Params(1, 0).Hash() != s.Params(1, 0).Hash() {
		t.Errorf("blender_device CPU: %v; it is the default, and the same parameters", err)
	}
	tree := blend(func(s *api.JobSpec) {
		s.SceneDir, s.Files = "shots/a", []api.FileRef{{Path: "tex/wood.png", CID: cid}, {Path: "shots/a/blendcache_shot/x.bphys", CID: cid}}
	})
	if err := Validate(&tree); err != nil {
		t.Fatalf("a .blend with its folder: %v", err)
	}
	moved := tree
	moved.Files = []api.FileRef{{Path: "tex/oak.png", CID: cid}, {Path: "shots/a/blendcache_shot/x.bphys", CID: cid}}
	if tree.Params(1, 0).Hash() == s.Params(1, 0).Hash() || moved.Params(1, 0).Hash() == tree.Params(1, 0).Hash() {
		t.Error("a receipt must commit to the .blend's folder: its files and their paths")
	}
}
