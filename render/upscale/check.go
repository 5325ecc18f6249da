package upscale

import (
	"context"
	"fmt"
	"image"
	"math/rand/v2"
)

// SampleTile picks a random side×side core (smaller for a smaller image)
// inside bounds b: the tile a verifier re-runs.
func SampleTile(b image.Rectangle, side int, rnd *rand.Rand) image.Rectangle {
	w, h := min(side, b.Dx()), min(side, b.Dy())
	x0, y0 := b.Min.X+rnd.IntN(b.Dx()-w+1), b.Min.Y+rnd.IntN(b.Dy()-h+1)
	return image.Rect(x0, y0, x0+w, y0+h)
}

// Recheck re-runs the core tile of in (with the model's radius of context)
// with the pure-Go network and compares it with the same part of out, a
// worker's upscale of the whole of in. It returns the largest channel
// difference, out of 255, and the output pixel where it is.
func (m *Model) Recheck(ctx context.Context, in image.Image, out *image.NRGBA, core image.Rectangle) (int, image.Point, error) {
	b := in.Bounds()
	s := m.Scale
	if out.Rect.Dx() != b.Dx()*s || out.Rect.Dy() != b.Dy()*s {
		return 0, image.Point{}, fmt.Errorf("the output is %dx%d; %dx of the %dx%d input is %dx%d", out.Rect.Dx(), out.Rect.Dy(), s, b.Dx(), b.Dy(), b.Dx()*s, b.Dy()*s)
	}
	ref := image.NewNRGBA(image.Rect(0, 0, core.Dx()*s, core.Dy()*s))
	if err := m.RunTile(ctx, in, TileOf(b, core, m.Radius), m.Run, ref, image.Point{}); err != nil {
		return 0, image.Point{}, fmt.Errorf("re-running a tile: %w", err)
	}
	worst, at := 0, image.Point{}
	ox, oy := out.Rect.Min.X+(core.Min.X-b.Min.X)*s, out.Rect.Min.Y+(core.Min.Y-b.Min.Y)*s
	for y := range core.Dy() * s {
		r := ref.Pix[y*ref.Stride:]
		o := out.Pix[out.PixOffset(ox, oy+y):]
		for x := range core.Dx() * s {
			for c := range 3 {
				d := int(r[4*x+c]) - int(o[4*x+c])
				if d < 0 {
					d = -d
				}
				if d > worst {
					worst, at = d, image.Pt(ox+x, oy+y)
				}
			}
		}
	}
	return worst, at, nil
}
