// Package gputest is the cross-check shared by the GPU engines' tests: the
// sample scenes rendered by an engine and by render/cpu must agree.
package gputest

import (
	"context"
	"math"
	"testing"

	"github.com/rendergrid/rendergrid/render"
	"github.com/rendergrid/rendergrid/render/cpu"
	"github.com/rendergrid/rendergrid/scenes"
	"github.com/rendergrid/rendergrid/scenes/scenestest"
)

// Frame loads frame n of a sample scene.
func Frame(t testing.TB, scene string, n int) *scenes.Frame {
	t.Helper()
	sc, err := scenes.LoadSample(scene)
	if err != nil {
		t.Fatal(err)
	}
	f, err := sc.Frame(scenes.FrameOptions{Frame: n})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// Compare returns the fraction of pixels whose 8-bit sRGB channels are all
// within 1/255 of the reference, and the mean channel difference in 1/255.
func Compare(a, b *render.Image) (within, mean float64) {
	pa, pb := a.SRGB8().Pix, b.SRGB8().Pix
	n, ok, sum := len(pa)/4, 0, 0
	for i := range n {
		d := 0
		for c := range 3 {
			x := int(pa[4*i+c]) - int(pb[4*i+c])
			d = max(d, x, -x)
			sum += max(x, -x)
		}
		if d <= 1 {
			ok++
		}
	}
	return float64(ok) / float64(n), float64(sum) / float64(3*n)
}

// Textured is frame 1 of the Cornell room with procedural textures on
// every material (base colour with repeat wrapping, metal-roughness with
// mirror, emission with clamp and nearest filtering, a normal map) and
// texture coordinates from the vertex positions, so that the engines'
// texture paths are compared too (the samples have no textures).
func Textured(t testing.TB) *scenes.Frame {
	f := Frame(t, "cornell", 1)
	tex := func(w, h int, wrap scenes.Wrap, nearest bool, px func(x, y int) [4]float32) scenes.Texture {
		tx := scenes.Texture{Width: w, Height: h, WrapS: wrap, WrapT: wrap, Nearest: nearest, Pix: make([]float32, 4*w*h)}
		for y := range h {
			for x := range w {
				c := px(x, y)
				copy(tx.Pix[4*(y*w+x):], c[:])
			}
		}
		return tx
	}
	f.Textures = []scenes.Texture{
		tex(8, 8, scenes.WrapRepeat, false, func(x, y int) [4]float32 {
			c := float32((x+y)%2)*0.6 + 0.3
			return [4]float32{c, 0.5 + 0.05*float32(x), 1 - c*0.5, 1}
		}),
		tex(4, 4, scenes.WrapMirror, false, func(x, y int) [4]float32 { return [4]float32{1, 0.2 + 0.2*float32(x), 0.25 * float32(y), 1} }),
		tex(2, 2, scenes.WrapClamp, true, func(x, y int) [4]float32 { return [4]float32{1, float32(x), float32(y), 1} }),
		tex(4, 4, scenes.WrapRepeat, false, func(x, y int) [4]float32 {
			return [4]float32{0.5 + 0.1*float32(x-2), 0.5 + 0.1*float32(y-2), 1, 1}
		}),
	}
	for i := range f.Materials {
		m := &f.Materials[i]
		ref := func(i int) scenes.TexRef { return scenes.TexRef{Index: i, Transform: scenes.IdentityUV} }
		m.Tex[scenes.TexBaseColor], m.Tex[scenes.TexMetalRough], m.Tex[scenes.TexNormal] = ref(0), ref(1), ref(3)
		if m.Emissive.MaxComp() > 0 {
			m.Tex[scenes.TexEmissive] = ref(2)
		}
	}
	for i := range f.Shading {
		sh := &f.Shading[i]
		tr := f.Tris[i]
		for k, p := range []scenes.Vec3{tr.V0, tr.V0.Add(tr.E1), tr.V0.Add(tr.E2)} {
			sh.UV[k] = scenes.Vec2{X: 0.7*p.X + 0.3*p.Z, Y: 0.7*p.Y - 0.2*p.Z}
		}
	}
	return f
}

// Features is frame 1 of the Cornell room with every material feature
// the engines share turned on somewhere: glass with a volume and
// dispersion, thin-walled transmission, clearcoat, sheen, iridescence,
// anisotropy, alpha MASK and BLEND, an unlit surface, vertex colours and
// TEXCOORD_1 through a texture transform, lit by an environment map as
// well as the room's light. ortho switches to an orthographic camera.
func Features(t testing.TB, ortho bool) (*scenes.Frame, *scenes.Environment) {
	f := Textured(t)
	ref := func(i, set int) scenes.TexRef {
		return scenes.TexRef{Index: i, TexCoord: set, Transform: [6]float32{0.8, 0.3, 0.1, -0.3, 0.8, 0.2}}
	}
	for i := range f.Materials {
		m := &f.Materials[i]
		if m.Emissive.MaxComp() > 0 {
			continue
		}
		switch i % 8 {
		case 0:
			m.Transmission, m.Thickness, m.AttenuationColor, m.AttenuationDistance, m.Dispersion = 1, 0.5, scenes.Vec3{X: 0.9, Y: 0.6, Z: 0.3}, 0.7, 1
			m.IOR, m.Roughness = 1.5, 0.1
		case 1:
			m.Clearcoat, m.ClearcoatRoughness, m.Tex[scenes.TexClearcoatNormal] = 1, 0.1, ref(3, 1)
		case 2:
			m.SheenColor, m.SheenRoughness, m.Metallic = scenes.Vec3{X: 0.8, Y: 0.3, Z: 0.5}, 0.4, 0
		case 3:
			m.Iridescence, m.IridescenceIOR, m.Metallic, m.Tex[scenes.TexIridescenceThk] = 1, 1.3, 1, ref(1, 0)
		case 4:
			m.Anisotropy, m.AnisotropyRotation, m.Metallic, m.Roughness = 0.8, 0.7, 1, 0.4
		case 5:
			m.AlphaMode, m.BaseColor[3] = scenes.AlphaBlend, 0.5
		case 6:
			m.AlphaMode, m.AlphaCutoff, m.Tex[scenes.TexBaseColor] = scenes.AlphaMask, 0.5, ref(0, 1)
		case 7:
			m.Transmission, m.Thickness, m.Roughness = 0.7, 0, 0.3
		}
	}
	// One wall unlit.
	f.Materials = append(f.Materials, f.Materials[len(f.Materials)-1])
	un := len(f.Materials) - 1
	f.Materials[un].Unlit, f.Materials[un].BaseColor = true, [4]float32{0.2, 0.9, 0.4, 1}
	f.Extra = make([]scenes.TriExtra, len(f.Tris))
	for i := range f.Extra {
		sh := &f.Shading[i]
		if i%23 == 0 {
			sh.Material = int32(un)
		}
		for k := 0; k < 3; k++ {
			f.Extra[i].UV1[k] = scenes.Vec2{X: sh.UV[k].Y * 1.3, Y: sh.UV[k].X * 0.7}
			f.Extra[i].Color[k] = [4]float32{1 - 0.1*float32(k), 0.8, 0.6 + 0.1*float32(k), 1 - 0.2*float32(i%3)}
		}
	}
	if ortho {
		f.Camera.Ortho, f.Camera.OrthoHalfHeight = true, 1.2
	}
	const w, h = 32, 16
	pix := make([]float32, 3*w*h)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			v := float32(0.2 + 0.1*float32(x%5))
			if x == 7 && y == 4 {
				v = 40 // a sun
			}
			pix[3*(y*w+x)], pix[3*(y*w+x)+1], pix[3*(y*w+x)+2] = v, v*0.9, v*(0.5+float32(y)/h)
		}
	}
	env, err := scenes.NewEnvironment("test sky", w, h, pix, 0.8, 30)
	if err != nil {
		t.Fatal(err)
	}
	return f, env
}

// CrossCheck renders the sample scenes (whole frames, a tile, direct light
// with a background, textures) with e and with render/cpu: at least 99% of
// pixels within 1/255, a mean difference under 0.5/255, and ray counts
// within 10%.
func CrossCheck(t *testing.T, e render.Renderer) {
	ctx := context.Background()
	for _, c := range []struct {
		name, scene string
		frame       int
		s           render.Settings
	}{
		{"cornell", "cornell", 1, render.Settings{Width: 96, Height: 96, SPP: 32, MaxBounces: 8, Seed: 7}},
		{"textured", "textured", 1, render.Settings{Width: 96, Height: 96, SPP: 16, MaxBounces: 6, Seed: 3}},
		{"anim frame 12", "anim", 12, render.Settings{Width: 128, Height: 72, SPP: 16, MaxBounces: 8}},
		{"anim tile", "anim", 30, render.Settings{Width: 128, Height: 72, SPP: 16, MaxBounces: 8, Region: render.Region{X0: 40, Y0: 8, X1: 104, Y1: 60}}},
		{"cornell direct light only", "cornell", 1, render.Settings{Width: 64, Height: 64, SPP: 8, MaxBounces: 1, Background: scenes.Vec3{X: 0.2, Y: 0.3, Z: 0.4}}},
		{"every material feature under an environment", "features", 1, render.Settings{Width: 64, Height: 64, SPP: 16, MaxBounces: 8, Seed: 5}},
		{"orthographic, transparent film", "features ortho", 1, render.Settings{Width: 64, Height: 48, SPP: 8, MaxBounces: 6, FilmTransparent: true}},
		{"a hundred lamps (the light tree)", "lamps", 0, render.Settings{Width: 64, Height: 64, SPP: 16, MaxBounces: 3, Seed: 4}},
		{"passes and adaptive sampling", "cornell", 1, render.Settings{Width: 64, Height: 64, SPP: 64, MaxBounces: 6, Seed: 9, Passes: true, NoiseThreshold: 0.05, MinSPP: 16}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var f *scenes.Frame
			switch c.scene {
			case "textured":
				f = Textured(t)
			case "features", "features ortho":
				f, c.s.Env = Features(t, c.scene == "features ortho")
			case "lamps":
				var err error
				if f, err = scenestest.Lamps(10).Frame(scenes.FrameOptions{}); err != nil {
					t.Fatal(err)
				}
			default:
				f = Frame(t, c.scene, c.frame)
			}
			got, st, err := e.Render(ctx, f, c.s, nil)
			if err != nil {
				t.Fatal(err)
			}
			want, cst, err := cpu.New().Render(ctx, f, c.s, nil)
			if err != nil {
				t.Fatal(err)
			}
			within, mean := Compare(got, want)
			t.Logf("%.2f%% of pixels within 1/255, mean difference %.3f/255; %d rays on %s, %d on the CPU", 100*within, mean, st.Rays, e.Name(), cst.Rays)
			if within < 0.99 || mean >= 0.5 {
				t.Fatalf("%s differs from the reference: %.2f%% within 1/255 (want >= 99%%), mean %.3f/255 (want < 0.5)", e.Name(), 100*within, mean)
			}
			if c.s.FilmTransparent {
				if got.Alpha == nil || want.Alpha == nil {
					t.Fatal("a transparent film rendered without alpha")
				}
				var diff float64
				for i := range got.Alpha {
					diff += math.Abs(float64(got.Alpha[i] - want.Alpha[i]))
				}
				if diff /= float64(len(got.Alpha)); diff > 0.01 {
					t.Errorf("alpha differs by %.4f on average", diff)
				}
			}
			if c.s.Passes || c.s.Adaptive() {
				comparePasses(t, got, want, st.Samples, cst.Samples)
			}
			if st.Rays < cst.Rays*9/10 || st.Rays > cst.Rays*11/10 {
				t.Errorf("%s cast %d rays, the CPU %d", e.Name(), st.Rays, cst.Rays)
			}
		})
	}
}

// comparePasses checks an engine's passes and adaptive sample counts
// against render/cpu's: albedo, normal and emission within 0.01 on
// average, the variance within 5% (float32 sums of squares on the GPU),
// depth within 0.1% wherever both saw a surface, 95% of pixels
// stopping at the same sample and the totals within 2%.
func comparePasses(t *testing.T, got, want *render.Image, samples, cpuSamples int64) {
	t.Helper()
	for _, name := range render.PassNames {
		g, _ := got.Pass(name)
		w, _ := want.Pass(name)
		if len(g) != len(w) || len(g) == 0 {
			t.Fatalf("%s pass: %d values, %d on the CPU", name, len(g), len(w))
		}
		var diff float64
		for i := range g {
			switch name {
			case render.PassDepth:
				if g[i] < render.NoDepth && w[i] < render.NoDepth && math.Abs(float64(g[i]-w[i])) > 1e-3*float64(w[i]) {
					t.Fatalf("depth of pixel %d: %v, %v on the CPU", i, g[i], w[i])
				}
			case render.PassVariance:
				diff += math.Abs(float64(g[i]-w[i])) / (float64(w[i]) + 1e-6)
			default:
				diff += math.Abs(float64(g[i] - w[i]))
			}
		}
		limit := 0.01
		if name == render.PassVariance {
			limit = 0.05
		}
		if diff /= float64(len(g)); diff > limit {
			t.Errorf("%s pass differs by %.4f on average", name, diff)
		}
	}
	if got.Samples != nil || want.Samples != nil {
		same := 0
		for i := range want.Samples {
			if got.Samples[i] == want.Samples[i] {
				same++
			}
		}
		t.Logf("adaptive sampling: %d samples, %d on the CPU; %d of %d pixels stopped at the same sample", samples, cpuSamples, same, len(want.Samples))
		if same < len(want.Samples)*95/100 || math.Abs(float64(samples-cpuSamples)) > 0.02*float64(cpuSamples) {
			t.Errorf("adaptive sampling differs: %d samples, %d on the CPU; %d of %d pixels stopped at the same sample", samples, cpuSamples, same, len(want.Samples))
		}
	}
}
