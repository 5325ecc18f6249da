package cpu

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rendergrid/rendergrid/render"
	"github.com/rendergrid/rendergrid/scenes"
)

const (
	tileSize     = 16 // pixels per tile side: one unit of parallel work
	passesTarget = 16 // progressive passes per render, for progress and cancellation
	maxPassSPP   = 64 // samples per pixel per pass, at most
)

// Engine is the pure-Go path tracer. The zero value uses every core.
type Engine struct {
	// Workers is the number of rendering goroutines; 0 means GOMAXPROCS.
	Workers int
}

var _ render.Renderer = (*Engine)(nil)

// New returns an engine that uses every core.
func New() *Engine { return &Engine{} }

// Name returns "cpu".
func (e *Engine) Name() string { return "cpu" }

// cameraRay is the ray through image-plane point (ndcX, ndcY), each in
// [-aspect, aspect] × [-1, 1]: through the pinhole, or parallel to
// Forward from the orthographic image plane.
func cameraRay(cam *scenes.View, ndcX, ndcY float32) (o, d vec) {
	if cam.Ortho {
		h := cam.OrthoHalfHeight
		return cam.Origin.Add(cam.Right.Scale(ndcX * h)).Add(cam.Up.Scale(ndcY * h)), cam.Forward
	}
	d = cam.Forward.Add(cam.Right.Scale(ndcX * cam.TanHalfFov)).Add(cam.Up.Scale(ndcY * cam.TanHalfFov)).Normalize()
	return cam.Origin, d
}

// Render path-traces s.Bounds() of frame f. Samples are accumulated in
// passes over all tiles; ctx cancels between tiles.
func (e *Engine) Render(ctx context.Context, f *scenes.Frame, s render.Settings, progress func(render.Progress)) (*render.Image, render.Stats, error) {
	if err := s.Validate(); err != nil {
		return nil, render.Stats{}, fmt.Errorf("render settings: %w", err)
	}
	if f == nil || len(f.Tris) == 0 {
		return nil, render.Stats{}, fmt.Errorf("frame has no triangles")
	}
	start := time.Now()
	reg := s.Bounds()
	w, h := reg.Dx(), reg.Dy()
	fb := newFilm(w*h, s)
	base := newTracer(f, s.Environment(f), s.MaxBounces)
	tilesX, tilesY := (w+tileSize-1)/tileSize, (h+tileSize-1)/tileSize
	nTiles := tilesX * tilesY
	passSPP := min(max(1, (s.SPP+passesTarget-1)/passesTarget), maxPassSPP)
	workers := e.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	cam := f.Camera
	aspect := float32(s.Width) / float32(s.Height)
	total := int64(w) * int64(h) * int64(s.SPP)
	minSPP := s.MinSamples()
	var done, rays atomic.Int64

	for s0 := 0; s0 < s.SPP; s0 += passSPP {
		s1 := min(s0+passSPP, s.SPP)
		var next atomic.Int64
		var wg sync.WaitGroup
		for range workers {
			wg.Go(func() {
				tr := base
				var aux *firstHit
				if s.Passes {
					aux = new(firstHit)
				}
				for ctx.Err() == nil {
					t := int(next.Add(1) - 1)
					if t >= nTiles {
						break
					}
					tx0 := reg.X0 + (t%tilesX)*tileSize
					ty0 := reg.Y0 + (t/tilesX)*tileSize
					tx1, ty1 := min(tx0+tileSize, reg.X1), min(ty0+tileSize, reg.Y1)
					for y := ty0; y < ty1; y++ {
						for x := tx0; x < tx1; x++ {
							k := (y-reg.Y0)*w + (x - reg.X0)
							if fb.stopped != nil && fb.stopped[k] {
								continue
							}
							pixel := uint32(y*s.Width + x)
							for smp := s0; smp < s1; smp++ {
								if s.Adaptive() && render.Converged(smp, minSPP, fb.lum[2*k], fb.lum[2*k+1], s.NoiseThreshold) {
									fb.stopped[k] = true
									break
								}
								rnd := newSampler(s.Seed, uint32(f.Number), pixel, uint32(smp))
								film := rnd.group(0)
								jx, jy := film.at(0), film.at(1)
								ndcX := (2*(float32(x)+jx)/float32(s.Width) - 1) * aspect
								ndcY := 1 - 2*(float32(y)+jy)/float32(s.Height)
								o, d := cameraRay(&cam, ndcX, ndcY)
								if aux != nil {
									*aux = firstHit{}
								}
								l, a := tr.radiance(newRay(o, d), &rnd, s.FilmTransparent, aux)
								fb.add(k, l, a, aux)
							}
						}
					}
					n := done.Add(int64((tx1-tx0)*(ty1-ty0)) * int64(s1-s0))
					if progress != nil {
						progress(render.Progress{Done: n, Total: total, Elapsed: time.Since(start)})
					}
				}
				rays.Add(tr.rays)
			})
		}
		wg.Wait()
		if err := ctx.Err(); err != nil {
			return nil, render.Stats{}, fmt.Errorf("render canceled after %d of %d samples: %w", done.Load(), total, err)
		}
	}
	img, samples := fb.image(w, h, s)
	st := render.Stats{Samples: samples, Rays: rays.Load(), Duration: time.Since(start)}
	return img, st, nil
}
