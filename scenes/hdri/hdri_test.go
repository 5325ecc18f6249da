package hdri

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The fixtures are written by Blender (testdata/make_fixtures.py).
func gradient(x, y int) [3]float32 {
	return [3]float32{0.05 + float32(x)*0.25, 0.5 + float32(y)*0.75, 0.01 * float32((x+1)*(y+1))}
}

func noise(x, y int) [3]float32 {
	r := float32((x*7919+y*104729)%1000) / 100
	return [3]float32{r, r / 7, float32(x%3) * 20}
}

func TestBlenderEXRs(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.exr")
	if len(files) < 12 {
		t.Fatalf("%d fixtures in testdata; run blender -b --factory-startup --python testdata/make_fixtures.py", len(files))
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			m, err := ReadFile(file, Limits{})
			if err != nil {
				t.Fatal(err)
			}
			want, w, h := gradient, 37, 19
			if strings.HasPrefix(filepath.Base(file), "noise") {
				want, w, h = noise, 300, 70
			}
			if m.Width != w || m.Height != h {
				t.Fatalf("size %dx%d, want %dx%d", m.Width, m.Height, w, h)
			}
			tol := float32(1e-6)
			if strings.Contains(file, "half") {
				tol = 1.0 / 1024 // half's 10-bit mantissa
			}
			for y := 0; y < h; y++ {
				for x := 0; x < w; x++ {
					got, exp := m.At(x, y), want(x, y)
					for c := range got {
						if d := math.Abs(float64(got[c] - exp[c])); d > float64(tol*max(exp[c], 1)) {
							t.Fatalf("texel (%d,%d) = %v, want %v", x, y, got, exp)
						}
					}
				}
			}
		})
	}
}

func TestHDRRoundTrip(t *testing.T) {
	m := &Image{Width: 40, Height: 3, Pix: make([]float32, 3*40*3)}
	for i := range m.Pix {
		m.Pix[i] = float32(i%17) * 0.37 * float32(1+i%5*100)
	}
	var b bytes.Buffer
	if err := EncodeHDR(&b, m); err != nil {
		t.Fatal(err)
	}
	got, err := Decode(b.Bytes(), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range m.Pix {
		// RGBE keeps 8 bits of mantissa for the largest channel of a texel.
		p := i / 3
		big := max(m.Pix[3*p], m.Pix[3*p+1], m.Pix[3*p+2])
		if math.Abs(float64(got.Pix[i]-v)) > float64(big)/128+1e-6 {
			t.Fatalf("value %d = %v, want %v", i, got.Pix[i], v)
		}
	}
}

// TestHDRRunLength decodes a run-length-encoded scanline built by hand:
// R is one run, G literals, B and E runs.
func TestHDRRunLength(t *testing.T) {
	const w = 10
	var b bytes.Buffer
	b.WriteString("#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n\n-Y 1 +X 10\n")
	b.Write([]byte{2, 2, 0, w})
	b.Write([]byte{128 + w, 128})                             // R: run of 10 × 128
	b.Write([]byte{w, 0, 10, 20, 30, 40, 50, 60, 70, 80, 90}) // G: 10 literals
	b.Write([]byte{128 + w, 64})                              // B
	b.Write([]byte{128 + w, 129})                             // E: 2^(129-136) scale
	m, err := Decode(b.Bytes(), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	for x := 0; x < w; x++ {
		f := float32(math.Ldexp(1, 129-136))
		want := [3]float32{128.5 * f, (float32(10*x) + 0.5) * f, 64.5 * f}
		if got := m.At(x, 0); got != want {
			t.Fatalf("texel %d = %v, want %v", x, got, want)
		}
	}
}

// zipEXR writes a one-channel-set scanline EXR with ZIP compression, as the
// format specifies (predictor, interleave, zlib), for hand-made headers.
func zipEXR(w, h int, dataWindow [4]int32, pix func(x, y int) [3]float32) []byte {
	le := binary.LittleEndian
	var hdr []byte
	attr := func(name, typ string, val []byte) {
		hdr = append(append(append(append(hdr, name...), 0), typ...), 0)
		hdr = le.AppendUint32(hdr, uint32(len(val)))
		hdr = append(hdr, val...)
	}
	var ch []byte
	for _, n := range []string{"B", "G", "R"} {
		ch = append(append(ch, n...), 0)
		ch = le.AppendUint32(ch, 2)
		ch = append(ch, 0, 0, 0, 0)
		ch = le.AppendUint32(ch, 1)
		ch = le.AppendUint32(ch, 1)
	}
	ch = append(ch, 0)
	var box []byte
	for _, v := range dataWindow {
		box = le.AppendUint32(box, uint32(v))
	}
	attr("channels", "chlist", ch)
	attr("compression", "compression", []byte{3})
	attr("dataWindow", "box2i", box)
	attr("displayWindow", "box2i", box)
	attr("lineOrder", "lineOrder", []byte{0})
	hdr = append(hdr, 0)
	out := le.AppendUint32(nil, 20000630)
	out = le.AppendUint32(out, 2)
	out = append(out, hdr...)
	chunks := (h + 15) / 16
	tableAt := len(out)
	out = append(out, make([]byte, 8*chunks)...)
	for c := 0; c < chunks; c++ {
		le.PutUint64(out[tableAt+8*c:], uint64(len(out)))
		var raw []byte
		for y := 16 * c; y < min(16*c+16, h); y++ {
			for k := 2; k >= 0; k-- {
				for x := 0; x < w; x++ {
					raw = le.AppendUint32(raw, math.Float32bits(pix(x, y)[k]))
				}
			}
		}
		t := make([]byte, len(raw))
		half := (len(raw) + 1) / 2
		for i := range raw {
			if i%2 == 0 {
				t[i/2] = raw[i]
			} else {
				t[half+i/2] = raw[i]
			}
		}
		for i := len(t) - 1; i > 0; i-- {
			t[i] = byte(int(t[i]) - int(t[i-1]) + 128)
		}
		var z bytes.Buffer
		zw := zlib.NewWriter(&z)
		zw.Write(t)
		zw.Close()
		out = le.AppendUint32(out, uint32(16*c))
		out = le.AppendUint32(out, uint32(z.Len()))
		out = append(out, z.Bytes()...)
	}
	return out
}

func TestBadInput(t *testing.T) {
	good := zipEXR(20, 40, [4]int32{0, 0, 19, 39}, func(x, y int) [3]float32 { return [3]float32{1, 2, 3} })
	if _, err := Decode(good, Limits{}); err != nil {
		t.Fatalf("the hand-made EXR: %v", err)
	}
	piz, err := os.ReadFile("testdata/noise_piz_half.exr")
	if err != nil {
		t.Fatal(err)
	}
	nan := zipEXR(4, 4, [4]int32{0, 0, 3, 3}, func(x, y int) [3]float32 {
		if x == 2 && y == 1 {
			return [3]float32{float32(math.NaN()), 0, 0}
		}
		return [3]float32{1, 1, 1}
	})
	inf := zipEXR(4, 4, [4]int32{0, 0, 3, 3}, func(x, y int) [3]float32 { return [3]float32{float32(math.Inf(1)), 0, 0} })
	neg := zipEXR(4, 4, [4]int32{0, 0, 3, 3}, func(x, y int) [3]float32 { return [3]float32{-1, 0, 0} })
	// A 100000×50000 header over a tiny body must be refused before any
	// pixel buffer (20 GB) is allocated.
	huge := zipEXR(4, 4, [4]int32{0, 0, 99999, 49999}, func(x, y int) [3]float32 { return [3]float32{1, 1, 1} })
	hugeHDR := []byte("#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n\n-Y 50000 +X 100000\n\x02\x02")
	shortHDR := []byte("#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n\n-Y 64 +X 64\n\x01\x02\x03\x04")
	pxr := append([]byte(nil), good...)
	pxr[bytes.Index(pxr, []byte("compression\x00compression\x00"))+28] = 5
	tiled := append([]byte(nil), good...)
	tiled[5] |= 2
	if m, err := Decode(neg, Limits{}); err != nil || m.Pix[0] != 0 {
		t.Errorf("a negative texel: %v, value %v; want it clamped to 0", err, m)
	}
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "neither Radiance"},
		{"png", []byte("\x89PNG\r\n\x1a\n...."), "neither Radiance"},
		{"truncated EXR", good[:len(good)/2], "truncated"},
		{"truncated PIZ", piz[:len(piz)*2/3], "truncated"},
		{"EXR header only", good[:60], "truncated"},
		{"NaN texel", nan, "texel (2,1) channel 0 is NaN"},
		{"infinite texel", inf, "+Inf"},
		{"100000x50000 EXR header", huge, "over the limit"},
		{"100000x50000 HDR header", hugeHDR, "over the limit"},
		{"HDR shorter than its pixels", shortHDR, "truncated"},
		{"PXR24", pxr, "PXR24 is not supported"},
		{"tiled", tiled, "tiled EXR"},
		{"HDR XYZE", []byte("#?RADIANCE\nFORMAT=32-bit_rle_xyze\n\n-Y 1 +X 1\n\x00\x00\x00\x00"), "xyze"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Decode(tc.data, Limits{})
			if err == nil || !strings.Contains(err.Error(), tc.want) || !errors.Is(err, ErrFormat) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
	if _, err := Decode(good, Limits{MaxSide: 10}); err == nil || !strings.Contains(err.Error(), "over the limit of 10 per side") {
		t.Fatalf("a 20x40 map under a 10-pixel limit: %v", err)
	}
}

// FuzzDecode: no input panics, and an accepted image is finite.
func FuzzDecode(f *testing.F) {
	for _, file := range []string{"testdata/grad_piz_half.exr", "testdata/grad_zip_float.exr", "testdata/grad_rle_half.exr", "testdata/noise_dwab_half.dwa"} {
		if b, err := os.ReadFile(file); err == nil {
			f.Add(b)
		}
	}
	f.Add(zipEXR(3, 2, [4]int32{0, 0, 2, 1}, func(x, y int) [3]float32 { return [3]float32{1, 2, 3} }))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Decode(data, Limits{MaxSide: 1024, MaxPixels: 1 << 16})
		if err != nil {
			return
		}
		for _, v := range m.Pix {
			if math.IsNaN(float64(v)) || v < 0 {
				t.Fatalf("accepted texel %v", v)
			}
		}
	})
}

// TestBlenderDWA decodes DWAA and DWAB files Blender wrote and compares
// them with Blender's own decode of the same files: the codec is lossy, so
// the reference is what OpenEXR reads back, not the image written. The
// inverse DCT's float rounding differs by operation order, so a value may
// be a few half-float steps off: within 0.5% (or 1e-3 absolute).
func TestBlenderDWA(t *testing.T) {
	for _, codec := range []string{"dwaa", "dwab"} {
		t.Run(codec, func(t *testing.T) {
			m, err := ReadFile("testdata/noise_"+codec+"_half.dwa", Limits{})
			if err != nil {
				t.Fatal(err)
			}
			raw, err := os.ReadFile("testdata/noise_" + codec + "_ref.f32")
			if err != nil {
				t.Fatal(err)
			}
			if len(raw) != 4*len(m.Pix) {
				t.Fatalf("%d values decoded, the reference has %d", len(m.Pix), len(raw)/4)
			}
			var worst float64
			for i, v := range m.Pix {
				ref := math.Max(float64(math.Float32frombits(binary.LittleEndian.Uint32(raw[4*i:]))), 0)
				d := math.Abs(float64(v) - ref)
				if d > 1e-3 && d > 0.005*ref {
					p := i / 3
					t.Fatalf("texel (%d,%d) channel %d = %v, Blender reads %v", p%m.Width, p/m.Width, i%3, v, ref)
				}
				worst = math.Max(worst, d/math.Max(ref, 1e-3))
			}
			t.Logf("largest relative difference from Blender's decode: %.2g", worst)
		})
	}
}
