package coordinator

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/hashicorp/raft"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/coordinator/state"
)

// result is the outcome of one proposed command, as the API answers it.
type result struct {
	Value any
	Err   *api.Error
}

// proposal is one command waiting for its log entry.
type proposal struct {
	cmd  state.Command
	done chan result
}

// propose appends a command through Raft and returns its result. The
// leader stamps the time. Commands from concurrent callers are packed into
// one log entry (up to Config.Batch), which is what lets one leader grant
// thousands of leases a second.
func (n *Node) propose(ctx context.Context, c state.Command) result {
	c.V = state.CommandVersion
	c.Now = time.Now().UnixMilli()
	p := &proposal{cmd: c, done: make(chan result, 1)}
	select {
	case n.props <- p:
	case <-ctx.Done():
		return result{Err: errorf(http.StatusServiceUnavailable, state.CodeUnavailable, "request canceled before it reached the log: %v", ctx.Err())}
	case <-n.ctx.Done():
		return result{Err: unavailable("coordinator %s is shutting down; retry against another node", n.id)}
	}
	select {
	case r := <-p.done:
		return r
	case <-n.ctx.Done():
		return result{Err: unavailable("coordinator %s is shutting down; retry against another node", n.id)}
	}
}

func unavailable(format string, args ...any) *api.Error {
	return errorf(http.StatusServiceUnavailable, state.CodeUnavailable, format, args...)
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
				p.done <- result{Err: errorf(http.StatusInternalServerError, state.CodeInternal, "encoding command: %v", err)}
			}
			continue
		}
		start := time.Now()
		f := n.raft.Apply(data, applyTimeout)
		err = f.Error()
		n.metrics.applies.Observe(time.Since(start).Seconds())
		n.metrics.batch.Observe(float64(len(batch)))
		if err != nil {
			e := unavailable("coordinator %s could not commit the request (%v); retry: the request's idempotency key makes that safe", n.id, err)
			if errors.Is(err, raft.ErrNotLeader) {
				e = unavailable("coordinator %s is no longer the leader; retry", n.id)
			}
			for _, p := range batch {
				p.done <- result{Err: e}
			}
			continue
		}
		rs, _ := f.Response().([]state.Result)
		for i, p := range batch {
			if i < len(rs) {
				p.done <- result{Value: rs[i].Value, Err: apiError(rs[i].Err)}
			} else {
				p.done <- result{Err: errorf(http.StatusInternalServerError, state.CodeInternal, "log entry answered %d results for %d commands", len(rs), len(batch))}
			}
		}
	}
}
