package ipfs

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	blocks "github.com/ipfs/go-block-format"
	"github.com/ipfs/go-cid"
	car "github.com/ipld/go-car/v2"
)

// carWriter writes a CARv1 stream: a dag-cbor header naming the root, then
// each block as varint(len(cid)+len(data)) cid data.
type carWriter struct {
	w   *bufio.Writer
	buf []byte
}

// newCARWriter writes the header for root to w.
func newCARWriter(w io.Writer, roots ...cid.Cid) (*carWriter, error) {
	cw := &carWriter{w: bufio.NewWriterSize(w, 1<<20)}
	h := carHeader(roots...)
	cw.buf = binary.AppendUvarint(cw.buf[:0], uint64(len(h)))
	if _, err := cw.w.Write(cw.buf); err != nil {
		return nil, fmt.Errorf("write CAR header: %w", err)
	}
	if _, err := cw.w.Write(h); err != nil {
		return nil, fmt.Errorf("write CAR header: %w", err)
	}
	return cw, nil
}

// carHeader encodes {"roots": [roots...], "version": 1} in canonical
// dag-cbor (keys sorted by length, then bytes; CIDs as tag 42 over 0x00 +
// bytes).
func carHeader(roots ...cid.Cid) []byte {
	h := []byte{0xa2, 0x65, 'r', 'o', 'o', 't', 's'}
	h = cborHead(h, 0x80, len(roots))
	for _, root := range roots {
		cb := append([]byte{0}, root.Bytes()...)
		h = append(h, 0xd8, 0x2a)
		h = cborHead(h, 0x40, len(cb))
		h = append(h, cb...)
	}
	return append(h, 0x67, 'v', 'e', 'r', 's', 'i', 'o', 'n', 0x01)
}

// cborHead appends the head of a CBOR item of major type major (0x40
// bytes, 0x80 array) and length n, in its shortest form.
func cborHead(h []byte, major byte, n int) []byte {
	switch {
	case n < 24:
		return append(h, major|byte(n))
	case n < 1<<8:
		return append(h, major|24, byte(n))
	case n < 1<<16:
		return append(h, major|25, byte(n>>8), byte(n))
	default:
		return append(h, major|26, byte(n>>24), byte(n>>16), byte(n>>8), byte(n))
	}
}

// put appends one block.
func (cw *carWriter) put(b blocks.Block) error {
	cb := b.Cid().Bytes()
	cw.buf = binary.AppendUvarint(cw.buf[:0], uint64(len(cb)+len(b.RawData())))
	for _, p := range [][]byte{cw.buf, cb, b.RawData()} {
		if _, err := cw.w.Write(p); err != nil {
			return fmt.Errorf("write CAR block %s: %w", b.Cid(), err)
		}
	}
	return nil
}

// flush writes out what is buffered.
func (cw *carWriter) flush() error {
	if err := cw.w.Flush(); err != nil {
		return fmt.Errorf("write CAR: %w", err)
	}
	return nil
}

// CARRoots reads only the header of the CAR in r and returns its roots.
func CARRoots(r io.Reader) ([]cid.Cid, error) {
	br, err := car.NewBlockReader(r, car.WithTrustedCAR(true))
	if err != nil {
		return nil, fmt.Errorf("read CAR header: %w", err)
	}
	return br.Roots, nil
}

// readCAR reads a CARv1 (or v2) stream from r, verifies every block
// against its CID and hands it to put. It returns the header's roots.
func readCAR(r io.Reader, source string, put func(blocks.Block) error) ([]cid.Cid, error) {
	// Trusted here only means go-car does not hash: verifyBlock does, so
	// that a mismatch is reported as a *MismatchError naming the CID.
	br, err := car.NewBlockReader(r, car.WithTrustedCAR(true))
	if err != nil {
		return nil, fmt.Errorf("read CAR from %s: %w", source, err)
	}
	for {
		b, err := br.Next()
		if errors.Is(err, io.EOF) {
			return br.Roots, nil
		}
		if err != nil {
			return nil, fmt.Errorf("read CAR from %s: %w", source, err)
		}
		vb, err := verifyBlock(b.Cid(), b.RawData(), source)
		if err != nil {
			return nil, err
		}
		if err := put(vb); err != nil {
			return nil, err
		}
	}
}
