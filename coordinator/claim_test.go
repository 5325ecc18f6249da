package coordinator_test

import (
	"context"
	"testing"
	"time"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/internal/systemtest"
)

// TestClaimPollDoesNotSpin: a worker whose only queued frame is one it
// failed long-polls without writing to the log. It used to be told there
// was work, claim nothing, and be woken by its own claim's apply to claim
// again: one log entry per round trip (1.29 million entries in the demo
// beside a busy CPU).
func TestClaimPollDoesNotSpin(t *testing.T) {
	c := systemtest.StartCluster(t, 1, nil)
	ctx := context.Background()
	artist := c.Client(c.Token("ana", api.RoleArtist))
	spec := systemtest.SampleScene(t, artist, 1)
	spec.Retry = &api.RetryPolicy{MaxWorkers: 3}
	if _, err := artist.Submit(ctx, spec); err != nil {
		t.Fatal(err)
	}
	w := systemtest.NewFakeWorker(t, c, c.Token("farm", api.RoleEnrol), "w1", systemtest.Upload(t, artist, []byte("frame")))
	l, err := w.Client.Claim(ctx, time.Second)
	if err != nil || l == nil {
		t.Fatalf("claim: %+v %v", l, err)
	}
	if _, err := w.Client.Fail(ctx, api.FailRequest{Lease: l.ID, Unit: l.Units[0], Error: "out of memory"}); err != nil {
		t.Fatal(err)
	}
	raft := c.Nodes[0].Raft()
	before := raft.AppliedIndex()
	if l, err := w.Client.Claim(ctx, 500*time.Millisecond); err != nil || l != nil {
		t.Fatalf("a claim with only its failed frame queued: %+v %v, want nothing", l, err)
	}
	if n := raft.AppliedIndex() - before; n > 3 {
		t.Errorf("a 500 ms long poll with nothing to take wrote %d log entries", n)
	}
}
