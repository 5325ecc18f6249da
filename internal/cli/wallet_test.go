package cli

import (
	"context"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/internal/systemtest"
	"github.com/rendergrid/rendergrid/ipfs"
	"github.com/rendergrid/rendergrid/render"
	"github.com/rendergrid/rendergrid/render/cpu"
	"github.com/rendergrid/rendergrid/worker"
)

// TestPaidRedundantJobThroughCLI is an artist's whole paid job through the
// CLI: bind an account, get tokens, quote, submit with the redundant
// policy, watch two honest workers and a liar render it, then read the
// history, the earnings, and verify a frame.
func TestPaidRedundantJobThroughCLI(t *testing.T) {
	f := startFarm(t)
	ctx := context.Background()
	key := filepath.Join(t.TempDir(), "key")
	out := capture(t, "wallet", "bind", "--key", key)
	if !strings.Contains(out, "your account is 0x") {
		t.Fatalf("bind: %s", out)
	}
	capture(t, "wallet", "mint", "--token", f.Admin, "--to", "ana", "--amount", "5000")
	job := []string{"sample:anim", "--frames", "1-4", "--res", "32x18", "--spp", "4", "--price", "100", "--verify", "redundant", "--redundancy", "100"}
	if out := capture(t, append([]string{"quote"}, job...)...); !strings.Contains(out, "at most 800 tokens (network fee 0 of it)") {
		t.Fatalf("quote: %s", out)
	}
	// Nothing can be spent twice: a transfer of more than the balance fails.
	if err := run("wallet", "transfer", "--key", key, "--to", "treasury", "--amount", "5001"); err == nil || !strings.Contains(err.Error(), "insufficient") {
		t.Fatalf("transfer over the balance: %v", err)
	}
	h1, _, _ := f.startWorker(t, time.Second)
	h2, _, _ := f.startWorker(t, time.Second)
	lctx, stop := context.WithCancel(ctx)
	liar, err := worker.New(lctx, worker.Config{Coordinators: []string{f.Node.URL()}, EnrolToken: f.Enrol, DataDir: t.TempDir(),
		Engines: []render.Renderer{&cpu.Engine{Workers: 1}}, ClaimWait: 200 * time.Millisecond, Store: ipfs.Options{NoSync: true},
		Log: io.Discard, Tamper: mustLiar(t, systemtest.LieNoise)})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { liar.Run(lctx); liar.Close(); close(done) }()
	t.Cleanup(func() { stop(); <-done })

	capture(t, append(append([]string{"submit"}, job...), "--key", key, "--wait")...)
	cl, _ := api.NewClient([]string{f.Node.URL()}, f.Artist, nil)
	j, err := cl.Job(ctx, "j1")
	if err != nil {
		t.Fatal(err)
	}
	if j.State != api.JobDone || j.Counts.Done != 4 || j.Escrow == nil || j.Escrow.Locked != 800 {
		t.Fatalf("job %+v", j)
	}
	frames, _ := cl.Frames(ctx, "j1", "")
	var paid uint64
	for _, fr := range frames {
		for _, r := range fr.Receipts {
			if r.Receipt.Worker.Hex() == liar.ID() {
				t.Errorf("frame %d paid the liar", fr.Frame)
			}
			paid += r.Price
		}
	}
	if j.Escrow.Paid+j.Escrow.Fees != paid || j.Escrow.Left != 0 || j.Escrow.Refunded != 800-paid {
		t.Errorf("escrow %+v, receipts paid %d", *j.Escrow, paid)
	}
	// A liar that got a frame was caught; one that got none is not blamed.
	admin, _ := api.NewClient([]string{f.Node.URL()}, f.Admin, nil)
	e, _ := admin.Earnings(ctx, liar.ID())
	if e.Tokens != 0 || e.Frames != 0 {
		t.Errorf("the liar earned %+v", e)
	}
	if liar.Status().Rendered+liar.Status().Failed > 0 && !slices.Contains(j.Blocklist, liar.ID()) {
		t.Errorf("the liar rendered and was not blocklisted: %v", j.Blocklist)
	}
	hist := capture(t, "wallet", "history", "--key", key)
	if !strings.Contains(hist, "escrow") || !strings.Contains(hist, "mint") {
		t.Errorf("history: %s", hist)
	}
	earn := capture(t, "worker", "earnings", "--coordinator", f.Node.URL(), "--token", f.Admin, "--worker", h1.ID())
	if !strings.Contains(earn, h1.ID()) || !strings.Contains(earn, "j1") {
		t.Errorf("earnings: %s", earn)
	}
	t.Logf("the liar sent %d frames and was blocklisted: %v; job log %q; workers %s and %s", liar.Status().Rendered+liar.Status().Failed,
		slices.Contains(j.Blocklist, liar.ID()), j.Log, h1.ID(), h2.ID())
	if v := capture(t, "verify", "j1", "1"); !strings.Contains(v, "the image is honest") || !strings.Contains(v, "countersigned by coordinator") {
		t.Errorf("verify: %s", v)
	}
}
