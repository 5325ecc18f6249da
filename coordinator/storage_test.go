package coordinator_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ipfs/go-cid"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/coordinator"
	"github.com/rendergrid/rendergrid/coordinator/state"
	"github.com/rendergrid/rendergrid/internal/systemtest"
)

// TestStoredBytesQuota: an artist's uploads count against --quota-bytes on
// whichever node takes them; the same content twice costs nothing; an
// upload past the quota gets 429 and no node stores it; an upload an
// active job renders from cannot be removed; a removed upload is unpinned
// and collected on every node, but content a worker also sent (an output)
// is kept.
func TestStoredBytesQuota(t *testing.T) {
	c := systemtest.StartCluster(t, 3, func(cfg *coordinator.Config) {
		cfg.Quota = state.Quota{Bytes: 3 * state.UploadUnit}
		cfg.ReclaimEvery = 50 * time.Millisecond
	})
	c.WaitMembers(3)
	ctx := context.Background()
	tok := c.Token("ana", api.RoleArtist)
	ana := c.Client(tok)
	follower := (c.Leader() + 1) % 3
	viaFollower, err := api.NewClient([]string{c.Nodes[follower].URL()}, tok, c.HC)
	if err != nil {
		t.Fatal(err)
	}

	spec := systemtest.SampleScene(t, ana, 2) // the scene: 1 MiB counted
	scene, _ := cid.Decode(spec.Scene)
	small := systemtest.Upload(t, viaFollower, []byte("small upload")) // through a follower: 1 MiB
	systemtest.Upload(t, ana, []byte("small upload"))                  // again: free
	st, err := ana.Storage(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Used != 2*state.UploadUnit || len(st.Uploads) != 2 || st.Limit != 3*state.UploadUnit {
		t.Fatalf("after two uploads (one sent twice): %+v, want 2 MiB in 2 uploads of a 3 MiB quota", st)
	}

	// Output bytes a worker uploads, then the artist the same bytes: at quota.
	enrol := c.Client(c.Token("farm", api.RoleEnrol))
	_, wtok := systemtest.RegisterWorker(t, enrol, "w1")
	output := systemtest.Upload(t, c.Client(wtok), []byte("a rendered frame"))
	systemtest.Upload(t, ana, []byte("a rendered frame"))

	over := []byte("one upload too many")
	overID, car := systemtest.CAROf(t, over)
	_, err = ana.UploadCAR(ctx, func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(car)), nil }, overID)
	if apiStatus(err) != http.StatusTooManyRequests || !strings.Contains(err.Error(), "--quota-bytes") || !strings.Contains(err.Error(), "uploads rm") {
		t.Fatalf("an upload past the quota: %v, want 429 naming --quota-bytes and uploads rm", err)
	}
	for i, n := range c.Nodes {
		if has, _ := n.Store().Has(ctx, overID); has {
			t.Errorf("node %d stored the refused upload", i+1)
		}
	}

	j, err := ana.Submit(ctx, spec)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ana.RemoveUpload(ctx, spec.Scene); apiStatus(err) != http.StatusConflict || !strings.Contains(err.Error(), j.ID) {
		t.Fatalf("removing the scene of an active job: %v, want 409 naming %s", err, j.ID)
	}
	if _, err := c.Client(c.Token("bob", api.RoleArtist)).RemoveUpload(ctx, small.String()); apiStatus(err) != http.StatusNotFound {
		t.Fatalf("bob removing ana's upload: %v, want 404", err)
	}
	// The output first, then the small upload: by the time the small one is
	// gone from every node, the reclaim that removed it has seen both.
	if _, err := ana.RemoveUpload(ctx, output.String()); err != nil {
		t.Fatal(err)
	}
	st, err = ana.RemoveUpload(ctx, small.String())
	if err != nil {
		t.Fatal(err)
	}
	if st.Used != 1*state.UploadUnit {
		t.Errorf("after removing two uploads: %d bytes counted, want 1 MiB", st.Used)
	}
	c.Eventually(30*time.Second, func() bool {
		for _, n := range c.Nodes {
			if has, _ := n.Store().Has(ctx, small); has {
				return false
			}
		}
		return true
	}, "every node to drop the removed upload")
	for i, n := range c.Nodes {
		if has, _ := n.Store().Has(ctx, output); !has {
			t.Errorf("node %d dropped a worker's output because an artist uploaded and removed the same bytes", i+1)
		}
		if has, _ := n.Store().Has(ctx, scene); !has {
			t.Errorf("node %d dropped the scene of a job", i+1)
		}
	}
	// Room again: the refused upload now fits.
	if _, err := ana.UploadCAR(ctx, func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(car)), nil }, overID); err != nil {
		t.Fatalf("an upload after removing others: %v", err)
	}
}
