package httpapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/chain"
	"github.com/rendergrid/rendergrid/coordinator/state"
)

// handleChain answers how the farm keeps its money.
func (n *Server) handleChain(r *http.Request, p state.Principal) (int, any, *api.Error) {
	out := api.ChainInfo{Mode: api.ChainEmbedded}
	n.fsm.Read(func(s *state.State) {
		out.ChainID = s.ChainID
		if s.Chain != nil {
			out.Mode, out.Escrow, out.Treasury = s.Chain.Mode, s.Chain.Escrow, s.Chain.Treasury
		}
	})
	if n.evm != nil {
		out.Token, out.NFT = n.evm.TokenAddr.Hex(), n.evm.NFTAddr.Hex()
	}
	return http.StatusOK, out, nil
}

// handleWithdraw debits the caller's balance and returns a signed voucher.
func (n *Server) handleWithdraw(r *http.Request, p state.Principal) (int, any, *api.Error) {
	if n.evm == nil {
		return 0, nil, badRequest("this farm has no escrow contract to withdraw from: its coordinators run without --rpc and --escrow")
	}
	var req api.WithdrawRequest
	if err := decode(r, &req); err != nil {
		return 0, nil, err
	}
	var own string
	n.fsm.Read(func(s *state.State) { own = s.AccountOf(p.User, p.Role) })
	if req.To == "" {
		req.To = own
	}
	if _, err := chain.ParseAddress(req.To); err != nil {
		return 0, nil, badRequest("withdraw to: %v", err)
	}
	res := n.propose(r.Context(), requestCommand(state.OpWithdraw, r, p, state.WithdrawBody{To: req.To, Amount: req.Amount}))
	if res.Err != nil {
		return 0, nil, res.Err
	}
	var v api.Voucher
	if err := remarshal(res.Value, &v); err != nil {
		return 0, nil, err
	}
	if err := n.signVoucher(&v); err != nil {
		return 0, nil, err
	}
	return http.StatusOK, v, nil
}

// handleWithdrawals lists the caller's vouchers, signed again, so a lost
// one can still be submitted.
func (n *Server) handleWithdrawals(r *http.Request, p state.Principal) (int, any, *api.Error) {
	if err := n.currentRead(r); err != nil {
		return 0, nil, err
	}
	out := []api.Voucher{}
	n.fsm.Read(func(s *state.State) {
		own := s.AccountOf(p.User, p.Role)
		if s.Chain == nil {
			return
		}
		for i, v := range s.Chain.Vouchers {
			if v.Account == own || p.Role == api.RoleAdmin {
				out = append(out, s.Voucher(uint64(i+1)))
			}
		}
	})
	for i := range out {
		if err := n.signVoucher(&out[i]); err != nil {
			return 0, nil, err
		}
	}
	return http.StatusOK, out, nil
}

func (n *Server) signVoucher(v *api.Voucher) *api.Error {
	if n.evm == nil {
		return badRequest("this node has no escrow key to sign vouchers with")
	}
	d := v.Withdrawal.Digest(v.ChainID)
	sig, err := n.cfg.Chain.Key.Sign(d[:])
	if err != nil {
		return errorf(http.StatusInternalServerError, state.CodeInternal, "sign the voucher: %v", err)
	}
	v.Signature = sig
	return nil
}

// handleFunded looks for a job's funding on chain now.
func (n *Server) handleFunded(r *http.Request, p state.Principal) (int, any, *api.Error) {
	id := r.PathValue("id")
	var found bool
	n.fsm.Read(func(s *state.State) { found = state.JobFor(s, id, p) != nil })
	if !found {
		return 0, nil, notFound("job %s not found", id)
	}
	if n.evm == nil {
		return 0, nil, badRequest("this farm does not fund jobs on chain")
	}
	if err := n.leader.CheckFunding(r.Context(), id); err != nil {
		return 0, nil, unavailable("%v", err)
	}
	var out api.Job
	n.fsm.Read(func(s *state.State) { out = s.Jobs[id].View(s.Ledger) })
	return http.StatusOK, out, nil
}

// remarshal converts a command's result to out.
func remarshal(v any, out any) *api.Error {
	b, err := json.Marshal(v)
	if err == nil {
		err = json.Unmarshal(b, out)
	}
	if err != nil {
		return errorf(http.StatusInternalServerError, state.CodeInternal, "%v", err)
	}
	return nil
}

// handleMintNFT mints a frame of the caller's job: it builds the ERC-721
// metadata, adds it to IPFS, mints on chain (or in the ledger) and records
// the token.
func (n *Server) handleMintNFT(r *http.Request, p state.Principal) (int, any, *api.Error) {
	var req api.MintRequestNFT
	if err := decode(r, &req); err != nil {
		return 0, nil, err
	}
	if err := n.readIndex(r.Context()); err != nil {
		return 0, nil, err
	}
	id := r.PathValue("id")
	var (
		meta    api.NFTMetadata
		owner   string
		receipt string
		minted  uint64
		apiErr  *api.Error
	)
	n.fsm.Read(func(s *state.State) {
		j := s.Jobs[id]
		if j == nil || j.Owner != p.User {
			apiErr = notFound("job %s not found among your jobs: only a job's owner mints its frames", id)
			return
		}
		if j.Tiles() > 1 {
			apiErr = badRequest("job %s renders frames in %d tiles; minting a tiled frame is not supported yet", id, j.Tiles())
			return
		}
		if req.Frame < j.Spec.FrameStart || req.Frame > j.Spec.FrameEnd {
			apiErr = badRequest("job %s has frames %d-%d, not %d", id, j.Spec.FrameStart, j.Spec.FrameEnd, req.Frame)
			return
		}
		if t, ok := s.Minted[chain.FrameKey(id, req.Frame).Hex()]; ok {
			minted = t
			return
		}
		f := j.FrameView(req.Frame - j.Spec.FrameStart)
		if f.State != api.FrameDone || len(f.Receipts) == 0 {
			apiErr = conflict("frame %d of job %s is %s: only a rendered, paid frame can be minted", req.Frame, id, f.State)
			return
		}
		owner = s.Users[p.User]
		rc := f.Receipts[0]
		receipt = rc.ID()
		meta = frameMetadata(j, f, &rc)
	})
	if apiErr != nil {
		return 0, nil, apiErr
	}
	if minted != 0 {
		return 0, nil, conflict("frame %d of job %s is already minted as token %d", req.Frame, id, minted)
	}
	to := req.To
	if to == "" {
		to = owner
	}
	addr, err := chain.ParseAddress(to)
	if err != nil {
		return 0, nil, badRequest("mint to: %v (bind an account or give --to)", err)
	}
	body, _ := json.MarshalIndent(meta, "", "  ")
	mc, err := n.store.Add(r.Context(), bytes.NewReader(body))
	if err != nil {
		return 0, nil, errorf(http.StatusInternalServerError, state.CodeInternal, "add the metadata to IPFS: %v", err)
	}
	t := api.NFT{Job: id, Frame: req.Frame, Owner: addr.Hex(), MetadataCID: mc.String(), URI: "ipfs://" + mc.String(), Receipt: receipt, Chain: api.ChainEmbedded}
	if n.evm != nil && n.cfg.Chain.Mode == api.ChainEVM {
		tid, tx, err := n.evm.MintFrame(r.Context(), addr, chain.FrameKey(id, req.Frame), mc.String())
		if err != nil {
			return 0, nil, errorf(http.StatusBadGateway, state.CodeInternal, "%v", err)
		}
		t.ID, t.Tx, t.Chain, t.Contract = tid, tx.Hex(), api.ChainEVM, n.evm.NFTAddr.Hex()
	}
	res := n.propose(r.Context(), requestCommand(state.OpMintNFT, r, p, t))
	if res.Err != nil {
		return 0, nil, res.Err
	}
	var out api.NFT
	if err := remarshal(res.Value, &out); err != nil {
		return 0, nil, err
	}
	return http.StatusOK, out, nil
}

// handleNFT reads a minted token.
func (n *Server) handleNFT(r *http.Request, p state.Principal) (int, any, *api.Error) {
	id, err := strconv.ParseUint(r.PathValue("id"), 10, 64)
	if err != nil {
		return 0, nil, badRequest("token id %q is not a number", r.PathValue("id"))
	}
	var t *api.NFT
	n.fsm.Read(func(s *state.State) {
		if v := s.NFTs[id]; v != nil {
			c := *v
			t = &c
		}
	})
	if t == nil {
		return 0, nil, notFound("token %d was not minted by this farm", id)
	}
	return http.StatusOK, t, nil
}

// frameMetadata is the ERC-721 metadata of frame f of job j. An AI
// frame's metadata names what made it (model, prompt and seed, or the
// upscaled input) instead of render settings.
func frameMetadata(j *state.Job, f api.Frame, rc *chain.Signed) api.NFTMetadata {
	spec := &j.Spec
	md := api.NFTMetadata{
		Name:        fmt.Sprintf("rendergrid %s frame %d", j.ID, f.Frame),
		Description: fmt.Sprintf("Frame %d of job %s, rendered at %dx%d with %d samples per pixel by worker %s (engine %s). Receipt %s records who rendered it and what was paid.", f.Frame, j.ID, spec.Width, spec.Height, spec.SPP, rc.Receipt.Worker.Hex(), f.Engine, rc.ID()),
		Image:       "ipfs://" + f.Output,
	}
	attrs := []api.NFTAttribute{
		{TraitType: "scene", Value: spec.Scene},
		{TraitType: "job", Value: j.ID},
		{TraitType: "frame", Value: f.Frame, DisplayType: "number"},
		{TraitType: "resolution", Value: fmt.Sprintf("%dx%d", spec.Width, spec.Height)},
		{TraitType: "spp", Value: spec.SPP, DisplayType: "number"},
	}
	if f.Meta != nil {
		w, h := spec.OutputSize(f.Frame, f.Tile)
		what := "upscaled from " + f.Meta["input"]
		if spec.Type == api.JobTxt2Img {
			what = fmt.Sprintf("made from the prompt %q with seed %s", f.Meta["prompt"], f.Meta["seed"])
		}
		md.Description = fmt.Sprintf("Image %d of %s job %s, %dx%d, %s by model %s on worker %s (engine %s). Receipt %s records who made it and what was paid.",
			f.Frame, spec.Type, j.ID, w, h, what, spec.Scene, rc.Receipt.Worker.Hex(), f.Engine, rc.ID())
		attrs = []api.NFTAttribute{
			{TraitType: "job", Value: j.ID},
			{TraitType: "frame", Value: f.Frame, DisplayType: "number"},
			{TraitType: "resolution", Value: fmt.Sprintf("%dx%d", w, h)},
		}
		keys := make([]string, 0, len(f.Meta))
		for k := range f.Meta {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			attrs = append(attrs, api.NFTAttribute{TraitType: k, Value: f.Meta[k]})
		}
	}
	md.Attributes = append(attrs,
		api.NFTAttribute{TraitType: "engine", Value: f.Engine},
		api.NFTAttribute{TraitType: "worker", Value: rc.Receipt.Worker.Hex()},
		api.NFTAttribute{TraitType: "receipt", Value: rc.ID()},
		api.NFTAttribute{TraitType: "render seconds", Value: float64(rc.Receipt.RenderMS) / 1000, DisplayType: "number"},
	)
	return md
}
