package render

import (
	"context"
	"fmt"
	"time"

	"github.com/rendergrid/rendergrid/scenes"
)

// Limits on what one render may ask for.
const (
	MaxSide       = 16384 // pixels per image side
	MaxSPP        = 65536 // samples per pixel
	MaxBounces    = 1024
	DefaultBounce = 8
)

// Renderer renders one frame of a scene.
type Renderer interface {
	// Name is the engine's name as the CLI spells it ("cpu", "vulkan", ...).
	Name() string
	// Render renders s.Region (or the whole image) of frame f. progress, if
	// not nil, is called from the rendering goroutines with the fraction done.
	Render(ctx context.Context, f *scenes.Frame, s Settings, progress func(Progress)) (*Image, Stats, error)
}

// Settings are the parameters of one render.
type Settings struct {
	Width, Height int
	SPP           int    // samples per pixel
	MaxBounces    int    // scattering events per path; 0 sees emitters only, 1 is direct light
	Seed          uint32 // base seed of the random numbers
	Region        Region // the part of the image to render; zero value: all of it
	// Env lights the scene from afar (an HDRI); nil falls back to the
	// scene file's own environment, then to Background.
	Env *scenes.Environment
	// Background is a constant radiance for rays that leave the scene when
	// there is no Env (black by default); it lights the scene like a
	// uniform sky.
	Background scenes.Vec3
	// FilmTransparent makes what camera rays see of the environment
	// transparent: the image gets an alpha channel (premultiplied).
	FilmTransparent bool
	// Passes renders the denoising passes beside the beauty: albedo,
	// normal, depth and each pixel's variance (Image.Albedo and the rest).
	Passes bool
	// NoiseThreshold, above 0, turns on adaptive sampling: a pixel stops
	// once its noise (see Converged) is at most this, SPP being the cap and
	// MinSPP the floor. Each pixel decides from its own samples only, so
	// any pixel still re-renders alone to the same value.
	NoiseThreshold float32
	// MinSPP is the samples every pixel takes before adaptive sampling may
	// stop it; 0 takes DefaultMinSPP (at most SPP).
	MinSPP int
}

// Adaptive sampling.
const (
	DefaultMinSPP = 16 // samples before a pixel may stop, when MinSPP is 0
	AdaptiveStep  = 8  // samples between two checks of a pixel's noise
	MaxThreshold  = 1  // the largest noise threshold
)

// Adaptive reports whether s samples adaptively.
func (s Settings) Adaptive() bool { return s.NoiseThreshold > 0 }

// MinSamples is the floor of adaptive sampling: MinSPP, or DefaultMinSPP,
// at most SPP.
func (s Settings) MinSamples() int {
	if s.MinSPP > 0 {
		return min(s.MinSPP, s.SPP)
	}
	return min(DefaultMinSPP, s.SPP)
}

// Converged reports whether a pixel that has taken n samples, whose
// luminances sum to s1 and their squares to s2, may stop sampling at
// threshold t. Pixels are checked at min samples and every AdaptiveStep
// samples after. The noise is the standard error of the pixel's mean
// luminance over the square root of that mean (so dark pixels, where noise
// shows, are held to a lower absolute error), as in Cycles. The GLSL path
// tracer makes the same test.
func Converged(n, min int, s1, s2 float64, t float32) bool {
	if n < min || (n-min)%AdaptiveStep != 0 || n < 2 {
		return false
	}
	return MeanVariance(float64(n), s1, s2) <= float64(t)*float64(t)*max(s1/float64(n), 1e-4)
}

// MeanVariance is the variance of the mean of n samples whose sum is s1 and
// sum of squares s2 (0 for fewer than two samples): the square of the
// mean's standard error.
func MeanVariance(n, s1, s2 float64) float64 {
	if n < 2 {
		return 0
	}
	return max(0, (s2-s1*s1/n)/(n-1)) / n
}

// Luminance is the Rec. 709 luminance of linear RGB, which adaptive
// sampling and the variance pass measure.
func Luminance(r, g, b float32) float32 { return 0.2126*r + 0.7152*g + 0.0722*b }

// Environment returns the environment that lights a render of frame f:
// the settings' Env, else the scene's own, else a constant Background, else
// nil (black).
func (s Settings) Environment(f *scenes.Frame) *scenes.Environment {
	switch {
	case s.Env != nil:
		return s.Env
	case f != nil && f.Env != nil:
		return f.Env
	case s.Background.MaxComp() > 0:
		return scenes.ConstantEnvironment(s.Background)
	}
	return nil
}

// Region is the half-open pixel rectangle [X0,X1) × [Y0,Y1); a tile.
type Region struct{ X0, Y0, X1, Y1 int }

// Empty reports whether r is the zero value, meaning the whole image.
func (r Region) Empty() bool { return r == Region{} }

// Dx is the width of r.
func (r Region) Dx() int { return r.X1 - r.X0 }

// Dy is the height of r.
func (r Region) Dy() int { return r.Y1 - r.Y0 }

// Bounds returns the region to render: s.Region, or the whole image.
func (s Settings) Bounds() Region {
	if s.Region.Empty() {
		return Region{0, 0, s.Width, s.Height}
	}
	return s.Region
}

// Validate checks s against the limits and returns an error naming the
// setting at fault.
func (s Settings) Validate() error {
	if s.Width < 1 || s.Height < 1 || s.Width > MaxSide || s.Height > MaxSide {
		return fmt.Errorf("resolution %dx%d is outside 1x1..%dx%d", s.Width, s.Height, MaxSide, MaxSide)
	}
	if s.SPP < 1 || s.SPP > MaxSPP {
		return fmt.Errorf("spp %d is outside 1..%d", s.SPP, MaxSPP)
	}
	if s.MaxBounces < 0 || s.MaxBounces > MaxBounces {
		return fmt.Errorf("max bounces %d is outside 0..%d", s.MaxBounces, MaxBounces)
	}
	r := s.Bounds()
	if r.X0 < 0 || r.Y0 < 0 || r.X1 > s.Width || r.Y1 > s.Height || r.X0 >= r.X1 || r.Y0 >= r.Y1 {
		return fmt.Errorf("region %d,%d,%d,%d is empty or outside the %dx%d image", r.X0, r.Y0, r.X1, r.Y1, s.Width, s.Height)
	}
	if !s.Background.IsFinite() || min(s.Background.X, s.Background.Y, s.Background.Z) < 0 {
		return fmt.Errorf("background %v must be finite and non-negative", s.Background)
	}
	if !(s.NoiseThreshold >= 0 && s.NoiseThreshold <= MaxThreshold) {
		return fmt.Errorf("noise threshold %v is outside 0..%d (0 turns adaptive sampling off; 0.01 is a good start)", s.NoiseThreshold, MaxThreshold)
	}
	if s.MinSPP < 0 || s.MinSPP > s.SPP {
		return fmt.Errorf("min spp %d is outside 0..%d (the spp)", s.MinSPP, s.SPP)
	}
	return nil
}

// Progress reports how far a render has come.
type Progress struct {
	Done, Total int64 // samples (pixel × spp) rendered and to render
	Elapsed     time.Duration
}

// Stats describe a finished render.
type Stats struct {
	Samples  int64 // camera paths traced (pixels × spp, or fewer when adaptive)
	Rays     int64 // all rays cast: camera, bounce and shadow
	Duration time.Duration
}

// MRaysPerSec is Rays per second, in millions.
func (s Stats) MRaysPerSec() float64 {
	if s.Duration <= 0 {
		return 0
	}
	return float64(s.Rays) / s.Duration.Seconds() / 1e6
}

// SamplesPerSec is camera paths per second.
func (s Stats) SamplesPerSec() float64 {
	if s.Duration <= 0 {
		return 0
	}
	return float64(s.Samples) / s.Duration.Seconds()
}
