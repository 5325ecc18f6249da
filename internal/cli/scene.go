package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/urfave/cli/v2"

	"github.com/rendergrid/rendergrid/scenes"
)

func sceneCommand() *cli.Command {
	return &cli.Command{
		Name:  "scene",
		Usage: "work with scene files",
		Subcommands: []*cli.Command{{
			Name:      "inspect",
			Usage:     "print a scene's meshes, triangles, materials, cameras, lights, animation range and warnings",
			ArgsUsage: "SCENE.glb|SCENE.gltf|sample:NAME",
			Flags: append([]cli.Flag{
				&cli.Float64Flag{Name: "fps", Value: scenes.DefaultFPS, Usage: "frames per second, to print the animation range in frames"},
				&cli.BoolFlag{Name: "json", Usage: "print JSON"},
			}, sceneLimitFlags()...),
			Action: func(c *cli.Context) error {
				if c.NArg() != 1 {
					return errors.New("scene inspect needs exactly one scene file (or sample:NAME)")
				}
				sc, err := loadScene(c.Args().First(), sceneLimits(c))
				if err != nil {
					return err
				}
				sum := summarize(sc, c.Float64("fps"))
				if c.Bool("json") {
					enc := json.NewEncoder(os.Stdout)
					enc.SetIndent("", "  ")
					return enc.Encode(sum)
				}
				sum.print(os.Stdout)
				return nil
			},
		}},
	}
}

// sceneSummary is what `scene inspect` reports.
type sceneSummary struct {
	Name         string   `json:"name"`
	Triangles    int      `json:"triangles"`
	Meshes       []string `json:"meshes"`
	Materials    []string `json:"materials"`
	Cameras      []string `json:"cameras"`
	Lights       []string `json:"lights"`
	Textures     int      `json:"textures"`
	AnimStart    float64  `json:"animation_start_s"`
	AnimEnd      float64  `json:"animation_end_s"`
	FrameStart   int      `json:"first_frame"`
	FrameEnd     int      `json:"last_frame"`
	Skins        int      `json:"skins"`
	MorphTargets int      `json:"morph_targets"`
	Warnings     []string `json:"warnings"`
}

func summarize(sc *scenes.Scene, fps float64) sceneSummary {
	s := sceneSummary{Name: sc.Name, Triangles: sc.Triangles(), Textures: len(sc.Textures), Warnings: append([]string(nil), sc.Warnings...)}
	for _, m := range sc.Meshes {
		n := 0
		for _, p := range m.Primitives {
			n += len(p.Indices) / 3
		}
		s.Meshes = append(s.Meshes, fmt.Sprintf("%s: %d primitives, %d triangles", m.Name, len(m.Primitives), n))
	}
	for _, m := range sc.Materials[:len(sc.Materials)-1] {
		d := fmt.Sprintf("%s: base (%.3g %.3g %.3g), metallic %.3g, roughness %.3g", m.Name,
			m.BaseColor[0], m.BaseColor[1], m.BaseColor[2], m.Metallic, m.Roughness)
		if m.Emissive.MaxComp() > 0 {
			d += fmt.Sprintf(", emissive (%.3g %.3g %.3g)", m.Emissive.X, m.Emissive.Y, m.Emissive.Z)
		}
		if m.Tex[scenes.TexBaseColor].Index >= 0 {
			d += ", base colour texture"
		}
		for _, f := range []struct {
			on   bool
			name string
		}{
			{m.Transmission > 0, fmt.Sprintf("transmission %.3g", m.Transmission)},
			{m.Thickness > 0, fmt.Sprintf("volume (thickness %.3g)", m.Thickness)},
			{m.Clearcoat > 0, fmt.Sprintf("clearcoat %.3g", m.Clearcoat)},
			{m.SheenColor.MaxComp() > 0, "sheen"},
			{m.Iridescence > 0, "iridescence"},
			{m.Anisotropy > 0, "anisotropy"},
			{m.Dispersion > 0, "dispersion"},
			{m.Unlit, "unlit"},
			{m.AlphaMode == scenes.AlphaMask, fmt.Sprintf("alpha mask (cutoff %.3g)", m.AlphaCutoff)},
			{m.AlphaMode == scenes.AlphaBlend, "alpha blend"},
		} {
			if f.on {
				d += ", " + f.name
			}
		}
		s.Materials = append(s.Materials, d)
	}
	for _, n := range sc.Nodes {
		if n.Camera >= 0 {
			c := sc.Cameras[n.Camera]
			if c.Ortho {
				s.Cameras = append(s.Cameras, fmt.Sprintf("%s (node %s): orthographic, xmag %.3g, ymag %.3g", c.Name, n.Name, c.XMag, c.YMag))
			} else {
				s.Cameras = append(s.Cameras, fmt.Sprintf("%s (node %s): perspective, yfov %.3g rad", c.Name, n.Name, c.YFov))
			}
		}
		if n.Light >= 0 {
			l := sc.Lights[n.Light]
			s.Lights = append(s.Lights, fmt.Sprintf("%s (node %s): %s, intensity %.3g", l.Name, n.Name, l.Type, l.Intensity))
		}
	}
	s.AnimStart, s.AnimEnd = sc.Range()
	s.FrameStart, s.FrameEnd = int(s.AnimStart*fps+0.5), int(s.AnimEnd*fps+0.5)
	if len(sc.Skins) > 0 {
		s.Skins = len(sc.Skins)
	}
	for _, m := range sc.Meshes {
		for _, p := range m.Primitives {
			s.MorphTargets = max(s.MorphTargets, len(p.Targets))
		}
	}
	if f, err := sc.Frame(scenes.FrameOptions{Frame: s.FrameStart, FPS: fps}); err == nil && !f.Lit() {
		s.Warnings = append(s.Warnings, scenes.NoLightWarning)
	}
	return s
}

func (s sceneSummary) print(w io.Writer) {
	fmt.Fprintf(w, "scene %s: %d triangles, %d textures\n", s.Name, s.Triangles, s.Textures)
	section := func(title string, items []string) {
		fmt.Fprintf(w, "%s (%d):\n", title, len(items))
		for _, it := range items {
			fmt.Fprintf(w, "  %s\n", it)
		}
	}
	section("meshes", s.Meshes)
	section("materials", s.Materials)
	if len(s.Cameras) == 0 {
		fmt.Fprintln(w, "cameras (0): none; renders frame the scene bounds from +Z")
	} else {
		section("cameras", s.Cameras)
	}
	section("lights", s.Lights)
	if s.Skins > 0 || s.MorphTargets > 0 {
		fmt.Fprintf(w, "skins: %d, morph targets: %d per primitive at most\n", s.Skins, s.MorphTargets)
	}
	if s.AnimEnd > s.AnimStart {
		fmt.Fprintf(w, "animation: %.3gs to %.3gs (frames %d to %d)\n", s.AnimStart, s.AnimEnd, s.FrameStart, s.FrameEnd)
	} else {
		fmt.Fprintln(w, "animation: none")
	}
	section("warnings", s.Warnings)
}

// sceneLimitFlags are the flags that raise the budgets a scene is decoded
// under, on every command that decodes scenes from others.
func sceneLimitFlags() []cli.Flag {
	return []cli.Flag{
		&cli.IntFlag{Name: scenes.FlagMaxTriangles, Value: scenes.DefaultMaxTriangles, Usage: "refuse scenes with more triangles than this in one frame (every instance counted)"},
		&cli.IntFlag{Name: scenes.FlagMaxTexturePixels, Value: scenes.DefaultMaxTexturePixels, Usage: "refuse scenes whose textures decode to more pixels than this"},
	}
}

// sceneLimits reads sceneLimitFlags.
func sceneLimits(c *cli.Context) scenes.Limits {
	return scenes.Limits{Triangles: c.Int(scenes.FlagMaxTriangles), TexturePixels: c.Int(scenes.FlagMaxTexturePixels)}
}
