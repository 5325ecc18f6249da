package cpu

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestIntersectMatchesBruteForce compares BVH traversal with testing every
// triangle, for random rays through the animated sample's frames.
func TestIntersectMatchesBruteForce(t *testing.T) {
	s := mustSample(t, "anim")
	r := rand.New(rand.NewPCG(5, 6))
	for _, frame := range []int{0, 13, 40} {
		f := mustFrame(t, s, frame)
		c := f.Bounds.Center()
		for i := 0; i < 4000; i++ {
			o := c.Add(vec{X: r.Float32()*12 - 6, Y: r.Float32()*6 - 1, Z: r.Float32()*12 - 6})
			d := vec{X: r.Float32()*2 - 1, Y: r.Float32()*2 - 1, Z: r.Float32()*2 - 1}.Normalize()
			ry := newRay(o, d)
			got := intersect(f, &ry, float32(math.Inf(1)))
			want := hit{t: float32(math.Inf(1)), tri: -1}
			for k := range f.Tris {
				if tt, u, v, ok := triHit(&f.Tris[k], &ry, want.t); ok {
					want = hit{t: tt, u: u, v: v, tri: int32(k)}
				}
			}
			if got.tri != want.tri && got.t != want.t {
				t.Fatalf("frame %d ray %v→%v: BVH hit %+v, brute force %+v", frame, o, d, got, want)
			}
			if occ := occluded(f, &ry, float32(math.Inf(1))); occ != (want.tri >= 0) {
				t.Fatalf("frame %d ray %v→%v: occluded=%v, brute force hit %+v", frame, o, d, occ, want)
			}
		}
	}
}

// TestIntersectAxisAligned shoots rays along the axes (zero direction
// components, whose reciprocals are clamped) and from inside boxes of the
// showcase's 4-wide BVH: the nearest hit must be the brute force's.
func TestIntersectAxisAligned(t *testing.T) {
	f := mustFrame(t, mustSample(t, "showcase"), 12)
	r := rand.New(rand.NewPCG(7, 8))
	dirs := []vec{{X: 1}, {X: -1}, {Y: 1}, {Y: -1}, {Z: 1}, {Z: -1}}
	for i := range 3000 {
		c := f.Bounds.Center()
		ext := f.Bounds.Max.Sub(f.Bounds.Min)
		o := c.Add(vec{X: (r.Float32() - 0.5) * ext.X, Y: (r.Float32() - 0.5) * ext.Y, Z: (r.Float32() - 0.5) * ext.Z})
		ry := newRay(o, dirs[i%len(dirs)])
		got := intersect(f, &ry, float32(math.Inf(1)))
		want := hit{t: float32(math.Inf(1)), tri: -1}
		for k := range f.Tris {
			if tt, u, v, ok := triHit(&f.Tris[k], &ry, want.t); ok {
				want = hit{t: tt, u: u, v: v, tri: int32(k)}
			}
		}
		if got.t != want.t {
			t.Fatalf("ray %v→%v: BVH hit %+v, brute force %+v", o, ry.d, got, want)
		}
	}
}

// TestSlab4Scalar: the SIMD box test (in a GOEXPERIMENT=simd build on an
// AVX machine) and the plain-Go one give the same bits for random boxes,
// empty slots and rays, axis-aligned ones included.
func TestSlab4Scalar(t *testing.T) {
	t.Logf("SIMD box test: %v", slabSIMD)
	r := rand.New(rand.NewPCG(1, 2))
	f := mustFrame(t, mustSample(t, "showcase"), 12)
	for i := range 20000 {
		n := &f.BVH4[r.IntN(len(f.BVH4))]
		o := vec{X: r.Float32()*8 - 4, Y: r.Float32()*8 - 4, Z: r.Float32()*8 - 4}
		d := vec{X: r.Float32()*2 - 1, Y: r.Float32()*2 - 1, Z: r.Float32()*2 - 1}
		switch i % 4 {
		case 1:
			d.X = 0
		case 2:
			d.Y, d.Z = 0, 0
		}
		ry := newRay(o, d.Normalize())
		tMax := []float32{float32(math.Inf(1)), r.Float32() * 5}[i%2]
		gt, gm := slab4(n, &ry, tMax)
		wt, wm := slab4Scalar(n, &ry, tMax)
		if gm != wm {
			t.Fatalf("node %+v ray %+v: mask %04b, plain Go %04b", *n, ry, gm, wm)
		}
		for k := range 4 {
			if gm&(1<<k) != 0 && math.Float32bits(gt[k]) != math.Float32bits(wt[k]) {
				t.Fatalf("node %+v ray %+v: entry %v, plain Go %v", *n, ry, gt, wt)
			}
		}
	}
}
