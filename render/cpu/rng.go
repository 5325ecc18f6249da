package cpu

// pcgHash is the PCG-RXS-M-XS 32-bit permutation (Jarzynski and Olano,
// "Hash Functions for GPU Rendering", 2020). It uses only 32-bit integer
// arithmetic so GLSL computes the same bits.
func pcgHash(x uint32) uint32 {
	s := x*747796405 + 2891336453
	w := ((s >> ((s >> 28) + 4)) ^ s) * 277803737
	return (w >> 22) ^ w
}

// hashFloat turns a hash into a uniform number in [0, 1), as sampler.float does.
func hashFloat(x uint32) float32 { return toFloat(pcgHash(x)) }
