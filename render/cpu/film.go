package cpu

import (
	"math"

	"github.com/rendergrid/rendergrid/render"
)

// film accumulates the samples of a render, per pixel: radiance and
// coverage, and for adaptive sampling and the passes the luminance moments,
// the sample count and the first surface seen.
type film struct {
	rgb     []float64 // 3 per pixel
	cover   []float64 // nil unless the film is transparent
	lum     []float64 // luminance sum and sum of squares; nil unless needed
	n       []int32   // samples taken; nil unless lum is kept
	stopped []bool    // adaptive sampling ended the pixel
	albedo  []float32 // 3 per pixel; nil without passes
	normal  []float32 // 3 per pixel
	emit    []float32 // 3 per pixel
	depth   []float32 // the nearest depth seen, as Cycles' Z pass
}

// newFilm allocates what settings s need for n pixels.
func newFilm(n int, s render.Settings) *film {
	fb := &film{rgb: make([]float64, 3*n)}
	if s.FilmTransparent {
		fb.cover = make([]float64, n)
	}
	if s.Passes || s.Adaptive() {
		fb.lum, fb.n = make([]float64, 2*n), make([]int32, n)
	}
	if s.Adaptive() {
		fb.stopped = make([]bool, n)
	}
	if s.Passes {
		fb.albedo, fb.normal, fb.emit, fb.depth = make([]float32, 3*n), make([]float32, 3*n), make([]float32, 3*n), make([]float32, n)
		for k := range fb.depth {
			fb.depth[k] = render.NoDepth
		}
	}
	return fb
}

// add accumulates one sample of pixel k: radiance l, coverage a and the
// first hit (nil without passes). A NaN path contributes nothing rather
// than poisoning the pixel, but it counts as a sample taken.
func (fb *film) add(k int, l vec, a float32, hit *firstHit) {
	if fb.n != nil {
		fb.n[k]++
	}
	if hit != nil && hit.emission.IsFinite() {
		fb.emit[3*k] += hit.emission.X
		fb.emit[3*k+1] += hit.emission.Y
		fb.emit[3*k+2] += hit.emission.Z
	}
	if hit != nil {
		if hit.hit {
			fb.albedo[3*k] += hit.albedo.X
			fb.albedo[3*k+1] += hit.albedo.Y
			fb.albedo[3*k+2] += hit.albedo.Z
			fb.normal[3*k] += hit.normal.X
			fb.normal[3*k+1] += hit.normal.Y
			fb.normal[3*k+2] += hit.normal.Z
			fb.depth[k] = min(fb.depth[k], hit.depth)
		} else {
			fb.albedo[3*k] += 1
			fb.albedo[3*k+1] += 1
			fb.albedo[3*k+2] += 1
		}
	}
	if !l.IsFinite() {
		return
	}
	fb.rgb[3*k] += float64(l.X)
	fb.rgb[3*k+1] += float64(l.Y)
	fb.rgb[3*k+2] += float64(l.Z)
	if fb.cover != nil {
		fb.cover[k] += float64(a)
	}
	if fb.lum != nil {
		y := float64(render.Luminance(l.X, l.Y, l.Z))
		fb.lum[2*k] += y
		fb.lum[2*k+1] += y * y
	}
}

// image averages the film into the w×h image of a render with settings s
// and returns it with the samples taken in all.
func (fb *film) image(w, h int, s render.Settings) (*render.Image, int64) {
	img := render.NewImage(w, h)
	n := w * h
	count := func(k int) float64 {
		if fb.n != nil {
			return float64(fb.n[k])
		}
		return float64(s.SPP)
	}
	var total int64
	for k := range n {
		c := count(k)
		total += int64(c)
		inv := 1 / c
		img.Pix[3*k] = float32(fb.rgb[3*k] * inv)
		img.Pix[3*k+1] = float32(fb.rgb[3*k+1] * inv)
		img.Pix[3*k+2] = float32(fb.rgb[3*k+2] * inv)
	}
	if fb.cover != nil {
		img.Alpha = make([]float32, n)
		for k, v := range fb.cover {
			img.Alpha[k] = float32(v / count(k))
		}
	}
	if s.Adaptive() {
		img.Samples = make([]float32, n)
		for k := range n {
			img.Samples[k] = float32(fb.n[k])
		}
	}
	if s.Passes {
		img.Albedo, img.Normal, img.Emission = fb.albedo, fb.normal, fb.emit
		img.Depth, img.Variance = fb.depth, make([]float32, n)
		for k := range n {
			c := count(k)
			inv := float32(1 / c)
			for i := 3 * k; i < 3*k+3; i++ {
				img.Albedo[i] *= inv
				img.Emission[i] *= inv
			}
			nx, ny, nz := img.Normal[3*k], img.Normal[3*k+1], img.Normal[3*k+2]
			if l := float32(math.Sqrt(float64(nx*nx + ny*ny + nz*nz))); l > 0 {
				img.Normal[3*k], img.Normal[3*k+1], img.Normal[3*k+2] = nx/l, ny/l, nz/l
			}
			img.Variance[k] = float32(render.MeanVariance(c, fb.lum[2*k], fb.lum[2*k+1]))
		}
	}
	return img, total
}
