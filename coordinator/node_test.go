package coordinator_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/coordinator"
	"github.com/rendergrid/rendergrid/internal/systemtest"
)

func TestSingleNodeJob(t *testing.T) {
	c := systemtest.StartCluster(t, 1, nil)
	ctx := context.Background()
	artist := c.Client(c.Token("ana", api.RoleArtist))
	spec := systemtest.SampleScene(t, artist, 5)
	j, err := artist.Submit(ctx, spec)
	if err != nil {
		t.Fatal(err)
	}
	out := systemtest.Upload(t, artist, []byte("an image"))
	w := systemtest.NewFakeWorker(t, c, c.Token("farm", api.RoleEnrol), "w1", out)
	wctx, stop := context.WithCancel(ctx)
	go w.Run(wctx)
	defer stop()
	c.Eventually(10*time.Second, func() bool {
		got, err := artist.Job(ctx, j.ID)
		return err == nil && got.State == api.JobDone
	}, "job done")
	frames, err := artist.Frames(ctx, j.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range frames {
		if f.State != api.FrameDone || f.Output != out.String() || f.Worker != w.ID {
			t.Errorf("frame %d: %+v", f.Frame, f)
		}
	}
}

// TestMetricsAndStuck: a frame leased past its job's max runtime is
// flagged stuck, and /metrics reports frames, claims and the leader.
func TestMetricsAndStuck(t *testing.T) {
	c := systemtest.StartCluster(t, 1, func(cfg *coordinator.Config) { cfg.LeaseTTL = time.Minute })
	ctx := context.Background()
	artist := c.Client(c.Token("ana", api.RoleArtist))
	spec := systemtest.SampleScene(t, artist, 2)
	spec.Retry = &api.RetryPolicy{MaxRuntimeSec: 1}
	j, err := artist.Submit(ctx, spec)
	if err != nil {
		t.Fatal(err)
	}
	w := systemtest.NewFakeWorker(t, c, c.Token("farm", api.RoleEnrol), "w", systemtest.Upload(t, artist, []byte("x")))
	l, err := w.Client.Claim(ctx, time.Second)
	if err != nil || l == nil {
		t.Fatal(err)
	}
	c.Eventually(10*time.Second, func() bool {
		fs, err := artist.Frames(ctx, j.ID, "stuck")
		return err == nil && len(fs) == 1 && fs[0].Frame == l.Units[0].Frame
	}, "the frame to be flagged stuck")
	// An operator's token is needed: /metrics names workers and jobs.
	if resp, err := http.Get(c.Nodes[0].URL() + "/metrics"); err != nil || resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("/metrics without a token: %v %v", err, resp)
	} else {
		resp.Body.Close()
	}
	req, _ := http.NewRequest(http.MethodGet, c.Nodes[0].URL()+"/metrics", nil)
	req.Header.Set("Authorization", "Bearer "+c.Token("ana", api.RoleArtist))
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusForbidden {
		t.Fatalf("/metrics with an artist's token: %v %v", err, resp)
	} else {
		resp.Body.Close()
	}
	req.Header.Set("Authorization", "Bearer "+c.Admin)
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("/metrics with an operator's token: %v %v", err, resp)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{
		`rendergrid_frames{state="stuck"} 1`, `rendergrid_frames{state="leased"} 1`, `rendergrid_frames{state="queued"} 1`,
		`rendergrid_claims_total{outcome="granted"} 1`, `rendergrid_raft_leader 1`, `rendergrid_workers 1`, `rendergrid_jobs{state="running"} 1`,
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}
