package state

import (
	"errors"
	"slices"
	"sort"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/chain"
)

// Bodies of the ledger's commands.
type (
	ConfigBody struct {
		// Chain, Escrow and Treasury link the cluster to its contract;
		// the first leader with them fixes them.
		Chain    string `json:"chain,omitempty"`
		Escrow   string `json:"escrow,omitempty"`
		Treasury string `json:"treasury,omitempty"`
		ChainID  uint64 `json:"chain_id"`
		FeeBPS   uint64 `json:"fee_bps"`
		Node     string `json:"node"`
		Signer   string `json:"signer"` // the node's signing address
		// PeerKey authenticates coordinators to each other's gateways;
		// the first leader's fixes it.
		PeerKey string `json:"peer_key,omitempty"`
	}
	BindBody struct {
		User    string `json:"user"`
		Address string `json:"address"`
	}
	// completeBody is an accepted receipt, countersigned by the leader
	// after its checks. Mode says what to do with a redundant unit.
	CompleteBody struct {
		Signed chain.Signed `json:"signed"`
		Log    []string     `json:"log,omitempty"`
		Mode   string       `json:"mode,omitempty"`
		// PHash is an AI frame's perceptual hash, as the leader computed it.
		PHash string `json:"phash,omitempty"`
		// Denoised is the CID of the denoised PNG, which the leader checked.
		Denoised string `json:"denoised,omitempty"`
	}
	// rejectBody records a worker caught lying about a unit: it is
	// blocklisted for the job, unpaid, and the job's units it holds are
	// requeued.
	RejectBody struct {
		Job    string    `json:"job"`
		Worker string    `json:"worker"`
		Unit   *api.Unit `json:"unit,omitempty"`
		Reason string    `json:"reason"`
		// Pending: "drop" when the held first render was the lie, "settle"
		// when it passed and the second one lied.
		Pending string `json:"pending,omitempty"`
		// PHash is the held render's perceptual hash, for "settle".
		PHash string `json:"phash,omitempty"`
		// Dispute: two renders of a diffusion frame disagree and nothing
		// tells which is honest. Neither is paid nor blocklisted; the frame
		// counts as failed on both workers and goes to others.
		Dispute bool `json:"dispute,omitempty"`
	}
)

// Modes of completeBody for redundant units.
const (
	ModeHold = "hold" // the first of two renders: keep it unpaid
	ModePair = "pair" // the second agreed with the first: pay both
)

// AccountOf is the ledger account of a caller: a worker's address, or the
// address a user bound.
func (s *State) AccountOf(caller, role string) string {
	if role == api.RoleWorker {
		return caller
	}
	return s.Users[caller]
}

// resolve maps a transfer or mint target (an address, or a user with a
// bound account) to an account.
func (s *State) Resolve(to string) (string, *Error) {
	if a, err := chain.ParseAddress(to); err == nil {
		return a.Hex(), nil
	}
	if to == chain.Treasury {
		return to, nil
	}
	if a := s.Users[to]; a != "" {
		return a, nil
	}
	return "", badRequest("%q is neither an address (0x and 40 hex digits) nor a user with a bound account", to)
}

// ledgerError turns a ledger refusal into an API error.
func ledgerError(err error) *Error {
	switch {
	case errors.Is(err, chain.ErrInsufficient):
		return errorf(CodeFunds, "%v", err)
	case errors.Is(err, chain.ErrSettled):
		return conflict("%v: a receipt pays once", err)
	}
	return badRequest("%v", err)
}

// config records the cluster's chain id (once) and fee, and the leader's
// signing address.
func (f *Machine) config(b ConfigBody) {
	s := f.s
	if s.ChainID == 0 {
		s.ChainID = b.ChainID
	}
	if s.PeerKey == "" {
		s.PeerKey = b.PeerKey
	}
	if s.Chain == nil && b.Escrow != "" {
		s.Chain = &OnChain{Mode: b.Chain, Escrow: b.Escrow, Treasury: b.Treasury, Credited: map[string]bool{}}
	}
	s.FeeBPS = min(b.FeeBPS, chain.MaxFeeBPS)
	if b.Signer != "" {
		s.Signers[b.Signer] = b.Node
	}
}

// settleRender pays one accepted render of unit i of j; id is the
// receipt's id (sg.ID()).
func (f *Machine) settleRender(now int64, j *Job, i int, sg *chain.Signed, id string) *Error {
	w := sg.Receipt.Worker.Hex()
	acct := w
	if j.Chain != nil {
		acct = EVMAccount(w) // the contract pays it, in the next batch
	}
	if err := f.s.Ledger.Settle(now, j.ID, id, acct, sg.Price, sg.Fee); err != nil {
		return ledgerError(err)
	}
	if j.Chain != nil {
		f.s.owe(now, j, w, sg.Price, sg.Fee, id)
	}
	u := &j.Units[i]
	u.Receipts = append(u.Receipts, *sg)
	if wk := f.s.Workers[w]; wk != nil {
		if wk.Earnings == nil {
			wk.Earnings = map[string]*api.Earning{}
		}
		e := wk.Earnings[j.ID]
		if e == nil {
			e = &api.Earning{Job: j.ID}
			wk.Earnings[j.ID] = e
		}
		e.Frames++
		e.RenderMS += int64(sg.Receipt.RenderMS)
		e.Tokens += sg.Price - sg.Fee
	}
	return nil
}

// workedOn reports whether worker holds a lease of j, or rendered,
// failed or holds a render of one of its units.
func (s *State) workedOn(j *Job, worker string) bool {
	for _, l := range s.Leases {
		if l.Job == j.ID && l.Worker == worker {
			return true
		}
	}
	if j.Fails[worker] > 0 || j.Blocked[worker] {
		return true
	}
	for i := range j.Units {
		u := &j.Units[i]
		if u.Worker == worker || slices.Contains(u.FailedOn, worker) ||
			u.Pending != nil && u.Pending.Receipt.Worker.Hex() == worker {
			return true
		}
		for _, r := range u.Receipts {
			if r.Receipt.Worker.Hex() == worker {
				return true
			}
		}
	}
	return false
}

// reject blocklists a worker caught lying about a job and requeues the
// job's units it holds; it is never paid for them.
func (f *Machine) reject(now int64, b RejectBody) (api.Job, *Error) {
	s := f.s
	j := s.job(b.Job)
	if j == nil {
		return api.Job{}, notFound("job %s not found", b.Job)
	}
	if len(b.Reason) > 2000 {
		b.Reason = b.Reason[:2000]
	}
	if !s.workedOn(j, b.Worker) {
		// A forged receipt may name any job: only a worker that holds or
		// held work of this job can be caught on it, or its log would be
		// anyone's to write in.
		return api.Job{}, notFound("worker %s has had no work of job %s", b.Worker, j.ID)
	}
	if b.Dispute {
		return f.dispute(now, j, b)
	}
	if b.Unit != nil {
		i := j.UnitOf(*b.Unit)
		if i < 0 {
			return api.Job{}, badRequest("job %s has no frame %d tile %d", j.ID, b.Unit.Frame, b.Unit.Tile)
		}
		u := &j.Units[i]
		switch {
		case b.Pending == "" || u.Pending == nil:
		case b.Pending == "drop":
			u.logf(now, "held render by %s dropped: it failed verification", u.Pending.Receipt.Worker.Hex())
			u.Pending = nil
		case b.Pending == "settle" && u.State == api.FrameLeased:
			p := u.Pending
			if err := f.settleRender(now, j, i, p, p.ID()); err != nil {
				return api.Job{}, err
			}
			u.Pending = nil
			if l := s.Leases[u.Lease]; l != nil {
				f.closeUnit(l, i)
			}
			j.setUnit(i, api.FrameDone)
			u.Output, u.Samples, u.RenderMS, u.Engine, u.Finished = p.Receipt.OutputCID, int64(p.Receipt.Samples), int64(p.Receipt.RenderMS), p.Receipt.Engine, now
			u.Denoised, u.PendingDenoised = u.PendingDenoised, ""
			u.PHash = b.PHash
			u.Completions++
			u.logf(now, "held render by %s accepted: it passed the re-check", p.Receipt.Worker.Hex())
			f.emitFrame(j, i)
		}
	}
	if j.Blocked == nil {
		j.Blocked = map[string]bool{}
	}
	j.Blocked[b.Worker] = true
	j.logf(now, "worker %s caught: %s; blocklisted for this job and not paid", b.Worker, b.Reason)
	var ids []uint64
	for id, l := range s.Leases {
		if l.Job == j.ID && l.Worker == b.Worker {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	for _, id := range ids {
		l := s.Leases[id]
		for _, i := range slices.Clone(l.Units) {
			f.closeUnit(l, i)
			j.Units[i].logf(now, "rejected: %s", b.Reason)
			f.failUnit(now, j, i, b.Worker, "verification failed: "+b.Reason)
		}
	}
	f.settle(now, j)
	f.emitJob(j)
	return j.View(s.Ledger), nil
}

// dispute settles a disagreement between two renders of a diffusion
// frame that nothing can decide: the held render is dropped unpaid, the
// caller's render is refused unpaid, and the frame counts as failed on
// both workers (so neither renders it again) without blocklisting either.
func (f *Machine) dispute(now int64, j *Job, b RejectBody) (api.Job, *Error) {
	if b.Unit == nil {
		return api.Job{}, badRequest("a dispute names its frame")
	}
	i := j.UnitOf(*b.Unit)
	if i < 0 {
		return api.Job{}, badRequest("job %s has no frame %d tile %d", j.ID, b.Unit.Frame, b.Unit.Tile)
	}
	u := &j.Units[i]
	if u.Pending != nil {
		held := u.Pending.Receipt.Worker.Hex()
		if !slices.Contains(u.FailedOn, held) {
			u.FailedOn = append(u.FailedOn, held)
		}
		u.logf(now, "held render by %s dropped unpaid: %s's render disagrees with it", held, b.Worker)
		u.Pending = nil
	}
	j.logf(now, "frame %d: worker %s %s; neither image is paid and the frame goes to other workers", b.Unit.Frame, b.Worker, b.Reason)
	if u.State == api.FrameLeased && u.Worker == b.Worker {
		if l := f.s.Leases[u.Lease]; l != nil {
			f.closeUnit(l, i)
		}
		u.logf(now, "render by %s refused unpaid: %s", b.Worker, b.Reason)
		f.failUnit(now, j, i, b.Worker, "renders disagree: "+b.Reason)
	}
	f.settle(now, j)
	f.emitJob(j)
	return j.View(f.s.Ledger), nil
}

// earnings totals a worker's earnings.
func Earnings(s *State, id string) api.Earnings {
	out := api.Earnings{Worker: id, Balance: s.Ledger.Balance(id), Jobs: []api.Earning{}}
	if w := s.Workers[id]; w != nil {
		for _, e := range w.Earnings {
			out.Jobs = append(out.Jobs, *e)
			out.Frames += e.Frames
			out.RenderMS += e.RenderMS
			out.Tokens += e.Tokens
		}
	}
	sort.Slice(out.Jobs, func(a, b int) bool { return JobSeq(out.Jobs[a].Job) < JobSeq(out.Jobs[b].Job) })
	return out
}
