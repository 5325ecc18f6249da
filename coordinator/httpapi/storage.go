package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/coordinator/state"
)

// The stored-bytes quota. Every upload an artist makes (a scene, an
// environment map, images to upscale) is recorded in the replicated state
// under its root CID, at its size rounded up to uploadUnit, and the sum is
// held to Quota.Bytes. Sending the same content again costs nothing.
// `rendergrid uploads rm CID` removes a record no active job needs; once no
// record and no job in the state names the content, every coordinator
// unpins it from its own store and garbage-collects (reclaim).
//
// Workers' outputs are not counted: they are bounded by the frames quota
// and the per-upload limit, and belong to the job.

// handleStorage lists the caller's uploads.
func (n *Server) handleStorage(r *http.Request, p state.Principal) (int, any, *api.Error) {
	var out api.Storage
	n.fsm.Read(func(s *state.State) { out = s.Storage(p.User, n.cfg.Quota.Bytes) })
	return http.StatusOK, out, nil
}

// handleRemoveUpload removes one of the caller's upload records.
func (n *Server) handleRemoveUpload(r *http.Request, p state.Principal) (int, any, *api.Error) {
	var req api.UploadRef
	if err := decode(r, &req); err != nil {
		return 0, nil, err
	}
	res := n.propose(r.Context(), requestCommand(state.OpUnstore, r, p, req))
	if res.Err != nil {
		return 0, nil, res.Err
	}
	st := res.Value.(api.Storage)
	st.Limit = n.cfg.Quota.Bytes
	return http.StatusOK, st, nil
}

// handleRecordUpload is how the coordinator that took an upload has the
// leader record it: only peers may call it.
func (n *Server) handleRecordUpload(w http.ResponseWriter, r *http.Request) {
	if !n.isPeer(r) {
		writeError(w, forbidden("only coordinators record uploads"))
		return
	}
	if n.forward(w, r) {
		return
	}
	var b state.StoredBody
	if err := decode(r, &b); err != nil {
		writeError(w, err)
		return
	}
	b.Limit = n.cfg.Quota.Bytes
	res := n.propose(r.Context(), n.system(state.OpStored, b))
	if res.Err != nil {
		writeError(w, res.Err)
		return
	}
	writeJSON(w, http.StatusOK, res.Value)
}

// recordUpload has the leader record user's upload of root, directly when
// this node leads and through the leader's API otherwise.
func (n *Server) recordUpload(ctx context.Context, user, root string, size int64) *api.Error {
	b := state.StoredBody{User: user, CID: root, Bytes: size, Limit: n.cfg.Quota.Bytes}
	if n.IsLeader() {
		return n.propose(ctx, n.system(state.OpStored, b)).Err
	}
	body, _ := json.Marshal(b)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, n.url+"/api/v1/uploads/record", bytes.NewReader(body))
	if err != nil {
		return errorf(http.StatusInternalServerError, state.CodeInternal, "recording upload %s: %v", root, err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := n.content.PeerClient().Do(req)
	if err != nil {
		return unavailable("recording upload %s with the leader: %v; retry", root, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		var e api.Error
		if json.NewDecoder(resp.Body).Decode(&e) == nil && e.Message != "" {
			e.Status = resp.StatusCode
			return &e
		}
		return unavailable("recording upload %s with the leader: %s; retry", root, resp.Status)
	}
	return nil
}
