package cpu

// pcgHash is the PCG-RXS-M-XS 32-bit permutation (Jarzynski and Olano,
// "Hash Functions for GPU Rendering", 2020). It uses only 32-bit integer
// arithmetic so GLSL computes the same bits.
func pcgHash(x uint32) uint32 {
	s := x*747796405 + 2891336453
	w := ((s >> ((s >> 28) + 4)) ^ s) * 277803737
	return (w >> 22) ^ w
}

// rng is a PCG stream seeded by (seed, frame, pixel, sample).
type rng struct{ state uint32 }

// newRNG seeds the stream of one sample of one pixel. pixel is the index
// y*width+x in the full image, whatever region is being rendered.
func newRNG(seed, frame, pixel, sample uint32) rng {
	return rng{pcgHash(seed ^ pcgHash(frame^pcgHash(pixel^pcgHash(sample))))}
}

func (r *rng) next() uint32 {
	r.state = r.state*747796405 + 2891336453
	s := r.state
	w := ((s >> ((s >> 28) + 4)) ^ s) * 277803737
	return (w >> 22) ^ w
}

// float returns a uniform number in [0, 1) with 24 bits of precision.
func (r *rng) float() float32 { return float32(r.next()>>8) * (1.0 / 16777216.0) }

// hashFloat turns a hash into a uniform number in [0, 1), as rng.float does.
func hashFloat(x uint32) float32 { return float32(pcgHash(x)>>8) * (1.0 / 16777216.0) }
