package ipfs

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rendergrid/rendergrid/ipfs/internal/kubotest"
)

func TestKuboInterop(t *testing.T) {
	ctx := context.Background()
	d := kubotest.Start(t)
	kc, err := NewKubo(d.API, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	s := openStore(t, Options{})
	for _, g := range readGolden(t) {
		if g.Size > 64<<20 {
			continue // the 200 MiB case is in TestGoldenCIDs and the benchmark
		}
		t.Run(g.Name, func(t *testing.T) {
			c, err := kc.Add(ctx, newDetReader(g.Seed, g.Size))
			if err != nil {
				t.Fatal(err)
			}
			if c.String() != g.CID {
				t.Fatalf("Kubo RPC add gave %s, want %s", c, g.CID)
			}
			r, err := kc.Get(ctx, c)
			if err != nil {
				t.Fatal(err)
			}
			if err := sameBytes(r, newDetReader(g.Seed, g.Size)); err != nil {
				t.Fatalf("Get through Kubo: %v", err)
			}
			r.Close()
			// Our CAR export and Kubo's dag export are the same bytes.
			if _, err := s.Add(ctx, newDetReader(g.Seed, g.Size)); err != nil {
				t.Fatal(err)
			}
			var ours, theirs bytes.Buffer
			if err := s.ExportCAR(ctx, c, &ours); err != nil {
				t.Fatal(err)
			}
			if err := kc.ExportCAR(ctx, c, &theirs); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(ours.Bytes(), theirs.Bytes()) {
				t.Fatalf("CAR export differs from Kubo's dag export: %d vs %d bytes", ours.Len(), theirs.Len())
			}
		})
	}
	t.Run("has pin unpin", func(t *testing.T) {
		c, err := kc.Add(ctx, strings.NewReader("pin me"))
		if err != nil {
			t.Fatal(err)
		}
		if has, err := kc.Has(ctx, c); err != nil || !has {
			t.Fatalf("Has(added) = %v, %v", has, err)
		}
		absent := addBytes(t, openStore(t, Options{}), []byte("never given to Kubo"))
		if has, err := kc.Has(ctx, absent); err != nil || has {
			t.Fatalf("Has(absent) = %v, %v", has, err)
		}
		if err := kc.Unpin(ctx, c); err != nil {
			t.Fatal(err)
		}
		if err := kc.Unpin(ctx, c); err == nil || !strings.Contains(err.Error(), "not pinned") {
			t.Fatalf("second unpin: %v, want Kubo's 'not pinned'", err)
		}
		if err := kc.Pin(ctx, c); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("Kubo imports our CAR", func(t *testing.T) {
		c := addBytes(t, s, detBytes("to-kubo", 3*ChunkSize+9))
		f := filepath.Join(t.TempDir(), "x.car")
		w, _ := os.Create(f)
		if err := s.ExportCAR(ctx, c, w); err != nil {
			t.Fatal(err)
		}
		w.Close()
		out, err := d.Run("dag", "import", "--stats", f)
		if err != nil || !strings.Contains(string(out), c.String()) {
			t.Fatalf("ipfs dag import: %v\n%s", err, out)
		}
		out, err = d.Run("cat", c.String())
		if err != nil || !bytes.Equal(out, detBytes("to-kubo", 3*ChunkSize+9)) {
			t.Fatalf("ipfs cat of the imported CAR: %v", err)
		}
	})
	t.Run("bad API address", func(t *testing.T) {
		for _, a := range []string{"127.0.0.1:5001", "ftp://x", ""} {
			if _, err := NewKubo(a, nil, 0); err == nil {
				t.Errorf("NewKubo(%q) accepted", a)
			}
		}
		dead, _ := NewKubo("http://127.0.0.1:1", nil, 0)
		if _, err := dead.Add(ctx, strings.NewReader("x")); err == nil || !strings.Contains(err.Error(), "daemon running") {
			t.Fatalf("add to a closed port: %v", err)
		}
	})
}
