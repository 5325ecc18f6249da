package state

import (
	"time"

	"github.com/rendergrid/rendergrid/api"
)

// DefaultRetain is how long a finished job stays in the replicated state
// before it is archived, and how long a worker may stay away before it is
// forgotten.
const DefaultRetain = 7 * 24 * time.Hour

// archivedJob is what the state keeps of an archived job: enough to list
// it and to find its archive.
type ArchivedJob struct {
	CID      string `json:"cid"`
	Owner    string `json:"owner"`
	Name     string `json:"name,omitempty"`
	State    string `json:"state"`
	Finished int64  `json:"finished"`
	Public   bool   `json:"public,omitempty"`
}

type (
	ArchiveBody struct {
		Job string `json:"job"`
		CID string `json:"cid"`
	}
	ForgetBody struct {
		Workers []string `json:"workers"`
		// Before: only workers last seen before it are forgotten.
		Before int64 `json:"before"`
	}
)

// archive removes a finished job whose archive is stored at b.CID from the
// state: its units, receipts, escrow record and per-worker earnings.
// What was paid stays paid; a receipt of the job sent again finds no job.
func (s *State) archive(b ArchiveBody, now int64) Result {
	j := s.Jobs[b.Job]
	if j == nil {
		return Result{Err: notFound("job %s not found", b.Job)}
	}
	if Active(j.State) {
		return Result{Err: conflict("job %s is %s: only finished jobs are archived", j.ID, j.State)}
	}
	if j.Chain != nil && (!j.Chain.Closed || len(j.Chain.Unbatched) > 0) {
		return Result{Err: conflict("job %s still has earnings to settle on chain", j.ID)}
	}
	for _, l := range s.Leases {
		if l.Job == j.ID {
			return Result{Err: conflict("job %s still has lease %d", j.ID, l.ID)}
		}
	}
	if e := s.Ledger.Escrows[j.ID]; e != nil && !e.Closed {
		return Result{Err: conflict("job %s's escrow is still open", j.ID)}
	}
	for i := range j.Units {
		for k := range j.Units[i].Receipts {
			delete(s.Ledger.Settled, j.Units[i].Receipts[k].ID())
		}
	}
	delete(s.Ledger.Escrows, j.ID)
	for _, w := range s.Workers {
		delete(w.Earnings, j.ID)
	}
	delete(s.Jobs, j.ID)
	s.Archived[j.ID] = ArchivedJob{CID: b.CID, Owner: j.Owner, Name: j.Spec.Name, State: j.State, Finished: j.Finished, Public: j.Spec.Public}
	return Result{Value: b.CID}
}

// forgetWorkers removes workers that have not been seen since b.Before and
// hold no lease, with their tokens: a worker that comes back registers
// again with an enrol token.
func (s *State) forgetWorkers(b ForgetBody, now int64) Result {
	held := map[string]bool{}
	for _, l := range s.Leases {
		held[l.Worker] = true
	}
	n := 0
	for _, id := range b.Workers {
		w := s.Workers[id]
		if w == nil || held[id] || w.LastSeen >= b.Before {
			continue
		}
		if w.TokenHash != "" {
			delete(s.Tokens, w.TokenHash)
		}
		delete(s.Workers, id)
		n++
	}
	return Result{Value: n}
}

// archiveView is an archived job as jobs ls shows it without reading its
// archive.
func (a ArchivedJob) View(id string) api.Job {
	return api.Job{ID: id, Owner: a.Owner, State: a.State, Finished: a.Finished, Archive: a.CID,
		Spec: api.JobSpec{Name: a.Name, Public: a.Public}}
}
