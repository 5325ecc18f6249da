package cpu

import "math/bits"

// sampler draws the random numbers of one camera path. The numbers that
// steer the path (the pixel position, and at each bounce the BSDF
// direction, lobe and roulette, the emitter point and pick, the
// environment direction and the punctual-light pick) are dimensions of an
// Owen-scrambled Sobol sequence (Burley, "Practical Hash-based Owen
// Scrambling", JCGT 2020): the pixel's samples are stratified against
// each other in every dimension and in pairs, so the error falls faster
// than with independent numbers. Dimensions come in groups of four, each
// group the first four Sobol dimensions under its own scramble (padding).
// What needs no stratification (alpha tests) draws from a PCG stream.
//
// Everything is 32-bit integer arithmetic in a fixed order, so the GLSL
// port (shaders/pathtrace.comp) computes the same bits, and one (seed,
// frame, pixel, sample) always gives the same path.
type sampler struct {
	seed  uint32 // the pixel's scramble: a hash of (seed, frame, pixel)
	index uint32 // the sample number within the pixel
	state uint32 // the PCG stream: alpha tests and shadow-ray hashes
}

// independent makes every sampler draw from its PCG stream alone: the
// sampler before Sobol, kept as the benchmarks' peer (BenchmarkSampler).
var independent = false

// newSampler seeds one sample of one pixel. pixel is the index y*width+x
// in the full image, whatever region is being rendered.
func newSampler(seed, frame, pixel, sample uint32) sampler {
	ps := pcgHash(seed ^ pcgHash(frame^pcgHash(pixel)))
	return sampler{seed: ps, index: sample, state: pcgHash(ps ^ pcgHash(sample))}
}

// next steps the PCG stream.
func (s *sampler) next() uint32 {
	v := pcgHash(s.state) // pcgHash steps the state, then permutes it
	s.state = s.state*747796405 + 2891336453
	return v
}

// float is a uniform number in [0, 1) from the PCG stream.
func (s *sampler) float() float32 { return toFloat(s.next()) }

// group starts group g of the path's dimensions (4g to 4g+3), whose
// numbers at returns. It steps the PCG stream once, so each bounce's
// shadow hashes differ; the numbers themselves depend only on (seed,
// frame, pixel, sample, g, dimension), so a caller computes only those it
// uses.
func (s *sampler) group(g uint32) group {
	s.next()
	seed := pcgHash(s.seed ^ pcgHash(g))
	if independent {
		return group{seed: pcgHash(seed ^ pcgHash(s.index)), independent: true}
	}
	// Shuffle the samples' order (a nested scramble of the index) and XOR
	// away what the scramble does to index 0: the first 2^m indices then
	// map onto the first 2^m Sobol points, a net, for every m, and the
	// Sobol sum stays short.
	return group{seed: seed, index: nestedScramble(s.index, seed) ^ nestedScramble(0, seed)}
}

// group is four dimensions of one sample's point (see sampler.group).
type group struct {
	seed, index uint32
	independent bool
}

// at is dimension d (0-3) of the group: the Sobol point's coordinate
// under the dimension's own nested scramble.
func (g group) at(d uint32) float32 {
	if g.independent {
		return toFloat(pcgHash(g.seed + d))
	}
	return toFloat(nestedScramble(sobol(g.index, d), hashCombine(g.seed, d)))
}

// hashCombine derives dimension d's scramble from its group's (boost's
// hash_combine, as Burley does).
func hashCombine(seed, d uint32) uint32 {
	return seed ^ (d + 0x9e3779b9 + (seed << 6) + (seed >> 2))
}

// toFloat keeps the top 24 bits of x as a number in [0, 1).
func toFloat(x uint32) float32 { return float32(x>>8) * (1.0 / 16777216.0) }

// sobol is dimension d (0-3) of point i of the Sobol sequence.
func sobol(i, d uint32) uint32 {
	var x uint32
	for ; i != 0; i &= i - 1 {
		x ^= sobolDirections[d][bits.TrailingZeros32(i)]
	}
	return x
}

// nestedScramble is a nested uniform (Owen) scramble of x's bits, from
// the most significant down, keyed by seed.
func nestedScramble(x, seed uint32) uint32 {
	return bits.Reverse32(laineKarras(bits.Reverse32(x), seed))
}

// laineKarras is Burley's hash that permutes a number so that each bit
// depends only on the bits below it: applied to reversed bits, an Owen
// scramble.
func laineKarras(x, seed uint32) uint32 {
	x ^= x * 0x3d20adea
	x += seed
	x *= (seed >> 16) | 1
	x ^= x * 0x05526c56
	x ^= x * 0x53a22864
	return x
}

// sobolDirections are the direction numbers of the first four Sobol
// dimensions (van der Corput, then Joe and Kuo's polynomials x+1, x²+x+1
// and x³+x+1 with initial numbers 1; 1 3; 1 3 1).
var sobolDirections = [4][32]uint32{
	{0x80000000, 0x40000000, 0x20000000, 0x10000000, 0x08000000, 0x04000000, 0x02000000, 0x01000000, 0x00800000, 0x00400000, 0x00200000, 0x00100000, 0x00080000, 0x00040000, 0x00020000, 0x00010000, 0x00008000, 0x00004000, 0x00002000, 0x00001000, 0x00000800, 0x00000400, 0x00000200, 0x00000100, 0x00000080, 0x00000040, 0x00000020, 0x00000010, 0x00000008, 0x00000004, 0x00000002, 0x00000001},
	{0x80000000, 0xc0000000, 0xa0000000, 0xf0000000, 0x88000000, 0xcc000000, 0xaa000000, 0xff000000, 0x80800000, 0xc0c00000, 0xa0a00000, 0xf0f00000, 0x88880000, 0xcccc0000, 0xaaaa0000, 0xffff0000, 0x80008000, 0xc000c000, 0xa000a000, 0xf000f000, 0x88008800, 0xcc00cc00, 0xaa00aa00, 0xff00ff00, 0x80808080, 0xc0c0c0c0, 0xa0a0a0a0, 0xf0f0f0f0, 0x88888888, 0xcccccccc, 0xaaaaaaaa, 0xffffffff},
	{0x80000000, 0xc0000000, 0x60000000, 0x90000000, 0xe8000000, 0x5c000000, 0x8e000000, 0xc5000000, 0x68800000, 0x9cc00000, 0xee600000, 0x55900000, 0x80680000, 0xc09c0000, 0x60ee0000, 0x90550000, 0xe8808000, 0x5cc0c000, 0x8e606000, 0xc5909000, 0x6868e800, 0x9c9c5c00, 0xeeee8e00, 0x5555c500, 0x8000e880, 0xc0005cc0, 0x60008e60, 0x9000c590, 0xe8006868, 0x5c009c9c, 0x8e00eeee, 0xc5005555},
	{0x80000000, 0xc0000000, 0x20000000, 0x50000000, 0xf8000000, 0x74000000, 0xa2000000, 0x93000000, 0xd8800000, 0x25400000, 0x59e00000, 0xe6d00000, 0x78080000, 0xb40c0000, 0x82020000, 0xc3050000, 0x208f8000, 0x51474000, 0xfbea2000, 0x75d93000, 0xa0858800, 0x914e5400, 0xdbe79e00, 0x25db6d00, 0x58800080, 0xe54000c0, 0x79e00020, 0xb6d00050, 0x800800f8, 0xc00c0074, 0x200200a2, 0x50050093},
}
