//go:build !(goexperiment.simd && amd64)

package cpu

import "github.com/rendergrid/rendergrid/scenes"

// slabSIMD reports whether slab4 uses SIMD: never in this build (it needs
// GOEXPERIMENT=simd on amd64).
const slabSIMD = false

// slab4 intersects the ray with a node's four child boxes: the entry
// distance of each, and a bit mask of those it hits before tMax.
func slab4(n *scenes.BVH4Node, r *ray, tMax float32) ([4]float32, uint8) {
	return slab4Scalar(n, r, tMax)
}
