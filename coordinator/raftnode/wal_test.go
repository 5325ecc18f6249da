package raftnode

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/hashicorp/raft"
	wal "github.com/hashicorp/raft-wal"
	walfs "github.com/hashicorp/raft-wal/fs"
	"github.com/hashicorp/raft-wal/metadb"
	"github.com/hashicorp/raft-wal/segment"
	"github.com/hashicorp/raft-wal/types"
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

// fullDisk is the real segment file system, except that the next Create
// leaves the file behind and fails as a full disk does when it preallocates.
type fullDisk struct {
	*walfs.FS
	full bool
}

func (f *fullDisk) Create(dir, name string, size uint64) (types.WritableFile, error) {
	if !f.full {
		return f.FS.Create(dir, name, size)
	}
	f.full = false
	if wf, err := f.FS.Create(dir, name, 0); err == nil {
		wf.Close()
	}
	return nil, syscall.ENOSPC
}

// TestFullDiskTruncationNeedsRestart: a tail truncation on a full disk
// wedges raft-wal (every retry fails with "file exists"), which is why a
// failed log write stops the node (failStopLog); after a restart the log
// opens, holds what it held, and takes the new leader's entry.
func TestFullDiskTruncationNeedsRestart(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "wal")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	disk := &fullDisk{FS: walfs.New()}
	meta := &metadb.BoltMetaDB{}
	w, err := wal.Open(dir, wal.WithMetaStore(meta), wal.WithSegmentFiler(segment.NewFiler(dir, disk)))
	if err != nil {
		t.Fatal(err)
	}
	var failed []error
	logs := failStopLog{LogStore: w, fail: func(err error) { failed = append(failed, err) }}
	var entries []*raft.Log
	for i := uint64(1); i <= 10; i++ {
		entries = append(entries, &raft.Log{Index: i, Term: 1, Type: raft.LogCommand, Data: []byte("entry")})
	}
	if err := logs.StoreLogs(entries); err != nil {
		t.Fatal(err)
	}
	disk.full = true
	if err := logs.DeleteRange(10, 10); !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("truncating on a full disk: %v, want ENOSPC", err)
	}
	if err := logs.DeleteRange(10, 10); err == nil || !strings.Contains(err.Error(), "file exists") {
		t.Logf("raft-wal no longer wedges here (%v): failStopLog may be relaxed", err)
	}
	if len(failed) == 0 || !strings.Contains(failed[0].Error(), "free disk space, then start it again") {
		t.Fatalf("the failed truncation was not reported as fatal: %v", failed)
	}
	w.Close()
	meta.Close()

	meta = &metadb.BoltMetaDB{}
	w, err = wal.Open(dir, wal.WithMetaStore(meta))
	if err != nil {
		t.Fatalf("opening the log after a restart: %v", err)
	}
	defer meta.Close()
	defer w.Close()
	if err := w.DeleteRange(10, 10); err != nil {
		t.Fatalf("truncating after a restart: %v", err)
	}
	if err := w.StoreLogs([]*raft.Log{{Index: 10, Term: 2, Type: raft.LogCommand, Data: []byte("new leader's")}}); err != nil {
		t.Fatalf("appending after a restart: %v", err)
	}
	for i := uint64(1); i <= 10; i++ {
		var l raft.Log
		if err := w.GetLog(i, &l); err != nil {
			t.Fatalf("entry %d after a restart: %v", i, err)
		}
	}
}

// TestFailStopLogIsMonotonic: the wrapper keeps telling Raft that raft-wal
// needs the whole log deleted on a snapshot install; hiding it left
// followers unable to append after one.
func TestFailStopLogIsMonotonic(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "wal")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	meta := &metadb.BoltMetaDB{}
	w, err := wal.Open(dir, wal.WithMetaStore(meta))
	if err != nil {
		t.Fatal(err)
	}
	defer meta.Close()
	defer w.Close()
	var store raft.LogStore = failStopLog{LogStore: w, fail: func(error) {}}
	m, ok := store.(raft.MonotonicLogStore)
	if !ok || !m.IsMonotonic() {
		t.Fatal("the Raft log as Raft sees it does not say it is monotonic; raft-wal is")
	}
}
