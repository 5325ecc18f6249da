package upscale

import (
	"bytes"
	"context"
	"fmt"
	"image"
	_ "image/jpeg" // the input formats
	_ "image/png"
)

// DefaultTile is the largest input tile side Upscale runs at once: about
// 150 MB of activations for the upscalerjs RDN models.
const DefaultTile = 256

// MaxInputSide is the largest input image side accepted.
const MaxInputSide = 8192

// Runner runs a model's network on one input tensor: Model.Run in pure
// Go, or a GPU implementation.
type Runner func(ctx context.Context, in *Tensor) (*Tensor, error)

// Tile is one piece of an image: Core is the part of the input whose
// output it makes, Ext the part the network reads (Core plus the model's
// radius, clipped to the image).
type Tile struct{ Core, Ext image.Rectangle }

// Tiles cuts b into tiles of at most side×side core pixels with radius
// pixels of context: the stitched outputs equal the whole image's.
func Tiles(b image.Rectangle, side, radius int) []Tile {
	if side <= 0 {
		side = DefaultTile
	}
	var ts []Tile
	for y := b.Min.Y; y < b.Max.Y; y += side {
		for x := b.Min.X; x < b.Max.X; x += side {
			ts = append(ts, TileOf(b, image.Rect(x, y, min(x+side, b.Max.X), min(y+side, b.Max.Y)), radius))
		}
	}
	return ts
}

// TileOf is the tile whose core is r, inside image bounds b.
func TileOf(b, r image.Rectangle, radius int) Tile {
	return Tile{Core: r, Ext: r.Inset(-radius).Intersect(b)}
}

// CheckInput refuses images the upscaler will not take.
func CheckInput(b image.Rectangle, scale int) error {
	if b.Empty() {
		return fmt.Errorf("the image is empty")
	}
	if b.Dx() > MaxInputSide || b.Dy() > MaxInputSide {
		return fmt.Errorf("the image is %dx%d; the upscaler takes images up to %dx%d", b.Dx(), b.Dy(), MaxInputSide, MaxInputSide)
	}
	if int64(b.Dx())*int64(b.Dy())*int64(scale*scale) > 1<<28 {
		return fmt.Errorf("%dx%d upscaled %dx is over 268 million pixels", b.Dx(), b.Dy(), scale)
	}
	return nil
}

// Upscale runs m over img, tile by tile (of side input pixels; 0:
// m.AutoTile), with run, and stitches the result: an image m.Scale times
// larger each side. progress, if not nil, is called after each tile.
func Upscale(ctx context.Context, m *Model, img image.Image, side int, run Runner, progress func(done, total int)) (*image.NRGBA, error) {
	if side <= 0 {
		side = m.AutoTile()
	}
	b := img.Bounds()
	if err := CheckInput(b, m.Scale); err != nil {
		return nil, err
	}
	s := m.Scale
	out := image.NewNRGBA(image.Rect(0, 0, b.Dx()*s, b.Dy()*s))
	ts := Tiles(b, side, m.Radius)
	for i, t := range ts {
		if err := m.RunTile(ctx, img, t, run, out, t.Core.Sub(b.Min).Min.Mul(s)); err != nil {
			return nil, err
		}
		if progress != nil {
			progress(i+1, len(ts))
		}
	}
	return out, nil
}

// RunTile runs t of img and writes the output of its core into dst at at.
func (m *Model) RunTile(ctx context.Context, img image.Image, t Tile, run Runner, dst *image.NRGBA, at image.Point) error {
	if b := m.TileBytes(t.Ext.Dy(), t.Ext.Dx()); b > MaxTileBytes {
		return fmt.Errorf("a %dx%d tile of this model needs %d MiB of activations, over the %d MiB limit; use a smaller tile", t.Ext.Dx(), t.Ext.Dy(), b>>20, MaxTileBytes>>20)
	}
	s := m.Scale
	res, err := run(ctx, FromImage(img, t.Ext, m.InMax))
	if err != nil {
		return err
	}
	if res.H != t.Ext.Dy()*s || res.W != t.Ext.Dx()*s || res.C != 3 {
		return fmt.Errorf("the network made a %dx%dx%d output from a %dx%d tile", res.W, res.H, res.C, t.Ext.Dx(), t.Ext.Dy())
	}
	skip := t.Core.Min.Sub(t.Ext.Min).Mul(s)
	res.Put(dst, at.X, at.Y, skip.X, skip.Y, t.Core.Dx()*s, t.Core.Dy()*s, m.OutMax)
	return nil
}

// DecodeInput decodes a PNG or JPEG input image, reading its header first
// (its errors read after the input's name: "in.png is 60000x60000; ..."):
// an image over MaxInputSide a side is refused before its pixels are
// allocated (a 14 MB PNG can declare 60000×60000, 14 GB of RGBA).
func DecodeInput(data []byte) (image.Image, string, error) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, "", fmt.Errorf("is not a PNG or JPEG image: %w", err)
	}
	if format != "png" && format != "jpeg" {
		return nil, format, fmt.Errorf("is a %s image; the upscaler reads PNG and JPEG", format)
	}
	if cfg.Width < 1 || cfg.Height < 1 || cfg.Width > MaxInputSide || cfg.Height > MaxInputSide {
		return nil, format, fmt.Errorf("is %dx%d; the upscaler takes images up to %dx%d", cfg.Width, cfg.Height, MaxInputSide, MaxInputSide)
	}
	img, format, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, format, fmt.Errorf("does not decode as %s: %w", format, err)
	}
	return img, format, nil
}
