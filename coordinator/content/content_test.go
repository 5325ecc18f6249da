package content

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/rendergrid/rendergrid/ipfs"
)

// TestReadStoredLimit: a file over the caller's limit is refused with
// ErrTooLarge (a hostile output or scene cannot make the coordinator read
// it whole); one within it is read as stored.
func TestReadStoredLimit(t *testing.T) {
	ctx := context.Background()
	st, err := ipfs.Open(ctx, t.TempDir(), ipfs.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	data := bytes.Repeat([]byte("frame"), 200) // 1,000 bytes
	c, err := st.Add(ctx, bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	ct, err := Open(Config{ID: "n1", DataDir: t.TempDir()}, st, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ct.ReadStored(ctx, c, 999); !errors.Is(err, ErrTooLarge) {
		t.Errorf("1,000 bytes under a 999-byte limit: %v, want ErrTooLarge", err)
	}
	got, err := ct.ReadStored(ctx, c, 1000)
	if err != nil || !bytes.Equal(got, data) {
		t.Errorf("1,000 bytes under a 1,000-byte limit: %d bytes, %v", len(got), err)
	}
}

// TestOwnedSurvivesRestart: the set of roots only artists' uploads
// brought into the store is kept in the data directory, so a restarted
// coordinator still knows what it may reclaim.
func TestOwnedSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	ct, err := Open(Config{ID: "n1", DataDir: dir}, nil, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	ct.SetOwned("bafyone", true)
	ct.SetOwned("bafytwo", true)
	ct.SetOwned("bafytwo", false)
	again, err := Open(Config{ID: "n1", DataDir: dir}, nil, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !again.owned.has("bafyone") || again.owned.has("bafytwo") {
		t.Errorf("after a restart: one %v, two %v; want only one", again.owned.has("bafyone"), again.owned.has("bafytwo"))
	}
	if err := os.WriteFile(filepath.Join(dir, "uploads.json"), []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(Config{ID: "n1", DataDir: dir}, nil, nil, nil); err == nil {
		t.Error("a corrupt uploads.json was accepted")
	}
}
