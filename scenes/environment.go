package scenes

import (
	"errors"
	"fmt"
	"math"

	"github.com/rendergrid/rendergrid/scenes/hdri"
)

// Environment is the light arriving from infinitely far away: an
// equirectangular radiance map (or one constant colour) with the 2-D
// piecewise-constant distribution that importance-samples it.
//
// The mapping is exactly Blender's Environment Texture (Equirectangular)
// after the glTF importer's axis conversion (glTF +Y up is Blender +Z, glTF
// -Z is Blender +Y): a direction d (glTF) is Blender's b = (dx, -dz, dy),
// rotated by Rotation about Blender's Z as a Mapping node (Point) would,
// then u = 0.5 - atan2(by, bx)/2π and, from the top row, t = 0.5 -
// asin(bz)/π. The centre of the image (u = 0.5) is the glTF +X direction.
type Environment struct {
	Name          string
	Width, Height int
	Pix           []float32 // linear RGB, top row first, before Strength
	Strength      float32
	Rotation      float32 // radians about the up axis
	// RotCos and RotSin are the cosine and sine of Rotation, computed once
	// (the engines' direction mapping needs them at every lookup).
	RotCos, RotSin float32
	// Pdf is each texel's density in (u, t) measure; Marginal (Height+1
	// entries) and Cond (Height rows of Width+1) are the cumulative
	// distributions that sample rows and then texels.
	Pdf      []float32
	Marginal []float32
	Cond     []float32
}

// MaxEnvStrength bounds --env-strength.
const MaxEnvStrength = 1e6

// NewEnvironment builds the environment of a w×h RGB map (top row first)
// and its sampling distribution. Texels must be finite and non-negative.
func NewEnvironment(name string, w, h int, pix []float32, strength, rotationDeg float64) (*Environment, error) {
	if w < 1 || h < 1 || len(pix) != 3*w*h {
		return nil, fmt.Errorf("environment %s: %dx%d map with %d values", name, w, h, len(pix))
	}
	if !(strength >= 0 && strength <= MaxEnvStrength) {
		return nil, fmt.Errorf("environment strength %v is outside 0..%g", strength, float64(MaxEnvStrength))
	}
	if math.IsNaN(rotationDeg) || math.IsInf(rotationDeg, 0) {
		return nil, errors.New("environment rotation must be a finite number of degrees")
	}
	for i, v := range pix {
		if !(v >= 0) || math.IsInf(float64(v), 0) {
			return nil, fmt.Errorf("environment %s: texel %d channel %d is %v (must be finite and non-negative)", name, i/3, i%3, v)
		}
	}
	e := &Environment{Name: name, Width: w, Height: h, Pix: pix, Strength: float32(strength)}
	e.setRotation(float32(math.Mod(rotationDeg, 360) * math.Pi / 180))
	e.buildDistribution()
	return e, nil
}

// ConstantEnvironment is a uniform sky of radiance c (a --background
// colour): a small map so the same sampling code serves it.
func ConstantEnvironment(c Vec3) *Environment {
	const w, h = 4, 32
	pix := make([]float32, 3*w*h)
	for i := 0; i < w*h; i++ {
		pix[3*i], pix[3*i+1], pix[3*i+2] = c.X, c.Y, c.Z
	}
	e := &Environment{Name: "background", Width: w, Height: h, Pix: pix, Strength: 1}
	e.setRotation(0)
	e.buildDistribution()
	return e
}

func (e *Environment) setRotation(rad float32) {
	e.Rotation = rad
	e.RotCos, e.RotSin = float32(math.Cos(float64(rad))), float32(math.Sin(float64(rad)))
}

// bilinearKernel is the integral over one texel of the bilinear
// reconstruction's tent centred on it and on its neighbours, per axis.
var bilinearKernel = [3]float64{0.125, 0.75, 0.125}

// buildDistribution weights each texel by the integral of the filtered
// (bilinear) luminance over it: its own and its 8 neighbours' luminance
// through bilinearKernel, so the pdf follows what lookups return and is
// positive wherever they are bright, times sinθ of its row, and accumulates the CDFs in
// float64 before storing them as float32.
func (e *Environment) buildDistribution() {
	w, h := e.Width, e.Height
	lum := func(x, y int) float64 {
		x = (x%w + w) % w
		y = min(max(y, 0), h-1)
		i := 3 * (y*w + x)
		return 0.2126*float64(e.Pix[i]) + 0.7152*float64(e.Pix[i+1]) + 0.0722*float64(e.Pix[i+2])
	}
	f := make([]float64, w*h)
	var total float64
	for y := 0; y < h; y++ {
		sinT := math.Sin(math.Pi * (float64(y) + 0.5) / float64(h))
		for x := 0; x < w; x++ {
			var v float64
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					v += bilinearKernel[dx+1] * bilinearKernel[dy+1] * lum(x+dx, y+dy)
				}
			}
			v *= sinT
			f[y*w+x] = v
			total += v
		}
	}
	if !(total > 0) {
		// A black map: sample uniformly (it contributes nothing anyway).
		for i := range f {
			f[i] = 1
		}
		total = float64(w * h)
	}
	e.Pdf = make([]float32, w*h)
	e.Cond = make([]float32, h*(w+1))
	e.Marginal = make([]float32, h+1)
	var acc float64
	for y := 0; y < h; y++ {
		row := f[y*w : (y+1)*w]
		var rs float64
		for _, v := range row {
			rs += v
		}
		c := e.Cond[y*(w+1) : (y+1)*(w+1)]
		var run float64
		for x, v := range row {
			e.Pdf[y*w+x] = float32(v / total * float64(w*h))
			run += v
			if rs > 0 {
				c[x+1] = float32(run / rs)
			} else {
				c[x+1] = float32(x+1) / float32(w)
			}
		}
		c[w] = 1
		acc += rs
		e.Marginal[y+1] = float32(acc / total)
	}
	e.Marginal[h] = 1
}

// Bytes is the memory the environment holds.
func (e *Environment) Bytes() int {
	return 4 * (len(e.Pix) + len(e.Pdf) + len(e.Cond) + len(e.Marginal))
}

// DecodeEnvironment decodes an .hdr or .exr map (checked against the
// decoder's default limits before any pixel is allocated) and builds the
// environment lighting a render with strength and a rotation in degrees
// about the up axis.
func DecodeEnvironment(name string, data []byte, strength, rotationDeg float64) (*Environment, error) {
	m, err := hdri.Decode(data, hdri.Limits{})
	if err != nil {
		return nil, fmt.Errorf("environment map %s: %w", name, err)
	}
	return NewEnvironment(name, m.Width, m.Height, m.Pix, strength, rotationDeg)
}

// Lit reports whether anything in frame f emits light: a punctual light,
// an emissive surface, an unlit surface or the file's own environment.
func (f *Frame) Lit() bool {
	if len(f.Lights) > 0 || len(f.Emitters) > 0 || f.Env != nil {
		return true
	}
	for i := range f.Materials {
		if f.Materials[i].Unlit {
			return true
		}
	}
	return false
}

// NoLightWarning is what render, scene inspect and submit say of a scene
// that nothing lights.
const NoLightWarning = "nothing lights this scene (no punctual light, no emissive surface, no environment): it renders black; light it with --env FILE.hdr|FILE.exr (an HDRI, as Blender's world) or --background R,G,B"
