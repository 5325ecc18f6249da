package scenes

import (
	"math/rand/v2"
	"testing"
)

// TestBVHInvariants checks on random soups that every primitive sits in
// exactly one leaf, every child box lies inside its parent's, every leaf box
// holds its primitives, and the depth stays within BVHMaxDepth.
func TestBVHInvariants(t *testing.T) {
	for _, n := range []int{1, 2, 3, 17, 1000, 5000} {
		r := rand.New(rand.NewPCG(uint64(n), 7))
		bounds := make([]AABB, n)
		cents := make([]Vec3, n)
		for i := range bounds {
			p := Vec3{r.Float32()*10 - 5, r.Float32()*10 - 5, r.Float32() * 10}
			if i%7 == 0 {
				p = Vec3{1, 1, 1} // coincident centroids force the fallback split
			}
			b := EmptyAABB().Extend(p).Extend(p.Add(Vec3{r.Float32() * 0.3, r.Float32() * 0.3, r.Float32() * 0.3}))
			bounds[i], cents[i] = b, b.Center()
		}
		nodes, order := BuildBVH(bounds, cents)
		seen := make([]int, n)
		var walk func(i, depth int)
		walk = func(i, depth int) {
			nd := nodes[i]
			if depth > BVHMaxDepth {
				t.Fatalf("n=%d: depth %d exceeds %d", n, depth, BVHMaxDepth)
			}
			box := AABB{nd.Min, nd.Max}
			if nd.Count > 0 {
				for k := nd.LeftFirst; k < nd.LeftFirst+nd.Count; k++ {
					p := order[k]
					seen[p]++
					if b := bounds[p]; box.Union(b) != box {
						t.Fatalf("n=%d: leaf %d box %v does not hold primitive %d %v", n, i, box, p, b)
					}
				}
				return
			}
			for _, c := range []uint32{nd.LeftFirst, nd.LeftFirst + 1} {
				cb := AABB{nodes[c].Min, nodes[c].Max}
				if box.Union(cb) != box {
					t.Fatalf("n=%d: child %d box %v is outside parent %d %v", n, c, cb, i, box)
				}
				walk(int(c), depth+1)
			}
		}
		walk(0, 0)
		for p, c := range seen {
			if c != 1 {
				t.Fatalf("n=%d: primitive %d is in %d leaves, want 1", n, p, c)
			}
		}
	}
}
