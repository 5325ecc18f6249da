package leader

import (
	"slices"
	"testing"
	"time"
)

// TestLeaseClock: a lease expires a TTL after its grant, or after its
// last heartbeat; a new leader's floor gives every lease it did not see
// renewed until the floor; leases that are gone are forgotten.
func TestLeaseClock(t *testing.T) {
	t0 := time.UnixMilli(1_700_000_000_000)
	ttl := 10 * time.Second
	granted := t0.UnixMilli()
	for _, tc := range []struct {
		name  string
		setup func(c *LeaseClock)
		at    time.Duration // after t0
		want  []uint64
	}{
		{"fresh lease before its TTL", nil, 9 * time.Second, nil},
		{"fresh lease past its TTL", nil, 11 * time.Second, []uint64{1, 2}},
		{"a heartbeat moves the deadline", func(c *LeaseClock) { c.Renew(1, t0.Add(20*time.Second), 0.5) }, 11 * time.Second, []uint64{2}},
		{"a new leader's floor", func(c *LeaseClock) { c.Reset(t0.Add(30 * time.Second)) }, 25 * time.Second, nil},
		{"past the floor", func(c *LeaseClock) { c.Reset(t0.Add(30 * time.Second)) }, 31 * time.Second, []uint64{1, 2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := NewLeaseClock()
			if tc.setup != nil {
				tc.setup(c)
			}
			got := c.expired(t0.Add(tc.at), map[uint64]int64{1: granted, 2: granted}, ttl)
			slices.Sort(got)
			if !slices.Equal(got, tc.want) {
				t.Errorf("expired %v, want %v", got, tc.want)
			}
		})
	}
	c := NewLeaseClock()
	c.Renew(7, t0.Add(time.Minute), 0.25)
	if p, ok := c.Progress(7); !ok || p != 0.25 {
		t.Errorf("progress %v %v, want 0.25", p, ok)
	}
	c.expired(t0, map[uint64]int64{}, ttl)
	if _, ok := c.Progress(7); ok {
		t.Error("a lease that is gone kept its progress")
	}
}
