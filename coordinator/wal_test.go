package coordinator

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/raft"
	wal "github.com/hashicorp/raft-wal"
	"github.com/hashicorp/raft-wal/metadb"
)

// TestWALTailTruncationSurvivesRestart: a leader cut off from the others
// keeps an entry the new leader never saw; when it comes back Raft deletes
// that log suffix, and the node must still open its log after a restart.
// raft-wal before v0.4.1 sealed the segment without its index on a tail
// truncation (hashicorp/raft-wal#31) and every later start panicked with
// "sealed segment has no index block"; the chaos suite found it here.
func TestWALTailTruncationSurvivesRestart(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "wal")
	open := func() (*wal.WAL, *metadb.BoltMetaDB) {
		meta := &metadb.BoltMetaDB{}
		if err := os.MkdirAll(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		w, err := wal.Open(dir, wal.WithMetaStore(meta))
		if err != nil {
			t.Fatalf("opening the log: %v", err)
		}
		return w, meta
	}
	w, meta := open()
	var logs []*raft.Log
	for i := uint64(1); i <= 10; i++ {
		logs = append(logs, &raft.Log{Index: i, Term: 1, Type: raft.LogCommand, Data: []byte("entry")})
	}
	if err := w.StoreLogs(logs); err != nil {
		t.Fatal(err)
	}
	if err := w.DeleteRange(10, 10); err != nil { // "clearing log suffix: from=10 to=10"
		t.Fatal(err)
	}
	if err := w.StoreLogs([]*raft.Log{{Index: 10, Term: 2, Type: raft.LogCommand, Data: []byte("new leader's")}}); err != nil {
		t.Fatal(err)
	}
	w.Close()
	meta.Close()

	w, meta = open()
	defer meta.Close()
	defer w.Close()
	for i := uint64(1); i <= 10; i++ {
		var l raft.Log
		if err := w.GetLog(i, &l); err != nil {
			t.Fatalf("entry %d after a restart: %v", i, err)
		}
		if i == 10 && (l.Term != 2 || string(l.Data) != "new leader's") {
			t.Fatalf("entry 10 after a restart: term %d %q, want the new leader's", l.Term, l.Data)
		}
	}
}
