package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/chain"
	"github.com/rendergrid/rendergrid/coordinator/state"
	"github.com/rendergrid/rendergrid/coordinator/verifier"
	"github.com/rendergrid/rendergrid/ipfs"
	"github.com/rendergrid/rendergrid/render/proof"
)

// CodeVerification is the error code of a receipt caught lying.

// Accept runs a completion through admission and the job's
// proof-of-render policy, then countersigns and settles it, or rejects a
// lying worker.
func (n *Server) Accept(ctx context.Context, p state.Principal, r *http.Request, req api.CompleteRequest) (any, *api.Error) {
	pu, replay, err := verifier.Admit(n.fsm, p.User, r.Header.Get(HeaderIdempotency), &req)
	if replay != nil {
		if replay.Err != nil {
			return nil, apiError(replay.Err)
		}
		return json.RawMessage(replay.Result), nil
	}
	var l *verifier.Lie
	if errors.As(err, &l) {
		return nil, n.rejectLie(ctx, r, p, state.RejectBody{Job: l.Job, Worker: p.User, Reason: l.Reason})
	}
	var se *state.Error
	if errors.As(err, &se) {
		return nil, apiError(se)
	}
	if err != nil {
		return nil, errorf(http.StatusInternalServerError, state.CodeInternal, "%v", err)
	}
	rc := &req.Receipt
	id, perr := ipfs.ParseCID(rc.OutputCID)
	if perr != nil {
		return nil, badRequest("output %q: %v", rc.OutputCID, perr)
	}
	if err := n.content.Ensure(ctx, id); err != nil {
		if errors.Is(err, ipfs.ErrDiskFull) {
			// The leader's trouble, not the worker's: it may report again.
			fmt.Fprintf(n.cfg.Log, "coordinator %s: cannot check output %s: %v\n", n.id, id, err)
			return nil, errorf(http.StatusInsufficientStorage, state.CodeUnavailable, "coordinator %s cannot fetch output %s to check it: its disk is full (%v); report again later", n.id, id, err)
		}
		return nil, badRequest("output %s is not retrievable from the cluster (%v); upload it with POST /api/v1/ipfs/car first", id, err)
	}
	if req.Denoised != "" && !pu.Spec.Denoise {
		return nil, badRequest("job %s is not denoised; report no denoised image", rc.Job)
	}
	if req.Denoised != "" {
		did, perr := ipfs.ParseCID(req.Denoised)
		if perr != nil {
			return nil, badRequest("denoised %q: %v", req.Denoised, perr)
		}
		if err := n.content.Ensure(ctx, did); err != nil {
			return nil, badRequest("denoised image %s is not retrievable from the cluster (%v); upload it with POST /api/v1/ipfs/car first", did, err)
		}
	}
	vd, verr := n.verify.Prove(ctx, pu, rc.OutputCID)
	if verr != nil {
		return nil, unavailable("%v", verr)
	}
	for _, rb := range vd.Reject {
		rb.Job, rb.Unit = rc.Job, &pu.Unit
		if rb.Worker == "" {
			return nil, n.rejectLie(ctx, r, p, rb)
		}
		if res := n.propose(ctx, n.system(state.OpReject, rb)); res.Err != nil {
			return nil, res.Err
		}
	}
	sg := chain.Signed{
		Acceptance:      chain.Acceptance{Receipt: *rc, Price: pu.Price, Fee: pu.Fee, AcceptedAt: uint64(time.Now().UnixMilli())},
		WorkerSignature: req.Signature,
	}
	if err := sg.Countersign(n.key); err != nil {
		return nil, errorf(http.StatusInternalServerError, state.CodeInternal, "countersigning: %v", err)
	}
	if len(req.Log) > state.LogTail {
		req.Log = req.Log[len(req.Log)-state.LogTail:]
	}
	res := n.propose(ctx, requestCommand(state.OpComplete, r, p, state.CompleteBody{Signed: sg, Log: req.Log, Mode: vd.Mode, PHash: vd.PHash, Denoised: req.Denoised}))
	if res.Err != nil {
		return nil, res.Err
	}
	n.metrics.receipts.WithLabelValues("accepted").Inc()
	return res.Value, nil
}

// rejectLie records a caught lie and answers the worker with its reason.
func (n *Server) rejectLie(ctx context.Context, r *http.Request, p state.Principal, b state.RejectBody) *api.Error {
	b.Worker = p.User
	c := requestCommand(state.OpReject, r, p, b)
	if c.Key != "" {
		// Not the request's own key: a retry must find the lie again, not
		// the reject's answer.
		c.Key += "/reject"
	}
	if res := n.propose(ctx, c); res.Err != nil && res.Err.Code != state.CodeNotFound {
		return res.Err
	}
	reason := strings.TrimPrefix(b.Reason, proof.ErrDishonest.Error()+": ")
	if b.Dispute {
		n.metrics.receipts.WithLabelValues("disputed").Inc()
		fmt.Fprintf(n.cfg.Log, "coordinator %s: worker %s disputed on job %s: %s\n", n.id, p.User, b.Job, b.Reason)
		return errorf(http.StatusUnprocessableEntity, CodeVerification, "receipt not accepted: %s; neither image is paid and the frame goes to other workers (you are not blocklisted)", reason)
	}
	n.metrics.receipts.WithLabelValues("rejected").Inc()
	fmt.Fprintf(n.cfg.Log, "coordinator %s: worker %s caught on job %s: %s\n", n.id, p.User, b.Job, b.Reason)
	return errorf(http.StatusUnprocessableEntity, CodeVerification, "receipt rejected: %s; you are blocklisted for job %s and will not be paid for it", reason, b.Job)
}
