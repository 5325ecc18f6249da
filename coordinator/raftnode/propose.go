package raftnode

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/raft"

	"github.com/rendergrid/rendergrid/coordinator/state"
)

// ErrUnavailable is wrapped by the errors of a command or read this node
// could not carry out now (it is shutting down, lost leadership, or could
// not reach a quorum): a retry, here or on another node, may succeed.
var ErrUnavailable = errors.New("unavailable")

// unavailable is an error wrapping ErrUnavailable whose text is only the
// sentence for the user.
type unavailable struct{ msg string }

func (e unavailable) Error() string        { return e.msg }
func (e unavailable) Is(target error) bool { return target == ErrUnavailable }

func unavailablef(format string, args ...any) error {
	return unavailable{fmt.Sprintf(format, args...)}
}

// proposal is one command waiting for its log entry.
type proposal struct {
	cmd  state.Command
	done chan outcome
}

type outcome struct {
	res state.Result
	err error
}

// Propose appends a command through Raft and returns its result. It
// stamps the command's version and time (this node leads, or the command
// fails). Commands from concurrent callers are packed into one log entry
// (up to Config.Batch), which is what lets one leader grant thousands of
// leases a second. The error is for commands that never reached the
// state machine; a refusal by the state machine is in the Result.
func (n *Node) Propose(ctx context.Context, c state.Command) (state.Result, error) {
	c.V = state.CommandVersion
	c.Now = time.Now().UnixMilli()
	p := &proposal{cmd: c, done: make(chan outcome, 1)}
	select {
	case n.props <- p:
	case <-ctx.Done():
		return state.Result{}, unavailablef("request canceled before it reached the log: %v", ctx.Err())
	case <-n.ctx.Done():
		return state.Result{}, unavailablef("coordinator %s is shutting down; retry against another node", n.cfg.ID)
	}
	select {
	case o := <-p.done:
		return o.res, o.err
	case <-n.ctx.Done():
		return state.Result{}, unavailablef("coordinator %s is shutting down; retry against another node", n.cfg.ID)
	}
}

// proposer packs waiting proposals into log entries.
func (n *Node) proposer() {
	defer n.wg.Done()
	batch := make([]*proposal, 0, n.cfg.Batch)
	cmds := make([]state.Command, 0, n.cfg.Batch)
	for {
		batch, cmds = batch[:0], cmds[:0]
		select {
		case <-n.ctx.Done():
			return
		case p := <-n.props:
			batch = append(batch, p)
		}
	fill:
		for len(batch) < n.cfg.Batch {
			select {
			case p := <-n.props:
				batch = append(batch, p)
			default:
				break fill
			}
		}
		for _, p := range batch {
			cmds = append(cmds, p.cmd)
		}
		data, err := json.Marshal(cmds)
		if err != nil {
			for _, p := range batch {
				p.done <- outcome{err: fmt.Errorf("encoding command: %w", err)}
			}
			continue
		}
		start := time.Now()
		f := n.Apply(data, ApplyTimeout)
		err = f.Error()
		if n.cfg.Observe != nil {
			n.cfg.Observe(time.Since(start), len(batch))
		}
		if err != nil {
			e := unavailablef("coordinator %s could not commit the request (%v); retry: the request's idempotency key makes that safe", n.cfg.ID, err)
			if errors.Is(err, raft.ErrNotLeader) {
				e = unavailablef("coordinator %s is no longer the leader; retry", n.cfg.ID)
			}
			for _, p := range batch {
				p.done <- outcome{err: e}
			}
			continue
		}
		rs, _ := f.Response().([]state.Result)
		for i, p := range batch {
			if i < len(rs) {
				p.done <- outcome{res: rs[i]}
			} else {
				p.done <- outcome{err: fmt.Errorf("log entry answered %d results for %d commands", len(rs), len(batch))}
			}
		}
	}
}

// ReadIndex makes a read linearizable (the read-index method): note the
// commit index, confirm leadership with a quorum, wait until applied.
// The commit index counts only once the leader has committed an entry of
// its own term: until then it may lag what the last leader committed and
// answered (a read after a failover went back in time; chaos seed 2005).
// So the first read of a term waits for a barrier of that term.
func (n *Node) ReadIndex(ctx context.Context) error {
	if term := n.CurrentTerm(); n.readyTerm.Load() != term {
		if err := n.Barrier(ApplyTimeout).Error(); err != nil {
			return unavailablef("coordinator %s could not confirm it leads the cluster (%v); retry", n.cfg.ID, err)
		}
		n.readyTerm.Store(term)
	}
	ci := n.CommitIndex()
	if err := n.VerifyLeader().Error(); err != nil {
		return unavailablef("coordinator %s could not confirm it leads the cluster (%v); retry", n.cfg.ID, err)
	}
	deadline := time.Now().Add(ApplyTimeout)
	for n.AppliedIndex() < ci {
		// Commands wake us; no-op and configuration entries do not go
		// through the state machine, so poll as well.
		ch := n.machine.ReadWait(func(*state.State) {})
		select {
		case <-ch:
		case <-time.After(2 * time.Millisecond):
		case <-ctx.Done():
			return unavailablef("waiting for the state machine to catch up: %v", ctx.Err())
		}
		if time.Now().After(deadline) {
			return unavailablef("the state machine did not catch up with commit index %d", ci)
		}
	}
	return nil
}

// CatchUp is the start of a term of leadership: it applies everything
// earlier leaders committed (a barrier) and from then lets reads use the
// commit index (see ReadIndex).
func (n *Node) CatchUp() error {
	term := n.CurrentTerm()
	if err := n.Barrier(ApplyTimeout).Error(); err != nil {
		return err
	}
	n.readyTerm.Store(term)
	return nil
}
