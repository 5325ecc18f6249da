package gpu

import (
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"time"

	"github.com/rendergrid/rendergrid/render"
	"github.com/rendergrid/rendergrid/scenes"
)

// Dispatch sizing: each dispatch covers at most TileSide² pixels and as
// many samples as fit in TargetDispatch at the speed measured so far, so
// that no single dispatch runs long enough to trip a desktop GPU watchdog
// (Windows' TDR fires at 2 s; Linux desktops at similar lengths).
const (
	TileSide       = 256
	TargetDispatch = 30 * time.Millisecond
	MaxBatch       = 64 // samples per pixel per dispatch, at most
	Group          = 8  // the shader's local size, in both directions
)

// DispatchFunc runs the shader once with params over gx×gy workgroups and
// returns the rays it cast.
type DispatchFunc func(params []byte, gx, gy int) (uint32, error)

// Progressive runs the dispatches of one render of s.Bounds() of f, in
// passes of samples over tiles, calling progress after each and checking
// ctx between them. It returns the rays cast.
func Progressive(ctx context.Context, f *scenes.Frame, s render.Settings, sc *Scene, env *scenes.Environment, progress func(render.Progress), dispatch DispatchFunc) (int64, error) {
	start := time.Now()
	reg := s.Bounds()
	total := int64(reg.Dx()) * int64(reg.Dy()) * int64(s.SPP)
	var done, rays int64
	batch := 1
	for s0 := 0; s0 < s.SPP; {
		s1 := min(s0+batch, s.SPP)
		var slowest time.Duration
		for ty := reg.Y0; ty < reg.Y1; ty += TileSide {
			for tx := reg.X0; tx < reg.X1; tx += TileSide {
				if err := ctx.Err(); err != nil {
					return rays, fmt.Errorf("render canceled after %d of %d samples: %w", done, total, err)
				}
				d := Dispatch{X0: tx, Y0: ty, X1: min(tx+TileSide, reg.X1), Y1: min(ty+TileSide, reg.Y1), S0: s0, S1: s1}
				t0 := time.Now()
				n, err := dispatch(Params(f, s, sc, env, d), (d.X1-d.X0+Group-1)/Group, (d.Y1-d.Y0+Group-1)/Group)
				if err != nil {
					return rays, err
				}
				slowest = max(slowest, time.Since(t0))
				rays += int64(n)
				done += int64(d.X1-d.X0) * int64(d.Y1-d.Y0) * int64(s1-s0)
				if progress != nil {
					progress(render.Progress{Done: done, Total: total, Elapsed: time.Since(start)})
				}
			}
		}
		// Grow (at most doubling) or shrink the batch so the slowest
		// dispatch nears the target.
		if slowest > 0 {
			scale := min(float64(TargetDispatch)/float64(slowest), 2)
			batch = int(math.Max(1, math.Min(MaxBatch, float64(s1-s0)*scale)))
		}
		s0 = s1
	}
	return rays, nil
}

// AccumFloats is how many float32s the accumulation buffer holds per
// pixel (shaders/pathtrace.comp's ACCUM): RGBA sums, luminance sum and
// sum of squares, samples taken, stopped, albedo sum, normal sum, nearest
// depth, emission sum, two unused.
const AccumFloats = 20

// AccumBytes is the size of the accumulation buffer of a w×h region.
func AccumBytes(w, h int) int { return 4 * AccumFloats * w * h }

// Image turns the accumulation buffer (little-endian float32s, AccumFloats
// per pixel) of a w×h region rendered with settings s into the averaged
// image, with its alpha, passes and sample counts as s asks, and returns
// it with the samples taken in all.
func Image(raw []byte, w, h int, s render.Settings) (*render.Image, int64) {
	img := render.NewImage(w, h)
	n := w * h
	at := func(k, j int) float64 {
		return float64(math.Float32frombits(binary.LittleEndian.Uint32(raw[4*(AccumFloats*k+j):])))
	}
	count := func(k int) float64 { return at(k, 6) }
	var total int64
	for k := range n {
		c := count(k)
		total += int64(c)
		inv := 1 / max(c, 1)
		img.Pix[3*k], img.Pix[3*k+1], img.Pix[3*k+2] = float32(at(k, 0)*inv), float32(at(k, 1)*inv), float32(at(k, 2)*inv)
	}
	if s.FilmTransparent {
		img.Alpha = make([]float32, n)
		for k := range img.Alpha {
			img.Alpha[k] = float32(at(k, 3) / max(count(k), 1))
		}
	}
	if s.Adaptive() {
		img.Samples = make([]float32, n)
		for k := range n {
			img.Samples[k] = float32(count(k))
		}
	}
	if s.Passes {
		img.Albedo, img.Normal, img.Emission = make([]float32, 3*n), make([]float32, 3*n), make([]float32, 3*n)
		img.Depth, img.Variance = make([]float32, n), make([]float32, n)
		for k := range n {
			c := count(k)
			inv := 1 / max(c, 1)
			var nl float64
			for j := range 3 {
				img.Albedo[3*k+j] = float32(at(k, 8+j) * inv)
				img.Emission[3*k+j] = float32(at(k, 15+j) * inv)
				nl += at(k, 11+j) * at(k, 11+j)
			}
			if nl > 0 {
				nl = math.Sqrt(nl)
				for j := range 3 {
					img.Normal[3*k+j] = float32(at(k, 11+j) / nl)
				}
			}
			img.Depth[k] = render.NoDepth
			if d := at(k, 14); d != 0 {
				img.Depth[k] = float32(d)
			}
			img.Variance[k] = float32(render.MeanVariance(c, at(k, 4), at(k, 5)))
		}
	}
	return img, total
}
