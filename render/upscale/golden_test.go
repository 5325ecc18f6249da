package upscale

import (
	"context"
	"image"
	"image/png"
	"os"
	"testing"
)

func models(t testing.TB) []Builtin {
	t.Helper()
	dir, err := ModelsDir()
	if err != nil {
		t.Fatal(err)
	}
	bs := Builtins(dir)
	if len(bs) != len(builtins) {
		t.Fatalf("only %d of the %d built-in models are in %s: run task deps", len(bs), len(builtins), dir)
	}
	return bs
}

func readPNG(t testing.TB, p string) *image.NRGBA {
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

// goldenCrop is the part of each fixture the golden tests upscale: the
// published output is of the whole image, and a tile with the model's
// radius of context reproduces it exactly.
var goldenCrop = image.Rect(40, 40, 72, 64)

// maxDiff is the largest channel difference of got (the output of core,
// at the origin) from want's core×scale.
func maxDiff(got, want *image.NRGBA, core image.Rectangle, s int) (int, image.Point) {
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
func Golden(t *testing.T, run func(*Model) Runner) {
	for _, b := range models(t) {
		if b.Expected == "" {
			continue
		}
		t.Run(b.Name, func(t *testing.T) {
			m, err := Load(b.Dir)
			if err != nil {
				t.Fatal(err)
			}
			if m.Scale != b.Scale {
				t.Fatalf("scale %d, want %d", m.Scale, b.Scale)
			}
			in, want := readPNG(t, b.Fixture), readPNG(t, b.Expected)
			if want.Bounds().Dx() != in.Bounds().Dx()*b.Scale {
				t.Fatalf("expected output is %v for a %v input", want.Bounds(), in.Bounds())
			}
			got := image.NewNRGBA(image.Rect(0, 0, goldenCrop.Dx()*m.Scale, goldenCrop.Dy()*m.Scale))
			tile := TileOf(in.Bounds(), goldenCrop, m.Radius)
			if err := m.RunTile(context.Background(), in, tile, run(m), got, image.Point{}); err != nil {
				t.Fatal(err)
			}
			d, at := maxDiff(got, want, goldenCrop, m.Scale)
			t.Logf("%s: %d params, radius %d, largest difference %d/255", b.Name, m.Params, m.Radius, d)
			if d > 1 {
				t.Fatalf("output differs from the published one by %d/255 at %v (crop pixel); want at most 1", d, at)
			}
		})
	}
}

func TestGoldenPureGo(t *testing.T) {
	Golden(t, func(m *Model) Runner { return m.Run })
}
