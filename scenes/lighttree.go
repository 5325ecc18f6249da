package scenes

import "math"

// LightNode is one node of a frame's light tree: a bounding hierarchy over
// its emissive triangles (the binned-SAH BVH over their boxes) that
// carries each subtree's power. Sampling walks it from the root, taking
// each child with probability proportional to its importance as seen from
// the shading point, Power / max(d², R2) (d the distance to the node's
// centre: near, bright groups of emitters are picked more often), and picks
// within a leaf in proportion to power. A leaf (Count > 0) holds the
// frame's Emitters[Child : Child+Count]; an interior node's children are
// Child and Child+1. Parent is the node above (the root's is itself).
//
// render/cpu and the GLSL path tracer walk it the same way (LightChoice).
type LightNode struct {
	Center Vec3
	Power  float32
	R2     float32 // the square of half the box's diagonal, at least LightR2Min
	Child  uint32
	Count  uint32
	Parent uint32
}

// LightR2Min keeps a light-tree node's importance finite at its centre.
const LightR2Min = 1e-12

// Importance is how much node n is worth sampling from point p.
func (n *LightNode) Importance(p Vec3) float32 {
	d := p.Sub(n.Center)
	return n.Power / max(d.Dot(d), n.R2)
}

// LightChoice is the probability of taking the left child (l) of a node
// whose children are l and r, from point p: their importances'
// proportion, or one half when both are zero.
func LightChoice(l, r *LightNode, p Vec3) float32 {
	il, ir := l.Importance(p), r.Importance(p)
	if !(il+ir > 0) {
		return 0.5
	}
	return il / (il + ir)
}

// buildLightTree builds the light tree over emitters tris (with their
// boxes, centroids and powers), writes each one's leaf and share of its
// leaf's power into shading, and returns the emitters in leaf order with
// the tree.
func buildLightTree(shading []TriShading, tris []uint32, bounds []AABB, cents []Vec3, power []float64) ([]uint32, []LightNode) {
	bvh, order := BuildBVH(bounds, cents)
	emitters := make([]uint32, len(order))
	for k, o := range order {
		emitters[k] = tris[o]
	}
	nodes := make([]LightNode, len(bvh))
	sums := make([]float64, len(bvh))
	// Children come after their parents: sum powers from the end.
	for i := len(bvh) - 1; i >= 0; i-- {
		b := bvh[i]
		n := &nodes[i]
		n.Center = b.Min.Add(b.Max).Scale(0.5)
		d := b.Max.Sub(b.Min)
		n.R2 = max(d.Dot(d)/4, LightR2Min)
		n.Child, n.Count = b.LeftFirst, b.Count
		if b.Count > 0 {
			for k := b.LeftFirst; k < b.LeftFirst+b.Count; k++ {
				sums[i] += power[order[k]]
			}
			for k := b.LeftFirst; k < b.LeftFirst+b.Count; k++ {
				sh := &shading[emitters[k]]
				sh.LightLeaf = uint32(i)
				sh.LightPdf = float32(power[order[k]] / sums[i])
			}
		} else {
			sums[i] = sums[b.LeftFirst] + sums[b.LeftFirst+1]
			nodes[b.LeftFirst].Parent, nodes[b.LeftFirst+1].Parent = uint32(i), uint32(i)
		}
	}
	// Powers relative to the whole, so that float32 holds any scene's.
	for i := range nodes {
		nodes[i].Power = float32(sums[i] / sums[0])
		if math.IsNaN(float64(nodes[i].Power)) {
			nodes[i].Power = 0
		}
	}
	return emitters, nodes
}
