package state

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	jobdef "github.com/rendergrid/rendergrid/job"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/chain"
)

// machine drives a state machine directly, as Raft would.
type machine struct {
	t    *testing.T
	f    *Machine
	idx  uint64
	now  int64
	keys map[string]*chain.Key // workers by test name
}

func newMachine(t *testing.T) *machine {
	m := &machine{t: t, f: NewMachine(nil), now: 1_700_000_000_000, keys: map[string]*chain.Key{}}
	m.ok(m.do(OpConfig, "coordinator", api.RoleAdmin, "", ConfigBody{ChainID: 1337, FeeBPS: 250}))
	for _, w := range []string{"wa", "wb", "wc", "wd", "small"} {
		k, err := chain.NewKey()
		if err != nil {
			t.Fatal(err)
		}
		m.keys[w] = k
		caps := api.Capabilities{Name: w, Engines: []string{"cpu"}, Tags: []string{"big"}}
		if w == "small" {
			caps.Tags = nil
		}
		m.ok(m.do(OpRegister, "enrol", api.RoleEnrol, "", RegisterBody{ID: k.Address.Hex(), Caps: caps, TokenHash: "h" + w, Nonce: fmt.Sprintf("%d.%s", m.now, w)}))
	}
	return m
}

// addr is the account of a test worker name.
func (m *machine) addr(name string) string { return m.keys[name].Address.Hex() }

// do applies one command in its own log entry; a test worker's name as
// caller stands for its address.
func (m *machine) do(op, caller, role, key string, body any) Result {
	m.t.Helper()
	if k := m.keys[caller]; k != nil {
		caller = k.Address.Hex()
	}
	b, _ := json.Marshal(body)
	m.now += 10
	m.idx++
	data, _ := json.Marshal([]Command{{V: CommandVersion, Op: op, Key: key, Now: m.now, Caller: caller, Role: role, Body: b}})
	rs := m.f.Apply(m.idx, data)
	// The ledger's invariants hold after every command of every test.
	if err := m.f.s.Ledger.Check(); err != nil {
		m.t.Fatalf("after %s: ledger invariant broken: %v", op, err)
	}
	return rs[0]
}

func (m *machine) ok(r Result) Result {
	m.t.Helper()
	if r.Err != nil {
		m.t.Fatalf("unexpected error: %v", r.Err)
	}
	return r
}

func (m *machine) submit(spec api.JobSpec) string {
	m.t.Helper()
	if spec.Scene == "" {
		spec.Scene = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy"
	}
	if spec.Width == 0 {
		spec.Width, spec.Height, spec.SPP = 8, 8, 1
	}
	return m.ok(m.do(OpSubmit, "ana", api.RoleArtist, "", SubmitBody{Spec: spec})).Value.(api.Job).ID
}

func (m *machine) claim(w string) *api.Lease {
	m.t.Helper()
	r := m.ok(m.do(OpClaim, w, api.RoleWorker, "", ClaimBody{TTLMS: 1000}))
	l, _ := r.Value.(*api.Lease)
	return l
}

const testCID = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy"

// complete reports unit u of l as the leader does once it checked the
// receipt: countersigned, with the unit's price and fee.
func (m *machine) complete(w string, l *api.Lease, u api.Unit) Result {
	return m.completeMode(w, l, u, "")
}

func (m *machine) completeMode(w string, l *api.Lease, u api.Unit, mode string) Result {
	m.t.Helper()
	k := m.keys[w]
	r := l.Receipt(u, k.Address, testCID, 1, 1000, "cpu")
	sig, _ := r.Sign(k)
	j := m.job(l.Job)
	price, fee := uint64(0), uint64(0)
	if i := j.UnitOf(u); i >= 0 {
		price, _ = jobdef.UnitPrice(&j.Spec, i)
		fee, _ = chain.Fee(price, j.FeeBPS)
	}
	sg := chain.Signed{Acceptance: chain.Acceptance{Receipt: r, Price: price, Fee: fee, AcceptedAt: uint64(m.now)}, WorkerSignature: sig}
	return m.do(OpComplete, w, api.RoleWorker, "", CompleteBody{Signed: sg, Mode: mode})
}

func (m *machine) fail(w string, l *api.Lease, u api.Unit) Result {
	return m.do(OpFail, w, api.RoleWorker, "", api.FailRequest{Lease: l.ID, Unit: u, Error: "boom"})
}

func (m *machine) job(id string) *Job { return m.f.s.Jobs[id] }

func TestSchedulingOrder(t *testing.T) {
	m := newMachine(t)
	low := m.submit(api.JobSpec{FrameStart: 1, FrameEnd: 2, Chunk: 1})
	high := m.submit(api.JobSpec{FrameStart: 1, FrameEnd: 2, Chunk: 1, Priority: 5})
	older := m.submit(api.JobSpec{FrameStart: 1, FrameEnd: 1, Chunk: 1, Priority: 5})
	_ = older
	tagged := m.submit(api.JobSpec{FrameStart: 1, FrameEnd: 1, Chunk: 1, Priority: 9, Tags: []string{"big"}})
	var got []string
	for range 6 {
		l := m.claim("small")
		if l == nil {
			break
		}
		got = append(got, fmt.Sprintf("%s/%d", l.Job, l.Units[0].Frame))
	}
	want := []string{high + "/1", high + "/2", older + "/1", low + "/1", low + "/2"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("a worker without the tag got %v, want %v (priority, then age; the tagged job skipped)", got, want)
	}
	if l := m.claim("wa"); l == nil || l.Job != tagged {
		t.Errorf("the tagged worker got %+v, want job %s", l, tagged)
	}
}

func TestRetryRules(t *testing.T) {
	tests := []struct {
		name       string
		retry      api.RetryPolicy
		frames     int
		failures   []string // workers that fail, in turn, the unit they are given
		wantUnit   string   // state of frame 1 afterwards
		wantJob    string
		wantBlocks []string
	}{
		{"requeued under the limit", api.RetryPolicy{MaxWorkers: 3}, 2, []string{"wa", "wb"}, api.FrameQueued, api.JobRunning, nil},
		{"fails on N distinct workers", api.RetryPolicy{MaxWorkers: 2}, 4, []string{"wa", "wb"}, api.FrameFailed, api.JobRunning, nil},
		{"job fails at P%", api.RetryPolicy{MaxWorkers: 1, FailPercent: 50}, 2, []string{"wa"}, api.FrameFailed, api.JobFailed, nil},
		{"blocklist after K", api.RetryPolicy{BlocklistAfter: 1}, 3, []string{"wa"}, api.FrameQueued, api.JobRunning, []string{"wa"}},
		{"rules off", api.RetryPolicy{}, 1, []string{"wa", "wb", "wc", "wd"}, api.FrameQueued, api.JobRunning, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := newMachine(t)
			r := tc.retry
			id := m.submit(api.JobSpec{FrameStart: 1, FrameEnd: tc.frames, Chunk: 1, Retry: &r})
			for _, w := range tc.failures {
				l := m.claim(w)
				if l == nil || l.Units[0].Frame != 1 {
					t.Fatalf("%s claimed %+v, want frame 1", w, l)
				}
				m.ok(m.fail(w, l, l.Units[0]))
			}
			j := m.job(id)
			var wantBlocks []string
			for _, w := range tc.wantBlocks {
				wantBlocks = append(wantBlocks, m.addr(w))
			}
			if j.Units[0].State != tc.wantUnit || j.State != tc.wantJob || fmt.Sprint(j.View(m.f.s.Ledger).Blocklist) != fmt.Sprint(wantBlocks) {
				t.Errorf("frame 1 %s, job %s, blocklist %v; want %s, %s, %v", j.Units[0].State, j.State, j.View(m.f.s.Ledger).Blocklist, tc.wantUnit, tc.wantJob, tc.wantBlocks)
			}
			// A worker never gets back a frame that failed on it.
			if l := m.claim(tc.failures[0]); l != nil && l.Job == id && l.Units[0].Frame == 1 {
				t.Errorf("worker %s got frame 1 again after failing it", tc.failures[0])
			}
		})
	}
}

// TestHasWorkMatchesClaim: a worker whose only queued unit is one it
// failed has no work (its long poll waits instead of claiming nothing
// again and again); another worker has.
func TestHasWorkMatchesClaim(t *testing.T) {
	m := newMachine(t)
	r := api.RetryPolicy{MaxWorkers: 3}
	m.submit(api.JobSpec{FrameStart: 1, FrameEnd: 1, Retry: &r})
	if !HasWork(m.f.s, m.addr("wa")) {
		t.Fatal("a queued frame is not work")
	}
	l := m.claim("wa")
	m.ok(m.fail("wa", l, l.Units[0]))
	if HasWork(m.f.s, m.addr("wa")) {
		t.Error("the frame wa failed is work for wa; its claim would get nothing")
	}
	if m.claim("wa") != nil {
		t.Error("wa was granted the frame it failed")
	}
	if !HasWork(m.f.s, m.addr("wb")) {
		t.Error("the frame wa failed is not work for wb")
	}
}

func TestStaleLeaseRejected(t *testing.T) {
	m := newMachine(t)
	id := m.submit(api.JobSpec{FrameStart: 1, FrameEnd: 1})
	la := m.claim("wa")
	m.ok(m.do(OpExpire, "coordinator", api.RoleAdmin, "", ExpireBody{Leases: []uint64{la.ID}}))
	lb := m.claim("wb")
	if lb == nil || lb.ID == la.ID {
		t.Fatalf("second lease %+v", lb)
	}
	before := stateJSONOf(t, m.f)
	r := m.complete("wa", la, la.Units[0])
	if r.Err == nil || r.Err.Code != CodeStaleLease {
		t.Fatalf("completion under the expired lease: %+v, want stale_lease", r.Err)
	}
	r = m.complete("wa", lb, lb.Units[0])
	if r.Err == nil || r.Err.Code != CodeForbidden {
		t.Fatalf("completion of another worker's lease: %+v, want forbidden", r.Err)
	}
	// Rejections change nothing but the clock.
	after := stateJSONOf(t, m.f)
	var a, b State
	json.Unmarshal([]byte(before), &a)
	json.Unmarshal([]byte(after), &b)
	a.Now, b.Now = 0, 0
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if string(ja) != string(jb) {
		t.Error("a rejected completion changed the state")
	}
	m.ok(m.complete("wb", lb, lb.Units[0]))
	if j := m.job(id); j.State != api.JobDone || j.Units[0].Completions != 1 || j.Units[0].Worker != m.addr("wb") {
		t.Errorf("job %s, unit %+v", j.State, j.Units[0])
	}
}

func TestIdempotentCommands(t *testing.T) {
	m := newMachine(t)
	body := SubmitBody{Spec: api.JobSpec{Scene: testCID, FrameStart: 1, FrameEnd: 3, Width: 8, Height: 8, SPP: 1}}
	a := m.ok(m.do(OpSubmit, "ana", api.RoleArtist, "k1", body))
	b := m.ok(m.do(OpSubmit, "ana", api.RoleArtist, "k1", body))
	if len(m.f.s.Jobs) != 1 {
		t.Fatalf("a replayed submit made %d jobs", len(m.f.s.Jobs))
	}
	ja, _ := json.Marshal(a.Value)
	jb, _ := json.Marshal(b.Value)
	if string(ja) != string(jb) {
		t.Errorf("replay answered %s, first %s", jb, ja)
	}
	// Another caller's key is another request.
	m.ok(m.do(OpSubmit, "bob", api.RoleArtist, "k1", body))
	if len(m.f.s.Jobs) != 2 {
		t.Errorf("keys are not scoped by caller")
	}
}

func TestJobActions(t *testing.T) {
	m := newMachine(t)
	id := m.submit(api.JobSpec{FrameStart: 1, FrameEnd: 4, Chunk: 1, Retry: &api.RetryPolicy{MaxWorkers: 1}})
	act := func(caller, role, action string) Result {
		return m.do(OpAction, caller, role, "", ActionBody{Job: id, ActionRequest: api.ActionRequest{Action: action}})
	}
	if r := act("bob", api.RoleArtist, api.ActionPause); r.Err == nil || r.Err.Code != CodeNotFound {
		t.Fatalf("another artist paused the job: %+v", r.Err)
	}
	m.ok(act("ana", api.RoleArtist, api.ActionPause))
	if l := m.claim("wa"); l != nil {
		t.Fatalf("a paused job was leased: %+v", l)
	}
	m.ok(act("ana", api.RoleArtist, api.ActionResume))
	l := m.claim("wa")
	m.ok(m.fail("wa", l, l.Units[0]))
	if m.job(id).Units[0].State != api.FrameFailed {
		t.Fatal("frame did not fail")
	}
	m.ok(act("ana", api.RoleArtist, api.ActionRetry))
	if u := m.job(id).Units[0]; u.State != api.FrameQueued || len(u.FailedOn) != 0 {
		t.Errorf("retried frame: %+v", u)
	}
	l = m.claim("wb")
	m.ok(act("admin", api.RoleAdmin, api.ActionCancel))
	j := m.job(id)
	if j.State != api.JobCanceled || j.Counts.Canceled != 4 || len(m.f.s.Leases) != 0 {
		t.Errorf("canceled job: %s %+v, %d leases", j.State, j.Counts, len(m.f.s.Leases))
	}
	if r := m.complete("wb", l, l.Units[0]); r.Err == nil {
		t.Error("a completion after cancel was accepted")
	}
	if r := act("ana", api.RoleArtist, api.ActionCancel); r.Err == nil || r.Err.Code != CodeConflict {
		t.Errorf("cancel twice: %+v, want conflict", r.Err)
	}
}

func TestChunkAndTiles(t *testing.T) {
	m := newMachine(t)
	id := m.submit(api.JobSpec{FrameStart: 10, FrameEnd: 19, Chunk: 3, TilesX: 2, TilesY: 1, Width: 10, Height: 4, SPP: 1})
	l := m.claim("wa")
	if len(l.Units) != 3 || l.Units[0] != (api.Unit{Frame: 10, Tile: 0}) || l.Units[2] != (api.Unit{Frame: 11, Tile: 0}) {
		t.Errorf("chunk of 3 tiles: %+v", l.Units)
	}
	if r := m.job(id).FrameView(1).Region; r != [4]int{5, 0, 10, 4} {
		t.Errorf("tile 1 region %v", r)
	}
	// Auto chunking starts at one unit, then aims at the target time.
	auto := m.submit(api.JobSpec{FrameStart: 1, FrameEnd: 200, Priority: 10})
	a := m.claim("wb")
	if a.Job != auto || len(a.Units) != 1 {
		t.Fatalf("first auto lease %+v", a)
	}
	m.ok(m.complete("wb", a, a.Units[0])) // 1 s per frame
	a = m.claim("wb")
	if len(a.Units) != maxAutoChunk {
		t.Errorf("auto chunk after 1 s frames: %d units, want %d", len(a.Units), maxAutoChunk)
	}
}

func TestBadSpecs(t *testing.T) {
	base := api.JobSpec{Scene: testCID, FrameStart: 1, FrameEnd: 10, Width: 64, Height: 64, SPP: 4}
	tests := []struct {
		name string
		edit func(*api.JobSpec)
		want string
	}{
		{"reversed range", func(s *api.JobSpec) { s.FrameStart, s.FrameEnd = 10, 1 }, "reversed"},
		{"too many frames", func(s *api.JobSpec) { s.FrameEnd = 1_000_000 }, "at most 100000"},
		{"negative start", func(s *api.JobSpec) { s.FrameStart = -5 }, "below 0"},
		{"no scene", func(s *api.JobSpec) { s.Scene = "" }, "no scene"},
		{"bad CID", func(s *api.JobSpec) { s.Scene = "QmNotACid" }, "scene"},
		{"zero resolution", func(s *api.JobSpec) { s.Width = 0 }, "resolution"},
		{"too many tiles", func(s *api.JobSpec) { s.TilesX = 100 }, "tiles"},
		{"bad retry", func(s *api.JobSpec) { s.Retry = &api.RetryPolicy{FailPercent: 150} }, "fail_percent"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := newMachine(t)
			s := base
			tc.edit(&s)
			r := m.do(OpSubmit, "ana", api.RoleArtist, "", SubmitBody{Spec: s})
			if r.Err == nil || r.Err.Code != CodeBadRequest || !strings.Contains(r.Err.Message, tc.want) {
				t.Fatalf("got %+v, want a 400 mentioning %q", r.Err, tc.want)
			}
			if len(m.f.s.Jobs) != 0 {
				t.Error("a rejected job was stored")
			}
		})
	}
}

// TestIdempotencyWindow: a key is remembered for the window, then
// forgotten, and a restored state forgets in the same order.
func TestIdempotencyWindow(t *testing.T) {
	m := newMachine(t)
	body := SubmitBody{Spec: api.JobSpec{Scene: testCID, FrameStart: 1, FrameEnd: 1, Width: 8, Height: 8, SPP: 1}}
	m.ok(m.do(OpSubmit, "ana", api.RoleArtist, "old", body))
	m.now += requestWindowMS / 2
	m.ok(m.do(OpSubmit, "ana", api.RoleArtist, "young", body))
	m.now += requestWindowMS/2 + 1000
	m.ok(m.do(OpToken, "admin", api.RoleAdmin, "tick", TokenBody{Hash: "x", User: "u", Role: api.RoleArtist}))
	if _, ok := m.f.s.Requests["ana\x00old"]; ok {
		t.Error("a key older than the window is still remembered")
	}
	if _, ok := m.f.s.Requests["ana\x00young"]; !ok {
		t.Error("a key inside the window was forgotten")
	}
	fresh := NewMachine(nil)
	if err := fresh.Restore(bytes.NewReader(snapshotBytes(t, m.f))); err != nil {
		t.Fatal(err)
	}
	if got, want := fmt.Sprint(fresh.s.reqOrder), fmt.Sprint(m.f.s.reqOrder); got != want {
		t.Errorf("restored key order %s, want %s", got, want)
	}
}

// snapshotBytes is what f's snapshot persists now.
func snapshotBytes(t testing.TB, f *Machine) []byte {
	t.Helper()
	snap, err := f.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := snap.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// stateJSONOf is the whole state's encoding.
func stateJSONOf(t *testing.T, f *Machine) string {
	t.Helper()
	var b []byte
	f.Read(func(s *State) { b, _ = json.Marshal(s) })
	return string(b)
}

// TestPauseWorker: the enrolment token's user owns the worker and may
// pause it; a paused worker has no work and claims none; another user may
// not pause it, an operator may; resuming gives it work again.
func TestPauseWorker(t *testing.T) {
	m := newMachine(t)
	m.submit(api.JobSpec{FrameStart: 1, FrameEnd: 2})
	wa := m.addr("wa")
	if owner := m.f.s.Workers[wa].Owner; owner != "enrol" {
		t.Fatalf("wa's owner is %q; want the enrolment token's user", owner)
	}
	if r := m.do(OpPauseWorker, "mallory", api.RoleArtist, "", PauseWorkerBody{ID: wa, Paused: true}); r.Err == nil || r.Err.Code != CodeForbidden {
		t.Fatalf("another user pausing wa: %+v, want forbidden", r.Err)
	}
	m.ok(m.do(OpPauseWorker, "enrol", api.RoleArtist, "", PauseWorkerBody{ID: wa, Paused: true}))
	if HasWork(m.f.s, wa) || m.claim("wa") != nil {
		t.Fatal("a paused worker has work or was granted a lease")
	}
	if v := WorkerView(m.f.s, wa); !v.Paused || v.Owner != "enrol" {
		t.Errorf("the view of paused wa: %+v", v)
	}
	m.ok(m.do(OpPauseWorker, "root", api.RoleAdmin, "", PauseWorkerBody{ID: wa, Paused: false}))
	l := m.claim("wa")
	if l == nil {
		t.Fatal("a resumed worker got no lease")
	}
	if v := WorkerView(m.f.s, wa); v.Lease == nil || v.Lease.ID != l.ID {
		t.Errorf("the view shows lease %+v; the worker holds %d", v.Lease, l.ID)
	}
}
