//go:build !(goexperiment.simd && amd64)

package upscale

// convRow computes one output row y of a convolution, with its bias, for
// the n (8 or 16) output channels of the packed weights w and bias, from
// pad, the zero-padded input of row width wp: pixel x < nx's channels go
// to dst[x*dstride:][:n], through ReLU when relu. tmp holds a block of
// pixels (pixelBlock×16 floats).
func convRow(pad []float32, wp, cin, kh, kw, y int, w []float32, n int, bias, dst []float32, dstride, nx int, relu bool, tmp []float32) {
	convRowScalar(pad, wp, cin, kh, kw, y, w, n, bias, dst, dstride, nx, relu)
}

// Without GOEXPERIMENT=simd on amd64 there is only the plain-Go kernel.
var (
	kernels    = []string{"scalar"}
	kernel     = "scalar"
	pixelBlock = 4
)

func blockOf(string) int { return 4 }
