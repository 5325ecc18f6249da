//go:build !(goexperiment.simd && amd64)

package upscale

// convRow computes one output row y of a convolution without bias for
// the n (8 or 16) output channels of the packed weights w: tmp[x*n+j]
// for x < wr, from pad, the zero-padded input of row width wp.
func convRow(pad []float32, wp, cin, kh, kw, y int, w []float32, n int, tmp []float32, wr int) {
	convRowScalar(pad, wp, cin, kh, kw, y, w, n, tmp, wr)
}

// Kernel names the convolution kernel this build uses.
var Kernel = "pure Go, scalar (build with GOEXPERIMENT=simd for AVX2)"
