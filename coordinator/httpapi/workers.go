package httpapi

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/chain"
	"github.com/rendergrid/rendergrid/coordinator/state"
)

func (n *Server) handleRegister(r *http.Request, p state.Principal) (int, any, *api.Error) {
	var req api.RegisterRequest
	if err := decode(r, &req); err != nil {
		return 0, nil, err
	}
	addr, err := chain.ParseAddress(req.Address)
	if err != nil {
		return 0, nil, badRequest("worker address: %v", err)
	}
	var chainID uint64
	n.fsm.Read(func(s *state.State) { chainID = s.ChainID })
	if req.Nonce == "" {
		return 0, nil, badRequest("the registration carries no challenge: ask GET /api/v1/workers/challenge for one and sign it (a worker older than this coordinator must be upgraded)")
	}
	msg := chain.RegisterMessage(addr, chainID, req.Nonce)
	signer, err := chain.Recover(chain.MessageDigest(msg), req.Signature)
	if err != nil || signer != addr {
		return 0, nil, forbidden("the registration is not signed by the key of %s (sign %q with it)", addr.Hex(), msg)
	}
	c := req.Caps
	if c.Name == "" || len(c.Name) > 100 || len(c.Engines) == 0 || len(c.Engines) > 16 || len(c.Tags) > api.MaxTags || len(c.GPU) > 200 || len(c.Vulkan) > 50 {
		return 0, nil, badRequest("capabilities need a name (up to 100 bytes), 1 to 16 engines and at most %d tags", api.MaxTags)
	}
	tok, e := NewToken()
	if e != nil {
		return 0, nil, errorf(http.StatusInternalServerError, state.CodeInternal, "%v", e)
	}
	id := addr.Hex()
	// No idempotency key: registering again just rotates the token, and
	// the answer must carry the token this very command installed.
	cmd := requestCommand(state.OpRegister, r, p, state.RegisterBody{ID: id, Caps: c, TokenHash: state.HashToken(tok), EnrolHash: bearerHash(r), Nonce: req.Nonce})
	cmd.Key = ""
	if res := n.propose(r.Context(), cmd); res.Err != nil {
		return 0, nil, res.Err
	}
	return http.StatusOK, api.RegisterResponse{ID: id, Token: tok}, nil
}

// handleClaim grants the caller a lease, waiting up to wait_ms for work.
// It answers 204 when none came.
func (n *Server) handleClaim(r *http.Request, p state.Principal) (int, any, *api.Error) {
	n.seen.saw(p.User)
	var req api.ClaimRequest
	if err := decode(r, &req); err != nil {
		return 0, nil, err
	}
	if req.WaitMS < 0 {
		return 0, nil, badRequest("wait_ms %d is negative", req.WaitMS)
	}
	start := time.Now()
	deadline := time.NewTimer(min(time.Duration(req.WaitMS)*time.Millisecond, maxClaimWait))
	defer deadline.Stop()
	for attempt := 0; ; attempt++ {
		var work bool
		ch := n.fsm.ReadWait(func(s *state.State) { work = state.HasWork(s, p.User) })
		if work {
			c := requestCommand(state.OpClaim, r, p, state.ClaimBody{TTLMS: n.cfg.LeaseTTL.Milliseconds()})
			if c.Key != "" {
				// Each try of the long poll is its own command; a client's
				// retry of the whole call replays them in the same order.
				c.Key += "/" + strconv.Itoa(attempt)
			}
			res := n.propose(r.Context(), c)
			if res.Err != nil {
				return 0, nil, res.Err
			}
			if l := leaseOf(res.Value); l != nil {
				n.leader.Clock().Renew(l.ID, time.Now().Add(n.cfg.LeaseTTL), 0)
				n.metrics.claims.WithLabelValues("granted").Inc()
				n.metrics.claimLat.Observe(time.Since(start).Seconds())
				return http.StatusOK, res.Value, nil
			}
		}
		select {
		case <-ch:
		case <-deadline.C:
			n.metrics.claims.WithLabelValues("empty").Inc()
			return http.StatusNoContent, nil, nil
		case <-r.Context().Done():
			return 0, nil, unavailable("claim abandoned: %v", r.Context().Err())
		case <-n.ctx.Done():
			return 0, nil, unavailable("coordinator %s is shutting down; retry against another node", n.id)
		}
	}
}

// leaseOf is the lease in a claim's result: a fresh *api.Lease, or the
// JSON of a replayed one; nil when nothing was granted.
func leaseOf(v any) *api.Lease {
	switch l := v.(type) {
	case *api.Lease:
		return l
	case json.RawMessage:
		var out *api.Lease
		if json.Unmarshal(l, &out) == nil {
			return out
		}
	}
	return nil
}

func (n *Server) handleHeartbeat(r *http.Request, p state.Principal) (int, any, *api.Error) {
	n.seen.saw(p.User)
	var req api.HeartbeatRequest
	if err := decode(r, &req); err != nil {
		return 0, nil, err
	}
	if req.Progress < 0 || req.Progress > 1 {
		return 0, nil, badRequest("progress %g is outside 0..1", req.Progress)
	}
	resp, err := n.heartbeat(p.User, req)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, resp, nil
}

// handleComplete checks a signed receipt, the output it names and, per
// the job's policy, the image itself; then it countersigns and settles it,
// or blocklists a worker caught lying.
func (n *Server) handleComplete(r *http.Request, p state.Principal) (int, any, *api.Error) {
	var req api.CompleteRequest
	if err := decode(r, &req); err != nil {
		return 0, nil, err
	}
	v, err := n.Accept(r.Context(), p, r, req)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, v, nil
}

func (n *Server) handleFail(r *http.Request, p state.Principal) (int, any, *api.Error) {
	var req api.FailRequest
	if err := decode(r, &req); err != nil {
		return 0, nil, err
	}
	if len(req.Log) > state.LogTail {
		req.Log = req.Log[len(req.Log)-state.LogTail:]
	}
	res := n.propose(r.Context(), requestCommand(state.OpFail, r, p, req))
	if res.Err != nil {
		return 0, nil, res.Err
	}
	return http.StatusOK, res.Value, nil
}

func (n *Server) handleRelease(r *http.Request, p state.Principal) (int, any, *api.Error) {
	var req api.ReleaseRequest
	if err := decode(r, &req); err != nil {
		return 0, nil, err
	}
	res := n.propose(r.Context(), requestCommand(state.OpRelease, r, p, req))
	if res.Err != nil {
		return 0, nil, res.Err
	}
	return http.StatusOK, map[string]any{"released": res.Value}, nil
}

// handlePauseWorker pauses (or resumes) a worker from the farm's side: the
// farm gives it no new work while its running frames finish. Its owner or
// an operator may.
func (n *Server) handlePauseWorker(paused bool) handlerFunc {
	return func(r *http.Request, p state.Principal) (int, any, *api.Error) {
		res := n.propose(r.Context(), requestCommand(state.OpPauseWorker, r, p, state.PauseWorkerBody{ID: r.PathValue("id"), Paused: paused}))
		if res.Err != nil {
			return 0, nil, res.Err
		}
		return http.StatusOK, res.Value, nil
	}
}
