package state

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
)

// Snapshot captures the state for Persist, which encodes it beside later
// applies. Nearly all of the state is in two maps that are not copied: the
// snapshot keeps the jobs' pointers and bumps the state's gen, so apply
// changes a copy of any job it touches afterwards (state.job), and it keeps
// the idempotency keys' values, which apply never changes in place. The
// rest (workers, leases, ledger, tokens) is encoded here, under the read
// lock; raft calls Snapshot between applies, so nothing changes meanwhile.
func (f *Machine) Snapshot() (*Snapshot, error) {
	f.mu.RLock()
	defer f.mu.RUnlock()
	rest := *f.s
	rest.Jobs, rest.Requests = nil, nil
	head, err := json.Marshal(&rest)
	if err != nil {
		return nil, fmt.Errorf("encoding snapshot: %w", err)
	}
	if !bytes.HasPrefix(head, []byte(sharedNull)) {
		return nil, fmt.Errorf("encoding snapshot: the state's encoding does not start with its jobs and requests")
	}
	// Only the FSM goroutine reads or writes gen (apply and Snapshot run
	// there in turn), so the read lock is enough.
	f.s.gen++
	return &Snapshot{head: head, jobs: maps.Clone(f.s.Jobs), requests: maps.Clone(f.s.Requests)}, nil
}

// sharedNull is how the state's encoding starts when the maps a snapshot
// shares are left out: they are its first fields.
const sharedNull = `{"jobs":null,"requests":null`

// Restore replaces the state with one a Snapshot wrote.
func (f *Machine) Restore(r io.Reader) error {
	s := newState()
	if err := json.NewDecoder(r).Decode(s); err != nil {
		return fmt.Errorf("decoding snapshot: %w", err)
	}
	// Snapshot writes maps that are never nil, so decoding into a fresh
	// state leaves none nil.
	s.rebuild()
	f.mu.Lock()
	f.s = s
	f.mu.Unlock()
	return nil
}

// Snapshot is the state as it was when it was taken: all but the shared
// maps already encoded, and the maps as they were (apply no longer
// changes their values). Write encodes it.
type Snapshot struct {
	head     []byte
	jobs     map[string]*Job
	requests map[string]Request
}

// Write writes the same bytes json.Marshal writes of the whole state: the
// shared maps, keys in order, where the head has nulls.
func (s *Snapshot) Write(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	bw.WriteString(`{"jobs":`)
	if err := writeMap(bw, s.jobs); err != nil {
		return err
	}
	bw.WriteString(`,"requests":`)
	if err := writeMap(bw, s.requests); err != nil {
		return err
	}
	bw.Write(s.head[len(sharedNull):])
	return bw.Flush()
}

// writeMap writes m as encoding/json does, one value at a time.
func writeMap[V any](w *bufio.Writer, m map[string]V) error {
	w.WriteByte('{')
	for i, k := range slices.Sorted(maps.Keys(m)) {
		key, err := json.Marshal(k)
		if err != nil {
			return err
		}
		val, err := json.Marshal(m[k])
		if err != nil {
			return fmt.Errorf("encoding %s: %w", k, err)
		}
		if i > 0 {
			w.WriteByte(',')
		}
		w.Write(key)
		w.WriteByte(':')
		w.Write(val)
	}
	w.WriteByte('}')
	return nil
}

// CheckSnapshots makes every apply check that a snapshot taken just before
// it still encodes as the state did then: that apply changed no job it
// shares with a snapshot. The package's tests turn it on.
var CheckSnapshots = false

// checkSnapshot takes a snapshot and the state's whole encoding, and
// returns the check to run after the apply.
func (f *Machine) checkSnapshot() func() {
	snap, err := f.Snapshot()
	if err != nil {
		panic(err)
	}
	var want []byte
	f.Read(func(s *State) { want, err = json.Marshal(s) })
	if err != nil {
		panic(err)
	}
	return func() {
		var got bytes.Buffer
		if err := snap.Write(&got); err != nil {
			panic(err)
		}
		if !bytes.Equal(got.Bytes(), want) {
			panic(fmt.Sprintf("an apply changed a job shared with a snapshot, or the snapshot encodes the state differently: %d bytes, want %d", got.Len(), len(want)))
		}
	}
}
