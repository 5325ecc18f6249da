//go:build goexperiment.simd && amd64

package upscale

import (
	"simd/archsimd"
	"unsafe"
)

// Kernel names the convolution kernel this build uses.
var Kernel = "pure Go, scalar (no AVX2/FMA)"

var useSIMD = archsimd.X86.AVX2() && archsimd.X86.FMA()

func init() {
	if useSIMD {
		Kernel = "pure Go, AVX2+FMA (simd/archsimd)"
	}
}

// convRow computes one output row y of a convolution without bias for
// the n (8 or 16) output channels of the packed weights w: tmp[x*n+j]
// for x < wr (a multiple of 4), from pad, the zero-padded input of row
// width wp. Four pixels at a time, 8 or 16 channels in AVX registers.
func convRow(pad []float32, wp, cin, kh, kw, y int, w []float32, n int, tmp []float32, wr int) {
	if !useSIMD {
		convRowScalar(pad, wp, cin, kh, kw, y, w, n, tmp, wr)
		return
	}
	_ = pad[((y+kh-1)*wp+wr+kw-2)*cin+cin-1]
	_ = w[kh*kw*cin*n-1]
	_ = tmp[wr*n-1]
	p0 := unsafe.Pointer(&pad[0])
	w0 := unsafe.Pointer(&w[0])
	t0 := unsafe.Pointer(&tmp[0])
	at := func(p unsafe.Pointer, i int) *float32 { return (*float32)(unsafe.Add(p, 4*i)) }
	vec := func(p unsafe.Pointer, i int) *[8]float32 { return (*[8]float32)(unsafe.Add(p, 4*i)) }
	for x := 0; x < wr; x += 4 {
		if n == 16 {
			var a0, a1, b0, b1, c0, c1, d0, d1 archsimd.Float32x8
			for ky := 0; ky < kh; ky++ {
				for kx := 0; kx < kw; kx++ {
					in := ((y+ky)*wp + x + kx) * cin
					wk := (ky*kw + kx) * cin * 16
					for ci := 0; ci < cin; ci++ {
						k0 := archsimd.LoadFloat32x8(vec(w0, wk+16*ci))
						k1 := archsimd.LoadFloat32x8(vec(w0, wk+16*ci+8))
						v := archsimd.BroadcastFloat32x8(*at(p0, in+ci))
						a0 = v.MulAdd(k0, a0)
						a1 = v.MulAdd(k1, a1)
						v = archsimd.BroadcastFloat32x8(*at(p0, in+cin+ci))
						b0 = v.MulAdd(k0, b0)
						b1 = v.MulAdd(k1, b1)
						v = archsimd.BroadcastFloat32x8(*at(p0, in+2*cin+ci))
						c0 = v.MulAdd(k0, c0)
						c1 = v.MulAdd(k1, c1)
						v = archsimd.BroadcastFloat32x8(*at(p0, in+3*cin+ci))
						d0 = v.MulAdd(k0, d0)
						d1 = v.MulAdd(k1, d1)
					}
				}
			}
			o := x * 16
			a0.Store(vec(t0, o))
			a1.Store(vec(t0, o+8))
			b0.Store(vec(t0, o+16))
			b1.Store(vec(t0, o+24))
			c0.Store(vec(t0, o+32))
			c1.Store(vec(t0, o+40))
			d0.Store(vec(t0, o+48))
			d1.Store(vec(t0, o+56))
			continue
		}
		var a, b, c, d archsimd.Float32x8
		for ky := 0; ky < kh; ky++ {
			for kx := 0; kx < kw; kx++ {
				in := ((y+ky)*wp + x + kx) * cin
				wk := (ky*kw + kx) * cin * 8
				for ci := 0; ci < cin; ci++ {
					k := archsimd.LoadFloat32x8(vec(w0, wk+8*ci))
					a = archsimd.BroadcastFloat32x8(*at(p0, in+ci)).MulAdd(k, a)
					b = archsimd.BroadcastFloat32x8(*at(p0, in+cin+ci)).MulAdd(k, b)
					c = archsimd.BroadcastFloat32x8(*at(p0, in+2*cin+ci)).MulAdd(k, c)
					d = archsimd.BroadcastFloat32x8(*at(p0, in+3*cin+ci)).MulAdd(k, d)
				}
			}
		}
		o := x * 8
		a.Store(vec(t0, o))
		b.Store(vec(t0, o+8))
		c.Store(vec(t0, o+16))
		d.Store(vec(t0, o+24))
	}
}
