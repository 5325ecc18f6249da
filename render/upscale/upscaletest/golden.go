// Package upscaletest holds the golden checks every implementation of
// render/upscale's networks must pass: the shipped models' published
// outputs, reproduced within 1/255 from a crop of their fixtures.
package upscaletest

import (
	"context"
	"image"
	"image/png"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/rendergrid/rendergrid/render/upscale"
)

// Models returns the built-in models, failing t when they are not
// installed.
func Models(t testing.TB) []upscale.Builtin {
	t.Helper()
	dir, err := upscale.ModelsDir()
	if err != nil {
		t.Fatal(err)
	}
	bs := upscale.Builtins(dir)
	if len(bs) != 5 {
		t.Fatalf("only %d of the %d built-in models are in %s: run task deps", len(bs), 5, dir)
	}
	return bs
}

// ReadPNG decodes a PNG file as NRGBA.
func ReadPNG(t testing.TB, p string) *image.NRGBA {
	t.Helper()
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	out := image.NewNRGBA(img.Bounds())
	for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y++ {
		for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x++ {
			out.Set(x, y, img.At(x, y))
		}
	}
	return out
}

// GoldenCrop is the part of each fixture the golden tests upscale: the
// published output is of the whole image, and a tile with the model's
// radius of context reproduces it exactly.
var GoldenCrop = image.Rect(40, 40, 72, 64)

// MaxDiff is the largest channel difference of got (the output of core,
// at the origin) from want's core×scale, and where.
func MaxDiff(got, want *image.NRGBA, core image.Rectangle, s int) (int, image.Point) {
	worst, at := 0, image.Point{}
	for y := 0; y < core.Dy()*s; y++ {
		for x := 0; x < core.Dx()*s; x++ {
			g := got.Pix[got.PixOffset(x, y):]
			w := want.Pix[want.PixOffset(core.Min.X*s+x, core.Min.Y*s+y):]
			for c := 0; c < 3; c++ {
				d := int(g[c]) - int(w[c])
				if d < 0 {
					d = -d
				}
				if d > worst {
					worst, at = d, image.Pt(x, y)
				}
			}
		}
	}
	return worst, at
}

// Golden checks a runner against every shipped model's published output.
func Golden(t *testing.T, run func(*upscale.Model) upscale.Runner) {
	for _, b := range Models(t) {
		if b.Expected == "" {
			continue
		}
		t.Run(b.Name, func(t *testing.T) {
			m, err := upscale.Load(b.Dir)
			if err != nil {
				t.Fatal(err)
			}
			if m.Scale != b.Scale {
				t.Fatalf("scale %d, want %d", m.Scale, b.Scale)
			}
			in, want := ReadPNG(t, b.Fixture), ReadPNG(t, b.Expected)
			if want.Bounds().Dx() != in.Bounds().Dx()*b.Scale {
				t.Fatalf("expected output is %v for a %v input", want.Bounds(), in.Bounds())
			}
			got := image.NewNRGBA(image.Rect(0, 0, GoldenCrop.Dx()*m.Scale, GoldenCrop.Dy()*m.Scale))
			tile := upscale.TileOf(in.Bounds(), GoldenCrop, m.Radius)
			if err := m.RunTile(context.Background(), in, tile, run(m), got, image.Point{}); err != nil {
				t.Fatal(err)
			}
			d, at := MaxDiff(got, want, GoldenCrop, m.Scale)
			t.Logf("%s: %d params, radius %d, largest difference %d/255", b.Name, m.Params, m.Radius, d)
			if d > 1 {
				t.Fatalf("output differs from the published one by %d/255 at %v (crop pixel); want at most 1", d, at)
			}
		})
	}
}

// Noise is a side×side image of random pixels.
func Noise(side int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, side, side))
	r := rand.New(rand.NewPCG(1, 2))
	for i := range img.Pix {
		img.Pix[i] = uint8(r.IntN(256))
	}
	return img
}
