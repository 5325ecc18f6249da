package cpu

import (
	"context"
	"math"
	"testing"

	"github.com/rendergrid/rendergrid/render"
	"github.com/rendergrid/rendergrid/scenes"
)

// TestSobolStratified: the first 2^m samples of a pixel are a (0,m,2)-net
// in the pixel's position (dimensions 0 and 1: every elementary interval
// of area 2^-m holds exactly one point) and stratified in each of the
// first four dimensions of every group, for any pixel's scramble. A wrong
// direction number or a scramble that is not nested breaks it.
func TestSobolStratified(t *testing.T) {
	for _, pixel := range []uint32{0, 1, 12345, 1 << 20} {
		for m := 1; m <= 8; m++ {
			n := 1 << m
			pts := make([][4]float32, n)
			for i := range n {
				s := newSampler(7, 3, pixel, uint32(i))
				g := s.group(5)
				pts[i] = [4]float32{g.at(0), g.at(1), g.at(2), g.at(3)}
			}
			for d := range 4 {
				seen := make([]bool, n)
				for _, p := range pts {
					k := int(p[d] * float32(n))
					if seen[k] {
						t.Fatalf("pixel %d, %d samples, dimension %d: two samples in interval %d", pixel, n, d, k)
					}
					seen[k] = true
				}
			}
			for a := 0; a <= m; a++ {
				seen := map[[2]int]bool{}
				for _, p := range pts {
					c := [2]int{int(p[0] * float32(int(1)<<a)), int(p[1] * float32(int(1)<<(m-a)))}
					if seen[c] {
						t.Fatalf("pixel %d, %d samples: two in the %d×%d interval %v", pixel, n, 1<<a, 1<<(m-a), c)
					}
					seen[c] = true
				}
			}
		}
	}
}

// TestSamplerLowersError: at equal samples per pixel, the Sobol sampler's
// image is nearer a converged render than independent numbers' are (the
// sampler before it), on every sample scene (the showcase under the sky
// map), at 4 and 16 spp. At 64 spp it is logged: there the 1024-spp
// reference's own noise and the showcase's caustics blur the comparison.
func TestSamplerLowersError(t *testing.T) {
	if testing.Short() {
		t.Skip("renders references at 1024 spp; runs without -short")
	}
	env := skyEnv(t)
	for _, name := range []string{"cornell", "anim", "showcase"} {
		f := mustFrame(t, mustSample(t, name), 12)
		s := render.Settings{Width: 40, Height: 40, MaxBounces: render.DefaultBounce}
		if name == "showcase" {
			s.Env = env // lit by the sky alone
		}
		ref := renderWith(t, f, s, 1024, false)
		for _, spp := range []int{4, 16, 64} {
			sob := rmse(renderWith(t, f, s, spp, false), ref)
			ind := rmse(renderWith(t, f, s, spp, true), ref)
			t.Logf("%s %3d spp: RMSE Sobol %.4f, independent %.4f (%.2fx)", name, spp, sob, ind, ind/sob)
			if spp <= 16 && sob >= ind {
				t.Errorf("%s at %d spp: Sobol's error %.4f is not below independent numbers' %.4f", name, spp, sob, ind)
			}
		}
	}
}

// renderWith renders f at spp, with independent numbers when indep.
func renderWith(t testing.TB, f *scenes.Frame, s render.Settings, spp int, indep bool) *render.Image {
	t.Helper()
	defer func(v bool) { independent = v }(independent)
	independent = indep
	s.SPP = spp
	s.Seed = uint32(spp) * 7919
	img, _, err := New().Render(context.Background(), f, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// rmse is the root-mean-square difference of two images' linear values,
// each clamped to [0, 1] as a display would.
func rmse(a, b *render.Image) float64 {
	var sum float64
	for i := range a.Pix {
		d := float64(min(a.Pix[i], 1) - min(b.Pix[i], 1))
		sum += d * d
	}
	return math.Sqrt(sum / float64(len(a.Pix)))
}
