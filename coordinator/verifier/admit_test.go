package verifier

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/chain"
	"github.com/rendergrid/rendergrid/coordinator/state"
)

const testCID = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy"

// farm is a state machine with a job of two frames and one lease of a
// worker, applied as the Raft node would.
type farm struct {
	t     *testing.T
	m     *state.Machine
	idx   uint64
	key   *chain.Key
	lease *api.Lease
}

func (f *farm) do(op, caller, role, key string, body any) state.Result {
	f.t.Helper()
	b, _ := json.Marshal(body)
	f.idx++
	data, _ := json.Marshal([]state.Command{{V: state.CommandVersion, Op: op, Key: key, Now: 1_700_000_000_000 + int64(f.idx), Caller: caller, Role: role, Body: b}})
	r := f.m.Apply(f.idx, data)[0]
	if r.Err != nil {
		f.t.Fatalf("%s: %v", op, r.Err)
	}
	return r
}

func newFarm(t *testing.T) *farm {
	f := &farm{t: t, m: state.NewMachine(nil)}
	var err error
	if f.key, err = chain.NewKey(); err != nil {
		t.Fatal(err)
	}
	w := f.key.Address.Hex()
	f.do(state.OpConfig, "coordinator", api.RoleAdmin, "", state.ConfigBody{ChainID: 1337})
	f.do(state.OpRegister, "enrol", api.RoleEnrol, "", state.RegisterBody{ID: w, Caps: api.Capabilities{Engines: []string{"cpu"}}, TokenHash: "h", Nonce: fmt.Sprintf("%d.w", 1_700_000_000_000)})
	f.do(state.OpSubmit, "ana", api.RoleArtist, "", state.SubmitBody{Spec: api.JobSpec{Scene: testCID, FrameStart: 1, FrameEnd: 2, Width: 8, Height: 8, SPP: 4, Verify: "none"}})
	f.lease = f.do(state.OpClaim, w, api.RoleWorker, "", state.ClaimBody{TTLMS: 1000}).Value.(*api.Lease)
	return f
}

// request is a worker's completion of the lease's first unit, changed by
// edit before it is signed with key.
func (f *farm) request(key *chain.Key, edit func(*chain.Receipt)) *api.CompleteRequest {
	r := f.lease.Receipt(f.lease.Units[0], f.key.Address, testCID, 4*64, 10, "cpu")
	if edit != nil {
		edit(&r)
	}
	req, err := api.Complete(key, r, nil)
	if err != nil {
		f.t.Fatal(err)
	}
	return &req
}

// TestAdmit: a receipt is checked against the state before any pixel is
// re-rendered: a lie blocklists (a *Lie), a stale or malformed one is a
// plain refusal (a *state.Error with its code), an honest one yields the
// unit's spec and price, and a retry of an applied completion gets its
// first answer.
func TestAdmit(t *testing.T) {
	f := newFarm(t)
	w := f.key.Address.Hex()
	other, _ := chain.NewKey()
	for _, tc := range []struct {
		name string
		req  *api.CompleteRequest
		lie  string // a *Lie containing this
		code string // or a *state.Error with this code
	}{
		{"honest", f.request(f.key, nil), "", ""},
		{"signed by another key", f.request(other, nil), "forged signature", ""},
		{"another worker's name", f.request(other, func(r *chain.Receipt) { r.Worker = other.Address }), "naming worker", ""},
		{"other parameters", f.request(f.key, func(r *chain.Receipt) { r.ParamsHash[0] ^= 1 }), "render parameters", ""},
		{"another scene", f.request(f.key, func(r *chain.Receipt) { r.SceneCID = "bafkother" }), "signed for scene", ""},
		{"another chain", f.request(f.key, func(r *chain.Receipt) { r.ChainID = 1 }), "signed for chain", ""},
		{"fewer samples", f.request(f.key, func(r *chain.Receipt) { r.Samples = 1 }), "fewer than", ""},
		{"a stale lease", f.request(f.key, func(r *chain.Receipt) { r.LeaseEpoch++ }), "", state.CodeStaleLease},
		{"frame out of range", f.request(f.key, func(r *chain.Receipt) { r.Frame = 1 << 40 }), "", state.CodeBadRequest},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pu, replay, err := Admit(f.m, w, "", tc.req)
			var l *Lie
			var se *state.Error
			switch {
			case replay != nil:
				t.Fatalf("a first completion was answered as a replay")
			case tc.lie != "":
				if !errors.As(err, &l) || !strings.Contains(l.Reason, tc.lie) {
					t.Fatalf("got %v, want a lie containing %q", err, tc.lie)
				}
			case tc.code != "":
				if !errors.As(err, &se) || se.Code != tc.code {
					t.Fatalf("got %v, want a refusal %s", err, tc.code)
				}
			case err != nil:
				t.Fatalf("an honest receipt: %v", err)
			case pu.Unit != f.lease.Units[0] || pu.Spec.SPP != 4 || pu.ChainID != 1337 || pu.Need != 1:
				t.Fatalf("pending unit %+v", pu)
			}
		})
	}
	// A completion applied under a key is answered from the state.
	sg := chain.Signed{Acceptance: chain.Acceptance{Receipt: f.request(f.key, nil).Receipt}, WorkerSignature: f.request(f.key, nil).Signature}
	f.do(state.OpComplete, w, api.RoleWorker, "k1", state.CompleteBody{Signed: sg})
	if _, replay, err := Admit(f.m, w, "k1", f.request(f.key, nil)); replay == nil || err != nil {
		t.Errorf("a retried completion: replay %v, err %v; want the first answer", replay, err)
	}
	var l *Lie
	if _, _, err := Admit(f.m, w, "k2", f.request(f.key, nil)); !errors.As(err, &l) || !strings.Contains(l.Reason, "already settled") {
		t.Errorf("the same receipt under a new key: %v, want a replayed-receipt lie", err)
	}
}
