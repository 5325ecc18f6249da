package upscale

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/png"
	"runtime"
	"strings"
	"testing"
)

// pngBomb returns a valid small PNG whose header claims w×h pixels.
func pngBomb(t testing.TB, w, h uint32) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, 1, 1))); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	// IHDR data starts at byte 16 (signature 8, length 4, type 4).
	binary.BigEndian.PutUint32(b[16:], w)
	binary.BigEndian.PutUint32(b[20:], h)
	binary.BigEndian.PutUint32(b[29:], crc32.ChecksumIEEE(b[12:29]))
	return b
}

// TestDecodeInputRefusesBombs: a PNG that declares 60000×60000 pixels is
// refused from its header, naming the limit, before any pixel buffer is
// allocated (the refusal allocates under 1 MiB; decoding would take 14 GB).
func TestDecodeInputRefusesBombs(t *testing.T) {
	bomb := pngBomb(t, 60000, 60000)
	_, _, err := DecodeInput(bomb)
	if err == nil || !strings.Contains(err.Error(), "60000x60000") || !strings.Contains(err.Error(), "8192x8192") {
		t.Fatalf("a 60000×60000 PNG: %v", err)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	DecodeInput(bomb)
	runtime.ReadMemStats(&after)
	if n := after.TotalAlloc - before.TotalAlloc; n > 1<<20 {
		t.Errorf("refusing the bomb allocated %d bytes", n)
	}
	if _, _, err := DecodeInput([]byte("GIF89a")); err == nil {
		t.Error("a GIF header was accepted")
	}
	small := pngBomb(t, 1, 1)
	if img, format, err := DecodeInput(small); err != nil || format != "png" || img.Bounds().Dx() != 1 {
		t.Errorf("a 1×1 PNG: %v %s", err, format)
	}
}
