package cpu

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/rendergrid/rendergrid/render"
	"github.com/rendergrid/rendergrid/scenes"
)

// TestRegionMatchesFull: any region re-renders bit-identically to the same
// pixels of the full frame, whatever the number of goroutines. The verifier
// re-renders sampled pixels this way.
func TestRegionMatchesFull(t *testing.T) {
	for _, name := range []string{"cornell", "anim"} {
		f := mustFrame(t, mustSample(t, name), 5)
		base := render.Settings{Width: 48, Height: 40, SPP: 20, MaxBounces: 6, Seed: 42}
		full, _ := mustRender(t, &Engine{Workers: 3}, f, base)
		for _, r := range []render.Region{{X0: 13, Y0: 7, X1: 41, Y1: 30}, {X0: 0, Y0: 0, X1: 1, Y1: 1}, {X0: 47, Y0: 39, X1: 48, Y1: 40}, {X0: 5, Y0: 0, X1: 21, Y1: 40}} {
			s := base
			s.Region = r
			part, _ := mustRender(t, &Engine{Workers: 1}, f, s)
			for y := r.Y0; y < r.Y1; y++ {
				for x := r.X0; x < r.X1; x++ {
					if got, want := part.At(x-r.X0, y-r.Y0), full.At(x, y); got != want {
						t.Fatalf("%s region %v: pixel (%d,%d) = %v, full render has %v", name, r, x, y, got, want)
					}
				}
			}
		}
	}
}

// TestSeedAndFrameChangeNoise: the RNG really depends on seed and frame.
func TestSeedAndFrameChangeNoise(t *testing.T) {
	f := mustFrame(t, mustSample(t, "cornell"), 0)
	s := render.Settings{Width: 16, Height: 16, SPP: 2, MaxBounces: 4}
	a, _ := mustRender(t, New(), f, s)
	s.Seed = 1
	b, _ := mustRender(t, New(), f, s)
	f2 := mustFrame(t, mustSample(t, "cornell"), 1)
	s.Seed = 0
	c, _ := mustRender(t, New(), f2, s)
	if equalPix(a, b) || equalPix(a, c) {
		t.Error("changing the seed or the frame number did not change the noise")
	}
}

func equalPix(a, b *render.Image) bool {
	for i := range a.Pix {
		if a.Pix[i] != b.Pix[i] {
			return false
		}
	}
	return true
}

// TestWhiteFurnace renders a sphere inside a uniform white environment of
// radiance 1. A convex object never sees itself, so a pixel equals the
// directional albedo of its material at that pixel's viewing angle:
//
//   - white Lambertian: exactly 1 (cosine sampling makes every path weight 1;
//     the tessellated sphere loses the rare direction that falls below a
//     facet's geometric normal);
//   - white metal, roughness 1 (α = 1): GGX's D is the constant 1/π and the
//     height-correlated Smith term at normal incidence is 1/(2(1+μ)), so the
//     albedo is ∫₀¹ μ/(1+μ) dμ = 1 − ln 2 at the sphere's centre;
//   - white metal, roughness 0.2: close to 1 (little single-scattering loss);
//   - white plastic: a little below 1.
func TestWhiteFurnace(t *testing.T) {
	metal := scenes.DefaultMaterial()
	metal.Roughness = 0.2
	plastic := scenes.DefaultMaterial()
	plastic.Metallic, plastic.Roughness = 0, 0.5
	roughMetal := scenes.DefaultMaterial()
	tests := []struct {
		name     string
		mat      scenes.Material
		radius   int     // pixels from the sphere's centre to average
		min, max float64 // bounds on the mean
		maxPixel float64 // no pixel channel may exceed this
	}{
		// Next-event estimation on the sky adds variance but no bias: the
		// mean stays at 1 and no pixel strays far.
		{"white lambert", lambert(1), 5, 0.997, 1.003, 1.05},
		{"white metal roughness 1", roughMetal, 1, 1 - math.Ln2 - 0.006, 1 - math.Ln2 + 0.01, 0.4},
		{"white metal roughness 0.2", metal, 5, 0.97, 1.001, 1.05},
		{"white plastic roughness 0.5", plastic, 5, 0.85, 1.0, 1.05},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := mustFrame(t, sphereScene(tt.mat), 0)
			s := render.Settings{Width: 32, Height: 32, SPP: 512, MaxBounces: 16, Background: scenes.Vec3{X: 1, Y: 1, Z: 1}}
			s.Region = render.Region{X0: 16 - tt.radius, Y0: 16 - tt.radius, X1: 16 + tt.radius, Y1: 16 + tt.radius}
			img, _ := mustRender(t, New(), f, s)
			var sum float64
			n := 0
			for y := 0; y < img.Height; y++ {
				for x := 0; x < img.Width; x++ {
					p := img.At(x, y)
					for _, c := range p {
						if float64(c) > tt.maxPixel {
							t.Errorf("pixel (%d,%d) = %v exceeds %v", x, y, p, tt.maxPixel)
						}
						sum += float64(c)
						n++
					}
				}
			}
			mean := sum / float64(n)
			if mean < tt.min || mean > tt.max {
				t.Errorf("mean albedo %.5f outside [%.4f, %.4f]", mean, tt.min, tt.max)
			}
		})
	}
}

func TestRenderRejectsBadSettings(t *testing.T) {
	f := mustFrame(t, mustSample(t, "cornell"), 0)
	tests := []struct {
		s    render.Settings
		want string
	}{
		{render.Settings{Width: 0, Height: 10, SPP: 1}, "resolution 0x10"},
		{render.Settings{Width: 100000, Height: 10, SPP: 1}, "resolution 100000x10"},
		{render.Settings{Width: 10, Height: 10, SPP: 0}, "spp 0"},
		{render.Settings{Width: 10, Height: 10, SPP: 1 << 20}, "spp 1048576"},
		{render.Settings{Width: 10, Height: 10, SPP: 1, MaxBounces: -1}, "max bounces -1"},
		{render.Settings{Width: 10, Height: 10, SPP: 1, Region: render.Region{X0: 5, Y0: 5, X1: 20, Y1: 8}}, "region 5,5,20,8"},
		{render.Settings{Width: 10, Height: 10, SPP: 1, Background: scenes.Vec3{X: float32(math.NaN())}}, "background"},
	}
	for _, tt := range tests {
		_, _, err := New().Render(context.Background(), f, tt.s, nil)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Render(%+v) = %v, want an error containing %q", tt.s, err, tt.want)
		}
	}
}

func TestRenderCancel(t *testing.T) {
	f := mustFrame(t, mustSample(t, "cornell"), 0)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, _, err := New().Render(ctx, f, render.Settings{Width: 64, Height: 64, SPP: 64, MaxBounces: 4}, nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Render with a canceled context = %v, want context.Canceled", err)
	}
}

func TestProgressReachesTotal(t *testing.T) {
	f := mustFrame(t, mustSample(t, "cornell"), 0)
	var last render.Progress
	calls := 0
	_, st, err := (&Engine{Workers: 1}).Render(context.Background(), f,
		render.Settings{Width: 40, Height: 30, SPP: 32, MaxBounces: 4}, func(p render.Progress) { last = p; calls++ })
	if err != nil {
		t.Fatal(err)
	}
	if last.Done != last.Total || last.Total != 40*30*32 || calls < 16 {
		t.Errorf("last progress %+v after %d calls, want %d of %d and at least one call per pass", last, calls, 40*30*32, 40*30*32)
	}
	if st.Samples != 40*30*32 || st.Rays < st.Samples {
		t.Errorf("stats %+v: want %d samples and at least as many rays", st, 40*30*32)
	}
}
