package state

import (
	"sort"
	"strconv"
	"strings"

	"github.com/rendergrid/rendergrid/api"
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
		if j.Units[i].Output == root {
			return true
		}
	}
	return false
}

// specReferences reports whether a job spec names the content root: its
// scene (or model), environment map or an input image.
func SpecReferences(sp *api.JobSpec, root string) bool {
	if sp.Scene == root || sp.Env == root {
		return true
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

// hasWork reports whether some active job has queued units worker id may
// take (an estimate: claim has the last word).
func HasWork(s *State, id string) bool {
	w := s.Workers[id]
	if w == nil {
		return true // let claim answer why not
	}
	for _, jid := range s.order {
		j := s.Jobs[jid]
		if (j.State == api.JobQueued || j.State == api.JobRunning) && j.Counts.Queued > 0 && Eligible(j, id, w) {
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
