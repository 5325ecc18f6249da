package leader

import (
	"context"
	"sync"
	"time"

	"github.com/rendergrid/rendergrid/coordinator/state"
)

// LeaseClock holds lease deadlines and progress in the leader's memory:
// heartbeats renew them without touching the log (as Nomad does), and
// only an expiry is written, as an expire command. A new leader resets
// every deadline to a generous failover TTL.
type LeaseClock struct {
	mu       sync.Mutex
	floor    time.Time // no lease expires before this (leader change)
	deadline map[uint64]time.Time
	progress map[uint64]float64
}

// NewLeaseClock is a clock with no deadlines.
func NewLeaseClock() *LeaseClock {
	return &LeaseClock{deadline: map[uint64]time.Time{}, progress: map[uint64]float64{}}
}

// Reset forgets every deadline; none expires before floor.
func (c *LeaseClock) Reset(floor time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.floor = floor
	clear(c.deadline)
	clear(c.progress)
}

// Renew sets a lease's deadline.
func (c *LeaseClock) Renew(id uint64, until time.Time, progress float64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.deadline[id] = until
	if progress >= 0 {
		c.progress[id] = progress
	}
}

// expired returns the leases whose deadline has passed, given those that
// exist now with their grant time, and forgets leases that no longer exist.
func (c *LeaseClock) expired(now time.Time, leases map[uint64]int64, ttl time.Duration) []uint64 {
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
func (l *Leader) sweepEvery() time.Duration {
	return min(max(l.cfg.LeaseTTL/10, 20*time.Millisecond), time.Second)
}

// sweep runs while this node leads: it expires leases past their deadline
// and flags frames past their job's max runtime.
func (l *Leader) sweep(ctx context.Context) {
	t := time.NewTicker(l.sweepEvery())
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
		l.fsm.Read(func(s *state.State) {
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
		if ids := l.clock.expired(now, leases, l.cfg.LeaseTTL); len(ids) > 0 {
			r := l.propose(ctx, l.system(state.OpExpire, state.ExpireBody{Leases: ids}))
			if v, ok := r.Value.(int); ok && l.cfg.OnExpired != nil {
				l.cfg.OnExpired(v)
			}
		}
		for _, b := range stuck {
			l.propose(ctx, l.system(state.OpStuck, b))
		}
	}
}

// Progress is a lease's last reported progress.
func (c *LeaseClock) Progress(id uint64) (float64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	p, ok := c.progress[id]
	return p, ok
}
