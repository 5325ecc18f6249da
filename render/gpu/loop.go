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

// AccumBytes is the size of the accumulation buffer of a w×h region:
// float32 RGBA sums (alpha is coverage).
func AccumBytes(w, h int) int { return 16 * w * h }

// Image turns the accumulation buffer (float32 RGBA sums, little-endian)
// of a w×h region rendered at spp samples into the averaged image, with
// its alpha when alpha is set.
func Image(raw []byte, w, h, spp int, alpha bool) *render.Image {
	img := render.NewImage(w, h)
	inv := 1 / float64(spp)
	at := func(i int) float32 {
		return float32(float64(math.Float32frombits(binary.LittleEndian.Uint32(raw[4*i:]))) * inv)
	}
	for p := 0; p < w*h; p++ {
		img.Pix[3*p], img.Pix[3*p+1], img.Pix[3*p+2] = at(4*p), at(4*p+1), at(4*p+2)
	}
	if alpha {
		img.Alpha = make([]float32, w*h)
		for p := range img.Alpha {
			img.Alpha[p] = at(4*p + 3)
		}
	}
	return img
}
