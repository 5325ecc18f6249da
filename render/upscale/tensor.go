package upscale

import (
	"image"
	"image/color"
	"math"
)

// Tensor is an H×W×C float32 image, channels last, rows top first.
type Tensor struct {
	H, W, C int
	D       []float32
}

// NewTensor returns a zero tensor.
func NewTensor(h, w, c int) *Tensor { return &Tensor{H: h, W: w, C: c, D: make([]float32, h*w*c)} }

// FromImage returns the RGB channels of r of img, scaled so that white is
// max (alpha is dropped, as the upscalerjs models do).
func FromImage(img image.Image, r image.Rectangle, max float32) *Tensor {
	t := NewTensor(r.Dy(), r.Dx(), 3)
	s := max / 255
	if m, ok := img.(*image.NRGBA); ok {
		for y := r.Min.Y; y < r.Max.Y; y++ {
			row := m.Pix[m.PixOffset(r.Min.X, y):]
			o := (y - r.Min.Y) * r.Dx() * 3
			for x := 0; x < r.Dx(); x++ {
				t.D[o+3*x] = float32(row[4*x]) * s
				t.D[o+3*x+1] = float32(row[4*x+1]) * s
				t.D[o+3*x+2] = float32(row[4*x+2]) * s
			}
		}
		return t
	}
	i := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			c := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
			t.D[i], t.D[i+1], t.D[i+2] = float32(c.R)*s, float32(c.G)*s, float32(c.B)*s
			i += 3
		}
	}
	return t
}

// Put writes the tensor's pixels, scaled so that max is white and clipped,
// into dst at (x0, y0), skipping sx×sy pixels of the tensor's top left;
// alpha is opaque.
func (t *Tensor) Put(dst *image.NRGBA, x0, y0, sx, sy, w, h int, max float32) {
	s := 255 / max
	for y := 0; y < h; y++ {
		row := dst.Pix[dst.PixOffset(x0, y0+y):]
		src := t.D[((sy+y)*t.W+sx)*t.C:]
		for x := 0; x < w; x++ {
			for c := 0; c < 3; c++ {
				row[4*x+c] = to8(src[x*t.C+c] * s)
			}
			row[4*x+3] = 255
		}
	}
}

// to8 rounds to the nearest byte, clipping.
func to8(v float32) uint8 {
	if !(v > 0) {
		return 0
	}
	if v >= 255 {
		return 255
	}
	return uint8(math.Round(float64(v)))
}
