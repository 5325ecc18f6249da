// Package gputest is the cross-check shared by the GPU engines' tests: the
// sample scenes rendered by an engine and by render/cpu must agree.
package gputest

import (
	"context"
	"testing"

	"github.com/rendergrid/rendergrid/render"
	"github.com/rendergrid/rendergrid/render/cpu"
	"github.com/rendergrid/rendergrid/scenes"
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
	} {
		t.Run(c.name, func(t *testing.T) {
			var f *scenes.Frame
			if c.scene == "textured" {
				f = Textured(t)
			} else {
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
			if st.Rays < cst.Rays*9/10 || st.Rays > cst.Rays*11/10 {
				t.Errorf("%s cast %d rays, the CPU %d", e.Name(), st.Rays, cst.Rays)
			}
		})
	}
}
