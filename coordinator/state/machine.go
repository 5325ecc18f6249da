package state

import (
	"encoding/json"
	"sync"
	"time"

	"github.com/rendergrid/rendergrid/api"
)

// Command ops. A log entry holds a batch of commands (see batch.go); each
// is applied in order and has its own result.
const (
	OpSubmit      = "submit"
	OpClaim       = "claim"
	OpComplete    = "complete"
	OpFail        = "fail"
	OpRelease     = "release"
	OpExpire      = "expire"
	OpStuck       = "stuck"
	OpAction      = "action"
	OpRegister    = "register"
	OpPauseWorker = "pause_worker"
	OpToken       = "token"
	OpNode        = "node"
	OpRemoveNode  = "remove_node"
	OpConfig      = "config"
	OpBind        = "bind"
	OpMint        = "mint"
	OpTransfer    = "transfer"
	OpReject      = "reject"
	OpBridge      = "bridge"
	OpWithdraw    = "withdraw"
	OpFunded      = "funded"
	OpChainPaid   = "chainpaid"
	OpMintNFT     = "mintnft"
	OpRevoke      = "revoke"
	OpArchive     = "archive"
	OpForget      = "forget"
	OpStored      = "stored"
	OpUnstore     = "unstore"
)

// commandVersion is written in every command; apply rejects commands from
// a newer version rather than misreading them.
const CommandVersion = 1

// command is one change to the state. The leader stamps Now; Key, when set,
// makes a retried command return the first outcome instead of acting twice.
type Command struct {
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
type Result struct {
	Value any
	Err   *Error
}

// Bodies of the commands.
type (
	SubmitBody struct {
		Spec api.JobSpec `json:"spec"`
		// Quota is the leader's per-user quota, checked in apply so that
		// concurrent submits cannot both slip under it.
		Quota *Quota `json:"quota,omitempty"`
	}
	ClaimBody struct {
		TTLMS int64 `json:"ttl_ms"`
	}
	ExpireBody struct {
		Leases []uint64 `json:"leases"`
	}
	StuckBody struct {
		Job   string `json:"job"`
		Units []int  `json:"units"`
		Lease uint64 `json:"lease"`
	}
	ActionBody struct {
		Job string `json:"job"`
		api.ActionRequest
	}
	// PauseWorkerBody pauses (or resumes) worker ID: no new work.
	PauseWorkerBody struct {
		ID     string `json:"id"`
		Paused bool   `json:"paused"`
	}
	RegisterBody struct {
		ID        string           `json:"id"`
		Caps      api.Capabilities `json:"caps"`
		TokenHash string           `json:"token_hash"`
		// EnrolHash is the hash of the token that enrolled the worker
		// (its use is counted); Nonce the challenge it signed.
		EnrolHash string `json:"enrol_hash,omitempty"`
		Nonce     string `json:"nonce,omitempty"`
	}
	TokenBody struct {
		Hash    string `json:"hash"`
		User    string `json:"user"`
		Role    string `json:"role"`
		Expires int64  `json:"expires,omitempty"`
		Uses    int    `json:"uses,omitempty"`
	}
	RevokeBody struct {
		ID string `json:"id"`
	}
)

// Machine is the replicated state machine: the state and the one way to
// change it, Apply. The Raft node feeds it committed log entries; every
// other user only reads it (Read).
type Machine struct {
	mu sync.RWMutex
	s  *State
	// emit receives events as they happen; it must not block.
	emit func(api.Event)
	// applied is closed and replaced after every apply, so waiters wake.
	applied chan struct{}
}

// NewMachine is an empty state machine; emit receives the events its
// applies make and must not block.
func NewMachine(emit func(api.Event)) *Machine {
	if emit == nil {
		emit = func(api.Event) {}
	}
	return &Machine{s: newState(), emit: emit, applied: make(chan struct{})}
}

// Apply applies one log entry, a JSON array of commands, and returns one
// result for each. index is the entry's place in the log, for errors.
func (f *Machine) Apply(index uint64, data []byte) []Result {
	var cmds []Command
	if err := json.Unmarshal(data, &cmds); err != nil {
		// Every node rejects the same bytes the same way.
		return []Result{{Err: badRequest("undecodable log entry %d: %v", index, err)}}
	}
	if CheckSnapshots {
		defer f.checkSnapshot()()
	}
	f.mu.Lock()
	out := make([]Result, len(cmds))
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
func (f *Machine) applyOne(c *Command) Result {
	s := f.s
	if c.Now > s.Now {
		s.Now = c.Now
	}
	if c.V > CommandVersion {
		return Result{Err: badRequest("command version %d is newer than this coordinator's %d; upgrade it", c.V, CommandVersion)}
	}
	key := ""
	if c.Key != "" {
		key = c.Caller + "\x00" + c.Key
		if r, ok := s.Requests[key]; ok {
			if r.Bind != "" && c.Bind != "" && r.Bind != c.Bind {
				return Result{Err: errorf(CodeKeyReused,
					"idempotency key %q was first sent with another request; a new request needs a new key", c.Key)}
			}
			if r.Err != nil {
				return Result{Err: r.Err}
			}
			if r.Unit != nil {
				j := s.Jobs[r.Job]
				if j == nil || j.UnitOf(*r.Unit) < 0 {
					return Result{Err: notFound("job %s not found (it was archived)", r.Job)}
				}
				return Result{Value: j.FrameView(j.UnitOf(*r.Unit))}
			}
			return Result{Value: json.RawMessage(r.Result)}
		}
	}
	r := f.dispatch(c)
	if key != "" {
		rec := Request{At: c.Now, Err: r.Err, Bind: c.Bind}
		if fr, ok := r.Value.(api.Frame); ok && r.Err == nil {
			rec.Job, rec.Unit = fr.Job, &api.Unit{Frame: fr.Frame, Tile: fr.Tile}
		} else if r.Err == nil {
			rec.Result, _ = json.Marshal(r.Value)
		}
		s.remember(key, rec)
	}
	return r
}

func (f *Machine) dispatch(c *Command) Result {
	s := f.s
	switch c.Op {
	case OpSubmit:
		var b SubmitBody
		if err := json.Unmarshal(c.Body, &b); err != nil {
			return Result{Err: badRequest("submit: %v", err)}
		}
		if err := s.checkQuota(c, b.Quota, &b.Spec); err != nil {
			return Result{Err: err}
		}
		return wrap(f.submit(c, b.Spec))
	case OpClaim:
		var b ClaimBody
		if err := json.Unmarshal(c.Body, &b); err != nil {
			return Result{Err: badRequest("claim: %v", err)}
		}
		l, err := f.claim(c.Now, c.Caller, b.TTLMS)
		if err != nil {
			return Result{Err: err}
		}
		if l == nil {
			return Result{}
		}
		return Result{Value: l}
	case OpComplete:
		var b CompleteBody
		if err := json.Unmarshal(c.Body, &b); err != nil {
			return Result{Err: badRequest("complete: %v", err)}
		}
		return wrap(f.complete(c.Now, c.Caller, b))
	case OpFail:
		var b api.FailRequest
		if err := json.Unmarshal(c.Body, &b); err != nil {
			return Result{Err: badRequest("fail: %v", err)}
		}
		return wrap(f.fail(c.Now, c.Caller, b))
	case OpRelease:
		var b api.ReleaseRequest
		if err := json.Unmarshal(c.Body, &b); err != nil {
			return Result{Err: badRequest("release: %v", err)}
		}
		if b.All {
			return wrap(f.releaseAll(c.Now, c.Caller))
		}
		return wrap(f.release(c.Now, c.Caller, b.Lease))
	case OpExpire:
		var b ExpireBody
		if err := json.Unmarshal(c.Body, &b); err != nil {
			return Result{Err: badRequest("expire: %v", err)}
		}
		n := 0
		for _, id := range b.Leases {
			if l := s.Leases[id]; l != nil {
				f.requeueLease(c.Now, l, true, "lease %d expired: no heartbeat from worker %s", l.ID, l.Worker)
				n++
			}
		}
		return Result{Value: n}
	case OpStuck:
		var b StuckBody
		if err := json.Unmarshal(c.Body, &b); err != nil {
			return Result{Err: badRequest("stuck: %v", err)}
		}
		f.markStuck(c.Now, b)
		return Result{}
	case OpAction:
		var b ActionBody
		if err := json.Unmarshal(c.Body, &b); err != nil {
			return Result{Err: badRequest("action: %v", err)}
		}
		return wrap(f.action(c, b))
	case OpRegister:
		var b RegisterBody
		if err := json.Unmarshal(c.Body, &b); err != nil {
			return Result{Err: badRequest("register: %v", err)}
		}
		if err := s.useNonce(b.Nonce, c.Now); err != nil {
			return Result{Err: err}
		}
		if err := s.useEnrolToken(b.EnrolHash, c.Now); err != nil {
			return Result{Err: err}
		}
		w := s.Workers[b.ID]
		if w == nil {
			w = &Worker{Registered: c.Now}
			s.Workers[b.ID] = w
		}
		if w.TokenHash != "" {
			delete(s.Tokens, w.TokenHash)
		}
		w.Caps, w.LastSeen, w.TokenHash = b.Caps, c.Now, b.TokenHash
		if c.Role == api.RoleEnrol {
			w.Owner = c.Caller
		}
		s.Tokens[b.TokenHash] = Token{Principal: Principal{User: b.ID, Role: api.RoleWorker}, Created: c.Now}
		return Result{Value: b.ID}
	case OpPauseWorker:
		var b PauseWorkerBody
		if err := json.Unmarshal(c.Body, &b); err != nil {
			return Result{Err: badRequest("pause worker: %v", err)}
		}
		w := s.Workers[b.ID]
		if w == nil {
			return Result{Err: notFound("worker %s is not registered", b.ID)}
		}
		if c.Role != api.RoleAdmin && (w.Owner == "" || w.Owner != c.Caller) {
			return Result{Err: forbidden("worker %s is not yours: its owner or an operator pauses it", b.ID)}
		}
		w.Paused = b.Paused
		return Result{Value: WorkerView(s, b.ID)}
	case OpToken:
		var b TokenBody
		if err := json.Unmarshal(c.Body, &b); err != nil {
			return Result{Err: badRequest("token: %v", err)}
		}
		if _, revoked := s.Revoked[b.Hash]; revoked {
			return Result{Err: forbidden("that token was revoked and cannot be added again")}
		}
		s.Tokens[b.Hash] = Token{Principal: Principal{User: b.User, Role: b.Role}, Created: c.Now, Expires: b.Expires, Uses: b.Uses}
		return Result{}
	case OpArchive:
		var b ArchiveBody
		if err := json.Unmarshal(c.Body, &b); err != nil {
			return Result{Err: badRequest("archive: %v", err)}
		}
		return s.archive(b, c.Now)
	case OpForget:
		var b ForgetBody
		if err := json.Unmarshal(c.Body, &b); err != nil {
			return Result{Err: badRequest("forget: %v", err)}
		}
		return s.forgetWorkers(b, c.Now)
	case OpStored:
		var b StoredBody
		if err := json.Unmarshal(c.Body, &b); err != nil {
			return Result{Err: badRequest("stored: %v", err)}
		}
		return s.store(c, b)
	case OpUnstore:
		var b api.UploadRef
		if err := json.Unmarshal(c.Body, &b); err != nil {
			return Result{Err: badRequest("unstore: %v", err)}
		}
		return s.unstore(c, b.CID)
	case OpRevoke:
		var b RevokeBody
		if err := json.Unmarshal(c.Body, &b); err != nil {
			return Result{Err: badRequest("revoke: %v", err)}
		}
		return s.revoke(b.ID, c.Now)
	case OpNode:
		var b api.JoinRequest
		if err := json.Unmarshal(c.Body, &b); err != nil {
			return Result{Err: badRequest("node: %v", err)}
		}
		s.Nodes[b.ID] = b
		return Result{}
	case OpRemoveNode:
		var b api.JoinRequest
		if err := json.Unmarshal(c.Body, &b); err != nil {
			return Result{Err: badRequest("remove node: %v", err)}
		}
		delete(s.Nodes, b.ID)
		return Result{}
	case OpConfig:
		var b ConfigBody
		if err := json.Unmarshal(c.Body, &b); err != nil {
			return Result{Err: badRequest("config: %v", err)}
		}
		f.config(b)
		return Result{}
	case OpBind:
		var b BindBody
		if err := json.Unmarshal(c.Body, &b); err != nil {
			return Result{Err: badRequest("bind: %v", err)}
		}
		s.Users[b.User] = b.Address
		return Result{Value: b.Address}
	case OpMint:
		var b api.MintRequest
		if err := json.Unmarshal(c.Body, &b); err != nil {
			return Result{Err: badRequest("mint: %v", err)}
		}
		to, err := s.Resolve(b.To)
		if err != nil {
			return Result{Err: err}
		}
		if b.Amount == 0 {
			return Result{Err: badRequest("mint of 0: give a positive amount")}
		}
		if s.evm() {
			return Result{Err: badRequest("this farm settles on chain: its money comes from the escrow contract, not from minting")}
		}
		if err := s.Ledger.Mint(c.Now, to, b.Amount); err != nil {
			return Result{Err: ledgerError(err)}
		}
		return Result{Value: api.Balance{Account: to, Balance: s.Ledger.Balance(to)}}
	case OpTransfer:
		var b api.TransferRequest
		if err := json.Unmarshal(c.Body, &b); err != nil {
			return Result{Err: badRequest("transfer: %v", err)}
		}
		from := s.AccountOf(c.Caller, c.Role)
		if from == "" {
			return Result{Err: badRequest("user %s has no account: bind one first (rendergrid wallet bind)", c.Caller)}
		}
		to, err := s.Resolve(b.To)
		if err != nil {
			return Result{Err: err}
		}
		if err := s.Ledger.Transfer(c.Now, from, to, b.Amount); err != nil {
			return Result{Err: ledgerError(err)}
		}
		return Result{Value: api.Balance{Account: from, Balance: s.Ledger.Balance(from)}}
	case OpReject:
		var b RejectBody
		if err := json.Unmarshal(c.Body, &b); err != nil {
			return Result{Err: badRequest("reject: %v", err)}
		}
		return wrap(f.reject(c.Now, b))
	case OpBridge:
		var b BridgeBody
		if err := json.Unmarshal(c.Body, &b); err != nil {
			return Result{Err: badRequest("bridge: %v", err)}
		}
		return wrap(f.bridge(c.Now, b))
	case OpWithdraw:
		var b WithdrawBody
		if err := json.Unmarshal(c.Body, &b); err != nil {
			return Result{Err: badRequest("withdraw: %v", err)}
		}
		return wrap(f.withdraw(c, b))
	case OpFunded:
		var b FundedBody
		if err := json.Unmarshal(c.Body, &b); err != nil {
			return Result{Err: badRequest("funded: %v", err)}
		}
		return wrap(f.funded(c.Now, b))
	case OpChainPaid:
		var b ChainSettledBody
		if err := json.Unmarshal(c.Body, &b); err != nil {
			return Result{Err: badRequest("chain payment: %v", err)}
		}
		return Result{Err: f.chainSettled(c.Now, b)}
	case OpMintNFT:
		var b api.NFT
		if err := json.Unmarshal(c.Body, &b); err != nil {
			return Result{Err: badRequest("mint nft: %v", err)}
		}
		return wrap(f.mintNFT(c.Now, b))
	}
	return Result{Err: badRequest("unknown command %q", c.Op)}
}

// wrap turns a (value, error) pair into a result.
func wrap[T any](v T, err *Error) Result {
	if err != nil {
		return Result{Err: err}
	}
	return Result{Value: v}
}

// Read runs fn with the state locked for reading. fn must not keep
// anything it reads past its return, nor change it.
func (f *Machine) Read(fn func(s *State)) {
	f.mu.RLock()
	defer f.mu.RUnlock()
	fn(f.s)
}

// ReadWait is Read that also returns a channel closed at the next apply,
// so a caller can wait for the state to change after looking at it.
func (f *Machine) ReadWait(fn func(s *State)) <-chan struct{} {
	f.mu.RLock()
	defer f.mu.RUnlock()
	fn(f.s)
	return f.applied
}

// stamp formats command time for log lines.
func stamp(ms int64) string {
	return time.UnixMilli(ms).UTC().Format("2006-01-02T15:04:05.000Z")
}

// System is a command a coordinator issues itself (node is its id): an
// operator's authority, stamped by Propose like any other.
func System(node, op string, body any) Command {
	b, _ := json.Marshal(body)
	return Command{V: CommandVersion, Op: op, Caller: "coordinator:" + node, Role: api.RoleAdmin, Body: b}
}
