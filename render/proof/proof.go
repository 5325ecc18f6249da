package proof

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"math/rand/v2"

	"github.com/rendergrid/rendergrid/render"
	"github.com/rendergrid/rendergrid/render/cpu"
	"github.com/rendergrid/rendergrid/scenes"
)

// Verification policies of a job.
const (
	None      = "none"      // accept what workers send
	Sample    = "sample"    // re-render random pixels of every frame (the default)
	Redundant = "redundant" // render some frames twice, on two workers, and compare
)

// ValidPolicy reports whether p names a policy ("" is the default).
func ValidPolicy(p string) bool { return p == "" || p == None || p == Sample || p == Redundant }

// Config tunes the checks; zero fields take the defaults.
type Config struct {
	Pixels      int     // pixels to re-render per frame; default 32
	Tolerance   int     // largest 8-bit channel difference that still matches; default 2
	MaxMismatch float64 // largest fraction of checked pixels that may differ; default 1/8
}

func (c Config) withDefaults() Config {
	if c.Pixels <= 0 {
		c.Pixels = 32
	}
	if c.Tolerance <= 0 {
		c.Tolerance = 2
	}
	if c.MaxMismatch <= 0 {
		c.MaxMismatch = 0.125
	}
	return c
}

// ErrDishonest wraps every verdict that an image is not what was asked.
var ErrDishonest = errors.New("output failed verification")

// Decode runs the sanity checks: data is a PNG of w×h pixels. It returns
// the image as 8-bit RGBA.
func Decode(data []byte, w, h int) (*image.NRGBA, error) {
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%w: output is not a PNG image (%v)", ErrDishonest, err)
	}
	if cfg.Width != w || cfg.Height != h {
		return nil, fmt.Errorf("%w: output is %dx%d, the frame is %dx%d", ErrDishonest, cfg.Width, cfg.Height, w, h)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%w: output PNG does not decode (%v)", ErrDishonest, err)
	}
	if n, ok := img.(*image.NRGBA); ok {
		return n, nil
	}
	out := image.NewNRGBA(img.Bounds())
	draw.Draw(out, out.Bounds(), img, img.Bounds().Min, draw.Src)
	return out, nil
}

// Constant reports whether every pixel of img has the same color.
func Constant(img *image.NRGBA) bool {
	p := img.Pix
	for y := 0; y < img.Rect.Dy(); y++ {
		row := p[y*img.Stride : y*img.Stride+4*img.Rect.Dx()]
		for x := 0; x < len(row); x += 4 {
			if [4]byte(row[x:x+4]) != [4]byte(p[:4]) {
				return false
			}
		}
	}
	return true
}

// Report is the outcome of a sample check.
type Report struct {
	Checked    int  // informative pixels compared (not black in both)
	Mismatched int  // of those, pixels off by more than the tolerance
	Worst      int  // largest channel difference seen
	Constant   bool // the image is a flat fill
	Limit      int  // most mismatches allowed
}

// OK reports whether the image passed.
func (r Report) OK() bool { return r.Mismatched <= r.Limit }

// Check re-renders cfg.Pixels random pixels of s.Bounds() of frame f with
// the reference engine and compares them with img, the worker's output of
// that region. Pixels that are black in both the output and the
// re-render (a black background) tell nothing and are not counted; up to
// four times cfg.Pixels pixels are drawn to find informative ones. Under
// adaptive sampling, counts are the samples the output says each pixel
// took; a re-rendered pixel that took another number counts as a
// mismatch. It returns an error wrapping ErrDishonest when too many pixels
// differ.
func Check(ctx context.Context, f *scenes.Frame, s render.Settings, img *image.NRGBA, counts []float32, cfg Config, rnd *rand.Rand) (Report, error) {
	cfg = cfg.withDefaults()
	reg := s.Bounds()
	if img.Rect.Dx() != reg.Dx() || img.Rect.Dy() != reg.Dy() {
		return Report{}, fmt.Errorf("%w: output is %dx%d, the region is %dx%d", ErrDishonest, img.Rect.Dx(), img.Rect.Dy(), reg.Dx(), reg.Dy())
	}
	eng := &cpu.Engine{Workers: 1}
	rep := Report{Constant: Constant(img)}
	for draws := 0; rep.Checked < cfg.Pixels && draws < 4*cfg.Pixels; draws++ {
		x, y := reg.X0+rnd.IntN(reg.Dx()), reg.Y0+rnd.IntN(reg.Dy())
		ps := s
		ps.Region = render.Region{X0: x, Y0: y, X1: x + 1, Y1: y + 1}
		ref, st, err := eng.Render(ctx, f, ps, nil)
		if err != nil {
			return rep, fmt.Errorf("re-rendering pixel %d,%d: %w", x, y, err)
		}
		if counts != nil && float32(st.Samples) != counts[(y-reg.Y0)*reg.Dx()+x-reg.X0] {
			rep.Checked++
			rep.Mismatched++
			continue
		}
		want := ref.SRGB8().Pix[:3]
		i := (y-reg.Y0)*img.Stride + 4*(x-reg.X0)
		got := img.Pix[i : i+3]
		if want[0]|want[1]|want[2]|got[0]|got[1]|got[2] == 0 {
			continue
		}
		rep.Checked++
		d := 0
		for c := range 3 {
			d = max(d, absDiff(want[c], got[c]))
		}
		rep.Worst = max(rep.Worst, d)
		if d > cfg.Tolerance {
			rep.Mismatched++
		}
	}
	rep.Limit = int(cfg.MaxMismatch * float64(rep.Checked))
	if !rep.OK() {
		what := "pixels differ from the reference render"
		if rep.Constant {
			what = "the image is one flat color, and the reference render is not"
		}
		return rep, fmt.Errorf("%w: %s: %d of %d re-rendered pixels off by more than %d/255 (worst %d/255)",
			ErrDishonest, what, rep.Mismatched, rep.Checked, cfg.Tolerance, rep.Worst)
	}
	return rep, nil
}

// Compare compares two renders of the same region, as the redundant
// policy does; it fails when more than cfg.MaxMismatch of the pixels are
// off by more than the tolerance.
func Compare(a, b *image.NRGBA, cfg Config) error {
	cfg = cfg.withDefaults()
	if a.Rect.Size() != b.Rect.Size() {
		return fmt.Errorf("%w: the two renders are %v and %v", ErrDishonest, a.Rect.Size(), b.Rect.Size())
	}
	w, h := a.Rect.Dx(), a.Rect.Dy()
	bad, worst := 0, 0
	for y := range h {
		ra, rb := a.Pix[y*a.Stride:], b.Pix[y*b.Stride:]
		for x := range w {
			d := 0
			for c := range 3 {
				d = max(d, absDiff(ra[4*x+c], rb[4*x+c]))
			}
			worst = max(worst, d)
			if d > cfg.Tolerance {
				bad++
			}
		}
	}
	if float64(bad) > cfg.MaxMismatch*float64(w*h) {
		return fmt.Errorf("%w: the two renders differ in %d of %d pixels by more than %d/255 (worst %d/255)",
			ErrDishonest, bad, w*h, cfg.Tolerance, worst)
	}
	return nil
}

func absDiff(a, b byte) int {
	if a > b {
		return int(a - b)
	}
	return int(b - a)
}
