package raftnode

import (
	"fmt"
	"sync"

	"github.com/hashicorp/raft"
)

// failStopLog is the Raft log store with one rule added: a write that
// fails stops the node. A failed append or truncation leaves raft-wal in a
// state it cannot leave while running (a tail truncation that failed to
// create its next segment fails on every retry with "file exists", found
// by the chaos suite's full disk), and Raft would retry it forever; a
// restart recovers it. So the node reports the failure on Failed, and the
// process (rendergrid coordinator) exits, as etcd does on a failed WAL
// write, for its supervisor to start it again once there is room.
type failStopLog struct {
	raft.LogStore
	fail func(error)
}

// IsMonotonic passes on the store's answer: raft-wal cannot keep a gap in
// its log, so Raft must delete the whole log when it installs a snapshot,
// and it asks the store (raft.MonotonicLogStore) whether to. A wrapper that
// hid it made a follower that installed a snapshot unable to append.
func (l failStopLog) IsMonotonic() bool {
	m, ok := l.LogStore.(raft.MonotonicLogStore)
	return ok && m.IsMonotonic()
}

var _ raft.MonotonicLogStore = failStopLog{}

func (l failStopLog) StoreLog(log *raft.Log) error {
	return l.check("append to", l.LogStore.StoreLog(log))
}

func (l failStopLog) StoreLogs(logs []*raft.Log) error {
	return l.check("append to", l.LogStore.StoreLogs(logs))
}

func (l failStopLog) DeleteRange(min, max uint64) error {
	return l.check(fmt.Sprintf("delete entries %d-%d of", min, max), l.LogStore.DeleteRange(min, max))
}

func (l failStopLog) check(op string, err error) error {
	if err != nil {
		l.fail(fmt.Errorf("could not %s the Raft log (%w); the node stops so that a restart recovers the log: free disk space, then start it again", op, err))
	}
	return err
}

// failure is the first fatal error of a node, reported once.
type failure struct {
	once sync.Once
	ch   chan struct{}
	err  error
}

func newFailure() *failure { return &failure{ch: make(chan struct{})} }

func (f *failure) set(err error) {
	f.once.Do(func() {
		f.err = err
		close(f.ch)
	})
}

// Failed is closed when the node hit an error it cannot recover from while
// running (a failed write of its Raft log); FailErr says which. Its owner
// should Close it and exit: a restart recovers.
func (n *Node) Failed() <-chan struct{} { return n.failure.ch }

// FailErr is the error that closed Failed, or nil.
func (n *Node) FailErr() error {
	select {
	case <-n.failure.ch:
		return n.failure.err
	default:
		return nil
	}
}
