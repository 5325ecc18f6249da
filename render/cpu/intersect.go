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
	return ray{o: o, d: d, inv: vec{X: 1 / d.X, Y: 1 / d.Y, Z: 1 / d.Z}}
}

// hit is the nearest intersection found along a ray.
type hit struct {
	t    float32
	u, v float32 // barycentrics of vertices 1 and 2
	tri  int32   // -1: none
}

const traversalStack = scenes.BVHMaxDepth + 8

// intersect finds the nearest triangle hit with 0 < t < tMax.
func intersect(f *scenes.Frame, r *ray, tMax float32) hit {
	h := hit{t: tMax, tri: -1}
	nodes := f.BVH
	if _, ok := slab(&nodes[0], r, h.t); !ok {
		return h
	}
	var stack [traversalStack]uint32
	sp := 0
	ni := uint32(0)
	for {
		node := &nodes[ni]
		if node.Count > 0 {
			for i := node.LeftFirst; i < node.LeftFirst+node.Count; i++ {
				if t, u, v, ok := triHit(&f.Tris[i], r, h.t); ok {
					h = hit{t: t, u: u, v: v, tri: int32(i)}
				}
			}
		} else {
			near, far := node.LeftFirst, node.LeftFirst+1
			tn, hitN := slab(&nodes[near], r, h.t)
			tf, hitF := slab(&nodes[far], r, h.t)
			if hitN && hitF {
				if tf < tn {
					near, far = far, near
				}
				if sp < traversalStack {
					stack[sp] = far
					sp++
				}
				ni = near
				continue
			}
			if hitN {
				ni = near
				continue
			}
			if hitF {
				ni = far
				continue
			}
		}
		if sp == 0 {
			return h
		}
		sp--
		ni = stack[sp]
	}
}

// occluded reports whether any triangle lies on the ray with 0 < t < tMax.
func occluded(f *scenes.Frame, r *ray, tMax float32) bool {
	var stack [traversalStack]uint32
	sp := 0
	nodes := f.BVH
	stack[sp] = 0
	sp++
	for sp > 0 {
		sp--
		node := &nodes[stack[sp]]
		if _, ok := slab(node, r, tMax); !ok {
			continue
		}
		if node.Count > 0 {
			for i := node.LeftFirst; i < node.LeftFirst+node.Count; i++ {
				if _, _, _, ok := triHit(&f.Tris[i], r, tMax); ok {
					return true
				}
			}
			continue
		}
		if sp+2 <= traversalStack {
			stack[sp] = node.LeftFirst + 1
			stack[sp+1] = node.LeftFirst
			sp += 2
		}
	}
	return false
}

// slab intersects the ray with a node's box; t is the entry distance.
func slab(n *scenes.BVHNode, r *ray, tMax float32) (float32, bool) {
	tx1 := (n.Min.X - r.o.X) * r.inv.X
	tx2 := (n.Max.X - r.o.X) * r.inv.X
	tmin, tmax := min(tx1, tx2), max(tx1, tx2)
	ty1 := (n.Min.Y - r.o.Y) * r.inv.Y
	ty2 := (n.Max.Y - r.o.Y) * r.inv.Y
	tmin, tmax = max(tmin, min(ty1, ty2)), min(tmax, max(ty1, ty2))
	tz1 := (n.Min.Z - r.o.Z) * r.inv.Z
	tz2 := (n.Max.Z - r.o.Z) * r.inv.Z
	tmin, tmax = max(tmin, min(tz1, tz2)), min(tmax, max(tz1, tz2))
	return tmin, tmax >= max(tmin, 0) && tmin < tMax
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
