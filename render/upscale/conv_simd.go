//go:build goexperiment.simd && amd64

package upscale

import (
	"simd/archsimd"
	"unsafe"
)

// The convolution kernels this build has: AVX-512, AVX2 with FMA (both
// through simd/archsimd), and plain Go.
var kernels = func() []string {
	var ks []string
	if archsimd.X86.AVX2() && archsimd.X86.FMA() {
		if archsimd.X86.AVX512() {
			ks = append(ks, "avx512")
		}
		ks = append(ks, "avx2")
	}
	return append(ks, "scalar")
}()

// kernel is the one in use; pixelBlock is what conv rounds row widths up
// to, a multiple of the kernel's pixels (4 with AVX2, 6 with AVX-512).
var (
	kernel     = kernels[0]
	pixelBlock = blockOf(kernels[0])
)

func blockOf(k string) int {
	if k == "avx512" {
		return 12
	}
	return 4
}

// convRow computes one output row y of a convolution, with its bias, for
// the n (8 or 16) output channels of the packed weights w and bias, from
// pad, the zero-padded input of row width wp: pixel x < nx's channels go
// to dst[x*dstride:][:n], through ReLU when relu. tmp holds a block of
// pixels (pixelBlock×16 floats) for the last, partial block of a row.
//
// Blocks of four pixels of 8 or 16 channels in AVX registers (six of 16,
// one AVX-512 register each, where there is AVX-512). For one kernel row
// ky, the kw×cin inputs of a pixel and the matching weights are both
// contiguous, so the inner loops (fma4x16 and the others) walk them with
// pointer increments; they are functions of their own so that the
// accumulators stay in registers.
func convRow(pad []float32, wp, cin, kh, kw, y int, w []float32, n int, bias, dst []float32, dstride, nx int, relu bool, tmp []float32) {
	if kernel == "scalar" {
		convRowScalar(pad, wp, cin, kh, kw, y, w, n, bias, dst, dstride, nx, relu)
		return
	}
	block := 4
	if kernel == "avx512" && n == 16 {
		block = 6
	}
	wr := (nx + block - 1) / block * block
	_ = pad[((y+kh-1)*wp+wr+kw-2)*cin+cin-1]
	_ = w[kh*kw*cin*n-1]
	_ = bias[n-1]
	_ = dst[(nx-1)*dstride+n-1]
	_ = tmp[block*n-1]
	p0 := unsafe.Pointer(&pad[0])
	w0 := unsafe.Pointer(&w[0])
	stride := uintptr(4 * cin) // bytes from one pixel's channels to the next's
	run := kw * cin            // inputs of one kernel row
	for x := 0; x < nx; x += block {
		// Whole blocks are stored in place; the last, partial one in tmp.
		out, ostride := unsafe.Pointer(&dst[x*dstride]), uintptr(4*dstride)
		partial := x+block > nx
		if partial {
			out, ostride = unsafe.Pointer(&tmp[0]), uintptr(4*n)
		}
		switch {
		case block == 6:
			var acc [6]archsimd.Float32x16
			b := archsimd.LoadFloat32x16((*[16]float32)(unsafe.Pointer(&bias[0])))
			acc = [6]archsimd.Float32x16{b, b, b, b, b, b}
			for ky := 0; ky < kh; ky++ {
				pa := unsafe.Add(p0, 4*((y+ky)*wp+x)*cin)
				fma6x16z(&acc, pa, unsafe.Add(pa, 3*stride), unsafe.Add(w0, 4*ky*run*16), stride, run)
			}
			var zero archsimd.Float32x16
			for j, v := range acc {
				if relu {
					v = v.Max(zero)
				}
				v.Store((*[16]float32)(unsafe.Add(out, uintptr(j)*ostride)))
			}
		case n == 16:
			var acc [8]archsimd.Float32x8
			for j := range acc {
				acc[j] = archsimd.LoadFloat32x8((*[8]float32)(unsafe.Pointer(&bias[(j%2)*8])))
			}
			for ky := 0; ky < kh; ky++ {
				pa := unsafe.Add(p0, 4*((y+ky)*wp+x)*cin)
				fma4x16(&acc, pa, unsafe.Add(pa, 2*stride), unsafe.Add(w0, 4*ky*run*16), stride, run)
			}
			var zero archsimd.Float32x8
			for j, v := range acc {
				if relu {
					v = v.Max(zero)
				}
				v.Store((*[8]float32)(unsafe.Add(out, uintptr(j/2)*ostride+uintptr(j%2)*32)))
			}
		default:
			var acc [4]archsimd.Float32x8
			b := archsimd.LoadFloat32x8((*[8]float32)(unsafe.Pointer(&bias[0])))
			acc = [4]archsimd.Float32x8{b, b, b, b}
			for ky := 0; ky < kh; ky++ {
				pa := unsafe.Add(p0, 4*((y+ky)*wp+x)*cin)
				fma4x8(&acc, pa, unsafe.Add(pa, 2*stride), unsafe.Add(w0, 4*ky*run*8), stride, run)
			}
			var zero archsimd.Float32x8
			for j, v := range acc {
				if relu {
					v = v.Max(zero)
				}
				v.Store((*[8]float32)(unsafe.Add(out, uintptr(j)*ostride)))
			}
		}
		if partial {
			for j := 0; j < nx-x; j++ {
				copy(dst[(x+j)*dstride:][:n], tmp[j*n:][:n])
			}
		}
	}
}

// fma4x16 adds run steps of four pixels' inputs (at pa, pa+stride, pc and
// pc+stride, one float a step) times 16 channels of weights (at pw, 16
// floats a step) into acc: pixel p's channels are acc[2p] and acc[2p+1].
func fma4x16(acc *[8]archsimd.Float32x8, pa, pc, pw unsafe.Pointer, stride uintptr, run int) {
	a0, a1, b0, b1, c0, c1, d0, d1 := acc[0], acc[1], acc[2], acc[3], acc[4], acc[5], acc[6], acc[7]
	for range run {
		k0 := archsimd.LoadFloat32x8((*[8]float32)(pw))
		k1 := archsimd.LoadFloat32x8((*[8]float32)(unsafe.Add(pw, 32)))
		v := archsimd.BroadcastFloat32x8(*(*float32)(pa))
		a0 = v.MulAdd(k0, a0)
		a1 = v.MulAdd(k1, a1)
		v = archsimd.BroadcastFloat32x8(*(*float32)(unsafe.Add(pa, stride)))
		b0 = v.MulAdd(k0, b0)
		b1 = v.MulAdd(k1, b1)
		v = archsimd.BroadcastFloat32x8(*(*float32)(pc))
		c0 = v.MulAdd(k0, c0)
		c1 = v.MulAdd(k1, c1)
		v = archsimd.BroadcastFloat32x8(*(*float32)(unsafe.Add(pc, stride)))
		d0 = v.MulAdd(k0, d0)
		d1 = v.MulAdd(k1, d1)
		pa, pc, pw = unsafe.Add(pa, 4), unsafe.Add(pc, 4), unsafe.Add(pw, 64)
	}
	acc[0], acc[1], acc[2], acc[3], acc[4], acc[5], acc[6], acc[7] = a0, a1, b0, b1, c0, c1, d0, d1
}

// fma6x16z adds run steps of six pixels' inputs (at pa + k·stride and
// pd + k·stride, k < 3) times 16 channels of weights into acc, one
// AVX-512 register a pixel. Six, not eight: the compiler allocates 16
// vector registers, and eight accumulators with their broadcasts spill.
func fma6x16z(acc *[6]archsimd.Float32x16, pa, pd, pw unsafe.Pointer, stride uintptr, run int) {
	a, b, c, d, e, f := acc[0], acc[1], acc[2], acc[3], acc[4], acc[5]
	s2 := 2 * stride
	for range run {
		k := archsimd.LoadFloat32x16((*[16]float32)(pw))
		a = archsimd.BroadcastFloat32x16(*(*float32)(pa)).MulAdd(k, a)
		b = archsimd.BroadcastFloat32x16(*(*float32)(unsafe.Add(pa, stride))).MulAdd(k, b)
		c = archsimd.BroadcastFloat32x16(*(*float32)(unsafe.Add(pa, s2))).MulAdd(k, c)
		d = archsimd.BroadcastFloat32x16(*(*float32)(pd)).MulAdd(k, d)
		e = archsimd.BroadcastFloat32x16(*(*float32)(unsafe.Add(pd, stride))).MulAdd(k, e)
		f = archsimd.BroadcastFloat32x16(*(*float32)(unsafe.Add(pd, s2))).MulAdd(k, f)
		pa, pd, pw = unsafe.Add(pa, 4), unsafe.Add(pd, 4), unsafe.Add(pw, 64)
	}
	acc[0], acc[1], acc[2], acc[3], acc[4], acc[5] = a, b, c, d, e, f
}

// fma4x8 is fma4x16 for 8 channels: pixel p's are acc[p].
func fma4x8(acc *[4]archsimd.Float32x8, pa, pc, pw unsafe.Pointer, stride uintptr, run int) {
	a, b, c, d := acc[0], acc[1], acc[2], acc[3]
	for range run {
		k := archsimd.LoadFloat32x8((*[8]float32)(pw))
		a = archsimd.BroadcastFloat32x8(*(*float32)(pa)).MulAdd(k, a)
		b = archsimd.BroadcastFloat32x8(*(*float32)(unsafe.Add(pa, stride))).MulAdd(k, b)
		c = archsimd.BroadcastFloat32x8(*(*float32)(pc)).MulAdd(k, c)
		d = archsimd.BroadcastFloat32x8(*(*float32)(unsafe.Add(pc, stride))).MulAdd(k, d)
		pa, pc, pw = unsafe.Add(pa, 4), unsafe.Add(pc, 4), unsafe.Add(pw, 32)
	}
	acc[0], acc[1], acc[2], acc[3] = a, b, c, d
}
