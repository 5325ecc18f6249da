package coordinator_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/coordinator"
	"github.com/rendergrid/rendergrid/coordinator/httpapi"
	"github.com/rendergrid/rendergrid/coordinator/state"
	"github.com/rendergrid/rendergrid/internal/systemtest"
)

// TestQuotas: an artist past its active jobs or open frames gets 429 with
// what to do, nothing is queued, another artist is unaffected, operators
// have no quota, and a finished (canceled) job frees its share.
func TestQuotas(t *testing.T) {
	c := systemtest.StartCluster(t, 1, func(cfg *coordinator.Config) { cfg.Quota = state.Quota{Jobs: 3, Frames: 5} })
	ctx := context.Background()
	alice := c.Client(c.Token("alice", api.RoleArtist))
	spec := systemtest.SampleScene(t, alice, 2)
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
	// A retry of the refused submit under the same Idempotency-Key gets
	// the stored refusal: still 429 (its status comes from its code).
	body, _ := json.Marshal(spec)
	for try := range 2 {
		req, _ := http.NewRequest(http.MethodPost, c.Nodes[0].URL()+"/api/v1/jobs", bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+alice.Token)
		req.Header.Set(httpapi.HeaderIdempotency, "over-quota")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		msg, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusTooManyRequests || !strings.Contains(string(msg), "frames waiting") {
			t.Fatalf("try %d of a keyed submit over the quota: %d %s, want 429", try+1, resp.StatusCode, msg)
		}
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
	if _, err := c.Client(c.Token("bob", api.RoleArtist)).Submit(ctx, spec); err != nil {
		t.Errorf("bob is held to alice's quota: %v", err)
	}
	admin := c.Client(c.Admin)
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

// TestReleaseAll: a worker that stops hands back every lease it holds,
// including one granted to a claim it gave up on (it never saw the
// lease), and the frames are queued again with no failure counted.
func TestReleaseAll(t *testing.T) {
	c := systemtest.StartCluster(t, 1, nil)
	ctx := context.Background()
	alice := c.Client(c.Token("alice", api.RoleArtist))
	spec := systemtest.SampleScene(t, alice, 3)
	spec.Chunk = 3
	j, err := alice.Submit(ctx, spec)
	if err != nil {
		t.Fatal(err)
	}
	_, tok := systemtest.RegisterWorker(t, c.Client(c.Token("owner", api.RoleEnrol)), "w")
	w := c.Client(tok)
	l, err := w.Claim(ctx, 0)
	if err != nil || l == nil {
		t.Fatalf("claim: %v, %v", l, err)
	}
	n, err := w.ReleaseAll(ctx)
	if err != nil || n != len(l.Units) {
		t.Fatalf("ReleaseAll = %d, %v; want %d", n, err, len(l.Units))
	}
	fs, err := alice.Frames(ctx, j.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fs {
		if f.State != api.FrameQueued || len(f.FailedOn) != 0 {
			t.Errorf("frame %d after ReleaseAll: %s, failed on %v; want queued, no failure", f.Frame, f.State, f.FailedOn)
		}
	}
	if n, err := w.ReleaseAll(ctx); err != nil || n != 0 {
		t.Errorf("a second ReleaseAll = %d, %v; want 0", n, err)
	}
}
