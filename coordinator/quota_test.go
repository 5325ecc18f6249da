package coordinator

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/rendergrid/rendergrid/api"
)

// TestQuotas: an artist past its active jobs or open frames gets 429 with
// what to do, nothing is queued, another artist is unaffected, operators
// have no quota, and a finished (canceled) job frees its share.
func TestQuotas(t *testing.T) {
	c := startCluster(t, 1, func(cfg *Config) { cfg.Quota = Quota{Jobs: 3, Frames: 5} })
	ctx := context.Background()
	alice := c.client(c.token("alice", api.RoleArtist))
	spec := sampleScene(t, alice, 2)
	j1, err := alice.Submit(ctx, spec)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := alice.Submit(ctx, spec); err != nil {
		t.Fatal(err)
	}
	_, err = alice.Submit(ctx, spec)
	if apiStatus(err) != http.StatusTooManyRequests || !strings.Contains(err.Error(), "frames waiting") {
		t.Fatalf("6 frames against a quota of 5: %v, want 429", err)
	}
	one := spec
	one.FrameEnd = one.FrameStart
	if _, err := alice.Submit(ctx, one); err != nil {
		t.Fatalf("5 frames: %v", err)
	}
	if _, err = alice.Submit(ctx, one); apiStatus(err) != http.StatusTooManyRequests || !strings.Contains(err.Error(), "3 active jobs") {
		t.Fatalf("a fourth job against a quota of 3: %v, want 429", err)
	}
	jobs, _ := alice.Jobs(ctx, "")
	if len(jobs) != 3 {
		t.Errorf("alice has %d jobs, want 3: refusals queue nothing", len(jobs))
	}
	if _, err := c.client(c.token("bob", api.RoleArtist)).Submit(ctx, spec); err != nil {
		t.Errorf("bob is held to alice's quota: %v", err)
	}
	admin := c.client(c.admin)
	for range 4 {
		if _, err := admin.Submit(ctx, spec); err != nil {
			t.Fatalf("an operator under a quota: %v", err)
		}
	}
	if _, err := alice.Action(ctx, j1.ID, api.ActionRequest{Action: api.ActionCancel}); err != nil {
		t.Fatal(err)
	}
	if _, err := alice.Submit(ctx, spec); err != nil {
		t.Errorf("after a cancel: %v", err)
	}
}
