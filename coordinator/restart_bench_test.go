package coordinator_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/coordinator"
	"github.com/rendergrid/rendergrid/internal/systemtest"
)

// BenchmarkFollowerRestart: a follower of a 3-node cluster under a steady
// stream of commands is stopped for 1 s or 3 s and started again; the
// catch-up is the time from its start to applying the leader's commit
// index as of that start. The peer in the same run is the plain dial
// (RaftRedial -1): hashicorp/raft's exponential backoff towards a peer that
// refused its connections then delays the first retry after the follower
// is back.
func BenchmarkFollowerRestart(b *testing.B) {
	for range b.N {
		fmt.Printf("%-16s %8s %12s %12s %12s\n", "dial", "down", "catch-up p50", "catch-up max", "open p50")
		for _, mode := range []struct {
			name string
			wait time.Duration
		}{{"plain (peer)", -1}, {"redial 2s", 0}} {
			for _, down := range []time.Duration{time.Second, 3 * time.Second} {
				catch, open := followerRestarts(b, 5, down, mode.wait)
				fmt.Printf("%-16s %8s %12s %12s %12s\n", mode.name, down, median(catch), slices.Max(catch).Round(time.Millisecond), median(open))
			}
		}
	}
}

// followerRestarts restarts a follower n times after down, and returns
// each catch-up and each start.
func followerRestarts(b *testing.B, n int, down, redial time.Duration) (catch, open []time.Duration) {
	c := systemtest.StartCluster(b, 3, func(cfg *coordinator.Config) { cfg.RaftRedial = redial })
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	defer func() { cancel(); wg.Wait() }()
	admin := c.Client(c.Admin)
	wg.Go(func() {
		for ctx.Err() == nil {
			admin.CreateToken(ctx, api.TokenRequest{User: "load", TTLSeconds: 60})
		}
	})
	for k := range n {
		lead := c.Leader()
		victim := (lead + 1 + k%2) % 3
		c.Kill(victim)
		time.Sleep(down) // the scenario: a follower down this long
		t0 := time.Now()
		c.Restart(victim)
		open = append(open, time.Since(t0))
		target := c.Nodes[lead].Raft().CommitIndex()
		c.Eventually(time.Minute, func() bool { return c.Nodes[victim].Raft().AppliedIndex() >= target }, "the follower to catch up")
		catch = append(catch, time.Since(t0))
	}
	return catch, open
}

func median(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2].Round(time.Millisecond)
}
