package coordinator_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/coordinator"
	"github.com/rendergrid/rendergrid/coordinator/state"
	"github.com/rendergrid/rendergrid/internal/systemtest"
	"github.com/rendergrid/rendergrid/ipfs"
)

// TestArchive: a finished job leaves the replicated state after Retain,
// written to IPFS on a majority of the coordinators; jobs show, frames
// and the gateway still find it; the ledger still sums; a worker away for
// Retain is forgotten with its token.
func TestArchive(t *testing.T) {
	c := systemtest.StartCluster(t, 3, func(cfg *coordinator.Config) { cfg.Retain = 500 * time.Millisecond })
	c.WaitMembers(3)
	ctx := context.Background()
	aliceTok := c.Token("alice", api.RoleArtist)
	alice := c.Client(aliceTok)
	spec := systemtest.SampleScene(t, alice, 3)
	j, err := alice.Submit(ctx, spec)
	if err != nil {
		t.Fatal(err)
	}
	out := systemtest.Upload(t, alice, []byte("frame"))
	w := systemtest.NewFakeWorker(t, c, c.Token("farm", api.RoleEnrol), "w", out)
	stop := runWorkers(t, []*systemtest.FakeWorker{w})
	c.Eventually(30*time.Second, func() bool {
		got, err := alice.Job(ctx, j.ID)
		return err == nil && got.State == api.JobDone
	}, "the job to finish")
	stop()
	// A worker that keeps polling with nothing to do is not gone.
	idle := systemtest.NewFakeWorker(t, c, c.Token("farm2", api.RoleEnrol), "idle", out)
	idleSince := time.Now()
	stopIdle := runWorkers(t, []*systemtest.FakeWorker{idle})
	defer stopIdle()
	c.Eventually(30*time.Second, func() bool {
		archived := 0
		for _, n := range c.Nodes {
			n.Machine().Read(func(s *state.State) {
				if _, ok := s.Archived[j.ID]; ok && s.Jobs[j.ID] == nil {
					archived++
				}
			})
		}
		return archived == len(c.Nodes)
	}, "every node to archive the job")

	got, err := alice.Job(ctx, j.ID)
	if err != nil {
		t.Fatalf("jobs show of an archived job: %v", err)
	}
	if got.Archive == "" || got.State != api.JobDone || got.Counts.Done != 3 {
		t.Errorf("archived job: archive %q, state %s, %d done; want its CID, done, 3", got.Archive, got.State, got.Counts.Done)
	}
	frames, err := alice.Frames(ctx, j.ID, "")
	if err != nil || len(frames) != 3 || frames[0].Output != out.String() || len(frames[0].Receipts) == 0 {
		t.Fatalf("frames of the archived job: %d, %v", len(frames), err)
	}
	if _, err := c.Client(c.Token("bob", api.RoleArtist)).Job(ctx, j.ID); apiStatus(err) != http.StatusNotFound {
		t.Errorf("another artist reading the archived job: %v, want 404", err)
	}
	list, err := alice.JobsWithArchived(ctx, "")
	if err != nil || len(list) != 1 || list[0].Archive != got.Archive {
		t.Errorf("jobs ls --archived: %+v, %v", list, err)
	}
	if live, _ := alice.Jobs(ctx, ""); len(live) != 0 {
		t.Errorf("jobs ls lists %d live jobs, want none", len(live))
	}
	// The archive is on a majority of the stores.
	id, _ := ipfs.ParseCID(got.Archive)
	held := 0
	for _, n := range c.Nodes {
		if ok, _ := n.Store().Has(ctx, id); ok {
			held++
		}
	}
	if held < 2 {
		t.Errorf("the archive is on %d of 3 coordinators, want a majority", held)
	}
	// Its owner still reads the frames through the gateway.
	req, _ := http.NewRequest(http.MethodGet, c.Nodes[0].URL()+"/ipfs/"+out.String(), nil)
	req.Header.Set("Authorization", "Bearer "+aliceTok)
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("the owner reading an archived frame: %v %v", resp, err)
	} else {
		resp.Body.Close()
	}
	c.Nodes[c.Leader()].Machine().Read(func(s *state.State) {
		if err := s.Ledger.Check(); err != nil {
			t.Errorf("ledger after archiving: %v", err)
		}
		if _, ok := s.Ledger.Escrows[j.ID]; ok {
			t.Error("the archived job's escrow record stayed")
		}
	})
	// The stopped worker is forgotten, and its token with it.
	c.Eventually(30*time.Second, func() bool {
		_, err := w.Client.Whoami(ctx)
		return apiStatus(err) == http.StatusUnauthorized
	}, "the worker away for Retain to be forgotten")
	// Retention is about time: let four Retain periods pass with the idle
	// worker's LastSeen stale, then it must still be there.
	c.Eventually(30*time.Second, func() bool { return time.Since(idleSince) > 4*c.Cfgs[0].Retain }, "four retention periods")
	if _, err := idle.Client.Whoami(ctx); err != nil {
		t.Errorf("the idle worker that kept polling was forgotten: %v", err)
	}
}
