package cpu

import (
	"math"
	"testing"

	"github.com/rendergrid/rendergrid/render"
)

// TestAdaptiveSampling renders the Cornell box with a noise threshold:
// pixels must stop between the floor and the cap, the bright light before
// the noisy walls, and every pixel re-rendered alone must give the same
// bits and count (the verifier's check).
func TestAdaptiveSampling(t *testing.T) {
	f := mustFrame(t, mustSample(t, "cornell"), 12)
	s := render.Settings{Width: 48, Height: 27, SPP: 128, MaxBounces: 6, Seed: 5, NoiseThreshold: 0.05, MinSPP: 16}
	img, st := mustRender(t, New(), f, s)
	n := int64(s.Width * s.Height)
	if st.Samples <= 16*n || st.Samples >= 128*n {
		t.Fatalf("adaptive render took %d samples; want between the floor %d and the cap %d", st.Samples, 16*n, 128*n)
	}
	var sum float64
	var spread [2]bool
	for k, c := range img.Samples {
		sum += float64(c)
		if c < 16 || c > 128 || (int(c)-16)%render.AdaptiveStep != 0 && c != 128 {
			t.Fatalf("pixel %d took %v samples; want 16..128 at a check", k, c)
		}
		spread[0] = spread[0] || c == 16
		spread[1] = spread[1] || c == 128
	}
	if int64(sum) != st.Samples || !spread[0] || !spread[1] {
		t.Errorf("sample counts sum to %v (stats %d); some at the floor %v, some at the cap %v", sum, st.Samples, spread[0], spread[1])
	}
	for _, p := range [][2]int{{24, 4}, {5, 20}, {30, 14}, {47, 26}} {
		one := s
		one.Region = render.Region{X0: p[0], Y0: p[1], X1: p[0] + 1, Y1: p[1] + 1}
		px, pst := mustRender(t, &Engine{Workers: 1}, f, one)
		k := p[1]*s.Width + p[0]
		for c := range 3 {
			if math.Float32bits(px.Pix[c]) != math.Float32bits(img.Pix[3*k+c]) {
				t.Errorf("pixel %v alone: %v, in the frame %v", p, px.Pix[:3], img.Pix[3*k:3*k+3])
				break
			}
		}
		if float32(pst.Samples) != img.Samples[k] {
			t.Errorf("pixel %v alone took %d samples, in the frame %v", p, pst.Samples, img.Samples[k])
		}
	}
}

// TestPasses checks the passes of a Cornell box render against what the
// scene holds: unit normals, positive depth, albedo in [0, 1], the light
// seen directly in the emission pass, and a variance that falls as the
// samples grow.
func TestPasses(t *testing.T) {
	f := mustFrame(t, mustSample(t, "cornell"), 12)
	s := render.Settings{Width: 32, Height: 18, SPP: 8, MaxBounces: 4, Seed: 1, Passes: true}
	img, _ := mustRender(t, New(), f, s)
	var lit, emitting int
	for k := range s.Width * s.Height {
		nx, ny, nz := img.Normal[3*k], img.Normal[3*k+1], img.Normal[3*k+2]
		if nx == 0 && ny == 0 && nz == 0 {
			// Every camera ray of this pixel left the scene.
			if img.Depth[k] != render.NoDepth || img.Albedo[3*k] != 1 {
				t.Fatalf("pixel %d sees nothing but has depth %v and albedo %v", k, img.Depth[k], img.Albedo[3*k])
			}
			continue
		}
		if l := math.Sqrt(float64(nx*nx + ny*ny + nz*nz)); math.Abs(l-1) > 1e-3 {
			t.Fatalf("pixel %d: normal %v %v %v is not unit length", k, nx, ny, nz)
		}
		if !(img.Depth[k] > 0 && img.Depth[k] < 100) {
			t.Fatalf("pixel %d: depth %v; the box is a few units from the camera", k, img.Depth[k])
		}
		for c := range 3 {
			if a := img.Albedo[3*k+c]; !(a >= 0 && a <= 1) {
				t.Fatalf("pixel %d: albedo %v outside [0, 1]", k, a)
			}
		}
		if img.Emission[3*k] > 1 {
			emitting++
		}
		if img.Pix[3*k] > 0 {
			lit++
		}
	}
	if emitting == 0 || emitting > lit/10 {
		t.Errorf("%d of %d lit pixels see the light directly; want a few (the ceiling light)", emitting, lit)
	}
	more := s
	more.SPP = 64
	img64, _ := mustRender(t, New(), f, more)
	var v8, v64 float64
	for k := range img.Variance {
		v8 += float64(img.Variance[k])
		v64 += float64(img64.Variance[k])
	}
	if !(v64 < v8/4) {
		t.Errorf("mean variance %.5f at 8 spp, %.5f at 64; want it to fall about 8x", v8, v64)
	}
}
