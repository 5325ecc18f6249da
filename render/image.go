package render

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"image"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
)

// Image is a linear-light RGB float image, row-major, top row first.
type Image struct {
	Width, Height int
	Pix           []float32 // 3 per pixel
	// Alpha is the coverage of each pixel (RGB is premultiplied by it);
	// nil means opaque.
	Alpha []float32
}

// NewImage returns a black image of the given size.
func NewImage(w, h int) *Image {
	return &Image{Width: w, Height: h, Pix: make([]float32, 3*w*h)}
}

// At returns the linear RGB value of pixel (x, y).
func (m *Image) At(x, y int) [3]float32 {
	i := 3 * (y*m.Width + x)
	return [3]float32{m.Pix[i], m.Pix[i+1], m.Pix[i+2]}
}

// LinearToSRGB applies the sRGB transfer function to a linear value clipped
// to [0,1]: Blender's "Standard" view transform.
func LinearToSRGB(c float32) float32 {
	if !(c > 0) {
		return 0
	}
	if c >= 1 {
		return 1
	}
	if c <= 0.0031308 {
		return 12.92 * c
	}
	return float32(1.055*math.Pow(float64(c), 1/2.4) - 0.055)
}

// SRGB8 returns the 8-bit sRGB image of m.
func (m *Image) SRGB8() *image.NRGBA {
	out := image.NewNRGBA(image.Rect(0, 0, m.Width, m.Height))
	for i := 0; i < m.Width*m.Height; i++ {
		inv := float32(1)
		out.Pix[4*i+3] = 255
		if m.Alpha != nil {
			a := min(max(m.Alpha[i], 0), 1)
			out.Pix[4*i+3] = uint8(a*255 + 0.5)
			if a > 0 {
				inv = 1 / a // PNG alpha is straight: un-premultiply, as Blender does
			}
		}
		for c := 0; c < 3; c++ {
			out.Pix[4*i+c] = uint8(LinearToSRGB(m.Pix[3*i+c]*inv)*255 + 0.5)
		}
	}
	return out
}

// WritePNG writes m as an 8-bit sRGB PNG.
func (m *Image) WritePNG(w io.Writer) error {
	return png.Encode(w, m.SRGB8())
}

// WriteEXR writes m as a scanline OpenEXR file: channels B, G, R as linear
// float32, no compression.
func (m *Image) WriteEXR(w io.Writer) error {
	bw := bufio.NewWriter(w)
	le := binary.LittleEndian
	var hdr []byte
	attr := func(name, typ string, val []byte) {
		hdr = append(hdr, name...)
		hdr = append(hdr, 0)
		hdr = append(hdr, typ...)
		hdr = append(hdr, 0)
		hdr = le.AppendUint32(hdr, uint32(len(val)))
		hdr = append(hdr, val...)
	}
	names := []string{"B", "G", "R"} // alphabetical, as the format requires
	if m.Alpha != nil {
		names = []string{"A", "B", "G", "R"}
	}
	var ch []byte
	for _, name := range names {
		ch = append(ch, name...)
		ch = append(ch, 0)
		ch = le.AppendUint32(ch, 2) // FLOAT
		ch = append(ch, 0, 0, 0, 0) // pLinear, reserved
		ch = le.AppendUint32(ch, 1) // xSampling
		ch = le.AppendUint32(ch, 1) // ySampling
	}
	ch = append(ch, 0)
	box := func() []byte {
		b := le.AppendUint32(nil, 0)
		b = le.AppendUint32(b, 0)
		b = le.AppendUint32(b, uint32(m.Width-1))
		return le.AppendUint32(b, uint32(m.Height-1))
	}
	f32 := func(v float32) []byte { return le.AppendUint32(nil, math.Float32bits(v)) }
	attr("channels", "chlist", ch)
	attr("compression", "compression", []byte{0})
	attr("dataWindow", "box2i", box())
	attr("displayWindow", "box2i", box())
	attr("lineOrder", "lineOrder", []byte{0})
	attr("pixelAspectRatio", "float", f32(1))
	attr("screenWindowCenter", "v2f", append(f32(0), f32(0)...))
	attr("screenWindowWidth", "float", f32(1))
	hdr = append(hdr, 0)

	head := le.AppendUint32(nil, 20000630) // magic
	head = le.AppendUint32(head, 2)        // version 2, scanline, single part
	head = append(head, hdr...)
	lineBytes := len(names) * 4 * m.Width
	offset := uint64(len(head) + 8*m.Height)
	for y := 0; y < m.Height; y++ {
		head = le.AppendUint64(head, offset)
		offset += uint64(8 + lineBytes)
	}
	if _, err := bw.Write(head); err != nil {
		return err
	}
	line := make([]byte, 8+lineBytes)
	for y := 0; y < m.Height; y++ {
		le.PutUint32(line, uint32(y))
		le.PutUint32(line[4:], uint32(lineBytes))
		for c, name := range names {
			for x := 0; x < m.Width; x++ {
				var v float32
				switch name {
				case "A":
					v = m.Alpha[y*m.Width+x]
				default:
					v = m.Pix[3*(y*m.Width+x)+strings.Index("RGB", name)]
				}
				le.PutUint32(line[8+4*(c*m.Width+x):], math.Float32bits(v))
			}
		}
		if _, err := bw.Write(line); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// WriteFile writes m to path, as OpenEXR when the name ends in .exr and as
// 8-bit sRGB PNG otherwise.
func (m *Image) WriteFile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("creating output: %w", err)
	}
	if strings.EqualFold(filepath.Ext(path), ".exr") {
		err = m.WriteEXR(f)
	} else {
		err = m.WritePNG(f)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}
