package cpu

import (
	"math"

	"github.com/rendergrid/rendergrid/scenes"
)

type vec = scenes.Vec3

// ray is a ray with its precomputed reciprocal direction.
type ray struct {
	o, d, inv vec
}

func newRay(o, d vec) ray {
	return ray{o: o, d: d, inv: vec{X: recip(d.X), Y: recip(d.Y), Z: recip(d.Z)}}
}

// maxRecip stands for the reciprocal of a zero direction component: large
// enough to act as infinity in the slab test, finite so that no 0 × ∞
// makes a NaN there.
const maxRecip = 1e30

// recip is 1/x, clamped to ±maxRecip.
func recip(x float32) float32 {
	r := 1 / x
	if r > maxRecip || r < -maxRecip || r != r {
		return float32(math.Copysign(maxRecip, float64(x)))
	}
	return r
}

// hit is the nearest intersection found along a ray.
type hit struct {
	t    float32
	u, v float32 // barycentrics of vertices 1 and 2
	tri  int32   // -1: none
}

// traversalStack bounds the 4-wide traversal's stack: a node pushes at
// most three children, and the tree is at most scenes.BVHMaxDepth deep.
const traversalStack = 3*scenes.BVHMaxDepth + 8

// pending is a node waiting on the traversal stack, with the distance at
// which the ray enters its box.
type pending struct {
	node uint32
	t    float32
}

// intersect finds the nearest triangle hit with 0 < t < tMax, walking the
// 4-wide BVH: each node's four boxes are tested at once (slab4), its
// leaves tested as they are found, and its hit children visited nearest
// first; a child whose box starts beyond the nearest hit so far is
// skipped.
func intersect(f *scenes.Frame, r *ray, tMax float32) hit {
	h := hit{t: tMax, tri: -1}
	nodes := f.BVH4
	var stack [traversalStack]pending
	sp := 0
	ni := uint32(0)
	for {
		n := &nodes[ni]
		tn, mask := slab4(n, r, h.t)
		var kids [4]pending
		nk := 0
		for i := range 4 {
			if mask&(1<<i) == 0 || n.Child[i] == scenes.NoChild {
				continue
			}
			if c := n.Count[i]; c > 0 {
				for k := n.Child[i]; k < n.Child[i]+c; k++ {
					if t, u, v, ok := triHit(&f.Tris[k], r, h.t); ok {
						h = hit{t: t, u: u, v: v, tri: int32(k)}
					}
				}
				continue
			}
			// Insertion by distance, nearest last.
			j := nk
			for ; j > 0 && kids[j-1].t < tn[i]; j-- {
				kids[j] = kids[j-1]
			}
			kids[j] = pending{n.Child[i], tn[i]}
			nk++
		}
		for k := range nk {
			if kids[k].t < h.t && sp < traversalStack {
				stack[sp] = kids[k]
				sp++
			}
		}
		for {
			if sp == 0 {
				return h
			}
			sp--
			if stack[sp].t < h.t {
				ni = stack[sp].node
				break
			}
		}
	}
}

// occluded reports whether any triangle lies on the ray with 0 < t < tMax.
func occluded(f *scenes.Frame, r *ray, tMax float32) bool {
	var stack [traversalStack]uint32
	sp := 0
	nodes := f.BVH4
	stack[sp] = 0
	sp++
	for sp > 0 {
		sp--
		n := &nodes[stack[sp]]
		_, mask := slab4(n, r, tMax)
		for i := range 4 {
			if mask&(1<<i) == 0 || n.Child[i] == scenes.NoChild {
				continue
			}
			if c := n.Count[i]; c > 0 {
				for k := n.Child[i]; k < n.Child[i]+c; k++ {
					if _, _, _, ok := triHit(&f.Tris[k], r, tMax); ok {
						return true
					}
				}
			} else if sp < traversalStack {
				stack[sp] = n.Child[i]
				sp++
			}
		}
	}
	return false
}

// slab4Scalar is slab4 in plain Go, one box after the other: the same
// operations in the same order as the SIMD version, so that both give the
// same bits (the ray's reciprocal direction is finite, so no NaN arises).
func slab4Scalar(n *scenes.BVH4Node, r *ray, tMax float32) (tn [4]float32, mask uint8) {
	for i := range 4 {
		tx1 := (n.MinX[i] - r.o.X) * r.inv.X
		tx2 := (n.MaxX[i] - r.o.X) * r.inv.X
		tmin, tmax := min(tx1, tx2), max(tx1, tx2)
		ty1 := (n.MinY[i] - r.o.Y) * r.inv.Y
		ty2 := (n.MaxY[i] - r.o.Y) * r.inv.Y
		tmin, tmax = max(tmin, min(ty1, ty2)), min(tmax, max(ty1, ty2))
		tz1 := (n.MinZ[i] - r.o.Z) * r.inv.Z
		tz2 := (n.MaxZ[i] - r.o.Z) * r.inv.Z
		tmin, tmax = max(tmin, min(tz1, tz2)), min(tmax, max(tz1, tz2))
		tn[i] = tmin
		if tmax >= max(tmin, 0) && tmin < tMax {
			mask |= 1 << i
		}
	}
	return tn, mask
}

// triHit is the Möller–Trumbore ray-triangle test.
func triHit(tr *scenes.Triangle, r *ray, tMax float32) (t, u, v float32, ok bool) {
	px := r.d.Y*tr.E2.Z - r.d.Z*tr.E2.Y
	py := r.d.Z*tr.E2.X - r.d.X*tr.E2.Z
	pz := r.d.X*tr.E2.Y - r.d.Y*tr.E2.X
	det := tr.E1.X*px + tr.E1.Y*py + tr.E1.Z*pz
	if det > -1e-12 && det < 1e-12 {
		return
	}
	inv := 1 / det
	sx, sy, sz := r.o.X-tr.V0.X, r.o.Y-tr.V0.Y, r.o.Z-tr.V0.Z
	u = (sx*px + sy*py + sz*pz) * inv
	if u < 0 || u > 1 {
		return
	}
	qx := sy*tr.E1.Z - sz*tr.E1.Y
	qy := sz*tr.E1.X - sx*tr.E1.Z
	qz := sx*tr.E1.Y - sy*tr.E1.X
	v = (r.d.X*qx + r.d.Y*qy + r.d.Z*qz) * inv
	if v < 0 || u+v > 1 {
		return
	}
	t = (tr.E2.X*qx + tr.E2.Y*qy + tr.E2.Z*qz) * inv
	return t, u, v, t > 0 && t < tMax
}

// offset moves p off the surface along n, by an amount that grows with the
// magnitude of p so float32 rounding cannot put it back behind the surface.
func offset(p, n vec) vec {
	m := max(abs32(p.X), abs32(p.Y), abs32(p.Z), 1)
	return p.Add(n.Scale(m * 1e-4))
}

func abs32(x float32) float32 { return math.Float32frombits(math.Float32bits(x) &^ (1 << 31)) }

func sqrt32(x float32) float32 { return float32(math.Sqrt(float64(x))) }
