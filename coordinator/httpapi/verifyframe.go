package httpapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ipfs/go-cid"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/coordinator/state"
	"github.com/rendergrid/rendergrid/ipfs"
	"github.com/rendergrid/rendergrid/render/proof"
	"github.com/rendergrid/rendergrid/verify"
)

// verifyPixels is how many pixels the verify action re-renders per
// receipt (rendergrid verify's default is 64; this runs on the leader).
const verifyPixels = 32

// maxVerifyFile bounds what the verify action reads of one stored file.
const maxVerifyFile = 1 << 30

// FrameCheck is the verify action's answer for one receipt: the same
// check as rendergrid verify, its steps as sentences, and its verdict.
type FrameCheck struct {
	verify.Verification
	Honest  bool     `json:"honest"`
	Verdict string   `json:"verdict"`
	Steps   []string `json:"steps"`
}

// handleVerifyFrame runs rendergrid verify's check (verify.Receipt) on
// every receipt of a frame (tile ?tile=N) of one of the caller's jobs,
// here on the leader, reading the job and its files from this node.
func (n *Server) handleVerifyFrame(r *http.Request, p state.Principal) (int, any, *api.Error) {
	frame, err := strconv.Atoi(r.PathValue("frame"))
	if err != nil {
		return 0, nil, badRequest("frame %q is not a number", r.PathValue("frame"))
	}
	tile := 0
	if t := r.URL.Query().Get("tile"); t != "" {
		if tile, err = strconv.Atoi(t); err != nil {
			return 0, nil, badRequest("tile %q is not a number", t)
		}
	}
	if err := n.readIndex(r.Context()); err != nil {
		return 0, nil, err
	}
	var fr api.Frame
	var found, unit bool
	signers := map[common.Address]bool{}
	n.fsm.Read(func(s *state.State) {
		j := state.JobFor(s, r.PathValue("id"), p)
		if j == nil {
			return
		}
		found = true
		if i := j.UnitOf(api.Unit{Frame: frame, Tile: tile}); i >= 0 {
			fr, unit = j.FrameView(i), true
		}
		for a := range s.Signers {
			signers[common.HexToAddress(a)] = true
		}
	})
	switch {
	case !found:
		return 0, nil, notFound("job %s not found", r.PathValue("id"))
	case !unit:
		return 0, nil, notFound("job %s has no frame %d tile %d", r.PathValue("id"), frame, tile)
	case len(fr.Receipts) == 0:
		return 0, nil, conflict("frame %d tile %d of job %s has no receipt yet: it is %s", frame, tile, r.PathValue("id"), fr.State)
	}
	select {
	case n.verifying <- struct{}{}:
		defer func() { <-n.verifying }()
	case <-r.Context().Done():
		return 0, nil, unavailable("verification abandoned: %v", r.Context().Err())
	}
	var out []FrameCheck
	for _, rc := range fr.Receipts {
		var c FrameCheck
		say := func(format string, args ...any) { c.Steps = append(c.Steps, fmt.Sprintf(format, args...)) }
		v, err := verify.Receipt(r.Context(), serverSource{n, p}, rc, func(a common.Address) bool { return signers[a] }, verifyPixels, say)
		c.Verification, c.Honest = v, err == nil
		switch {
		case err == nil:
			c.Verdict = "honest: the signatures hold and the render was re-done and matches"
		case errors.Is(err, proof.ErrDishonest):
			c.Verdict = "dishonest: " + err.Error()
		default:
			c.Verdict = "not verified: " + err.Error()
		}
		out = append(out, c)
	}
	return http.StatusOK, out, nil
}

// serverSource is verify.Source on this node: the caller's jobs from the
// state, files from the store.
type serverSource struct {
	n *Server
	p state.Principal
}

func (s serverSource) Job(_ context.Context, id string) (api.Job, error) {
	var out api.Job
	var found bool
	s.n.fsm.Read(func(st *state.State) {
		if j := state.JobFor(st, id, s.p); j != nil {
			out, found = j.View(st.Ledger), true
		}
	})
	if !found {
		return out, fmt.Errorf("job %s not found", id)
	}
	return out, nil
}

func (s serverSource) Frames(_ context.Context, id string) ([]api.Frame, error) {
	var out []api.Frame
	var found bool
	s.n.fsm.Read(func(st *state.State) {
		if j := state.JobFor(st, id, s.p); j != nil {
			found = true
			for i := range j.Units {
				out = append(out, j.FrameView(i))
			}
		}
	})
	if !found {
		return nil, fmt.Errorf("job %s not found", id)
	}
	return out, nil
}

func (s serverSource) Fetch(ctx context.Context, id string) ([]byte, error) {
	c, err := ipfs.ParseCID(id)
	if err != nil {
		return nil, err
	}
	return s.n.content.ReadStored(ctx, c, maxVerifyFile)
}

// handleJobCAR answers one CARv1 of every done output of a job (each
// frame's or tile's output, and a denoised job's denoised PNGs), its roots
// in frame order: the dashboard's "fetch all".
func (n *Server) handleJobCAR(w http.ResponseWriter, r *http.Request, p state.Principal) {
	if err := n.readIndex(r.Context()); err != nil {
		writeError(w, err)
		return
	}
	var roots []string
	found := false
	n.fsm.Read(func(s *state.State) {
		j := state.JobFor(s, r.PathValue("id"), p)
		if j == nil {
			return
		}
		found = true
		for i := range j.Units {
			f := j.FrameView(i)
			if f.State != api.FrameDone {
				continue
			}
			roots = append(roots, f.Output)
			if f.Denoised != "" {
				roots = append(roots, f.Denoised)
			}
		}
	})
	if !found {
		writeError(w, notFound("job %s not found", r.PathValue("id")))
		return
	}
	if len(roots) == 0 {
		writeError(w, conflict("job %s has no done frame yet", r.PathValue("id")))
		return
	}
	cids := make([]cid.Cid, len(roots))
	for i, root := range roots {
		c, err := ipfs.ParseCID(root)
		if err != nil {
			writeError(w, errorf(http.StatusInternalServerError, state.CodeInternal, "output %q: %v", root, err))
			return
		}
		if err := n.content.Ensure(r.Context(), c); err != nil {
			writeError(w, unavailable("output %s is not on this coordinator and could not be fetched from the others: %v", c, err))
			return
		}
		cids[i] = c
	}
	w.Header().Set("Content-Type", "application/vnd.ipld.car; version=1")
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", r.PathValue("id")+".car"))
	if err := n.store.ExportCARs(r.Context(), cids, w); err != nil {
		fmt.Fprintf(n.cfg.Log, "coordinator %s: writing job %s's CAR: %v\n", n.id, r.PathValue("id"), err)
	}
}
