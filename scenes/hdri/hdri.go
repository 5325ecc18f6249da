package hdri

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
)

// Default limits: a 16k×8k equirectangular map, the largest commonly
// published, is 128 Mpx; 64 Mpx (768 MiB as float RGB) is the default cap.
const (
	DefaultMaxSide   = 32768
	DefaultMaxPixels = 64 << 20
)

// Limits bound what a decoder may allocate; they are checked against the
// header before any pixel is read.
type Limits struct {
	MaxSide   int // pixels per side
	MaxPixels int // width × height
}

// DefaultLimits are the limits Decode uses when given the zero Limits.
var DefaultLimits = Limits{MaxSide: DefaultMaxSide, MaxPixels: DefaultMaxPixels}

// Image is a decoded linear RGB image, top row first.
type Image struct {
	Width, Height int
	Pix           []float32 // RGB, row-major
	// Planes holds every channel of an EXR file by name, one float per
	// pixel (DecodePlanes only).
	Planes map[string][]float32
}

// At returns the texel at (x, y).
func (m *Image) At(x, y int) [3]float32 {
	i := 3 * (y*m.Width + x)
	return [3]float32{m.Pix[i], m.Pix[i+1], m.Pix[i+2]}
}

// ErrFormat is wrapped by every error about a malformed or unsupported file.
var ErrFormat = errors.New("not a decodable HDR image")

// ReadFile decodes the .hdr or .exr file at path.
func ReadFile(path string, lim Limits) (*Image, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading environment map: %w", err)
	}
	m, err := Decode(data, lim)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Base(path), err)
	}
	return m, nil
}

// Decode decodes a Radiance .hdr or OpenEXR image, recognised by its magic
// bytes.
func Decode(data []byte, lim Limits) (*Image, error) {
	if lim.MaxSide <= 0 {
		lim.MaxSide = DefaultMaxSide
	}
	if lim.MaxPixels <= 0 {
		lim.MaxPixels = DefaultMaxPixels
	}
	var m *Image
	var err error
	switch {
	case len(data) >= 4 && bytes.Equal(data[:4], exrMagic):
		m, err = decodeEXR(data, lim, false)
	case bytes.HasPrefix(data, []byte("#?")):
		m, err = decodeHDR(data, lim)
	default:
		return nil, fmt.Errorf("%w: neither Radiance .hdr (#?RADIANCE) nor OpenEXR (magic 76 2f 31 01)", ErrFormat)
	}
	if err != nil {
		return nil, err
	}
	for i, v := range m.Pix {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			p := i / 3
			return nil, fmt.Errorf("%w: texel (%d,%d) channel %d is %v; environment maps must be finite",
				ErrFormat, p%m.Width, p/m.Width, i%3, v)
		}
		if v < 0 {
			// Lossy codecs (DWA's DCT) ring slightly below zero next to
			// bright texels; light cannot be negative.
			m.Pix[i] = 0
		}
	}
	return m, nil
}

// DecodePlanes decodes an OpenEXR file as Decode does, keeping every
// channel (render passes among them) in Planes, unclamped: a depth pass or
// a normal's negative component is data, not light.
func DecodePlanes(data []byte, lim Limits) (*Image, error) {
	if lim.MaxSide <= 0 {
		lim.MaxSide = DefaultMaxSide
	}
	if lim.MaxPixels <= 0 {
		lim.MaxPixels = DefaultMaxPixels
	}
	if len(data) < 4 || !bytes.Equal(data[:4], exrMagic) {
		return nil, fmt.Errorf("%w: not an OpenEXR file (magic 76 2f 31 01)", ErrFormat)
	}
	return decodeEXR(data, lim, true)
}

func (l Limits) check(w, h int) error {
	if w < 1 || h < 1 {
		return fmt.Errorf("%w: image is %dx%d", ErrFormat, w, h)
	}
	if w > l.MaxSide || h > l.MaxSide || int64(w)*int64(h) > int64(l.MaxPixels) {
		return fmt.Errorf("%w: image is %dx%d, over the limit of %d per side and %d pixels; downscale the map",
			ErrFormat, w, h, l.MaxSide, l.MaxPixels)
	}
	return nil
}

// decodeHDR reads a Radiance RGBE file: flat or run-length-encoded
// scanlines, "-Y H +X W" orientation (what every tool writes).
func decodeHDR(data []byte, lim Limits) (*Image, error) {
	r := bytes.NewReader(data)
	readLine := func() (string, error) {
		var sb strings.Builder
		for sb.Len() < 4096 {
			c, err := r.ReadByte()
			if err != nil {
				return "", fmt.Errorf("%w: header ends early", ErrFormat)
			}
			if c == '\n' {
				return sb.String(), nil
			}
			sb.WriteByte(c)
		}
		return "", fmt.Errorf("%w: header line over 4096 bytes", ErrFormat)
	}
	first, err := readLine()
	if err != nil {
		return nil, err
	}
	if first != "#?RADIANCE" && first != "#?RGBE" {
		return nil, fmt.Errorf("%w: first line %q is not #?RADIANCE", ErrFormat, first)
	}
	for {
		line, err := readLine()
		if err != nil {
			return nil, err
		}
		if line == "" {
			break
		}
		if f, ok := strings.CutPrefix(line, "FORMAT="); ok && f != "32-bit_rle_rgbe" {
			return nil, fmt.Errorf("%w: FORMAT=%s is not supported (only 32-bit_rle_rgbe)", ErrFormat, f)
		}
	}
	res, err := readLine()
	if err != nil {
		return nil, err
	}
	var w, h int
	if n, _ := fmt.Sscanf(res, "-Y %d +X %d", &h, &w); n != 2 {
		return nil, fmt.Errorf("%w: resolution line %q: only -Y H +X W is supported", ErrFormat, res)
	}
	if err := lim.check(w, h); err != nil {
		return nil, err
	}
	// Every pixel takes at least one byte of input (runs), 4 when flat:
	// refuse before allocating when the file is far too short.
	if int64(r.Len())*128 < int64(w)*int64(h) {
		return nil, fmt.Errorf("%w: %d bytes of pixel data cannot hold %dx%d pixels (truncated file?)", ErrFormat, r.Len(), w, h)
	}
	m := &Image{Width: w, Height: h, Pix: make([]float32, 3*w*h)}
	line := make([]byte, 4*w)
	for y := 0; y < h; y++ {
		if err := readHDRLine(r, line, w); err != nil {
			return nil, fmt.Errorf("%w: scanline %d: %v", ErrFormat, y, err)
		}
		for x := 0; x < w; x++ {
			e := line[4*x+3]
			if e == 0 {
				continue
			}
			f := float32(math.Ldexp(1, int(e)-(128+8)))
			i := 3 * (y*w + x)
			m.Pix[i] = (float32(line[4*x]) + 0.5) * f
			m.Pix[i+1] = (float32(line[4*x+1]) + 0.5) * f
			m.Pix[i+2] = (float32(line[4*x+2]) + 0.5) * f
		}
	}
	return m, nil
}

// readHDRLine reads one scanline as RGBE bytes into line (4 per pixel).
func readHDRLine(r *bytes.Reader, line []byte, w int) error {
	var head [4]byte
	if _, err := io.ReadFull(r, head[:]); err != nil {
		return errors.New("file ends early")
	}
	if w < 8 || w > 0x7fff || head[0] != 2 || head[1] != 2 || head[2]&0x80 != 0 {
		// Flat pixels (old-style runs are not written by current tools).
		copy(line, head[:])
		if _, err := io.ReadFull(r, line[4:]); err != nil {
			return errors.New("file ends early")
		}
		return nil
	}
	if int(head[2])<<8|int(head[3]) != w {
		return fmt.Errorf("run-length line width %d, image width %d", int(head[2])<<8|int(head[3]), w)
	}
	for c := 0; c < 4; c++ {
		for x := 0; x < w; {
			n, err := r.ReadByte()
			if err != nil {
				return errors.New("file ends early")
			}
			if n > 128 {
				run := int(n) - 128
				if x+run > w {
					return errors.New("run overflows the line")
				}
				v, err := r.ReadByte()
				if err != nil {
					return errors.New("file ends early")
				}
				for ; run > 0; run-- {
					line[4*x+c] = v
					x++
				}
				continue
			}
			if n == 0 || x+int(n) > w {
				return errors.New("bad literal count")
			}
			for k := 0; k < int(n); k++ {
				v, err := r.ReadByte()
				if err != nil {
					return errors.New("file ends early")
				}
				line[4*x+c] = v
				x++
			}
		}
	}
	return nil
}

// EncodeHDR writes m as a flat (uncompressed) Radiance RGBE file; tests and
// the sample generator use it.
func EncodeHDR(w io.Writer, m *Image) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n\n-Y %d +X %d\n", m.Height, m.Width)
	for i := 0; i < len(m.Pix); i += 3 {
		r, g, bl := m.Pix[i], m.Pix[i+1], m.Pix[i+2]
		v := max(r, g, bl)
		if v < 1e-32 {
			b.Write([]byte{0, 0, 0, 0})
			continue
		}
		fr, e := math.Frexp(float64(v))
		s := fr * 256 / float64(v)
		b.Write([]byte{byte(float64(r) * s), byte(float64(g) * s), byte(float64(bl) * s), byte(e + 128)})
	}
	_, err := w.Write(b.Bytes())
	return err
}
