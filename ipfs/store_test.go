package ipfs

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	blocks "github.com/ipfs/go-block-format"
	"github.com/ipfs/go-cid"
	mh "github.com/multiformats/go-multihash"
)

func addBytes(t *testing.T, s *Store, data []byte) cid.Cid {
	t.Helper()
	c, err := s.Add(context.Background(), bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func readAll(t *testing.T, s *Store, c cid.Cid) ([]byte, error) {
	t.Helper()
	r, err := s.Get(context.Background(), c)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(r)
}

func detBytes(seed string, n int64) []byte {
	b, _ := io.ReadAll(newDetReader(seed, n))
	return b
}

// blockFiles lists the flatfs files of the store, by path.
func blockFiles(t *testing.T, s *Store) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(filepath.Join(s.Dir(), "blocks"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".data") {
			out = append(out, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestTamperedBlockOnDiskIsRefused(t *testing.T) {
	s := openStore(t, Options{})
	data := detBytes("tamper", 3*ChunkSize+100)
	c := addBytes(t, s, data)
	// Flip one byte of a full-size leaf on disk, as bit rot would.
	var victim string
	for _, p := range blockFiles(t, s) {
		if st, _ := os.Stat(p); st.Size() == ChunkSize {
			victim = p
			break
		}
	}
	if victim == "" {
		t.Fatal("no full-size leaf among the block files")
	}
	leaf, _ := os.ReadFile(victim)
	sum, _ := mh.Sum(leaf, mh.SHA2_256, -1)
	victimCID := cid.NewCidV1(cid.Raw, sum)
	leaf[1000] ^= 0xff
	if err := os.WriteFile(victim, leaf, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := readAll(t, s, c)
	var me *MismatchError
	if !errors.As(err, &me) {
		t.Fatalf("reading a file with a corrupted leaf: err = %v, want a *MismatchError", err)
	}
	if !me.CID.Equals(victimCID) || !strings.Contains(err.Error(), victimCID.String()) {
		t.Fatalf("error %q names %s, want the corrupted leaf %s", err, me.CID, victimCID)
	}
	// The gateway does not serve the corrupted block either.
	resp, body := get(t, serveGateway(t, s).URL+"/ipfs/"+victimCID.String()+"?format=raw", "")
	if resp.StatusCode == http.StatusOK || bytes.Equal(body, leaf) {
		t.Fatalf("gateway served the corrupted block: %s", resp.Status)
	}
	var buf bytes.Buffer
	if err := s.ExportCAR(context.Background(), c, &buf); !errors.As(err, &me) {
		t.Fatalf("exporting a DAG with a corrupted leaf: err = %v, want a *MismatchError", err)
	}
}

func TestGCKeepsPinnedDropsUnpinned(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, Options{})
	shared := detBytes("shared", ChunkSize)
	keep := append(append([]byte{}, shared...), detBytes("keep", ChunkSize)...)
	drop := append(append([]byte{}, shared...), detBytes("drop", ChunkSize+7)...)
	keepCID := addBytes(t, s, keep)
	dropCID := addBytes(t, s, drop)
	// keep: root + shared + own leaf; drop: root + (shared) + 2 own leaves.
	if n := len(blockFiles(t, s)); n != 6 {
		t.Fatalf("%d blocks after two adds, want 6 (one chunk shared)", n)
	}
	if err := s.Unpin(ctx, dropCID); err != nil {
		t.Fatal(err)
	}
	st, err := s.GC(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Removed != 3 || st.Kept != 3 {
		t.Fatalf("GC removed %d and kept %d blocks, want 3 and 3", st.Removed, st.Kept)
	}
	if st.RemovedBytes < ChunkSize+7 || st.RemovedBytes > ChunkSize+7+1024 {
		t.Fatalf("GC removed %d bytes, want the two own leaves of drop (262151 bytes) and its root", st.RemovedBytes)
	}
	got, err := readAll(t, s, keepCID)
	if err != nil || !bytes.Equal(got, keep) {
		t.Fatalf("pinned file after GC: err=%v, equal=%v", err, bytes.Equal(got, keep))
	}
	if has, _ := s.Has(ctx, dropCID); has {
		t.Fatal("unpinned root survived GC")
	}
	if _, err := readAll(t, s, dropCID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("reading a collected file: err = %v, want ErrNotFound", err)
	}
	if err := s.Unpin(ctx, dropCID); err == nil || !strings.Contains(err.Error(), "not pinned") {
		t.Fatalf("unpinning twice: err = %v, want 'not pinned'", err)
	}
}

func TestPinsSurviveReopen(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := Open(ctx, dir, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	data := detBytes("reopen", 2*ChunkSize)
	c := addBytes(t, s, data)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = Open(ctx, dir, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	pins, err := s.Pins(ctx)
	if err != nil || len(pins) != 1 || !pins[0].Equals(c) {
		t.Fatalf("pins after reopen = %v (err %v), want [%s]", pins, err, c)
	}
	if st, err := s.GC(ctx); err != nil || st.Removed != 0 {
		t.Fatalf("GC after reopen removed %d blocks (err %v), want 0", st.Removed, err)
	}
	if got, err := readAll(t, s, c); err != nil || !bytes.Equal(got, data) {
		t.Fatalf("read after reopen: err=%v", err)
	}
}

func TestUploadOverQuotaChangesNothing(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, Options{MaxUpload: 1 << 20})
	small := addBytes(t, s, []byte("already here"))
	_, err := s.Add(ctx, newDetReader("big", 3<<20))
	var qe *QuotaError
	if !errors.As(err, &qe) || qe.Limit != 1<<20 {
		t.Fatalf("3 MiB add under a 1 MiB limit: err = %v, want a *QuotaError of 1 MiB", err)
	}
	if !strings.Contains(err.Error(), "1048576 bytes") {
		t.Fatalf("error %q does not say the limit", err)
	}
	pins, _ := s.Pins(ctx)
	if len(pins) != 1 || !pins[0].Equals(small) {
		t.Fatalf("pins after the refused add = %v, want only %s", pins, small)
	}
	if _, err := s.GC(ctx); err != nil {
		t.Fatal(err)
	}
	if n := len(blockFiles(t, s)); n != 1 {
		t.Fatalf("%d blocks after GC, want 1: the refused add's chunks should be gone", n)
	}
	exact := detBytes("exact", 1<<20)
	if c := addBytes(t, s, exact); !c.Defined() {
		t.Fatal("an add of exactly the limit should pass")
	}
}

// TestDiskFull adds a file larger than a 1 MiB tmpfs. It mounts the tmpfs,
// so it needs root; CI runs as root.
func TestDiskFull(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("mounting a small tmpfs needs root; CI (task test) runs this as root")
	}
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Fatalf("mount a 1 MiB tmpfs on %s: %v: %s", dir, err, out)
	}
	t.Cleanup(func() { exec.Command("umount", dir).Run() })
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(dir, "store"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	small := addBytes(t, s, []byte("fits"))
	_, err = s.Add(ctx, newDetReader("full", 4<<20))
	if !errors.Is(err, ErrDiskFull) || !strings.Contains(err.Error(), "rendergrid ipfs gc") {
		t.Fatalf("4 MiB add on a 1 MiB disk: err = %v, want ErrDiskFull with advice", err)
	}
	if pins, _ := s.Pins(ctx); len(pins) != 1 || !pins[0].Equals(small) {
		t.Fatalf("pins after the failed add = %v, want only %s", pins, small)
	}
	if _, err := s.GC(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = Open(ctx, filepath.Join(dir, "store"), Options{})
	if err != nil {
		t.Fatalf("reopen after a full disk: %v", err)
	}
	defer s.Close()
	if got, err := readAll(t, s, small); err != nil || string(got) != "fits" {
		t.Fatalf("read after a full disk: %q, %v", got, err)
	}
	if _, err := s.Add(ctx, newDetReader("after", 300<<10)); err != nil {
		t.Fatalf("add after GC freed the space: %v", err)
	}
}

func TestParseCID(t *testing.T) {
	rawSum, _ := mh.Sum([]byte("x"), mh.SHA2_256, -1)
	blakeSum, _ := mh.Sum([]byte("x"), mh.BLAKE2B_MIN+31, -1)
	tests := []struct {
		in      string
		wantErr string
	}{
		{cid.NewCidV1(cid.Raw, rawSum).String(), ""},
		{cid.NewCidV0(rawSum).String(), ""},
		{"bafy-not-a-cid", "malformed CID"},
		{"", "malformed CID"},
		{cid.NewCidV1(cid.DagCBOR, rawSum).String(), "codec dag-cbor"},
		{cid.NewCidV1(cid.Raw, blakeSum).String(), "hash blake2b-256"},
	}
	for _, tt := range tests {
		_, err := ParseCID(tt.in)
		if tt.wantErr == "" && err != nil {
			t.Errorf("ParseCID(%q) = %v, want no error", tt.in, err)
		}
		if tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
			t.Errorf("ParseCID(%q) = %v, want an error containing %q", tt.in, err, tt.wantErr)
		}
	}
}

func TestCARRoundTrip(t *testing.T) {
	ctx := context.Background()
	src := openStore(t, Options{})
	data := detBytes("car", 5*ChunkSize+3)
	c := addBytes(t, src, data)
	var car bytes.Buffer
	if err := src.ExportCAR(ctx, c, &car); err != nil {
		t.Fatal(err)
	}
	dst := openStore(t, Options{})
	roots, err := dst.ImportCAR(ctx, bytes.NewReader(car.Bytes()), "test CAR")
	if err != nil {
		t.Fatal(err)
	}
	if len(roots) != 1 || !roots[0].Equals(c) {
		t.Fatalf("roots = %v, want [%s]", roots, c)
	}
	if got, err := readAll(t, dst, c); err != nil || !bytes.Equal(got, data) {
		t.Fatalf("read imported file: err=%v", err)
	}
	if pins, _ := dst.Pins(ctx); len(pins) != 1 {
		t.Fatalf("imported root not pinned: %v", pins)
	}
}

func TestCARBadInputChangesNothing(t *testing.T) {
	ctx := context.Background()
	src := openStore(t, Options{})
	c := addBytes(t, src, detBytes("bad-car", 3*ChunkSize))
	var buf bytes.Buffer
	if err := src.ExportCAR(ctx, c, &buf); err != nil {
		t.Fatal(err)
	}
	good := buf.Bytes()
	tampered := append([]byte{}, good...)
	tampered[len(tampered)-10] ^= 1 // inside the last leaf
	// Drop the last section (the last leaf) to make the DAG incomplete.
	truncated := good[:len(good)-(ChunkSize+36+3)]
	tests := []struct {
		name    string
		car     []byte
		wantErr string
	}{
		{"tampered block", tampered, "does not match its CID"},
		{"missing block", truncated, "incomplete"},
		{"not a CAR", []byte("hello"), "read CAR"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dst := openStore(t, Options{})
			_, err := dst.ImportCAR(ctx, bytes.NewReader(tt.car), "test CAR")
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
			}
			if pins, _ := dst.Pins(ctx); len(pins) != 0 {
				t.Fatalf("bad CAR left pins %v", pins)
			}
		})
	}
}

// TestHashMatchesAdd: Hash gives the CID Add stores the same bytes under,
// across chunk and tree-level boundaries, and stores nothing.
func TestHashMatchesAdd(t *testing.T) {
	s, err := Open(context.Background(), t.TempDir(), Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, n := range []int64{0, 1, ChunkSize, ChunkSize + 1, MaxLinks*ChunkSize + 17} {
		data := detBytes("hash", n)
		got, err := Hash(context.Background(), bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		before := len(blockFiles(t, s))
		if before != 0 {
			t.Fatalf("%d bytes: the store holds %d blocks before Add", n, before)
		}
		want := addBytes(t, s, data)
		if got != want {
			t.Errorf("%d bytes: Hash = %s, Add = %s", n, got, want)
		}
		if err := s.Unpin(context.Background(), want); err != nil {
			t.Fatal(err)
		}
		if _, err := s.GC(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
}

// TestCARManyRoots exports 300 files (two of them the same) as one CAR and
// imports it elsewhere: every root comes back, pinned and readable, and
// the shared blocks are written once.
func TestCARManyRoots(t *testing.T) {
	ctx := context.Background()
	src := openStore(t, Options{})
	var roots []cid.Cid
	want := map[cid.Cid][]byte{}
	for i := range 300 {
		data := detBytes(fmt.Sprint("file", i%299), int64(100+i%299))
		c := addBytes(t, src, data)
		roots, want[c] = append(roots, c), data
	}
	var car bytes.Buffer
	if err := src.ExportCARs(ctx, roots, &car); err != nil {
		t.Fatal(err)
	}
	n := 0
	if _, err := readCAR(bytes.NewReader(car.Bytes()), "test CAR", func(blocks.Block) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	if n != 299 {
		t.Errorf("the CAR of 300 one-block files, 299 distinct, holds %d blocks", n)
	}
	dst := openStore(t, Options{})
	got, err := dst.ImportCAR(ctx, bytes.NewReader(car.Bytes()), "test CAR")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(roots) {
		t.Fatalf("%d roots back, %d written", len(got), len(roots))
	}
	for i, c := range got {
		if !c.Equals(roots[i]) {
			t.Fatalf("root %d is %s, want %s", i, c, roots[i])
		}
		if data, err := readAll(t, dst, c); err != nil || !bytes.Equal(data, want[c]) {
			t.Fatalf("root %d reads back wrong: %v", i, err)
		}
	}
}
