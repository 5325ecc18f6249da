package render

import (
	"bytes"
	"encoding/binary"
	"image/png"
	"math"
	"testing"
)

func TestPNGStandardViewTransform(t *testing.T) {
	// Linear values and their 8-bit sRGB codes: the sRGB curve with clipping.
	tests := []struct {
		linear float32
		want   uint8
	}{{0, 0}, {-1, 0}, {0.0031308, 10}, {0.18, 118}, {0.5, 188}, {1, 255}, {4, 255}, {float32(math.NaN()), 0}}
	img := NewImage(len(tests), 1)
	for i, tt := range tests {
		img.Pix[3*i], img.Pix[3*i+1], img.Pix[3*i+2] = tt.linear, tt.linear, tt.linear
	}
	var buf bytes.Buffer
	if err := img.WritePNG(&buf); err != nil {
		t.Fatal(err)
	}
	dec, err := png.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	for i, tt := range tests {
		r, _, _, a := dec.At(i, 0).RGBA()
		if uint8(r>>8) != tt.want || a != 0xffff {
			t.Errorf("linear %v -> %d (alpha %d), want %d", tt.linear, r>>8, a>>8, tt.want)
		}
	}
}

// TestEXRLayout parses the written file by the OpenEXR specification: magic,
// version, attributes, a line offset table pointing at each scanline, and
// B, G, R float32 planes per line.
func TestEXRLayout(t *testing.T) {
	img := NewImage(3, 2)
	for i := range img.Pix {
		img.Pix[i] = float32(i) * 0.25
	}
	var buf bytes.Buffer
	if err := img.WriteEXR(&buf); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	le := binary.LittleEndian
	if le.Uint32(b) != 20000630 || le.Uint32(b[4:]) != 2 {
		t.Fatalf("magic/version = %d/%d", le.Uint32(b), le.Uint32(b[4:]))
	}
	off := 8
	attrs := map[string][]byte{}
	for b[off] != 0 {
		name := string(b[off : off+bytes.IndexByte(b[off:], 0)])
		off += len(name) + 1
		typ := string(b[off : off+bytes.IndexByte(b[off:], 0)])
		off += len(typ) + 1
		n := int(le.Uint32(b[off:]))
		attrs[name+":"+typ] = b[off+4 : off+4+n]
		off += 4 + n
	}
	off++
	for _, want := range []string{"channels:chlist", "compression:compression", "dataWindow:box2i", "displayWindow:box2i", "lineOrder:lineOrder", "pixelAspectRatio:float", "screenWindowCenter:v2f", "screenWindowWidth:float"} {
		if _, ok := attrs[want]; !ok {
			t.Errorf("missing required attribute %s", want)
		}
	}
	for y := 0; y < img.Height; y++ {
		line := int(le.Uint64(b[off+8*y:]))
		if got := int(le.Uint32(b[line:])); got != y {
			t.Fatalf("line %d offset points at line %d", y, got)
		}
		for c, src := range []int{2, 1, 0} { // B, G, R
			for x := 0; x < img.Width; x++ {
				v := math.Float32frombits(le.Uint32(b[line+8+4*(c*img.Width+x):]))
				if want := img.Pix[3*(y*img.Width+x)+src]; v != want {
					t.Errorf("pixel (%d,%d) channel %d = %v, want %v", x, y, src, v, want)
				}
			}
		}
	}
}

// TestEXRPassesRoundTrip writes an image with every pass and reads it
// back: the channels carry Blender's multilayer names and every value
// survives.
func TestEXRPassesRoundTrip(t *testing.T) {
	const w, h = 5, 3
	m := NewImage(w, h)
	m.Alpha = make([]float32, w*h)
	m.Albedo, m.Normal, m.Emission = make([]float32, 3*w*h), make([]float32, 3*w*h), make([]float32, 3*w*h)
	m.Depth, m.Variance, m.Samples = make([]float32, w*h), make([]float32, w*h), make([]float32, w*h)
	planes := [][]float32{m.Pix, m.Alpha, m.Albedo, m.Normal, m.Emission, m.Depth, m.Variance, m.Samples}
	for p, data := range planes {
		for i := range data {
			data[i] = float32(p*1000+i) - 0.5
		}
	}
	var buf bytes.Buffer
	if err := m.WriteEXR(&buf); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"ViewLayer.Combined.R", "ViewLayer.Combined.A", "ViewLayer.Denoising Albedo.G", "ViewLayer.Normal.Z", "ViewLayer.Emit.B", "ViewLayer.Depth.Z", "ViewLayer.Variance.V", "ViewLayer.Debug Sample Count.X"} {
		if !bytes.Contains(buf.Bytes(), append([]byte(name), 0)) {
			t.Errorf("no channel %q in the file", name)
		}
	}
	got, err := DecodeEXR(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	back := [][]float32{got.Pix, got.Alpha, got.Albedo, got.Normal, got.Emission, got.Depth, got.Variance, got.Samples}
	for p := range planes {
		if len(back[p]) != len(planes[p]) {
			t.Fatalf("plane %d: %d values back, %d written", p, len(back[p]), len(planes[p]))
		}
		for i := range planes[p] {
			if back[p][i] != planes[p][i] {
				t.Fatalf("plane %d value %d: %v back, %v written", p, i, back[p][i], planes[p][i])
			}
		}
	}
}
