package ipfs

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"io"
	"testing"
)

// detReader yields n deterministic bytes: SHA-256 in counter mode over a
// seed, block i being sha256(seed || uint64le(i)). The golden CIDs in
// testdata/golden.json were computed by Kubo 0.43.0 over these bytes.
type detReader struct {
	seed      string
	left      int64
	ctr       uint64
	buf       []byte
	scratchIn []byte
}

func newDetReader(seed string, n int64) *detReader {
	return &detReader{seed: seed, left: n}
}

func (d *detReader) Read(p []byte) (int, error) {
	if d.left <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > d.left {
		p = p[:d.left]
	}
	n := 0
	for n < len(p) {
		if len(d.buf) == 0 {
			d.scratchIn = append(append(d.scratchIn[:0], d.seed...), 0, 0, 0, 0, 0, 0, 0, 0)
			binary.LittleEndian.PutUint64(d.scratchIn[len(d.seed):], d.ctr)
			d.ctr++
			sum := sha256.Sum256(d.scratchIn)
			d.buf = sum[:]
		}
		c := copy(p[n:], d.buf)
		d.buf = d.buf[c:]
		n += c
	}
	d.left -= int64(n)
	return n, nil
}

// openStore opens a store in a fresh temporary directory, without fsync,
// and closes it when the test ends.
func openStore(t testing.TB, opts Options) *Store {
	t.Helper()
	opts.NoSync = true
	s, err := Open(context.Background(), t.TempDir(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("close store: %v", err)
		}
	})
	return s
}
