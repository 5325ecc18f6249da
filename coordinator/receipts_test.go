package coordinator_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"image"
	"image/png"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/chain"
	"github.com/rendergrid/rendergrid/coordinator"
	"github.com/rendergrid/rendergrid/coordinator/httpapi"
	"github.com/rendergrid/rendergrid/coordinator/state"
	"github.com/rendergrid/rendergrid/internal/systemtest"
	"github.com/rendergrid/rendergrid/render"
	"github.com/rendergrid/rendergrid/render/cpu"
	"github.com/rendergrid/rendergrid/scenes"
)

// renderUnit renders unit u of spec honestly and encodes it as a worker
// does.
func renderUnit(t *testing.T, spec api.JobSpec, u api.Unit) []byte {
	t.Helper()
	sc, err := scenes.LoadSample("anim")
	if err != nil {
		t.Fatal(err)
	}
	f, err := sc.Frame(scenes.FrameOptions{Frame: u.Frame})
	if err != nil {
		t.Fatal(err)
	}
	img, _, err := cpu.New().Render(context.Background(), f, render.Settings{Width: spec.Width, Height: spec.Height, SPP: spec.SPP, MaxBounces: spec.MaxBounces, Seed: spec.Seed}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	img.WritePNG(&b)
	return b.Bytes()
}

func noise(w, h int) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = byte(i * 7919 % 251)
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes()
}

// TestReceiptAttacks sends the receipts a lying or confused worker might:
// each is refused with a reason naming the problem, and no money moves; a
// lie also blocklists the worker for the job.
func TestReceiptAttacks(t *testing.T) {
	c := systemtest.StartCluster(t, 1, func(cfg *coordinator.Config) { cfg.FeeBPS = 250 })
	n := c.Nodes[0]
	ctx := context.Background()
	artist := c.Client(c.Token("ana", api.RoleArtist))
	akey, _ := chain.NewKey()
	if _, err := artist.Bind(ctx, akey); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Client(c.Admin).Mint(ctx, api.MintRequest{To: akey.Address.Hex(), Amount: 10_000}); err != nil {
		t.Fatal(err)
	}
	spec := systemtest.SampleScene(t, artist, 12)
	spec.Width, spec.Height, spec.SPP, spec.Verify, spec.Chunk = 32, 18, 4, "sample", 1
	spec.Price.PerFrame = 100
	j, err := artist.Submit(ctx, spec)
	if err != nil {
		t.Fatal(err)
	}
	spec = j.Spec
	enrol := c.Client(c.Token("farm", api.RoleEnrol))
	type wk struct {
		key *chain.Key
		cl  *api.Client
	}
	newWorker := func() wk {
		k, tok := systemtest.RegisterWorker(t, enrol, "w")
		return wk{k, c.Client(tok)}
	}
	claim := func(w wk) *api.Lease {
		l, err := w.cl.Claim(ctx, time.Second)
		if err != nil || l == nil {
			t.Fatalf("claim: %v %v", l, err)
		}
		return l
	}
	ledger := func() string {
		var out string
		n.Machine().Read(func(s *state.State) { b, _ := json.Marshal(s.Ledger); out = string(b) })
		return out
	}
	blocked := func(w wk) bool {
		var b bool
		n.Machine().Read(func(s *state.State) { b = s.Jobs[j.ID].Blocked[w.key.Address.Hex()] })
		return b
	}

	// An honest worker is paid.
	honest := newWorker()
	lh := claim(honest)
	out := systemtest.Upload(t, honest.cl, renderUnit(t, spec, lh.Units[0]))
	good := systemtest.Completion(honest.key, lh, lh.Units[0], out.String())
	if _, err := honest.cl.Complete(ctx, good); err != nil {
		t.Fatalf("an honest render was refused: %v", err)
	}
	var paid uint64
	n.Machine().Read(func(s *state.State) { paid = s.Ledger.Balance(honest.key.Address.Hex()) })
	if paid != 98 {
		t.Fatalf("the honest worker holds %d, want 98", paid)
	}
	// The same completion retried with its idempotency key (its answer was
	// lost) is answered again, not taken for a replay.
	retry := func() (int, string) {
		body, _ := json.Marshal(good)
		req, _ := http.NewRequest(http.MethodPost, n.URL()+"/api/v1/workers/complete", bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+honest.cl.Token)
		req.Header.Set(httpapi.HeaderIdempotency, "retry-1")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	lh2 := claim(honest)
	out2 := systemtest.Upload(t, honest.cl, renderUnit(t, spec, lh2.Units[0]))
	good = systemtest.Completion(honest.key, lh2, lh2.Units[0], out2.String())
	if st, b := retry(); st != http.StatusOK {
		t.Fatalf("first try: %d %s", st, b)
	}
	if st, b := retry(); st != http.StatusOK || blocked(honest) {
		t.Fatalf("a retried completion: %d %s, blocklisted %v", st, b, blocked(honest))
	}
	n.Machine().Read(func(s *state.State) { paid = s.Ledger.Balance(honest.key.Address.Hex()) })
	if paid != 2*98 {
		t.Fatalf("after the retry the honest worker holds %d, want 196 (paid once per frame)", paid)
	}

	cases := []struct {
		name   string
		send   func() (api.CompleteRequest, wk)
		status int
		want   string
		lie    bool
	}{
		{"forged signature", func() (api.CompleteRequest, wk) {
			w := newWorker()
			l := claim(w)
			other, _ := chain.NewKey()
			req := systemtest.Completion(w.key, l, l.Units[0], out.String())
			req.Signature, _ = req.Receipt.Sign(other)
			return req, w
		}, 422, "forged signature", true},
		{"someone else's lease", func() (api.CompleteRequest, wk) {
			owner, thief := newWorker(), newWorker()
			l := claim(owner)
			return systemtest.Completion(thief.key, l, l.Units[0], out.String()), thief
		}, 403, "belongs to another worker", false},
		{"stale epoch", func() (api.CompleteRequest, wk) {
			w := newWorker()
			l := claim(w)
			if err := w.cl.Release(ctx, l.ID); err != nil {
				t.Fatal(err)
			}
			return systemtest.Completion(w.key, l, l.Units[0], out.String()), w
		}, 409, "not current", false},
		{"replayed receipt", func() (api.CompleteRequest, wk) {
			return good, honest
		}, 422, "replayed receipt", true},
		{"output that does not exist", func() (api.CompleteRequest, wk) {
			w := newWorker()
			l := claim(w)
			id, _ := systemtest.CAROf(t, []byte("never uploaded"))
			return systemtest.Completion(w.key, l, l.Units[0], id.String()), w
		}, 400, "not retrievable", false},
		{"noise image", func() (api.CompleteRequest, wk) {
			w := newWorker()
			l := claim(w)
			return systemtest.Completion(w.key, l, l.Units[0], systemtest.Upload(t, w.cl, noise(32, 18)).String()), w
		}, 422, "differ from the reference render", true},
		{"wrong size", func() (api.CompleteRequest, wk) {
			w := newWorker()
			l := claim(w)
			return systemtest.Completion(w.key, l, l.Units[0], systemtest.Upload(t, w.cl, noise(16, 18)).String()), w
		}, 422, "output is 16x18, the frame is 32x18", true},
		{"another scene", func() (api.CompleteRequest, wk) {
			w := newWorker()
			l := claim(w)
			r := l.Receipt(l.Units[0], w.key.Address, out.String(), 1, 1, "cpu")
			r.SceneCID = out.String()
			req, _ := api.Complete(w.key, r, nil)
			return req, w
		}, 422, "signed for scene", true},
		{"fewer samples than asked", func() (api.CompleteRequest, wk) {
			w := newWorker()
			l := claim(w)
			r := l.Receipt(l.Units[0], w.key.Address, out.String(), 1, 1, "cpu")
			req, _ := api.Complete(w.key, r, nil)
			return req, w
		}, 422, "fewer than the 4 spp", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req, w := tc.send()
			before := ledger()
			_, err := w.cl.Complete(ctx, req)
			var e *api.Error
			if !errors.As(err, &e) || e.Status != tc.status || !strings.Contains(e.Message, tc.want) {
				t.Fatalf("got %v, want %d with %q", err, tc.status, tc.want)
			}
			if ledger() != before {
				t.Fatal("a refused receipt moved money")
			}
			if blocked(w) != tc.lie {
				t.Fatalf("worker blocklisted: %v, want %v", blocked(w), tc.lie)
			}
		})
	}
	got, err := artist.Job(ctx, j.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Log) < 6 || got.Counts.Done != 2 {
		t.Fatalf("job log %v, %d done; want every lie logged and one frame done", got.Log, got.Counts.Done)
	}
}
