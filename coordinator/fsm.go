package coordinator

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/hashicorp/raft"

	"github.com/rendergrid/rendergrid/api"
)

// Command ops. A log entry holds a batch of commands (see batch.go); each
// is applied in order and has its own result.
const (
	opSubmit     = "submit"
	opClaim      = "claim"
	opComplete   = "complete"
	opFail       = "fail"
	opRelease    = "release"
	opExpire     = "expire"
	opStuck      = "stuck"
	opAction     = "action"
	opRegister   = "register"
	opToken      = "token"
	opNode       = "node"
	opRemoveNode = "remove_node"
	opConfig     = "config"
	opBind       = "bind"
	opMint       = "mint"
	opTransfer   = "transfer"
	opReject     = "reject"
	opBridge     = "bridge"
	opWithdraw   = "withdraw"
	opFunded     = "funded"
	opChainPaid  = "chainpaid"
	opMintNFT    = "mintnft"
	opRevoke     = "revoke"
	opArchive    = "archive"
	opForget     = "forget"
	opStored     = "stored"
	opUnstore    = "unstore"
)

// commandVersion is written in every command; apply rejects commands from
// a newer version rather than misreading them.
const commandVersion = 1

// command is one change to the state. The leader stamps Now; Key, when set,
// makes a retried command return the first outcome instead of acting twice.
type command struct {
	V      int             `json:"v"`
	Op     string          `json:"op"`
	Key    string          `json:"key,omitempty"`
	Bind   string          `json:"bind,omitempty"` // hash of the request a key was sent with
	Now    int64           `json:"now"`            // unix milliseconds
	Caller string          `json:"caller,omitempty"`
	Role   string          `json:"role,omitempty"`
	Body   json.RawMessage `json:"body,omitempty"`
}

// result is the outcome of one command.
type result struct {
	Value any
	Err   *api.Error
}

// Bodies of the commands.
type (
	submitBody struct {
		Spec api.JobSpec `json:"spec"`
		// Quota is the leader's per-user quota, checked in apply so that
		// concurrent submits cannot both slip under it.
		Quota *Quota `json:"quota,omitempty"`
	}
	claimBody struct {
		TTLMS int64 `json:"ttl_ms"`
	}
	expireBody struct {
		Leases []uint64 `json:"leases"`
	}
	stuckBody struct {
		Job   string `json:"job"`
		Units []int  `json:"units"`
		Lease uint64 `json:"lease"`
	}
	actionBody struct {
		Job string `json:"job"`
		api.ActionRequest
	}
	registerBody struct {
		ID        string           `json:"id"`
		Caps      api.Capabilities `json:"caps"`
		TokenHash string           `json:"token_hash"`
		// EnrolHash is the hash of the token that enrolled the worker
		// (its use is counted); Nonce the challenge it signed.
		EnrolHash string `json:"enrol_hash,omitempty"`
		Nonce     string `json:"nonce,omitempty"`
	}
	tokenBody struct {
		Hash    string `json:"hash"`
		User    string `json:"user"`
		Role    string `json:"role"`
		Expires int64  `json:"expires,omitempty"`
		Uses    int    `json:"uses,omitempty"`
	}
	revokeBody struct {
		ID string `json:"id"`
	}
)

// fsm is the replicated state machine: raft.FSM over state.
type fsm struct {
	mu sync.RWMutex
	s  *state
	// emit receives events as they happen; it must not block.
	emit func(api.Event)
	// applied is closed and replaced after every apply, so waiters wake.
	applied chan struct{}
}

var _ raft.FSM = (*fsm)(nil)

func newFSM(emit func(api.Event)) *fsm {
	if emit == nil {
		emit = func(api.Event) {}
	}
	return &fsm{s: newState(), emit: emit, applied: make(chan struct{})}
}

// Apply applies one log entry: a JSON array of commands.
func (f *fsm) Apply(l *raft.Log) any {
	if l.Type != raft.LogCommand {
		return nil
	}
	var cmds []command
	if err := json.Unmarshal(l.Data, &cmds); err != nil {
		// Every node rejects the same bytes the same way.
		return []result{{Err: badRequest("undecodable log entry %d: %v", l.Index, err)}}
	}
	if checkSnapshots {
		defer f.checkSnapshot()()
	}
	f.mu.Lock()
	out := make([]result, len(cmds))
	for i := range cmds {
		out[i] = f.applyOne(&cmds[i])
	}
	close(f.applied)
	f.applied = make(chan struct{})
	f.mu.Unlock()
	return out
}

// applyOne applies a command, answering a replayed key with its first
// outcome.
func (f *fsm) applyOne(c *command) result {
	s := f.s
	if c.Now > s.Now {
		s.Now = c.Now
	}
	if c.V > commandVersion {
		return result{Err: badRequest("command version %d is newer than this coordinator's %d; upgrade it", c.V, commandVersion)}
	}
	key := ""
	if c.Key != "" {
		key = c.Caller + "\x00" + c.Key
		if r, ok := s.Requests[key]; ok {
			if r.Bind != "" && c.Bind != "" && r.Bind != c.Bind {
				return result{Err: errorf(http.StatusUnprocessableEntity, codeKeyReused,
					"idempotency key %q was first sent with another request; a new request needs a new key", c.Key)}
			}
			if r.Err != nil {
				return result{Err: r.Err}
			}
			if r.Unit != nil {
				j := s.Jobs[r.Job]
				if j == nil || j.unitOf(*r.Unit) < 0 {
					return result{Err: notFound("job %s not found (it was archived)", r.Job)}
				}
				return result{Value: j.frameView(j.unitOf(*r.Unit))}
			}
			return result{Value: json.RawMessage(r.Result)}
		}
	}
	r := f.dispatch(c)
	if key != "" {
		rec := request{At: c.Now, Err: r.Err, Bind: c.Bind}
		if fr, ok := r.Value.(api.Frame); ok && r.Err == nil {
			rec.Job, rec.Unit = fr.Job, &api.Unit{Frame: fr.Frame, Tile: fr.Tile}
		} else if r.Err == nil {
			rec.Result, _ = json.Marshal(r.Value)
		}
		s.remember(key, rec)
	}
	return r
}

func (f *fsm) dispatch(c *command) result {
	s := f.s
	switch c.Op {
	case opSubmit:
		var b submitBody
		if err := json.Unmarshal(c.Body, &b); err != nil {
			return result{Err: badRequest("submit: %v", err)}
		}
		if err := s.checkQuota(c, b.Quota, &b.Spec); err != nil {
			return result{Err: err}
		}
		return wrap(f.submit(c, b.Spec))
	case opClaim:
		var b claimBody
		if err := json.Unmarshal(c.Body, &b); err != nil {
			return result{Err: badRequest("claim: %v", err)}
		}
		l, err := f.claim(c.Now, c.Caller, b.TTLMS)
		if err != nil {
			return result{Err: err}
		}
		if l == nil {
			return result{}
		}
		return result{Value: l}
	case opComplete:
		var b completeBody
		if err := json.Unmarshal(c.Body, &b); err != nil {
			return result{Err: badRequest("complete: %v", err)}
		}
		return wrap(f.complete(c.Now, c.Caller, b))
	case opFail:
		var b api.FailRequest
		if err := json.Unmarshal(c.Body, &b); err != nil {
			return result{Err: badRequest("fail: %v", err)}
		}
		return wrap(f.fail(c.Now, c.Caller, b))
	case opRelease:
		var b api.ReleaseRequest
		if err := json.Unmarshal(c.Body, &b); err != nil {
			return result{Err: badRequest("release: %v", err)}
		}
		if b.All {
			return wrap(f.releaseAll(c.Now, c.Caller))
		}
		return wrap(f.release(c.Now, c.Caller, b.Lease))
	case opExpire:
		var b expireBody
		if err := json.Unmarshal(c.Body, &b); err != nil {
			return result{Err: badRequest("expire: %v", err)}
		}
		n := 0
		for _, id := range b.Leases {
			if l := s.Leases[id]; l != nil {
				f.requeueLease(c.Now, l, true, "lease %d expired: no heartbeat from worker %s", l.ID, l.Worker)
				n++
			}
		}
		return result{Value: n}
	case opStuck:
		var b stuckBody
		if err := json.Unmarshal(c.Body, &b); err != nil {
			return result{Err: badRequest("stuck: %v", err)}
		}
		f.markStuck(c.Now, b)
		return result{}
	case opAction:
		var b actionBody
		if err := json.Unmarshal(c.Body, &b); err != nil {
			return result{Err: badRequest("action: %v", err)}
		}
		return wrap(f.action(c, b))
	case opRegister:
		var b registerBody
		if err := json.Unmarshal(c.Body, &b); err != nil {
			return result{Err: badRequest("register: %v", err)}
		}
		if err := s.useNonce(b.Nonce, c.Now); err != nil {
			return result{Err: err}
		}
		if err := s.useEnrolToken(b.EnrolHash, c.Now); err != nil {
			return result{Err: err}
		}
		w := s.Workers[b.ID]
		if w == nil {
			w = &worker{Registered: c.Now}
			s.Workers[b.ID] = w
		}
		if w.TokenHash != "" {
			delete(s.Tokens, w.TokenHash)
		}
		w.Caps, w.LastSeen, w.TokenHash = b.Caps, c.Now, b.TokenHash
		s.Tokens[b.TokenHash] = token{principal: principal{User: b.ID, Role: api.RoleWorker}, Created: c.Now}
		return result{Value: b.ID}
	case opToken:
		var b tokenBody
		if err := json.Unmarshal(c.Body, &b); err != nil {
			return result{Err: badRequest("token: %v", err)}
		}
		if _, revoked := s.Revoked[b.Hash]; revoked {
			return result{Err: forbidden("that token was revoked and cannot be added again")}
		}
		s.Tokens[b.Hash] = token{principal: principal{User: b.User, Role: b.Role}, Created: c.Now, Expires: b.Expires, Uses: b.Uses}
		return result{}
	case opArchive:
		var b archiveBody
		if err := json.Unmarshal(c.Body, &b); err != nil {
			return result{Err: badRequest("archive: %v", err)}
		}
		return s.archive(b, c.Now)
	case opForget:
		var b forgetBody
		if err := json.Unmarshal(c.Body, &b); err != nil {
			return result{Err: badRequest("forget: %v", err)}
		}
		return s.forgetWorkers(b, c.Now)
	case opStored:
		var b storedBody
		if err := json.Unmarshal(c.Body, &b); err != nil {
			return result{Err: badRequest("stored: %v", err)}
		}
		return s.store(c, b)
	case opUnstore:
		var b api.UploadRef
		if err := json.Unmarshal(c.Body, &b); err != nil {
			return result{Err: badRequest("unstore: %v", err)}
		}
		return s.unstore(c, b.CID)
	case opRevoke:
		var b revokeBody
		if err := json.Unmarshal(c.Body, &b); err != nil {
			return result{Err: badRequest("revoke: %v", err)}
		}
		return s.revoke(b.ID, c.Now)
	case opNode:
		var b api.JoinRequest
		if err := json.Unmarshal(c.Body, &b); err != nil {
			return result{Err: badRequest("node: %v", err)}
		}
		s.Nodes[b.ID] = b
		return result{}
	case opRemoveNode:
		var b api.JoinRequest
		if err := json.Unmarshal(c.Body, &b); err != nil {
			return result{Err: badRequest("remove node: %v", err)}
		}
		delete(s.Nodes, b.ID)
		return result{}
	case opConfig:
		var b configBody
		if err := json.Unmarshal(c.Body, &b); err != nil {
			return result{Err: badRequest("config: %v", err)}
		}
		f.config(b)
		return result{}
	case opBind:
		var b bindBody
		if err := json.Unmarshal(c.Body, &b); err != nil {
			return result{Err: badRequest("bind: %v", err)}
		}
		s.Users[b.User] = b.Address
		return result{Value: b.Address}
	case opMint:
		var b api.MintRequest
		if err := json.Unmarshal(c.Body, &b); err != nil {
			return result{Err: badRequest("mint: %v", err)}
		}
		to, err := s.resolve(b.To)
		if err != nil {
			return result{Err: err}
		}
		if b.Amount == 0 {
			return result{Err: badRequest("mint of 0: give a positive amount")}
		}
		if s.evm() {
			return result{Err: badRequest("this farm settles on chain: its money comes from the escrow contract, not from minting")}
		}
		if err := s.Ledger.Mint(c.Now, to, b.Amount); err != nil {
			return result{Err: ledgerError(err)}
		}
		return result{Value: api.Balance{Account: to, Balance: s.Ledger.Balance(to)}}
	case opTransfer:
		var b api.TransferRequest
		if err := json.Unmarshal(c.Body, &b); err != nil {
			return result{Err: badRequest("transfer: %v", err)}
		}
		from := s.accountOf(c.Caller, c.Role)
		if from == "" {
			return result{Err: badRequest("user %s has no account: bind one first (rendergrid wallet bind)", c.Caller)}
		}
		to, err := s.resolve(b.To)
		if err != nil {
			return result{Err: err}
		}
		if err := s.Ledger.Transfer(c.Now, from, to, b.Amount); err != nil {
			return result{Err: ledgerError(err)}
		}
		return result{Value: api.Balance{Account: from, Balance: s.Ledger.Balance(from)}}
	case opReject:
		var b rejectBody
		if err := json.Unmarshal(c.Body, &b); err != nil {
			return result{Err: badRequest("reject: %v", err)}
		}
		return wrap(f.reject(c.Now, b))
	case opBridge:
		var b bridgeBody
		if err := json.Unmarshal(c.Body, &b); err != nil {
			return result{Err: badRequest("bridge: %v", err)}
		}
		return wrap(f.bridge(c.Now, b))
	case opWithdraw:
		var b withdrawBody
		if err := json.Unmarshal(c.Body, &b); err != nil {
			return result{Err: badRequest("withdraw: %v", err)}
		}
		return wrap(f.withdraw(c, b))
	case opFunded:
		var b fundedBody
		if err := json.Unmarshal(c.Body, &b); err != nil {
			return result{Err: badRequest("funded: %v", err)}
		}
		return wrap(f.funded(c.Now, b))
	case opChainPaid:
		var b chainSettledBody
		if err := json.Unmarshal(c.Body, &b); err != nil {
			return result{Err: badRequest("chain payment: %v", err)}
		}
		return result{Err: f.chainSettled(c.Now, b)}
	case opMintNFT:
		var b api.NFT
		if err := json.Unmarshal(c.Body, &b); err != nil {
			return result{Err: badRequest("mint nft: %v", err)}
		}
		return wrap(f.mintNFT(c.Now, b))
	}
	return result{Err: badRequest("unknown command %q", c.Op)}
}

// wrap turns a (value, error) pair into a result.
func wrap[T any](v T, err *api.Error) result {
	if err != nil {
		return result{Err: err}
	}
	return result{Value: v}
}

// Snapshot captures the state for Persist, which encodes it beside later
// applies. Nearly all of the state is in two maps that are not copied: the
// snapshot keeps the jobs' pointers and bumps the state's gen, so apply
// changes a copy of any job it touches afterwards (state.job), and it keeps
// the idempotency keys' values, which apply never changes in place. The
// rest (workers, leases, ledger, tokens) is encoded here, under the read
// lock; raft calls Snapshot between applies, so nothing changes meanwhile.
func (f *fsm) Snapshot() (raft.FSMSnapshot, error) {
	f.mu.RLock()
	defer f.mu.RUnlock()
	rest := *f.s
	rest.Jobs, rest.Requests = nil, nil
	head, err := json.Marshal(&rest)
	if err != nil {
		return nil, fmt.Errorf("encoding snapshot: %w", err)
	}
	if !bytes.HasPrefix(head, []byte(sharedNull)) {
		return nil, fmt.Errorf("encoding snapshot: the state's encoding does not start with its jobs and requests")
	}
	// Only the FSM goroutine reads or writes gen (apply and Snapshot run
	// there in turn), so the read lock is enough.
	f.s.gen++
	return &snapshot{head: head, jobs: maps.Clone(f.s.Jobs), requests: maps.Clone(f.s.Requests)}, nil
}

// sharedNull is how the state's encoding starts when the maps a snapshot
// shares are left out: they are its first fields.
const sharedNull = `{"jobs":null,"requests":null`

// Restore replaces the state with a snapshot's.
func (f *fsm) Restore(rc io.ReadCloser) error {
	defer rc.Close()
	s := newState()
	if err := json.NewDecoder(rc).Decode(s); err != nil {
		return fmt.Errorf("decoding snapshot: %w", err)
	}
	// Snapshot writes maps that are never nil, so decoding into a fresh
	// state leaves none nil; a replayed error's status comes from its code
	// (httpStatus).
	s.rebuild()
	f.mu.Lock()
	f.s = s
	f.mu.Unlock()
	return nil
}

// snapshot is the state as it was at Snapshot: all but the shared maps
// already encoded, and the maps as they were (apply no longer changes
// their values).
type snapshot struct {
	head     []byte
	jobs     map[string]*job
	requests map[string]request
}

func (s *snapshot) Persist(sink raft.SnapshotSink) error {
	if err := s.write(sink); err != nil {
		sink.Cancel()
		return fmt.Errorf("writing snapshot: %w", err)
	}
	return sink.Close()
}

// write writes the same bytes json.Marshal wrote of the whole state: the
// shared maps, keys in order, where the head has nulls.
func (s *snapshot) write(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	bw.WriteString(`{"jobs":`)
	if err := writeMap(bw, s.jobs); err != nil {
		return err
	}
	bw.WriteString(`,"requests":`)
	if err := writeMap(bw, s.requests); err != nil {
		return err
	}
	bw.Write(s.head[len(sharedNull):])
	return bw.Flush()
}

// writeMap writes m as encoding/json does, one value at a time.
func writeMap[V any](w *bufio.Writer, m map[string]V) error {
	w.WriteByte('{')
	for i, k := range slices.Sorted(maps.Keys(m)) {
		key, err := json.Marshal(k)
		if err != nil {
			return err
		}
		val, err := json.Marshal(m[k])
		if err != nil {
			return fmt.Errorf("encoding %s: %w", k, err)
		}
		if i > 0 {
			w.WriteByte(',')
		}
		w.Write(key)
		w.WriteByte(':')
		w.Write(val)
	}
	w.WriteByte('}')
	return nil
}

func (*snapshot) Release() {}

// checkSnapshots makes every apply check that a snapshot taken just before
// it still encodes as the state did then: that apply changed no job it
// shares with a snapshot. The package's tests turn it on.
var checkSnapshots = false

// checkSnapshot takes a snapshot and the state's whole encoding, and
// returns the check to run after the apply.
func (f *fsm) checkSnapshot() func() {
	snap, err := f.Snapshot()
	if err != nil {
		panic(err)
	}
	var want []byte
	f.read(func(s *state) { want, err = json.Marshal(s) })
	if err != nil {
		panic(err)
	}
	return func() {
		var got bytes.Buffer
		if err := snap.(*snapshot).write(&got); err != nil {
			panic(err)
		}
		if !bytes.Equal(got.Bytes(), want) {
			panic(fmt.Sprintf("an apply changed a job shared with a snapshot, or the snapshot encodes the state differently: %d bytes, want %d", got.Len(), len(want)))
		}
	}
}

// read runs fn with the state locked for reading.
func (f *fsm) read(fn func(s *state)) {
	f.mu.RLock()
	defer f.mu.RUnlock()
	fn(f.s)
}

// stamp formats command time for log lines.
func stamp(ms int64) string {
	return time.UnixMilli(ms).UTC().Format("2006-01-02T15:04:05.000Z")
}

// httpStatus is the status of a result's error, or 200.
func httpStatus(e *api.Error) int {
	if e == nil {
		return http.StatusOK
	}
	if e.Status == 0 {
		return statusOf(e)
	}
	return e.Status
}
