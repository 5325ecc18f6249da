package upscale

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
)

// Kernels lists the convolution kernels this build can run on this CPU,
// fastest first: "avx512", "avx2" (both need a GOEXPERIMENT=simd build on
// amd64) and "scalar" (plain Go, everywhere).
func Kernels() []string { return slices.Clone(kernels) }

// Kernel names the kernel in use, for benchmarks and logs.
func Kernel() string {
	switch kernel {
	case "avx512":
		return "pure Go, AVX-512 (simd/archsimd)"
	case "avx2":
		return "pure Go, AVX2+FMA (simd/archsimd)"
	}
	return "pure Go, scalar"
}

// UseKernel switches every network to one of Kernels and returns the
// kernel it replaces; the fastest is in use from the start. It must not
// be called while a network runs.
func UseKernel(name string) (string, error) {
	if !slices.Contains(kernels, name) {
		return "", fmt.Errorf("convolution kernel %q is not available here (%v)", name, kernels)
	}
	prev := kernel
	kernel, pixelBlock = name, blockOf(name)
	return prev, nil
}

// Run runs the network on in (an input tensor of 3 channels scaled so
// that white is InMax) in pure Go, on all cores, and returns the output.
func (m *Model) Run(ctx context.Context, in *Tensor) (*Tensor, error) {
	if in.C != 3 {
		return nil, fmt.Errorf("the input has %d channels; the model reads RGB", in.C)
	}
	last := make([]int, m.Tensors())
	for i, s := range m.steps {
		for _, t := range s.In {
			last[t] = i
		}
	}
	ts := make([]*Tensor, m.Tensors())
	ts[m.input] = in
	packs := m.packed()
	defer func() {
		for t, x := range ts {
			if x != nil && t != m.input && t != m.output {
				m.bufs.put(x.D)
			}
		}
	}()
	for i, s := range m.steps {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		a := ts[s.In[0]]
		res := m.scales[s.Out]
		// Every op writes all of its output, so a recycled buffer needs no
		// clearing; the network's output is the caller's.
		out := &Tensor{H: in.H * res, W: in.W * res, C: s.OutC}
		if s.Out == m.output {
			out.D = make([]float32, out.H*out.W*out.C)
		} else {
			out.D = m.bufs.get(out.H * out.W * out.C)
		}
		switch s.Op {
		case OpConv:
			conv(a, out, &s, packs.w[i], packs.b[i], &m.bufs)
		case OpAct:
			parallel(len(a.D), func(lo, hi int) {
				for k := lo; k < hi; k++ {
					out.D[k] = act(a.D[k], s.Act, s.Alpha)
				}
			})
		case OpScale:
			parallel(len(a.D), func(lo, hi int) {
				for k := lo; k < hi; k++ {
					out.D[k] = a.D[k] * s.Alpha
				}
			})
		case OpAdd:
			parallel(len(a.D), func(lo, hi int) {
				copy(out.D[lo:hi], a.D[lo:hi])
				for _, t := range s.In[1:] {
					b := ts[t].D[lo:hi]
					o := out.D[lo:hi]
					for k, v := range b {
						o[k] += v
					}
				}
			})
		case OpConcat:
			parallel(out.H*out.W, func(lo, hi int) {
				off := 0
				for _, t := range s.In {
					b := ts[t]
					for p := lo; p < hi; p++ {
						copy(out.D[p*out.C+off:p*out.C+off+b.C], b.D[p*b.C:(p+1)*b.C])
					}
					off += b.C
				}
			})
		case OpUpsample:
			n := s.Size
			parallel(out.H, func(lo, hi int) {
				for y := lo; y < hi; y++ {
					for x := 0; x < out.W; x++ {
						copy(out.D[(y*out.W+x)*out.C:][:out.C], a.D[((y/n)*a.W+x/n)*a.C:][:a.C])
					}
				}
			})
		case OpDepth2Space:
			n := s.Size
			parallel(out.H, func(lo, hi int) {
				for y := lo; y < hi; y++ {
					for x := 0; x < out.W; x++ {
						src := ((y/n)*a.W+x/n)*a.C + ((y%n)*n+x%n)*out.C
						copy(out.D[(y*out.W+x)*out.C:][:out.C], a.D[src:][:out.C])
					}
				}
			})
		}
		ts[s.Out] = out
		for _, t := range s.In {
			if last[t] == i && t != m.input && ts[t] != nil {
				m.bufs.put(ts[t].D)
				ts[t] = nil
			}
		}
	}
	return ts[m.output], nil
}

// parallel calls fn over [0,n) in chunks, on all cores.
func parallel(n int, fn func(lo, hi int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		fn(0, n)
		return
	}
	var next atomic.Int64
	chunk := max(1, n/(workers*4))
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				lo := int(next.Add(int64(chunk))) - chunk
				if lo >= n {
					return
				}
				fn(lo, min(lo+chunk, n))
			}
		})
	}
	wg.Wait()
}

func act(v float32, a int, alpha float32) float32 {
	switch a {
	case ActReLU:
		return max(v, 0)
	case ActSigmoid:
		return float32(1 / (1 + math.Exp(-float64(v))))
	case ActTanh:
		return float32(math.Tanh(float64(v)))
	case ActLeaky:
		if v < 0 {
			return v * alpha
		}
	}
	return v
}

// packs holds the convolutions' weights rearranged for the kernels, and
// their biases padded to the kernels' channel groups.
type packs struct {
	once sync.Once
	w    [][]float32
	b    [][]float32
}

// packed returns the kernels of every step in the layout of conv: for each
// group of 16 output channels (the last may be 8), [ky][kx][ci][16], zero
// past OutC; and the biases likewise, [group][16].
func (m *Model) packed() *packs {
	m.pack.once.Do(func() {
		m.pack.w = make([][]float32, len(m.steps))
		m.pack.b = make([][]float32, len(m.steps))
		for i, s := range m.steps {
			if s.Op != OpConv {
				continue
			}
			var w, b []float32
			for _, g := range groups(s.OutC) {
				for j := 0; j < g.n; j++ {
					if co := g.c0 + j; co < s.OutC {
						b = append(b, s.Bias[co])
					} else {
						b = append(b, 0)
					}
				}
				for k := 0; k < s.KH*s.KW*s.Cin; k++ {
					for j := 0; j < g.n; j++ {
						if co := g.c0 + j; co < s.OutC {
							w = append(w, s.Kernel[k*s.OutC+co])
						} else {
							w = append(w, 0)
						}
					}
				}
			}
			m.pack.w[i], m.pack.b[i] = w, b
		}
	})
	return &m.pack
}

// group is a run of output channels one kernel call computes: n is 16 or
// 8 (the padded width), c0 the first channel.
type group struct{ c0, n int }

func groups(c int) []group {
	var g []group
	for c0 := 0; c0 < c; {
		n := 16
		if c-c0 <= 8 {
			n = 8
		}
		g = append(g, group{c0, n})
		c0 += n
	}
	return g
}

// bufs recycles the network's tensors between runs (the tiles of an
// image mostly have one size): a sync.Pool per length, so the garbage
// collector reclaims what stays idle. Buffers come back dirty.
type bufs struct{ pools sync.Map } // length -> *sync.Pool of *[]float32

func (b *bufs) get(n int) []float32 {
	if p, ok := b.pools.Load(n); ok {
		if v := p.(*sync.Pool).Get(); v != nil {
			return *v.(*[]float32)
		}
	}
	return make([]float32, n)
}

func (b *bufs) put(s []float32) {
	p, _ := b.pools.LoadOrStore(len(s), &sync.Pool{})
	p.(*sync.Pool).Put(&s)
}

// conv computes s (a "same"-padded convolution with its bias and
// activation) of a into out, rows split across the cores; w and bias are
// the step's packed weights and biases. Groups of output channels that
// fit the tensor and end in a linear or ReLU activation are stored by the
// kernel itself; the others go through a row buffer.
func conv(a, out *Tensor, s *Step, w, bias []float32, pool *bufs) {
	ph, pw := s.KH/2, s.KW/2
	wr := (a.W + pixelBlock - 1) / pixelBlock * pixelBlock // output columns computed, in blocks
	wp := wr + s.KW - 1
	hp := a.H + s.KH - 1
	cin := a.C
	pad := pool.get(hp * wp * cin)
	defer pool.put(pad)
	clear(pad[:ph*wp*cin])
	clear(pad[(ph+a.H)*wp*cin:])
	parallel(a.H, func(lo, hi int) {
		for y := lo; y < hi; y++ {
			row := pad[(y+ph)*wp*cin : (y+ph+1)*wp*cin]
			clear(row[:pw*cin])
			copy(row[pw*cin:], a.D[y*a.W*cin:(y+1)*a.W*cin])
			clear(row[(pw+a.W)*cin:])
		}
	})
	gs := groups(s.OutC)
	var tmps sync.Pool
	parallel(a.H, func(lo, hi int) {
		tmp, _ := tmps.Get().([]float32)
		if tmp == nil {
			tmp = make([]float32, wr*16)
		}
		defer tmps.Put(tmp)
		for y := lo; y < hi; y++ {
			off, boff := 0, 0
			o := out.D[y*out.W*out.C : (y+1)*out.W*out.C]
			for _, g := range gs {
				gw := w[off : off+s.KH*s.KW*cin*g.n]
				off += len(gw)
				gb := bias[boff : boff+g.n]
				boff += g.n
				if g.n <= s.OutC-g.c0 && (s.Act == ActLinear || s.Act == ActReLU) {
					convRow(pad, wp, cin, s.KH, s.KW, y, gw, g.n, gb, o[g.c0:], out.C, a.W, s.Act == ActReLU, tmp)
					continue
				}
				convRow(pad, wp, cin, s.KH, s.KW, y, gw, g.n, gb, tmp, g.n, wr, false, tmp)
				n := min(g.n, s.OutC-g.c0)
				for x := 0; x < a.W; x++ {
					dst := o[x*out.C+g.c0 : x*out.C+g.c0+n]
					src := tmp[x*g.n : x*g.n+n]
					for j := range dst {
						dst[j] = act(src[j], s.Act, s.Alpha)
					}
				}
			}
		}
	})
}
