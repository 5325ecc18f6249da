package state

import (
	"github.com/rendergrid/rendergrid/api"
)

// Quota bounds what one artist may have in the farm at once, so that no
// user can grow the replicated state without limit. Operators have none.
type Quota struct {
	Jobs   int   `json:"jobs"`   // queued, running or paused jobs
	Frames int64 `json:"frames"` // their units not yet done, failed or canceled
	// Bytes bounds what the artist's uploads (scenes, environment maps,
	// images to upscale) hold in the farm's stores, each rounded up to a
	// MiB; see storage.go.
	Bytes int64 `json:"bytes"`
}

// DefaultQuota is 100 active jobs, 1,000,000 open frames and 16 GiB of
// uploads per artist.
var DefaultQuota = Quota{Jobs: 100, Frames: 1_000_000, Bytes: 16 << 30}

// checkQuota refuses a submit that would take the caller over q (429).
func (s *State) checkQuota(c *Command, q *Quota, spec *api.JobSpec) *Error {
	if q == nil || c.Role == api.RoleAdmin {
		return nil
	}
	var jobs int
	var frames int64
	for _, j := range s.Jobs {
		if j.Owner != c.Caller || !Active(j.State) {
			continue
		}
		jobs++
		frames += int64(j.Counts.Queued + j.Counts.Leased)
	}
	if q.Jobs > 0 && jobs+1 > q.Jobs {
		return tooMany("%s has %d active jobs, the most this farm allows one user (the operator's --quota-jobs); wait for some to finish or cancel them", c.Caller, jobs)
	}
	units := int64(spec.FrameEnd-spec.FrameStart+1) * int64(max(spec.TilesX, 1)*max(spec.TilesY, 1))
	if spec.AI() {
		units = int64(spec.FrameEnd - spec.FrameStart + 1)
	}
	if q.Frames > 0 && frames+units > q.Frames {
		return tooMany("%s has %d frames waiting and this job adds %d, over the %d one user may have queued (the operator's --quota-frames); wait for some to render", c.Caller, frames, units, q.Frames)
	}
	return nil
}
