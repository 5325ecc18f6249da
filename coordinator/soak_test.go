package coordinator_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/coordinator"
	"github.com/rendergrid/rendergrid/coordinator/state"
	"github.com/rendergrid/rendergrid/internal/systemtest"
)

// BenchmarkSoak pushes RENDERGRID_SOAK_FRAMES frames (default 1,000,000)
// through a 3-node loopback cluster: jobs of 10,000 frames, 8 workers
// claiming leases of 100 over HTTP and signing a receipt per frame,
// finished jobs archived after 2 s. At every tenth of the way it prints
// the process's live heap (three nodes and the workers), the leader's
// snapshot size and how long a restarted follower takes to catch up. With
// archiving they plateau; the benchmark fails if the last snapshot is over
// 1.5 times the one halfway.
//
//	go test -run '^$' -bench BenchmarkSoak -benchtime 1x -timeout 60m ./coordinator
func BenchmarkSoak(b *testing.B) {
	total := 1_000_000
	if v, err := strconv.Atoi(os.Getenv("RENDERGRID_SOAK_FRAMES")); err == nil && v > 0 {
		total = v
	}
	const perJob, chunk, workers, active = 10_000, 100, 8, 4
	for range b.N {
		c := systemtest.StartCluster(b, 3, func(cfg *coordinator.Config) {
			cfg.Retain, cfg.LeaseTTL, cfg.SnapshotEvery = 2*time.Second, time.Minute, 16384
		})
		c.WaitMembers(3)
		ctx, cancel := context.WithCancel(context.Background())
		artist := c.Client(c.Token("ana", api.RoleArtist))
		spec := systemtest.SampleScene(b, artist, perJob)
		spec.Chunk = chunk
		out := systemtest.Upload(b, artist, []byte("frame")).String()
		enrol := c.Client(c.Token("farm", api.RoleEnrol))
		var done atomic.Int64
		var wg sync.WaitGroup
		for i := range workers {
			k, tok := systemtest.RegisterWorker(b, enrol, fmt.Sprint("w", i))
			cl := c.Client(tok)
			wg.Go(func() {
				for ctx.Err() == nil {
					l, err := cl.Claim(ctx, 200*time.Millisecond)
					if err != nil || l == nil {
						continue
					}
					for _, u := range l.Units {
						if _, err := cl.Complete(ctx, systemtest.Completion(k, l, u, out)); err == nil {
							done.Add(1)
						}
					}
				}
			})
		}
		submitted := 0
		wg.Go(func() {
			for submitted < total && ctx.Err() == nil {
				jobs, err := artist.Jobs(ctx, "")
				if err == nil && countActive(jobs) < active {
					s := spec
					s.FrameEnd = s.FrameStart + min(perJob, total-submitted) - 1
					if _, err := artist.Submit(ctx, s); err == nil {
						submitted += s.FrameEnd - s.FrameStart + 1
						continue
					}
				}
				time.Sleep(100 * time.Millisecond) // a poll of the job list, not a synchronisation
			}
		})
		start := time.Now()
		fmt.Printf("%10s %8s %6s %9s %10s %12s %10s %10s %10s %8s %10s\n", "frames", "time", "live", "archived", "heap MiB", "snapshot MiB",
			"held ms", "persist ms", "whole ms", "open", "restart")
		var mid, last int
		victim := 0
		for step := 1; step <= 10; step++ {
			goal := int64(total * step / 10)
			deadline := time.Now().Add(30 * time.Minute)
			for done.Load() < goal {
				if time.Now().After(deadline) {
					b.Fatalf("stuck at %d frames of %d", done.Load(), goal)
				}
				time.Sleep(50 * time.Millisecond) // a progress poll
			}
			lead := c.Nodes[c.Leader()]
			var live, archived int
			var whole time.Duration
			lead.Machine().Read(func(s *state.State) {
				live, archived = len(s.Jobs), len(s.Archived)
				t0 := time.Now()
				json.Marshal(s) // what Snapshot did under the lock before jobs were shared
				whole = time.Since(t0)
			})
			// What raft's Snapshot holds applies up for now, and what
			// Persist then does beside them.
			t0 := time.Now()
			fs, err := lead.Machine().Snapshot()
			if err != nil {
				b.Fatal(err)
			}
			held := time.Since(t0)
			var buf bytes.Buffer
			t0 = time.Now()
			if err := fs.Write(&buf); err != nil {
				b.Fatal(err)
			}
			persist := time.Since(t0)
			snap := buf.Len()
			if step == 5 {
				mid = snap
			}
			last = snap
			runtime.GC()
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			// Restart a follower and time its catch-up to the leader.
			for victim == c.Leader() {
				victim = (victim + 1) % 3
			}
			c.Kill(victim)
			target := lead.Raft().CommitIndex()
			t0 = time.Now()
			c.Restart(victim)
			open := time.Since(t0)
			for c.Nodes[victim].Raft().AppliedIndex() < target {
				if time.Since(t0) > 5*time.Minute {
					b.Fatalf("node %d did not catch up in 5 minutes", victim+1)
				}
				time.Sleep(5 * time.Millisecond)
			}
			restart := time.Since(t0)
			victim = (victim + 1) % 3
			fmt.Printf("%10d %8s %6d %9d %10.1f %12.2f %10.1f %10.1f %10.1f %8s %10s\n", done.Load(), time.Since(start).Round(time.Second), live, archived,
				float64(ms.HeapInuse)/(1<<20), float64(snap)/(1<<20), ms1(held), ms1(persist), ms1(whole), open.Round(time.Millisecond), restart.Round(time.Millisecond))
		}
		elapsed := time.Since(start)
		cancel()
		wg.Wait()
		b.ReportMetric(float64(done.Load())/elapsed.Seconds(), "frames/s")
		b.ReportMetric(float64(last)/(1<<20), "snapshot-MiB")
		if 2*last > 3*mid {
			b.Errorf("the snapshot grew from %d bytes halfway to %d: the state does not plateau", mid, last)
		}
	}
}

func countActive(jobs []api.Job) int {
	n := 0
	for _, j := range jobs {
		if state.Active(j.State) {
			n++
		}
	}
	return n
}

func ms1(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
