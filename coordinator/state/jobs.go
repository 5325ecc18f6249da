package state

import (
	"slices"
	"strconv"

	jobdef "github.com/rendergrid/rendergrid/job"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/chain"
	"github.com/rendergrid/rendergrid/ipfs/cids"
)

// submit adds a job and queues all of its units.
func (f *Machine) submit(c *Command, spec api.JobSpec) (api.Job, *Error) {
	s := f.s
	if err := jobdef.Validate(&spec); err != nil {
		return api.Job{}, badRequest("%v", err)
	}
	cost, cerr := jobdef.Cost(&spec)
	if cerr != nil {
		return api.Job{}, badRequest("%v", cerr)
	}
	id := "j" + strconv.FormatUint(s.JobSeq+1, 10)
	payer := s.AccountOf(c.Caller, c.Role)
	if payer == "" && cost > 0 {
		return api.Job{}, badRequest("the job costs up to %d and user %s has no account to pay from: bind one first (rendergrid wallet bind)", cost, c.Caller)
	}
	state := api.JobQueued
	var jc *JobEscrow
	if s.evm() && cost > 0 {
		// The job waits, paused, until its owner funds it on chain.
		state, jc = api.JobPaused, &JobEscrow{Need: cost}
	} else if err := s.Ledger.Lock(c.Now, id, payer, cost); err != nil {
		// Check-then-move: the lock is the last thing that can fail.
		return api.Job{}, ledgerError(err)
	}
	s.JobSeq++
	j := &Job{
		ID: id, Owner: c.Caller, Spec: spec, Retry: api.DefaultRetry,
		State: state, Priority: spec.Priority, Seq: s.JobSeq, Submitted: c.Now, FeeBPS: s.FeeBPS, Chain: jc,
		gen: s.gen,
	}
	if jc != nil {
		j.logf(c.Now, "waiting for %d tokens in escrow %s under key %s", cost, s.Chain.Escrow, chain.JobKey(id).Hex())
	}
	if spec.Retry != nil {
		j.Retry = *spec.Retry
	}
	n := (spec.FrameEnd - spec.FrameStart + 1) * j.Tiles()
	j.Units = make([]unit, n)
	j.queue = make(unitHeap, n)
	for i := range j.Units {
		j.Units[i].State = api.FrameQueued
		if jobdef.Need(&spec, i) == 2 {
			j.Units[i].Need = 2
		}
		j.queue[i] = i
	}
	j.Counts.Queued = n
	s.Jobs[j.ID] = j
	s.order = append(s.order, j.ID)
	s.sortOrder()
	f.emitJob(j)
	return j.View(f.s.Ledger), nil
}

// claim grants the caller the next units: the first job by priority then
// age that the worker may render, up to the job's chunk of its lowest
// queued units. It returns nil when there is nothing for this worker.
func (f *Machine) claim(now int64, id string, ttl int64) (*api.Lease, *Error) {
	s := f.s
	w := s.Workers[id]
	if w == nil {
		return nil, forbidden("worker %s is not registered; register with an enrolment token first", id)
	}
	w.LastSeen = now
	if w.Paused {
		return nil, nil // its owner paused it: no new work
	}
	for _, jid := range s.order {
		j := s.Jobs[jid]
		if j.State != api.JobQueued && j.State != api.JobRunning || j.Counts.Queued == 0 || !Eligible(j, id, w) {
			continue
		}
		j = s.job(jid) // take and the lease change it
		units := f.take(j, id, f.chunk(j))
		if len(units) == 0 {
			continue
		}
		s.NextLease++
		l := &Lease{ID: s.NextLease, Job: j.ID, Worker: id, Units: units, Granted: now}
		s.Leases[l.ID] = l
		if j.State == api.JobQueued {
			j.State = api.JobRunning
			f.emitJob(j)
		}
		out := &api.Lease{ID: l.ID, Job: j.ID, Spec: j.Spec, TTLMS: ttl, Deadline: now + ttl, ChainID: s.ChainID}
		for _, i := range units {
			j.setUnit(i, api.FrameLeased)
			u := &j.Units[i]
			u.Worker, u.Lease, u.Started, u.Finished, u.Error = id, l.ID, now, 0, ""
			u.Attempts++
			u.logf(now, "leased to worker %s (lease %d, attempt %d)", id, l.ID, u.Attempts)
			out.Units = append(out.Units, j.unitAt(i))
			f.emitFrame(j, i)
		}
		return out, nil
	}
	return nil, nil
}

// chunk is how many units one lease of j gets: the job's chunk, or with
// auto, enough to fill targetTaskMS at the job's mean render time so far,
// but no more than an even share among the active workers.
func (f *Machine) chunk(j *Job) int {
	if j.Spec.Chunk > 0 {
		return j.Spec.Chunk
	}
	if j.Counts.Done == 0 || j.DoneMS <= 0 {
		return 1
	}
	mean := j.DoneMS / int64(j.Counts.Done)
	n := int(min(targetTaskMS/max(mean, 1), maxAutoChunk))
	workers := 0
	for _, w := range f.s.Workers {
		if f.s.Now-w.LastSeen <= ActiveWorkerMS {
			workers++
		}
	}
	share := j.Counts.Queued / max(workers, 1)
	return max(1, min(n, share))
}

// take pops up to n queued units of j that have not failed on worker id.
func (f *Machine) take(j *Job, id string, n int) []int {
	var got, skipped []int
	for len(got) < n {
		i, ok := j.queue.pop()
		if !ok {
			break
		}
		u := &j.Units[i]
		if u.State != api.FrameQueued || slices.Contains(got, i) || slices.Contains(skipped, i) {
			continue // a stale heap entry
		}
		if slices.Contains(u.FailedOn, id) || u.Pending != nil && u.Pending.Receipt.Worker.Hex() == id {
			skipped = append(skipped, i)
			continue
		}
		got = append(got, i)
	}
	for _, i := range skipped {
		j.queue.push(i)
	}
	return got
}

// LeaseUnit finds the unit a worker reports on and checks that it holds
// that unit's current lease: the fencing that rejects stale completions.
// It only reads: apply takes the job to change with s.job.
func (s *State) LeaseUnit(id string, leaseID uint64, u api.Unit) (*Lease, *Job, int, *Error) {
	l := s.Leases[leaseID]
	if l == nil {
		return nil, nil, 0, errorf(CodeStaleLease, "lease %d is not current (it expired, was released or its job ended); the frame was requeued", leaseID)
	}
	if l.Worker != id {
		return nil, nil, 0, forbidden("lease %d belongs to another worker", leaseID)
	}
	j := s.Jobs[l.Job]
	i := j.UnitOf(u)
	if i < 0 || !slices.Contains(l.Units, i) || j.Units[i].Lease != leaseID || j.Units[i].State != api.FrameLeased {
		return nil, nil, 0, errorf(CodeStaleLease, "frame %d tile %d of job %s is not open under lease %d", u.Frame, u.Tile, j.ID, leaseID)
	}
	return l, j, i, nil
}

// complete accepts a rendered unit whose receipt the leader checked and
// countersigned: it settles the unit's price from the escrow to the
// worker, or holds the first of two renders of a redundant unit.
func (f *Machine) complete(now int64, id string, b CompleteBody) (api.Frame, *Error) {
	sg := &b.Signed
	r := &sg.Receipt
	if _, err := cids.Parse(r.OutputCID); err != nil {
		return api.Frame{}, badRequest("output %q: %v", r.OutputCID, err)
	}
	if r.Worker.Hex() != id {
		return api.Frame{}, forbidden("the receipt names worker %s; it was sent by %s", r.Worker.Hex(), id)
	}
	if r.Frame > 1<<31 || r.Tile > 1<<31 {
		return api.Frame{}, badRequest("frame %d tile %d is out of range", r.Frame, r.Tile)
	}
	l, _, i, err := f.s.LeaseUnit(id, r.LeaseEpoch, api.Unit{Frame: int(r.Frame), Tile: int(r.Tile)})
	if err != nil {
		return api.Frame{}, err
	}
	j := f.s.job(l.Job)
	rid := sg.ID()
	if job := f.s.Ledger.Settled[rid]; job != "" {
		return api.Frame{}, conflict("receipt %s was already settled: a receipt pays once", rid)
	}
	price, perr := jobdef.SpentPrice(&j.Spec, i, r.Samples)
	fee, ferr := chain.Fee(price, j.FeeBPS)
	if perr != nil || ferr != nil || sg.Price != price || sg.Fee != fee {
		return api.Frame{}, badRequest("acceptance pays %d with fee %d; the unit's price is %d with fee %d", sg.Price, sg.Fee, price, fee)
	}
	u := &j.Units[i]
	switch b.Mode {
	case ModeHold:
		if u.Need != 2 || u.Pending != nil {
			return api.Frame{}, conflict("frame %d tile %d of job %s is not waiting for a first render", r.Frame, r.Tile, j.ID)
		}
		f.closeUnit(l, i)
		u.Pending, u.PendingDenoised = sg, b.Denoised
		u.appendLog(b.Log)
		u.logf(now, "rendered by worker %s: %s; held unpaid until a second worker's render agrees", id, r.OutputCID)
		j.setUnit(i, api.FrameQueued)
		f.emitFrame(j, i)
		return j.FrameView(i), nil
	case ModePair:
		if u.Pending == nil {
			return api.Frame{}, conflict("frame %d tile %d of job %s holds no first render to pair with", r.Frame, r.Tile, j.ID)
		}
		if e := f.s.Ledger.Escrows[j.ID]; e == nil || e.Left() < 2*price {
			return api.Frame{}, ledgerError(chain.ErrInsufficient)
		}
		if err := f.settleRender(now, j, i, u.Pending, u.Pending.ID()); err != nil {
			return api.Frame{}, err
		}
		u.logf(now, "renders by %s and %s agree", u.Pending.Receipt.Worker.Hex(), id)
		u.Pending = nil
	}
	if err := f.settleRender(now, j, i, sg, rid); err != nil {
		return api.Frame{}, err
	}
	f.closeUnit(l, i)
	j.setUnit(i, api.FrameDone)
	u.Output, u.Samples, u.RenderMS, u.Engine, u.Finished = r.OutputCID, int64(r.Samples), int64(r.RenderMS), r.Engine, now
	u.PHash, u.Denoised, u.PendingDenoised = b.PHash, b.Denoised, ""
	u.Completions++
	u.appendLog(b.Log)
	u.logf(now, "done by worker %s in %d ms: %s; paid %d (fee %d), receipt %s", id, r.RenderMS, r.OutputCID, price-fee, fee, rid)
	j.DoneMS += int64(r.RenderMS)
	if w := f.s.Workers[id]; w != nil {
		w.Done++
		w.LastSeen = now
	}
	f.emitFrame(j, i)
	f.settle(now, j)
	return j.FrameView(i), nil
}

// fail records a unit the worker could not render and applies the job's
// retry policy.
func (f *Machine) fail(now int64, id string, r api.FailRequest) (api.Frame, *Error) {
	l, _, i, err := f.s.LeaseUnit(id, r.Lease, r.Unit)
	if err != nil {
		return api.Frame{}, err
	}
	j := f.s.job(l.Job)
	f.closeUnit(l, i)
	u := &j.Units[i]
	u.appendLog(r.Log)
	msg := r.Error
	if len(msg) > 2000 {
		msg = msg[:2000]
	}
	u.logf(now, "failed on worker %s: %s", id, msg)
	f.failUnit(now, j, i, id, msg)
	f.settle(now, j)
	return j.FrameView(i), nil
}

// failUnit counts a failure of unit i on worker id: blocklist, requeue or
// fail the unit.
func (f *Machine) failUnit(now int64, j *Job, i int, id, msg string) {
	u := &j.Units[i]
	u.Error, u.Finished = msg, now
	if !slices.Contains(u.FailedOn, id) {
		u.FailedOn = append(u.FailedOn, id)
	}
	if j.Fails == nil {
		j.Fails = map[string]int{}
	}
	j.Fails[id]++
	if w := f.s.Workers[id]; w != nil {
		w.Failed++
	}
	if k := j.Retry.BlocklistAfter; k > 0 && j.Fails[id] >= k && !j.Blocked[id] {
		if j.Blocked == nil {
			j.Blocked = map[string]bool{}
		}
		j.Blocked[id] = true
		u.logf(now, "worker %s blocklisted for job %s after %d failed frames", id, j.ID, j.Fails[id])
	}
	if n := j.Retry.MaxWorkers; n > 0 && len(u.FailedOn) >= n {
		j.setUnit(i, api.FrameFailed)
		u.logf(now, "failed on %d distinct workers; giving up", len(u.FailedOn))
	} else {
		j.setUnit(i, api.FrameQueued)
	}
	f.emitFrame(j, i)
}

// release hands a lease's open units back without counting a failure.
func (f *Machine) release(now int64, id string, leaseID uint64) (int, *Error) {
	l := f.s.Leases[leaseID]
	if l == nil {
		return 0, errorf(CodeStaleLease, "lease %d is not current", leaseID)
	}
	if l.Worker != id {
		return 0, forbidden("lease %d belongs to another worker", leaseID)
	}
	n := len(l.Units)
	f.requeueLease(now, l, false, "lease %d handed back by worker %s", l.ID, id)
	return n, nil
}

// releaseAll hands back every lease of worker id, in lease order.
func (f *Machine) releaseAll(now int64, id string) (int, *Error) {
	var ids []uint64
	for lid, l := range f.s.Leases {
		if l.Worker == id {
			ids = append(ids, lid)
		}
	}
	slices.Sort(ids)
	n := 0
	for _, lid := range ids {
		l := f.s.Leases[lid]
		n += len(l.Units)
		f.requeueLease(now, l, false, "lease %d handed back by worker %s as it stopped", l.ID, id)
	}
	return n, nil
}

// requeueLease ends a lease and queues its open units again; an expiry
// counts as a failure on the worker.
func (f *Machine) requeueLease(now int64, l *Lease, failure bool, format string, args ...any) {
	j := f.s.job(l.Job)
	for _, i := range slices.Clone(l.Units) {
		f.closeUnit(l, i)
		u := &j.Units[i]
		u.logf(now, format, args...)
		if failure {
			f.failUnit(now, j, i, l.Worker, "lease expired")
		} else {
			j.setUnit(i, api.FrameQueued)
			f.emitFrame(j, i)
		}
	}
	delete(f.s.Leases, l.ID)
	f.settle(now, j)
}

// closeUnit removes unit i from its lease, ending the lease when empty.
func (f *Machine) closeUnit(l *Lease, i int) {
	if k := slices.Index(l.Units, i); k >= 0 {
		l.Units = slices.Delete(l.Units, k, k+1)
	}
	if len(l.Units) == 0 {
		delete(f.s.Leases, l.ID)
	}
}

// settle moves a job to done or failed when its units say so.
func (f *Machine) settle(now int64, j *Job) {
	if !Active(j.State) {
		return
	}
	if p := j.Retry.FailPercent; p > 0 && j.Counts.Failed*100 >= p*len(j.Units) {
		j.Reason = strconv.Itoa(j.Counts.Failed) + " of " + strconv.Itoa(len(j.Units)) + " frames failed, at or over the job's " + strconv.Itoa(p) + "% limit"
		f.endJob(now, j, api.JobFailed)
		return
	}
	if j.Counts.Queued == 0 && j.Counts.Leased == 0 {
		f.endJob(now, j, api.JobDone)
		return
	}
	f.emitJob(j)
}

// endJob finishes a job: its open leases end and queued units stay queued
// (failed) or are canceled (canceled).
func (f *Machine) endJob(now int64, j *Job, st string) {
	j.State, j.Finished = st, now
	for id, l := range f.s.Leases {
		if l.Job != j.ID {
			continue
		}
		for _, i := range l.Units {
			j.Units[i].logf(now, "lease %d ended: job %s", id, st)
			j.setUnit(i, api.FrameQueued)
		}
		delete(f.s.Leases, id)
	}
	if st == api.JobCanceled {
		for i := range j.Units {
			if j.Units[i].State == api.FrameQueued {
				j.setUnit(i, api.FrameCanceled)
			}
		}
		j.queue = j.queue[:0]
	}
	if left := f.s.Ledger.Refund(now, j.ID); left > 0 {
		j.logf(now, "%s: %d refunded to %s", st, left, f.s.Ledger.Escrows[j.ID].Payer)
	}
	f.s.dropOrder(j.ID)
	f.emitJob(j)
}

// markStuck flags units that have run past the job's max runtime.
func (f *Machine) markStuck(now int64, b StuckBody) {
	j := f.s.job(b.Job)
	if j == nil {
		return
	}
	for _, i := range b.Units {
		if i < 0 || i >= len(j.Units) {
			continue
		}
		u := &j.Units[i]
		if u.State == api.FrameLeased && u.Lease == b.Lease && !u.Stuck {
			u.Stuck = true
			j.Counts.Stuck++
			u.logf(now, "stuck: leased for over %d s", j.Retry.MaxRuntimeSec)
			f.emitFrame(j, i)
		}
	}
}

// action pauses, resumes, cancels, retries or reprioritizes a job.
func (f *Machine) action(c *Command, b ActionBody) (api.Job, *Error) {
	j := f.s.job(b.Job)
	if j == nil || (c.Role != api.RoleAdmin && j.Owner != c.Caller) {
		return api.Job{}, notFound("job %s not found", b.Job)
	}
	switch b.Action {
	case api.ActionPause:
		if j.State != api.JobQueued && j.State != api.JobRunning {
			return api.Job{}, conflict("job %s is %s; only a queued or running job can be paused", j.ID, j.State)
		}
		j.State = api.JobPaused
	case api.ActionResume:
		if j.State != api.JobPaused {
			return api.Job{}, conflict("job %s is %s, not paused", j.ID, j.State)
		}
		if j.Chain != nil && j.Chain.Funded == 0 {
			return api.Job{}, errorf(CodeFunds, "job %s waits for %d tokens in the escrow contract under key %s: fund it (rendergrid submit does) and it starts by itself", j.ID, j.Chain.Need, chain.JobKey(j.ID).Hex())
		}
		j.State = api.JobRunning
		if j.Counts.Done+j.Counts.Leased+j.Counts.Failed == 0 {
			j.State = api.JobQueued
		}
		f.settle(c.Now, j)
	case api.ActionCancel:
		if !Active(j.State) {
			return api.Job{}, conflict("job %s is already %s", j.ID, j.State)
		}
		f.endJob(c.Now, j, api.JobCanceled)
		return j.View(f.s.Ledger), nil
	case api.ActionRetry:
		if j.Counts.Failed == 0 && j.State != api.JobFailed {
			return api.Job{}, conflict("job %s has no failed frames to retry", j.ID)
		}
		if j.State == api.JobCanceled {
			return api.Job{}, conflict("job %s was canceled; submit it again", j.ID)
		}
		if j.Chain != nil && j.Chain.Closed {
			return api.Job{}, conflict("job %s's escrow on chain is closed and refunded; submit its failed frames as a new job", j.ID)
		}
		if e := f.s.Ledger.Escrows[j.ID]; e != nil && e.Closed {
			// The escrow was refunded when the job ended: lock the
			// retried frames' cost again.
			var cost uint64
			for i := range j.Units {
				if j.Units[i].State == api.FrameFailed {
					p, _ := jobdef.UnitPrice(&j.Spec, i)
					cost += p * uint64(max(j.Units[i].Need, 1))
				}
			}
			if err := f.s.Ledger.Lock(c.Now, j.ID, e.Payer, cost); err != nil {
				return api.Job{}, ledgerError(err)
			}
		}
		for i := range j.Units {
			if u := &j.Units[i]; u.State == api.FrameFailed {
				u.FailedOn, u.Error = nil, ""
				u.logf(c.Now, "retried by %s", c.Caller)
				j.setUnit(i, api.FrameQueued)
				f.emitFrame(j, i)
			}
		}
		j.Reason, j.Finished = "", 0
		if !Active(j.State) {
			j.State = api.JobRunning
			f.s.order = append(f.s.order, j.ID)
			f.s.sortOrder()
		}
		f.settle(c.Now, j)
	case api.ActionPriority:
		if !Active(j.State) {
			return api.Job{}, conflict("job %s is %s; only an active job's priority can change", j.ID, j.State)
		}
		j.Priority = b.Priority
		f.s.sortOrder()
	default:
		return api.Job{}, badRequest("unknown action %q: use pause, resume, cancel, retry or priority", b.Action)
	}
	f.emitJob(j)
	return j.View(f.s.Ledger), nil
}

func (f *Machine) emitFrame(j *Job, i int) {
	v := j.FrameView(i)
	f.emit(api.Event{Type: "frame", Job: j.ID, State: v.State, Frame: &v})
}

func (f *Machine) emitJob(j *Job) {
	c := j.Counts
	f.emit(api.Event{Type: "job", Job: j.ID, State: j.State, Counts: &c})
}
