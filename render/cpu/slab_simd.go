//go:build goexperiment.simd && amd64

package cpu

import (
	"simd/archsimd"

	"github.com/rendergrid/rendergrid/scenes"
)

// slabSIMD reports whether slab4 tests the four boxes with one SIMD
// instruction each (AVX, through simd/archsimd).
var slabSIMD = archsimd.X86.AVX()

// slab4 intersects the ray with a node's four child boxes: the entry
// distance of each, and a bit mask of those it hits before tMax.
func slab4(n *scenes.BVH4Node, r *ray, tMax float32) ([4]float32, uint8) {
	if !slabSIMD {
		return slab4Scalar(n, r, tMax)
	}
	ox, ix := archsimd.BroadcastFloat32x4(r.o.X), archsimd.BroadcastFloat32x4(r.inv.X)
	tx1 := archsimd.LoadFloat32x4(&n.MinX).Sub(ox).Mul(ix)
	tx2 := archsimd.LoadFloat32x4(&n.MaxX).Sub(ox).Mul(ix)
	tmin, tmax := tx1.Min(tx2), tx1.Max(tx2)
	oy, iy := archsimd.BroadcastFloat32x4(r.o.Y), archsimd.BroadcastFloat32x4(r.inv.Y)
	ty1 := archsimd.LoadFloat32x4(&n.MinY).Sub(oy).Mul(iy)
	ty2 := archsimd.LoadFloat32x4(&n.MaxY).Sub(oy).Mul(iy)
	tmin, tmax = tmin.Max(ty1.Min(ty2)), tmax.Min(ty1.Max(ty2))
	oz, iz := archsimd.BroadcastFloat32x4(r.o.Z), archsimd.BroadcastFloat32x4(r.inv.Z)
	tz1 := archsimd.LoadFloat32x4(&n.MinZ).Sub(oz).Mul(iz)
	tz2 := archsimd.LoadFloat32x4(&n.MaxZ).Sub(oz).Mul(iz)
	tmin, tmax = tmin.Max(tz1.Min(tz2)), tmax.Min(tz1.Max(tz2))
	hit := tmax.GreaterEqual(tmin.Max(archsimd.BroadcastFloat32x4(0))).And(tmin.Less(archsimd.BroadcastFloat32x4(tMax)))
	var tn [4]float32
	tmin.Store(&tn)
	return tn, hit.ToBits()
}
