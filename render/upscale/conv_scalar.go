package upscale

// convRowScalar is convRow in plain Go: eight accumulators per pixel.
func convRowScalar(pad []float32, wp, cin, kh, kw, y int, w []float32, n int, bias, dst []float32, dstride, nx int, relu bool) {
	for x := 0; x < nx; x++ {
		for j0 := 0; j0 < n; j0 += 8 {
			b := bias[j0 : j0+8]
			a0, a1, a2, a3, a4, a5, a6, a7 := b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]
			for ky := 0; ky < kh; ky++ {
				for kx := 0; kx < kw; kx++ {
					in := pad[((y+ky)*wp+x+kx)*cin:][:cin]
					ws := w[(ky*kw+kx)*cin*n:][:cin*n]
					for ci, v := range in {
						k := ws[ci*n+j0:][:8]
						a0 += v * k[0]
						a1 += v * k[1]
						a2 += v * k[2]
						a3 += v * k[3]
						a4 += v * k[4]
						a5 += v * k[5]
						a6 += v * k[6]
						a7 += v * k[7]
					}
				}
			}
			t := dst[x*dstride+j0:][:8]
			t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7] = a0, a1, a2, a3, a4, a5, a6, a7
			if relu {
				for i, v := range t {
					t[i] = max(v, 0)
				}
			}
		}
	}
}
