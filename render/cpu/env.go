package cpu

import (
	"math"

	"github.com/rendergrid/rendergrid/scenes"
)

// The environment's mapping and sampling (scenes.Environment documents the
// mapping; shaders/pathtrace.comp has the same functions by name).

// envUV maps a world direction to the map's (u, t), t from the top row.
func envUV(e *scenes.Environment, d vec) (u, t float32) {
	bx, by, bz := d.X, -d.Z, d.Y
	c, s := e.RotCos, e.RotSin
	rx, ry := bx*c-by*s, bx*s+by*c
	u = 0.5 - float32(math.Atan2(float64(ry), float64(rx)))/(2*math.Pi)
	t = 0.5 - float32(math.Asin(float64(min(max(bz, -1), 1))))/math.Pi
	return u, t
}

// envDir maps (u, t) back to a world direction and the sine of its polar
// angle (the Jacobian's factor).
func envDir(e *scenes.Environment, u, t float32) (vec, float32) {
	phi := float64((0.5 - u) * 2 * math.Pi)
	el := float64((0.5 - t) * math.Pi)
	ce := float32(math.Cos(el))
	rx, ry, bz := ce*float32(math.Cos(phi)), ce*float32(math.Sin(phi)), float32(math.Sin(el))
	c, s := e.RotCos, e.RotSin
	bx, by := rx*c+ry*s, -rx*s+ry*c
	return vec{X: bx, Y: bz, Z: -by}, ce
}

// envRadiance is the filtered radiance arriving from direction d
// (bilinear, wrapping around the horizon and clamped at the poles).
func envRadiance(e *scenes.Environment, d vec) vec {
	u, t := envUV(e, d)
	w, h := e.Width, e.Height
	x := u*float32(w) - 0.5
	y := t*float32(h) - 0.5
	fx, fy := float32(math.Floor(float64(x))), float32(math.Floor(float64(y)))
	ix, iy := int(fx), int(fy)
	ax, ay := x-fx, y-fy
	px := func(i, j int) vec {
		i = ((i % w) + w) % w
		j = min(max(j, 0), h-1)
		k := 3 * (j*w + i)
		return vec{X: e.Pix[k], Y: e.Pix[k+1], Z: e.Pix[k+2]}
	}
	a, b, c, dd := px(ix, iy), px(ix+1, iy), px(ix, iy+1), px(ix+1, iy+1)
	top := a.Add(b.Sub(a).Scale(ax))
	bot := c.Add(dd.Sub(c).Scale(ax))
	return top.Add(bot.Sub(top).Scale(ay)).Scale(e.Strength)
}

// envPdf is the solid-angle density with which envSample picks d.
func envPdf(e *scenes.Environment, d vec) float32 {
	u, t := envUV(e, d)
	x := min(max(int(u*float32(e.Width)), 0), e.Width-1)
	y := min(max(int(t*float32(e.Height)), 0), e.Height-1)
	st := sqrt32(max(1-d.Y*d.Y, 0))
	if st <= 0 {
		return 0
	}
	return e.Pdf[y*e.Width+x] / (2 * math.Pi * math.Pi * st)
}

// envSample picks a direction in proportion to the map's luminance (times
// the sine of the row), returning it with its solid-angle pdf.
func envSample(e *scenes.Environment, u1, u2 float32) (vec, float32) {
	w, h := e.Width, e.Height
	y := searchCDF(e.Marginal, u1)
	m0, m1 := e.Marginal[y], e.Marginal[y+1]
	dy := float32(0.5)
	if m1 > m0 {
		dy = (u1 - m0) / (m1 - m0)
	}
	row := e.Cond[y*(w+1) : (y+1)*(w+1)]
	x := searchCDF(row, u2)
	c0, c1 := row[x], row[x+1]
	dx := float32(0.5)
	if c1 > c0 {
		dx = (u2 - c0) / (c1 - c0)
	}
	u := (float32(x) + dx) / float32(w)
	t := (float32(y) + dy) / float32(h)
	d, st := envDir(e, u, t)
	if st <= 0 {
		return d, 0
	}
	return d, e.Pdf[y*w+x] / (2 * math.Pi * math.Pi * st)
}

// searchCDF returns the interval i of cdf (len n+1, cdf[0] = 0, cdf[n] = 1)
// with cdf[i] <= u < cdf[i+1]: the last index whose value is at most u.
func searchCDF(cdf []float32, u float32) int {
	lo, hi := 0, len(cdf)-1 // find the first index with cdf > u in [1, n]
	for lo < hi {
		mid := (lo + hi) >> 1
		if cdf[mid] > u {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return min(max(lo-1, 0), len(cdf)-2)
}
