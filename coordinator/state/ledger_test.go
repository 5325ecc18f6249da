package state

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/chain"
)

// bindArtist gives the test artist "ana" an account with balance.
func (m *machine) bindArtist(balance uint64) string {
	m.t.Helper()
	k, _ := chain.NewKey()
	m.ok(m.do(OpBind, "ana", api.RoleArtist, "", BindBody{User: "ana", Address: k.Address.Hex()}))
	if balance > 0 {
		m.ok(m.do(OpMint, "admin", api.RoleAdmin, "", api.MintRequest{To: "ana", Amount: balance}))
	}
	return k.Address.Hex()
}

// ledgerJSON is the ledger as bytes, to tell whether a command moved money.
func (m *machine) ledgerJSON() string {
	b, _ := json.Marshal(m.f.s.Ledger)
	return string(b)
}

func TestEscrowSettleRefund(t *testing.T) {
	m := newMachine(t) // fee 250 bps
	ana := m.bindArtist(1000)
	id := m.ok(m.do(OpSubmit, "ana", api.RoleArtist, "", SubmitBody{Spec: api.JobSpec{
		Scene: testCID, FrameStart: 1, FrameEnd: 4, Width: 8, Height: 8, SPP: 1, Chunk: 1, Price: chain.Price{PerFrame: 100},
	}})).Value.(api.Job).ID
	l := m.f.s.Ledger
	if l.Balance(ana) != 600 || l.Escrows[id].Locked != 400 {
		t.Fatalf("after submit: balance %d, escrow %+v", l.Balance(ana), l.Escrows[id])
	}
	la := m.claim("wa")
	m.ok(m.complete("wa", la, la.Units[0]))
	lb := m.claim("wb")
	m.ok(m.complete("wb", lb, lb.Units[0]))
	if got := l.Balance(m.addr("wa")); got != 98 {
		t.Errorf("worker wa has %d, want 100 less the 2.5%% fee = 98", got)
	}
	if got := l.Balance(chain.Treasury); got != 4 {
		t.Errorf("treasury has %d, want 2 fees of 2", got)
	}
	// A second completion of the same unit (a replay of the settled
	// receipt, or a stale lease) moves nothing.
	before := m.ledgerJSON()
	if r := m.complete("wa", la, la.Units[0]); r.Err == nil {
		t.Fatal("a second completion of a settled frame was accepted")
	}
	if m.ledgerJSON() != before {
		t.Fatal("a refused completion moved money")
	}
	// Cancel refunds what is left: 2 frames' worth.
	m.ok(m.do(OpAction, "ana", api.RoleArtist, "", ActionBody{Job: id, ActionRequest: api.ActionRequest{Action: api.ActionCancel}}))
	if l.Balance(ana) != 800 || !l.Escrows[id].Closed {
		t.Fatalf("after cancel: artist has %d (want 800), escrow %+v", l.Balance(ana), l.Escrows[id])
	}
	w := m.f.s.Workers[m.addr("wa")]
	if e := w.Earnings[id]; e == nil || e.Frames != 1 || e.Tokens != 98 || e.RenderMS != 1000 {
		t.Errorf("wa's earnings %+v", e)
	}
}

func TestFailedJobRefundsAndRetryRelocks(t *testing.T) {
	m := newMachine(t)
	ana := m.bindArtist(500)
	r := api.RetryPolicy{MaxWorkers: 1, FailPercent: 50}
	id := m.ok(m.do(OpSubmit, "ana", api.RoleArtist, "", SubmitBody{Spec: api.JobSpec{
		Scene: testCID, FrameStart: 1, FrameEnd: 2, Width: 8, Height: 8, SPP: 1, Chunk: 1, Retry: &r, Price: chain.Price{PerFrame: 100},
	}})).Value.(api.Job).ID
	l := m.claim("wa")
	m.ok(m.fail("wa", l, l.Units[0]))
	if j := m.job(id); j.State != api.JobFailed {
		t.Fatalf("job %s, want failed", j.State)
	}
	if got := m.f.s.Ledger.Balance(ana); got != 500 {
		t.Fatalf("after the job failed the artist has %d, want all 500 back", got)
	}
	m.ok(m.do(OpAction, "ana", api.RoleArtist, "", ActionBody{Job: id, ActionRequest: api.ActionRequest{Action: api.ActionRetry}}))
	if got := m.f.s.Ledger.Balance(ana); got != 400 {
		t.Fatalf("retrying 1 failed frame: artist has %d, want 400 (100 locked again)", got)
	}
}

func TestLedgerBadInputChangesNothing(t *testing.T) {
	m := newMachine(t)
	m.bindArtist(1000)
	spec := func(p chain.Price, frames int) SubmitBody {
		return SubmitBody{Spec: api.JobSpec{Scene: testCID, FrameStart: 1, FrameEnd: frames, Width: 64, Height: 64, SPP: 1024, Price: p}}
	}
	for _, c := range []struct {
		name, op, caller, role string
		body                   any
		want                   string
	}{
		{"job over the balance", OpSubmit, "ana", api.RoleArtist, spec(chain.Price{PerFrame: 600}, 2), "maximum cost is 1200"},
		{"price overflow", OpSubmit, "ana", api.RoleArtist, spec(chain.Price{PerFrame: 1 << 62}, 4), "overflows"},
		{"per-MPS overflow", OpSubmit, "ana", api.RoleArtist, spec(chain.Price{PerMPS: 1 << 63}, 1), "overflows"},
		{"two prices", OpSubmit, "ana", api.RoleArtist, spec(chain.Price{PerFrame: 1, PerMPS: 1}, 1), "not both"},
		{"paid job without an account", OpSubmit, "bob", api.RoleArtist, spec(chain.Price{PerFrame: 1}, 1), "no account"},
		{"transfer over the balance", OpTransfer, "ana", api.RoleArtist, api.TransferRequest{To: "treasury", Amount: 1001}, "insufficient"},
		{"transfer of nothing", OpTransfer, "ana", api.RoleArtist, api.TransferRequest{To: "treasury", Amount: 0}, "positive"},
		{"transfer to nobody", OpTransfer, "ana", api.RoleArtist, api.TransferRequest{To: "0x123", Amount: 1}, "neither an address"},
		{"transfer without an account", OpTransfer, "bob", api.RoleArtist, api.TransferRequest{To: "ana", Amount: 1}, "no account"},
		{"mint overflow", OpMint, "admin", api.RoleAdmin, api.MintRequest{To: "ana", Amount: 1 << 63}, "overflows"},
		{"mint of nothing", OpMint, "admin", api.RoleAdmin, api.MintRequest{To: "ana", Amount: 0}, "positive"},
	} {
		t.Run(c.name, func(t *testing.T) {
			before := m.ledgerJSON()
			jobs := len(m.f.s.Jobs)
			r := m.do(c.op, c.caller, c.role, "", c.body)
			if r.Err == nil || !strings.Contains(r.Err.Message, c.want) {
				t.Fatalf("got %v, want an error with %q", r.Err, c.want)
			}
			if m.ledgerJSON() != before || len(m.f.s.Jobs) != jobs {
				t.Fatal("a refused command changed the ledger or the jobs")
			}
		})
	}
}

func TestRedundantUnitsPayBothRenders(t *testing.T) {
	m := newMachine(t)
	ana := m.bindArtist(1000)
	id := m.ok(m.do(OpSubmit, "ana", api.RoleArtist, "", SubmitBody{Spec: api.JobSpec{
		Scene: testCID, FrameStart: 1, FrameEnd: 1, Width: 8, Height: 8, SPP: 1, Verify: "redundant", Redundancy: 100, Price: chain.Price{PerFrame: 100},
	}})).Value.(api.Job).ID
	if got := m.f.s.Ledger.Escrows[id].Locked; got != 200 {
		t.Fatalf("a frame rendered twice locks %d, want 200", got)
	}
	la := m.claim("wa")
	m.ok(m.completeMode("wa", la, la.Units[0], ModeHold))
	if u := m.job(id).Units[0]; u.State != api.FrameQueued || u.Pending == nil || m.f.s.Ledger.Balance(m.addr("wa")) != 0 {
		t.Fatalf("held render: unit %s, pending %v, wa paid %d", u.State, u.Pending != nil, m.f.s.Ledger.Balance(m.addr("wa")))
	}
	if l := m.claim("wa"); l != nil {
		t.Fatal("the first renderer was given its own frame to confirm")
	}
	lb := m.claim("wb")
	m.ok(m.completeMode("wb", lb, lb.Units[0], ModePair))
	j := m.job(id)
	if j.State != api.JobDone || len(j.Units[0].Receipts) != 2 {
		t.Fatalf("job %s with %d receipts", j.State, len(j.Units[0].Receipts))
	}
	if m.f.s.Ledger.Balance(m.addr("wa")) != 98 || m.f.s.Ledger.Balance(m.addr("wb")) != 98 || m.f.s.Ledger.Balance(ana) != 800 {
		t.Fatal("both renders should be paid and nothing refunded")
	}
}

func TestRejectBlocklistsAndRequeues(t *testing.T) {
	m := newMachine(t)
	ana := m.bindArtist(1000)
	id := m.ok(m.do(OpSubmit, "ana", api.RoleArtist, "", SubmitBody{Spec: api.JobSpec{
		Scene: testCID, FrameStart: 1, FrameEnd: 2, Width: 8, Height: 8, SPP: 1, Chunk: 2, Price: chain.Price{PerFrame: 100},
	}})).Value.(api.Job).ID
	l := m.claim("wa")
	if len(l.Units) != 2 {
		t.Fatalf("lease of %d units", len(l.Units))
	}
	m.ok(m.do(OpReject, "coordinator", api.RoleAdmin, "", RejectBody{Job: id, Worker: m.addr("wa"), Unit: &l.Units[0], Reason: "noise"}))
	j := m.job(id)
	if !j.Blocked[m.addr("wa")] || j.Counts.Queued != 2 || len(j.Log) == 0 || !strings.Contains(j.Log[0], "noise") {
		t.Fatalf("after reject: blocked %v, queued %d, log %v", j.Blocked, j.Counts.Queued, j.Log)
	}
	if l2 := m.claim("wa"); l2 != nil && l2.Job == id {
		t.Fatal("a rejected worker got the job's frames again")
	}
	if m.f.s.Ledger.Balance(m.addr("wa")) != 0 || m.f.s.Ledger.Balance(ana) != 800 {
		t.Fatal("a reject moved money")
	}
}
