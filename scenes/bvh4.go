package scenes

import "math"

// BVH4Node is one node of the 4-wide BVH the CPU engine traverses,
// collapsed from the binary one (CollapseBVH4): the boxes of up to four
// children side by side, as structure of arrays, so that one SIMD test
// covers all four. Child i is a leaf of Count[i] triangles from Child[i]
// when Count[i] > 0, the node Child[i] when Count[i] == 0, and absent when
// Child[i] == NoChild (its box is empty: min +Inf, max -Inf).
type BVH4Node struct {
	MinX, MinY, MinZ [4]float32
	MaxX, MaxY, MaxZ [4]float32
	Child, Count     [4]uint32
}

// NoChild marks an unused child slot of a BVH4Node.
const NoChild = ^uint32(0)

// CollapseBVH4 turns a binary BVH into a 4-wide one over the same
// triangle order: each node takes its binary node's children and opens
// the largest (by surface area) interior one until it has four. A binary
// tree of depth d gives a 4-wide tree of depth at most d.
func CollapseBVH4(nodes []BVHNode) []BVH4Node {
	out := make([]BVH4Node, 0, max(1, len(nodes)/2))
	if len(nodes) == 0 {
		return append(out, emptyBVH4())
	}
	if nodes[0].Count > 0 {
		// A single leaf: a root with one child.
		n := emptyBVH4()
		setChild(&n, 0, nodes[0], nodes[0].LeftFirst, nodes[0].Count)
		return append(out, n)
	}
	collapse4(nodes, &out, 0)
	return out
}

// collapse4 appends the 4-wide node standing for interior binary node ni
// and, depth first, those under it; it returns its index.
func collapse4(nodes []BVHNode, out *[]BVH4Node, ni uint32) uint32 {
	idx := uint32(len(*out))
	*out = append(*out, emptyBVH4())
	kids := []uint32{nodes[ni].LeftFirst, nodes[ni].LeftFirst + 1}
	for len(kids) < 4 {
		best := -1
		for i, k := range kids {
			if nodes[k].Count == 0 && (best < 0 || area(nodes[k]) > area(nodes[kids[best]])) {
				best = i
			}
		}
		if best < 0 {
			break
		}
		k := kids[best]
		kids = append(append(kids[:best:best], kids[best+1:]...), nodes[k].LeftFirst, nodes[k].LeftFirst+1)
	}
	var n BVH4Node = emptyBVH4()
	for i, k := range kids {
		if nodes[k].Count > 0 {
			setChild(&n, i, nodes[k], nodes[k].LeftFirst, nodes[k].Count)
		} else {
			setChild(&n, i, nodes[k], collapse4(nodes, out, k), 0)
		}
	}
	(*out)[idx] = n
	return idx
}

func emptyBVH4() BVH4Node {
	inf := float32(math.Inf(1))
	var n BVH4Node
	for i := range 4 {
		n.MinX[i], n.MinY[i], n.MinZ[i] = inf, inf, inf
		n.MaxX[i], n.MaxY[i], n.MaxZ[i] = -inf, -inf, -inf
		n.Child[i] = NoChild
	}
	return n
}

func setChild(n *BVH4Node, i int, b BVHNode, child, count uint32) {
	n.MinX[i], n.MinY[i], n.MinZ[i] = b.Min.X, b.Min.Y, b.Min.Z
	n.MaxX[i], n.MaxY[i], n.MaxZ[i] = b.Max.X, b.Max.Y, b.Max.Z
	n.Child[i], n.Count[i] = child, count
}

// area is half the surface area of a node's box.
func area(n BVHNode) float32 {
	d := n.Max.Sub(n.Min)
	return d.X*d.Y + d.Y*d.Z + d.Z*d.X
}
