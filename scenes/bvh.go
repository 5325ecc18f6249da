package scenes

// BVHNode is one node of a flattened bounding volume hierarchy. An interior
// node (Count == 0) has its children at LeftFirst and LeftFirst+1; a leaf
// holds triangles LeftFirst .. LeftFirst+Count-1 of the frame's (BVH-ordered)
// triangle list. The 32-byte layout is the one the GPU engines read.
type BVHNode struct {
	Min       Vec3
	LeftFirst uint32
	Max       Vec3
	Count     uint32
}

const (
	bvhBins         = 16  // SAH bins per axis
	bvhMaxLeaf      = 8   // a leaf larger than this is split even when SAH says not to
	bvhTraverseCost = 1.0 // cost of visiting a node relative to one triangle test
	// BVHMaxDepth bounds the tree depth so traversal stacks of a fixed size
	// (BVHMaxDepth+8 entries suffice) never overflow; deeper nodes become leaves.
	BVHMaxDepth = 64
)

// BuildBVH builds a binned-SAH BVH over primitives with the given bounds and
// centroids. order maps BVH leaf slots to input primitive indices: leaf
// ranges index into the primitives reordered by order.
func BuildBVH(bounds []AABB, centroids []Vec3) (nodes []BVHNode, order []uint32) {
	b := &bvhBuilder{bounds: bounds, cent: centroids, idx: make([]uint32, len(bounds))}
	for i := range b.idx {
		b.idx[i] = uint32(i)
	}
	b.nodes = make([]BVHNode, 1, max(1, 2*len(bounds)))
	if len(bounds) == 0 {
		b.nodes[0] = BVHNode{Min: Vec3{}, Max: Vec3{}}
		return b.nodes, b.idx
	}
	b.build(0, 0, len(bounds), 0)
	return b.nodes, b.idx
}

type bvhBuilder struct {
	bounds []AABB
	cent   []Vec3
	idx    []uint32
	nodes  []BVHNode
}

type bin struct {
	box   AABB
	count int
}

func (b *bvhBuilder) build(ni, first, count, depth int) {
	box, cbox := EmptyAABB(), EmptyAABB()
	for _, i := range b.idx[first : first+count] {
		box = box.Union(b.bounds[i])
		cbox = cbox.Extend(b.cent[i])
	}
	leaf := func() {
		b.nodes[ni] = BVHNode{Min: box.Min, LeftFirst: uint32(first), Max: box.Max, Count: uint32(count)}
	}
	if count <= 2 || depth >= BVHMaxDepth {
		leaf()
		return
	}
	bestAxis, bestSplit, bestCost := -1, 0, float32(0)
	for axis := 0; axis < 3; axis++ {
		lo, hi := cbox.Min.Axis(axis), cbox.Max.Axis(axis)
		if hi <= lo {
			continue
		}
		scale := bvhBins / (hi - lo)
		var bins [bvhBins]bin
		for k := range bins {
			bins[k].box = EmptyAABB()
		}
		for _, i := range b.idx[first : first+count] {
			k := min(int((b.cent[i].Axis(axis)-lo)*scale), bvhBins-1)
			bins[k].count++
			bins[k].box = bins[k].box.Union(b.bounds[i])
		}
		// Sweep from the right to get the area and count right of each plane.
		var rightArea [bvhBins]float32
		var rightCount [bvhBins]int
		acc, n := EmptyAABB(), 0
		for k := bvhBins - 1; k > 0; k-- {
			acc = acc.Union(bins[k].box)
			n += bins[k].count
			rightArea[k], rightCount[k] = acc.Area(), n
		}
		acc, n = EmptyAABB(), 0
		for k := 1; k < bvhBins; k++ {
			acc = acc.Union(bins[k-1].box)
			n += bins[k-1].count
			if n == 0 || rightCount[k] == 0 {
				continue
			}
			cost := acc.Area()*float32(n) + rightArea[k]*float32(rightCount[k])
			if bestAxis < 0 || cost < bestCost {
				bestAxis, bestSplit, bestCost = axis, k, cost
			}
		}
	}
	area := box.Area()
	splitCost := float32(bvhTraverseCost) + bestCost/max(area, 1e-30)
	if bestAxis < 0 || (splitCost >= float32(count) && count <= bvhMaxLeaf) {
		if bestAxis < 0 && count > bvhMaxLeaf {
			// All centroids coincide: split the list in half so leaves stay small.
			b.split(ni, first, count/2, count, depth, box)
			return
		}
		leaf()
		return
	}
	lo := cbox.Min.Axis(bestAxis)
	scale := bvhBins / (cbox.Max.Axis(bestAxis) - lo)
	i, j := first, first+count-1
	for i <= j {
		k := min(int((b.cent[b.idx[i]].Axis(bestAxis)-lo)*scale), bvhBins-1)
		if k < bestSplit {
			i++
		} else {
			b.idx[i], b.idx[j] = b.idx[j], b.idx[i]
			j--
		}
	}
	nLeft := i - first
	if nLeft == 0 || nLeft == count {
		nLeft = count / 2
	}
	b.split(ni, first, nLeft, count, depth, box)
}

func (b *bvhBuilder) split(ni, first, nLeft, count, depth int, box AABB) {
	left := len(b.nodes)
	b.nodes = append(b.nodes, BVHNode{}, BVHNode{})
	b.nodes[ni] = BVHNode{Min: box.Min, LeftFirst: uint32(left), Max: box.Max}
	b.build(left, first, nLeft, depth+1)
	b.build(left+1, first+nLeft, count-nLeft, depth+1)
}
