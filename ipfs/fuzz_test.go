package ipfs

import (
	"bytes"
	"context"
	"testing"

	blocks "github.com/ipfs/go-block-format"
)

// FuzzReadCAR feeds arbitrary bytes to the CAR reader that gateway
// responses and imports go through: it may refuse them, but must not
// panic, and whatever it accepts must hash to its CID.
func FuzzReadCAR(f *testing.F) {
	s := openStore(f, Options{})
	c, err := s.Add(context.Background(), newDetReader("fuzz", 2*ChunkSize+10))
	if err != nil {
		f.Fatal(err)
	}
	var car bytes.Buffer
	if err := s.ExportCAR(context.Background(), c, &car); err != nil {
		f.Fatal(err)
	}
	f.Add(car.Bytes())
	f.Add(car.Bytes()[:100])
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		readCAR(bytes.NewReader(data), "fuzz", func(b blocks.Block) error {
			if _, err := verifyBlock(b.Cid(), b.RawData(), "fuzz"); err != nil {
				t.Fatalf("readCAR passed on a block that fails verification: %v", err)
			}
			return nil
		})
	})
}
