package state

import (
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/render/proof"
)

// mayRead reports whether user ("" for anyone) may read the content root.
func (s *State) MayRead(root, user string) bool {
	if root == "" {
		return false
	}
	for _, nft := range s.NFTs {
		if nft.MetadataCID == root {
			return true
		}
		if j := s.Jobs[nft.Job]; j != nil {
			if i := j.UnitOf(api.Unit{Frame: nft.Frame}); i >= 0 && j.Units[i].Output == root {
				return true
			}
		}
	}
	for _, j := range s.Jobs {
		if (user != "" && j.Owner == user || j.Spec.Public) && j.references(root) {
			return true
		}
	}
	return false
}

// references reports whether the job's spec or any of its outputs names
// the content root.
func (j *Job) references(root string) bool {
	if SpecReferences(&j.Spec, root) {
		return true
	}
	for i := range j.Units {
		if u := &j.Units[i]; u.Output == root || u.Denoised == root {
			return true
		}
	}
	return false
}

// SpecReferences reports whether a job spec names the content root: its
// scene (or model), environment map, an input image or a file of a .blend's
// folder.
func SpecReferences(sp *api.JobSpec, root string) bool {
	if sp.Scene == root || sp.Env == root {
		return true
	}
	for _, f := range sp.Files {
		if f.CID == root {
			return true
		}
	}
	if sp.Upscale != nil {
		for _, in := range sp.Upscale.Inputs {
			if in.CID == root {
				return true
			}
		}
	}
	return false
}

// jobFor finds a job the caller may see.
func JobFor(s *State, id string, p Principal) *Job {
	j := s.Jobs[id]
	if j == nil || (p.Role != api.RoleAdmin && j.Owner != p.User) {
		return nil
	}
	return j
}

// jobSeq is the number in a job id ("j12" → 12).
func JobSeq(id string) uint64 {
	v, _ := strconv.ParseUint(strings.TrimPrefix(id, "j"), 10, 64)
	return v
}

// HasWork reports whether a claim by worker id would be granted a unit:
// some active job it may render has a queued unit it may take (claim has
// the last word in a race).
func HasWork(s *State, id string) bool {
	w := s.Workers[id]
	if w == nil {
		return true // let claim answer why not
	}
	if w.Paused {
		return false
	}
	for _, jid := range s.order {
		j := s.Jobs[jid]
		if (j.State == api.JobQueued || j.State == api.JobRunning) && j.Counts.Queued > 0 && Eligible(j, id, w) && j.claimable(id) {
			return true
		}
	}
	return false
}

// claimable reports whether a claim would give worker id a unit of j: a
// queued unit it has not failed and whose held first render is not its
// own (see take). Without it, a worker whose only queued units are ones
// it failed was told there was work, claimed nothing, and its claim's
// own apply woke the long poll to claim again: a log entry per round
// trip, over a million in a few minutes of the demo beside a busy CPU.
func (j *Job) claimable(id string) bool {
	if j.Fails[id] == 0 && j.Spec.Verify != proof.Redundant {
		return true // nothing queued was failed or is held by it
	}
	for _, i := range j.queue {
		u := &j.Units[i]
		if u.State == api.FrameQueued && !slices.Contains(u.FailedOn, id) && (u.Pending == nil || u.Pending.Receipt.Worker.Hex() != id) {
			return true
		}
	}
	return false
}

// sortedJobIDs lists jobs in id order, for a deterministic chain round.
func (s *State) SortedJobIDs() []string {
	ids := make([]string, 0, len(s.Jobs))
	for id := range s.Jobs {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// WorkerView is worker id as the API lists it: its capabilities and
// counts, owner, pause, current lease, earnings and the jobs that
// blocklisted it.
func WorkerView(s *State, id string) api.Worker {
	w := s.Workers[id]
	if w == nil {
		return api.Worker{ID: id}
	}
	v := api.Worker{ID: id, Caps: w.Caps, Registered: w.Registered, LastSeen: w.LastSeen, Done: w.Done, Failed: w.Failed,
		Owner: w.Owner, Paused: w.Paused}
	for _, l := range s.Leases {
		if l.Worker == id && (v.Lease == nil || l.ID > v.Lease.ID) {
			v.Lease = &api.WorkerLease{ID: l.ID, Job: l.Job, Units: len(l.Units)}
		}
	}
	for _, e := range w.Earnings {
		v.Earned += e.Tokens
		v.EarnedFrames += e.Frames
	}
	for _, jid := range s.order {
		j := s.Jobs[jid]
		if j.Blocked[id] {
			v.Blocked = append(v.Blocked, jid)
		}
		if j.Chain != nil {
			v.Pending += j.Chain.Owed[id]
		}
		for i := range j.Units {
			if p := j.Units[i].Pending; p != nil && p.Receipt.Worker.Hex() == id {
				v.Held++
			}
		}
	}
	return v
}
