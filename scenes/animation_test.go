package scenes

import (
	"math"
	"testing"
)

// The poses below are computed by hand from the keyframes that
// testdata/make_fixtures.py writes into animated.gltf.
func TestAnimationSampling(t *testing.T) {
	s, err := Load("testdata/animated.gltf")
	if err != nil {
		t.Fatal(err)
	}
	if start, end := s.Range(); start != 0 || end != 2 {
		t.Fatalf("Range() = %v..%v, want 0..2", start, end)
	}
	const fps = 24
	s45, c45 := math.Sin(math.Pi/8), math.Cos(math.Pi/8) // half-angle of 45°
	tests := []struct {
		name  string
		frame int
		node  int
		want  Mat4
	}{
		// t = 0.5: translation halfway (1,0,0); rotation 45° about Y (slerp); scale still 1 (STEP).
		{"linear+slerp+step at t=0.5", 12, 0, TRS([3]float64{1, 0, 0}, Quat{0, s45, 0, c45}, [3]float64{1, 1, 1})},
		// t = 1: at the last key: (2,0,0), 90°, scale 3.
		{"last key", 24, 0, TRS([3]float64{2, 0, 0}, Quat{0, math.Sqrt2 / 2, 0, math.Sqrt2 / 2}, [3]float64{3, 3, 3})},
		// t = 10: past the end holds the end pose.
		{"after the end", 240, 0, TRS([3]float64{2, 0, 0}, Quat{0, math.Sqrt2 / 2, 0, math.Sqrt2 / 2}, [3]float64{3, 3, 3})},
		// Cubic Hermite at u = 0.5 over dt = 2: p0 = 0, m0 = 2*dt = 4, p1 = 1, m1 = 0:
		// h00 = 0.5, h10 = 0.125, h01 = 0.5, h11 = -0.125 -> y = 0.125*4 + 0.5*1 = 1.
		{"cubic spline at t=1", 24, 1, TRS([3]float64{0, 1, 0}, Quat{0, 0, 0, 1}, [3]float64{1, 1, 1})},
		// u = 0.25: h10 = 0.140625, h01 = 0.15625 -> y = 0.5625 + 0.15625 = 0.71875.
		{"cubic spline at t=0.5", 12, 1, TRS([3]float64{0, 0.71875, 0}, Quat{0, 0, 0, 1}, [3]float64{1, 1, 1})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			world, _ := s.pose(float64(tt.frame) / fps)
			got := *world[tt.node]
			for i := range got {
				if math.Abs(got[i]-tt.want[i]) > 1e-5 {
					t.Fatalf("world matrix of node %d at frame %d =\n%v\nwant\n%v", tt.node, tt.frame, got, tt.want)
				}
			}
		})
	}
}

// TestFramePosesTriangles checks that animation reaches the world-space
// triangles the renderers see: at frame 12 node "mover" is translated by
// (1,0,0) and turned 45° about Y.
func TestFramePosesTriangles(t *testing.T) {
	s, err := Load("testdata/animated.gltf")
	if err != nil {
		t.Fatal(err)
	}
	f, err := s.Frame(FrameOptions{Frame: 12, FPS: 24})
	if err != nil {
		t.Fatal(err)
	}
	// Vertex (1,0,0) rotated 45° about +Y goes to (cos45, 0, -sin45), then +1 in x.
	want := Vec3{1 + float32(math.Sqrt2/2), 0, -float32(math.Sqrt2 / 2)}
	found := false
	for _, tr := range f.Tris {
		for _, v := range []Vec3{tr.V0, tr.V0.Add(tr.E1), tr.V0.Add(tr.E2)} {
			if v.Sub(want).Length() < 1e-5 {
				found = true
			}
		}
	}
	if !found {
		t.Errorf("no vertex at %v in frame 12: %+v", want, f.Tris)
	}
}
