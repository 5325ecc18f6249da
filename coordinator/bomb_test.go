package coordinator

import (
	"bytes"
	"context"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/png"
	"strings"
	"testing"
)

// TestImageBombRefused is the audit's decompression bomb: a small PNG
// declaring 60000×60000 pixels, stored as an upscale input, used to crash
// the leader with out of memory when it decoded it at submit. Its header
// now refuses it, naming the size and the limit, and the node still serves.
func TestImageBombRefused(t *testing.T) {
	c := startCluster(t, 1, nil)
	admin := c.client(c.admin)
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, 1, 1))); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	binary.BigEndian.PutUint32(b[16:], 60000)
	binary.BigEndian.PutUint32(b[20:], 60000)
	binary.BigEndian.PutUint32(b[29:], crc32.ChecksumIEEE(b[12:29]))
	id := upload(t, admin, b)
	_, err := c.nodes[0].readImage(context.Background(), id.String())
	if err == nil || !strings.Contains(err.Error(), "60000x60000") || !strings.Contains(err.Error(), "8192x8192") {
		t.Fatalf("reading the bomb: %v", err)
	}
	if _, err := admin.Cluster(context.Background()); err != nil {
		t.Fatalf("the node after the bomb: %v", err)
	}
}
