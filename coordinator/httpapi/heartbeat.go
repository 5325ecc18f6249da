package httpapi

import (
	"time"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/coordinator/state"
)

// heartbeat renews the caller's lease and tells it whether to go on.
func (n *Server) heartbeat(worker string, r api.HeartbeatRequest) (api.HeartbeatResponse, *api.Error) {
	var err *api.Error
	var jobID string
	n.fsm.Read(func(s *state.State) {
		l := s.Leases[r.Lease]
		switch {
		case l == nil:
			err = errorf(409, state.CodeStaleLease, "lease %d is not current (it expired, was released or its job ended)", r.Lease)
		case l.Worker != worker:
			err = forbidden("lease %d belongs to another worker", r.Lease)
		default:
			jobID = l.Job
			if s.Jobs[l.Job].State == api.JobCanceled {
				err = errorf(409, state.CodeStaleLease, "job %s was canceled", l.Job)
			}
		}
	})
	if err != nil {
		return api.HeartbeatResponse{Stop: true}, err
	}
	n.leader.Clock().Renew(r.Lease, time.Now().Add(n.cfg.LeaseTTL), r.Progress)
	u := r.Unit
	n.events.Publish(api.Event{Type: "progress", Job: jobID, Unit: &u, Progress: r.Progress, Worker: worker})
	return api.HeartbeatResponse{TTLMS: n.cfg.LeaseTTL.Milliseconds()}, nil
}
