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
