package raftnode

import (
	"fmt"
	"io"

	"github.com/hashicorp/raft"

	"github.com/rendergrid/rendergrid/coordinator/state"
)

// raftFSM feeds Raft's committed entries to the state machine and moves
// its snapshots through Raft's snapshot store.
type raftFSM struct{ m *state.Machine }

var _ raft.FSM = raftFSM{}

// Apply applies a command entry; its response is a []state.Result.
func (f raftFSM) Apply(l *raft.Log) any {
	if l.Type != raft.LogCommand {
		return nil
	}
	return f.m.Apply(l.Index, l.Data)
}

func (f raftFSM) Snapshot() (raft.FSMSnapshot, error) {
	s, err := f.m.Snapshot()
	if err != nil {
		return nil, err
	}
	return raftSnapshot{s}, nil
}

func (f raftFSM) Restore(rc io.ReadCloser) error {
	defer rc.Close()
	return f.m.Restore(rc)
}

type raftSnapshot struct{ s *state.Snapshot }

func (s raftSnapshot) Persist(sink raft.SnapshotSink) error {
	if err := s.s.Write(sink); err != nil {
		sink.Cancel()
		return fmt.Errorf("writing snapshot: %w", err)
	}
	return sink.Close()
}

func (raftSnapshot) Release() {}
