//go:build egl

package gl

import (
	"context"
	"testing"

	"github.com/rendergrid/rendergrid/render"
	"github.com/rendergrid/rendergrid/render/cpu"
	"github.com/rendergrid/rendergrid/scenes"
)

func frame(t testing.TB, scene string, n int) *scenes.Frame {
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

func compare(a, b *render.Image) (within, mean float64) {
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

// TestMatchesReference renders the sample scenes with OpenGL (llvmpipe in
// CI) and with render/cpu: at least 99% of pixels within 1/255, mean
// difference under 0.5/255.
func TestMatchesReference(t *testing.T) {
	r, err := New()
	if err != nil {
		t.Fatalf("%v (task deps installs libegl-dev; Mesa's llvmpipe renders OpenGL on the CPU)", err)
	}
	e := r.(*Engine)
	defer e.Close()
	t.Logf("renderer: %s", e.Renderer())
	ctx := context.Background()
	for _, c := range []struct {
		name, scene string
		frame       int
		s           render.Settings
	}{
		{"cornell", "cornell", 1, render.Settings{Width: 96, Height: 96, SPP: 32, MaxBounces: 8, Seed: 7}},
		{"anim frame 12", "anim", 12, render.Settings{Width: 128, Height: 72, SPP: 16, MaxBounces: 8}},
		{"anim tile", "anim", 30, render.Settings{Width: 128, Height: 72, SPP: 16, MaxBounces: 8, Region: render.Region{X0: 40, Y0: 8, X1: 104, Y1: 60}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := frame(t, c.scene, c.frame)
			got, st, err := e.Render(ctx, f, c.s, nil)
			if err != nil {
				t.Fatal(err)
			}
			want, cst, err := cpu.New().Render(ctx, f, c.s, nil)
			if err != nil {
				t.Fatal(err)
			}
			within, mean := compare(got, want)
			t.Logf("%.2f%% of pixels within 1/255, mean difference %.3f/255; %d rays on OpenGL, %d on the CPU", 100*within, mean, st.Rays, cst.Rays)
			if within < 0.99 || mean >= 0.5 {
				t.Fatalf("OpenGL differs from the reference: %.2f%% within 1/255 (want >= 99%%), mean %.3f/255 (want < 0.5)", 100*within, mean)
			}
		})
	}
}
