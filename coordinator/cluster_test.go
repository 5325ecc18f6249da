package coordinator_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/chain"
	"github.com/rendergrid/rendergrid/coordinator"
	"github.com/rendergrid/rendergrid/coordinator/state"
	"github.com/rendergrid/rendergrid/internal/systemtest"
)

// stateJSON is a node's replicated state, for comparing nodes.
func stateJSON(t *testing.T, n *coordinator.Node) string {
	t.Helper()
	var b []byte
	n.Machine().Read(func(s *state.State) {
		var err error
		if b, err = json.Marshal(s); err != nil {
			t.Fatal(err)
		}
	})
	return string(b)
}

// runWorkers runs fake workers until stop is called; it returns the
// accepted completions of all of them.
func runWorkers(t testing.TB, ws []*systemtest.FakeWorker) (stop func() []string) {
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	errs := make(chan error, len(ws))
	for _, w := range ws {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := w.Run(ctx); err != nil {
				errs <- fmt.Errorf("worker %s: %w", w.ID, err)
			}
		}()
	}
	return func() []string {
		cancel()
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		var all []string
		for _, w := range ws {
			all = append(all, w.Done()...)
		}
		sort.Strings(all)
		return all
	}
}

// waitHeard waits until the workers have heard of n accepted completions
// between them: a job is done when its last completion is applied, a
// moment before the worker that sent it reads the answer, and stopping
// the workers then would lose that count.
func waitHeard(c *systemtest.Cluster, ws []*systemtest.FakeWorker, n int) {
	c.T.Helper()
	c.Eventually(20*time.Second, func() bool {
		k := 0
		for _, w := range ws {
			k += len(w.Done())
		}
		return k >= n
	}, fmt.Sprintf("the workers to hear of %d accepted completions", n))
}

// TestKillLeaderMidJob kills the leader in the middle of a paid 50-frame
// job, while receipts are being settled: every frame must be done and paid
// exactly once, none lost, and the ledger's sums must hold on every node.
func TestKillLeaderMidJob(t *testing.T) {
	c := systemtest.StartCluster(t, 3, func(cfg *coordinator.Config) { cfg.FeeBPS = 500 })
	ctx := context.Background()
	artist := c.Client(c.Token("ana", api.RoleArtist))
	key, _ := chain.NewKey()
	if _, err := artist.Bind(ctx, key); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Client(c.Admin).Mint(ctx, api.MintRequest{To: "ana", Amount: 10_000}); err != nil {
		t.Fatal(err)
	}
	spec := systemtest.SampleScene(t, artist, 50)
	spec.Chunk = 1
	spec.Price.PerFrame = 40
	j, err := artist.Submit(ctx, spec)
	if err != nil {
		t.Fatal(err)
	}
	out := systemtest.Upload(t, artist, []byte("frame"))
	enrol := c.Token("farm", api.RoleEnrol)
	var ws []*systemtest.FakeWorker
	for i := range 3 {
		w := systemtest.NewFakeWorker(t, c, enrol, fmt.Sprintf("w%d", i), out)
		w.Delay = 15 * time.Millisecond
		ws = append(ws, w)
	}
	stop := runWorkers(t, ws)
	c.Eventually(20*time.Second, func() bool {
		got, err := artist.Job(ctx, j.ID)
		return err == nil && got.Counts.Done >= 15
	}, "15 frames done")
	old := c.Leader()
	killed := time.Now()
	c.Kill(old)
	c.Eventually(30*time.Second, func() bool {
		got, err := artist.Job(ctx, j.ID)
		return err == nil && got.State == api.JobDone
	}, "job done after the leader was killed")
	t.Logf("job done %s after killing leader n%d", time.Since(killed).Round(time.Millisecond), old+1)
	waitHeard(c, ws, 50)
	done := stop()
	if len(done) != 50 {
		t.Errorf("workers had %d completions accepted, want 50", len(done))
	}
	for i := 1; i < len(done); i++ {
		if done[i] == done[i-1] {
			t.Errorf("%s was accepted twice", done[i])
		}
	}
	lead := c.Nodes[c.Leader()]
	lead.Machine().Read(func(s *state.State) {
		for i, u := range s.Jobs[j.ID].Units {
			if u.State != api.FrameDone || u.Completions != 1 {
				t.Errorf("frame %d: state %s, %d completions", i+1, u.State, u.Completions)
			}
		}
	})
	// The killed node comes back, catches up and agrees with the others.
	c.Restart(old)
	c.Eventually(20*time.Second, func() bool {
		return c.Nodes[old].Raft().AppliedIndex() >= lead.Raft().AppliedIndex() && stateJSON(t, c.Nodes[old]) == stateJSON(t, lead)
	}, "the restarted node to catch up")
	// Every node's ledger: sums hold, 50 receipts settled once, the artist
	// paid 50 x 40, the workers got 38 a frame and the treasury 2.
	for i, n := range c.Nodes {
		n.Machine().Read(func(s *state.State) {
			l := s.Ledger
			if err := l.Check(); err != nil {
				t.Errorf("node %d: %v", i+1, err)
			}
			var workers uint64
			for _, w := range ws {
				workers += l.Balance(w.ID)
			}
			if len(l.Settled) != 50 || l.Balance(key.Address.Hex()) != 10_000-2000 || workers != 50*38 || l.Balance(chain.Treasury) != 50*2 {
				t.Errorf("node %d: %d settled, artist %d, workers %d, treasury %d", i+1, len(l.Settled), l.Balance(key.Address.Hex()), workers, l.Balance(chain.Treasury))
			}
			for k, u := range s.Jobs[j.ID].Units {
				if len(u.Receipts) != 1 {
					t.Errorf("node %d frame %d has %d receipts", i+1, k+1, len(u.Receipts))
				}
			}
		})
	}
}

// TestWorkerDeathRequeues: a worker that stops heartbeating loses its lease
// after the TTL; the frame goes to another worker, and the dead worker's
// late completion is rejected as stale.
func TestWorkerDeathRequeues(t *testing.T) {
	c := systemtest.StartCluster(t, 1, func(cfg *coordinator.Config) { cfg.LeaseTTL = 500 * time.Millisecond })
	ctx := context.Background()
	artist := c.Client(c.Token("ana", api.RoleArtist))
	spec := systemtest.SampleScene(t, artist, 1)
	j, err := artist.Submit(ctx, spec)
	if err != nil {
		t.Fatal(err)
	}
	out := systemtest.Upload(t, artist, []byte("frame"))
	enrol := c.Token("farm", api.RoleEnrol)
	dead := systemtest.NewFakeWorker(t, c, enrol, "dead", out)
	l, err := dead.Client.Claim(ctx, time.Second)
	if err != nil || l == nil {
		t.Fatalf("claim: %v %v", l, err)
	}
	c.Eventually(10*time.Second, func() bool {
		fs, err := artist.Frames(ctx, j.ID, "")
		return err == nil && fs[0].State == api.FrameQueued
	}, "the frame to be requeued")
	fs, _ := artist.Frames(ctx, j.ID, "")
	if fs[0].Attempts != 1 || len(fs[0].FailedOn) != 1 || fs[0].FailedOn[0] != dead.ID {
		t.Errorf("requeued frame: %+v", fs[0])
	}
	alive := systemtest.NewFakeWorker(t, c, enrol, "alive", out)
	l2, err := alive.Client.Claim(ctx, time.Second)
	if err != nil || l2 == nil || l2.ID == l.ID {
		t.Fatalf("second claim: %+v %v", l2, err)
	}
	_, err = dead.Client.Complete(ctx, systemtest.Completion(dead.Key, l, l.Units[0], out.String()))
	var e *api.Error
	if !errors.As(err, &e) || e.Status != 409 || e.Code != state.CodeStaleLease {
		t.Fatalf("late completion of a stale lease: %v, want 409 stale_lease", err)
	}
	if _, err := alive.Client.Complete(ctx, systemtest.Completion(alive.Key, l2, l2.Units[0], out.String())); err != nil {
		t.Fatal(err)
	}
	got, _ := artist.Job(ctx, j.ID)
	if got.State != api.JobDone || got.Counts.Done != 1 {
		t.Errorf("job: %+v", got)
	}
}

// TestPartitionAndHeal cuts the leader off: the majority elects a new
// leader and goes on; the old leader cannot commit; once healed it rejoins
// and ends with the same state.
func TestPartitionAndHeal(t *testing.T) {
	c := systemtest.StartCluster(t, 3, nil)
	ctx := context.Background()
	artistTok := c.Token("ana", api.RoleArtist)
	artist := c.Client(artistTok)
	spec := systemtest.SampleScene(t, artist, 10)
	old := c.Leader()
	c.Nodes[old].Raft().Partition(true)
	var newLeader int
	c.Eventually(15*time.Second, func() bool {
		for i, n := range c.Nodes {
			if i != old && n.IsLeader() {
				newLeader = i
				return true
			}
		}
		return false
	}, "a new leader in the majority")
	// The cut-off node cannot take a write.
	cut, _ := api.NewClient([]string{c.Nodes[old].URL()}, artistTok, nil)
	cut.RetryFor = time.Second
	cctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	if _, err := cut.Submit(cctx, spec); err == nil {
		t.Error("the partitioned old leader accepted a job")
	}
	cancel()
	maj, _ := api.NewClient([]string{c.Nodes[newLeader].URL()}, artistTok, nil)
	j, err := maj.Submit(ctx, spec)
	if err != nil {
		t.Fatal(err)
	}
	c.Nodes[old].Raft().Partition(false)
	lead := c.Nodes[c.Leader()]
	c.Eventually(20*time.Second, func() bool {
		var has bool
		c.Nodes[old].Machine().Read(func(s *state.State) { has = s.Jobs[j.ID] != nil })
		return has && c.Nodes[old].Raft().AppliedIndex() >= lead.Raft().AppliedIndex() && stateJSON(t, c.Nodes[old]) == stateJSON(t, lead)
	}, "the healed node to converge")
}

// TestSnapshotRestart: a node that snapshotted and restarted has the same
// state; and a snapshot restored into a fresh state machine equals it.
func TestSnapshotRestart(t *testing.T) {
	c := systemtest.StartCluster(t, 1, func(cfg *coordinator.Config) { cfg.SnapshotEvery = 16 })
	ctx := context.Background()
	artist := c.Client(c.Token("ana", api.RoleArtist))
	spec := systemtest.SampleScene(t, artist, 30)
	spec.Chunk = 2
	j, err := artist.Submit(ctx, spec)
	if err != nil {
		t.Fatal(err)
	}
	out := systemtest.Upload(t, artist, []byte("frame"))
	w := systemtest.NewFakeWorker(t, c, c.Token("farm", api.RoleEnrol), "w", out)
	stop := runWorkers(t, []*systemtest.FakeWorker{w})
	c.Eventually(20*time.Second, func() bool {
		got, err := artist.Job(ctx, j.ID)
		return err == nil && got.State == api.JobDone
	}, "job done")
	stop()
	n := c.Nodes[0]
	if err := n.Raft().Snapshot().Error(); err != nil {
		t.Fatal(err)
	}
	before := stateJSON(t, n)

	// Restore into a fresh state machine.
	snap, err := n.Machine().Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := snap.Write(&buf); err != nil {
		t.Fatal(err)
	}
	fresh := state.NewMachine(nil)
	if err := fresh.Restore(&buf); err != nil {
		t.Fatal(err)
	}
	if got := stateJSONOf(t, fresh); got != before {
		t.Error("a snapshot restored into a fresh state machine differs from the original")
	}

	c.Kill(0)
	c.Restart(0)
	c.Leader()
	c.Eventually(10*time.Second, func() bool { return stateJSON(t, c.Nodes[0]) == before }, "restart to restore the state")
	got, err := c.Client(c.Admin).Job(ctx, j.ID)
	if err != nil || got.State != api.JobDone || got.Counts.Done != 30 {
		t.Fatalf("after restart: %+v %v", got, err)
	}
}

func stateJSONOf(t *testing.T, f *state.Machine) string {
	t.Helper()
	var b []byte
	f.Read(func(s *state.State) { b, _ = json.Marshal(s) })
	return string(b)
}
