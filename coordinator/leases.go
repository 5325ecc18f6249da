package coordinator

import (
	"context"
	"sync"
	"time"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/coordinator/state"
)

// leaseClock holds lease deadlines and progress in the leader's memory:
// heartbeats renew them without touching the log (as Nomad does), and
// only an expiry is written, as an expire command. A new leader resets
// every deadline to a generous failover TTL.
type leaseClock struct {
	mu       sync.Mutex
	floor    time.Time // no lease expires before this (leader change)
	deadline map[uint64]time.Time
	progress map[uint64]float64
}

func newLeaseClock() *leaseClock {
	return &leaseClock{deadline: map[uint64]time.Time{}, progress: map[uint64]float64{}}
}

// reset forgets every deadline; none expires before floor.
func (c *leaseClock) reset(floor time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.floor = floor
	clear(c.deadline)
	clear(c.progress)
}

// renew sets a lease's deadline.
func (c *leaseClock) renew(id uint64, until time.Time, progress float64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.deadline[id] = until
	if progress >= 0 {
		c.progress[id] = progress
	}
}

// expired returns the leases whose deadline has passed, given those that
// exist now with their grant time, and forgets leases that no longer exist.
func (c *leaseClock) expired(now time.Time, leases map[uint64]int64, ttl time.Duration) []uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []uint64
	for id, granted := range leases {
		d, ok := c.deadline[id]
		if !ok {
			d = time.UnixMilli(granted).Add(ttl)
			if d.Before(c.floor) {
				d = c.floor
			}
			c.deadline[id] = d
		}
		if now.After(d) {
			out = append(out, id)
		}
	}
	for id := range c.deadline {
		if _, ok := leases[id]; !ok {
			delete(c.deadline, id)
			delete(c.progress, id)
		}
	}
	return out
}

// sweepEvery is how often the leader looks for expired leases and stuck
// frames.
func (n *Node) sweepEvery() time.Duration {
	return min(max(n.cfg.LeaseTTL/10, 20*time.Millisecond), time.Second)
}

// sweep runs while this node leads: it expires leases past their deadline
// and flags frames past their job's max runtime.
func (n *Node) sweep(ctx context.Context) {
	t := time.NewTicker(n.sweepEvery())
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		now := time.Now()
		leases := map[uint64]int64{}
		var stuck []state.StuckBody
		n.fsm.Read(func(s *state.State) {
			for id, l := range s.Leases {
				leases[id] = l.Granted
				j := s.Jobs[l.Job]
				if j.Retry.MaxRuntimeSec <= 0 {
					continue
				}
				b := state.StuckBody{Job: j.ID, Lease: id}
				for _, i := range l.Units {
					u := &j.Units[i]
					if !u.Stuck && now.UnixMilli()-u.Started > int64(j.Retry.MaxRuntimeSec)*1000 {
						b.Units = append(b.Units, i)
					}
				}
				if len(b.Units) > 0 {
					stuck = append(stuck, b)
				}
			}
		})
		if ids := n.clock.expired(now, leases, n.cfg.LeaseTTL); len(ids) > 0 {
			r := n.propose(ctx, n.system(state.OpExpire, state.ExpireBody{Leases: ids}))
			if v, ok := r.Value.(int); ok {
				n.metrics.expired.Add(float64(v))
			}
		}
		for _, b := range stuck {
			n.propose(ctx, n.system(state.OpStuck, b))
		}
	}
}

// progressOf is a lease's last reported progress.
func (c *leaseClock) progressOf(id uint64) (float64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	p, ok := c.progress[id]
	return p, ok
}

// heartbeat renews the caller's lease and tells it whether to go on.
func (n *Node) heartbeat(worker string, r api.HeartbeatRequest) (api.HeartbeatResponse, *api.Error) {
	var err *api.Error
	var jobID string
	n.fsm.Read(func(s *state.State) {
		l := s.Leases[r.Lease]
		switch {
		case l == nil:
			err = errorf(409, state.CodeStaleLease, "lease %d is not current (it expired, was released or its job ended)", r.Lease)
		case l.Worker != worker:
			err = forbidden("lease %d belongs to another worker", r.Lease)
		default:
			jobID = l.Job
			if s.Jobs[l.Job].State == api.JobCanceled {
				err = errorf(409, state.CodeStaleLease, "job %s was canceled", l.Job)
			}
		}
	})
	if err != nil {
		return api.HeartbeatResponse{Stop: true}, err
	}
	n.clock.renew(r.Lease, time.Now().Add(n.cfg.LeaseTTL), r.Progress)
	u := r.Unit
	n.events.publish(api.Event{Type: "progress", Job: jobID, Unit: &u, Progress: r.Progress, Worker: worker})
	return api.HeartbeatResponse{TTLMS: n.cfg.LeaseTTL.Milliseconds()}, nil
}
