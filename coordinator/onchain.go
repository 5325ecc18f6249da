package coordinator

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind"
	"github.com/ethereum/go-ethereum/common"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/chain"
	"github.com/rendergrid/rendergrid/chain/evm"
	"github.com/rendergrid/rendergrid/coordinator/state"
)

// ChainConfig links a coordinator to the farm's contracts on an EVM chain.
// With none, the farm keeps its money in the embedded ledger only.
type ChainConfig struct {
	// Mode is api.ChainEmbedded (the default: the ledger holds the money;
	// the contract bridges deposits and withdrawals) or api.ChainEVM (jobs
	// are funded in the contract and settled there in batches).
	Mode   string
	RPC    string         // the node's JSON-RPC URL
	Client evm.Client     // instead of RPC: a client (the simulated backend in tests)
	Mine   func()         // with Client: the simulated backend's Commit
	Escrow common.Address // the RenderEscrow contract
	Key    *chain.Key     // signs batches and vouchers and pays for gas; a signer of the escrow
	// Confirmations is how many blocks must follow a deposit, a funding or
	// a batch before the cluster counts it. Default 0 (mined is enough):
	// set it on chains that reorganize.
	Confirmations uint64
	// BatchFrames settles a job once this many frames are unsettled
	// (default 1000); BatchEvery settles whatever is owed this often
	// (default 30 s). A finished job settles and closes at once.
	BatchFrames int
	BatchEvery  time.Duration
	Poll        time.Duration // how often the leader reads the chain (default 1 s)
	// ReorgWindow is how many blocks behind the scan the leader reads
	// again for deposits a reorganization moved (default 64).
	ReorgWindow uint64
}

// openChain connects to the chain and checks that the key may sign for the
// escrow.
func (n *Node) openChain(ctx context.Context) error {
	c := &n.cfg.Chain
	if c.Mode == "" {
		c.Mode = api.ChainEmbedded
	}
	if c.Mode != api.ChainEmbedded && c.Mode != api.ChainEVM {
		return fmt.Errorf("--chain %q: use embedded or evm", c.Mode)
	}
	if c.RPC == "" && c.Client == nil {
		if c.Mode == api.ChainEVM {
			return fmt.Errorf("--chain evm needs --rpc URL, --escrow ADDR and --key FILE")
		}
		return nil
	}
	if c.Escrow == (common.Address{}) {
		return fmt.Errorf("--rpc needs --escrow, the address `rendergrid chain deploy` printed")
	}
	if c.Key == nil {
		return fmt.Errorf("--rpc needs --key FILE: the key that signs the escrow's batches and vouchers")
	}
	if c.BatchFrames <= 0 {
		c.BatchFrames = 1000
	}
	if c.BatchEvery <= 0 {
		c.BatchEvery = 30 * time.Second
	}
	if c.Poll <= 0 {
		c.Poll = time.Second
	}
	if c.ReorgWindow == 0 {
		c.ReorgWindow = 64
	}
	client := c.Client
	if client == nil {
		cl, err := evm.Dial(ctx, c.RPC)
		if err != nil {
			return err
		}
		client = cl
	}
	want := n.cfg.ChainID
	if want == DefaultChainID {
		want = 0 // the default follows the chain
	}
	ch, err := evm.Open(ctx, client, c.Escrow, c.Key, want)
	if err != nil {
		return err
	}
	ch.Confirmations, ch.Mine = c.Confirmations, c.Mine
	ok, err := ch.IsSigner(ctx, c.Key.Address)
	if err != nil {
		return fmt.Errorf("read the escrow's signers: %w", err)
	}
	if !ok {
		return fmt.Errorf("the key %s is not a signer of escrow %s: use the key that deployed it, or have its owner add it (rendergrid chain signer)", c.Key.Address.Hex(), c.Escrow.Hex())
	}
	n.evm = ch
	n.cfg.ChainID = ch.ChainID
	if n.treasury, err = ch.Escrow.Treasury(&bind.CallOpts{Context: ctx}); err != nil {
		return fmt.Errorf("read the escrow's treasury: %w", err)
	}
	return nil
}

// chainConfig is what the leader records about the chain.
func (n *Node) chainConfig(b *state.ConfigBody) {
	if n.evm == nil {
		return
	}
	b.Chain, b.Escrow, b.Treasury = n.cfg.Chain.Mode, n.evm.EscrowAddr.Hex(), n.treasury.Hex()
}

// chainLoop is the leader's work on the chain: it credits deposits, starts
// funded jobs, and settles evm-mode jobs in batches.
func (n *Node) chainLoop(ctx context.Context) {
	if n.evm == nil {
		return
	}
	if n.cfg.Chain.Mode == api.ChainEVM {
		// Receipts countersigned by this node must settle one by one too.
		if ok, err := n.evm.IsSigner(ctx, n.key.Address); err == nil && !ok {
			if err := n.evm.SetSigner(ctx, n.key.Address, true); err != nil {
				fmt.Fprintf(n.cfg.Log, "coordinator %s: cannot make node key %s a signer of the escrow: %v\n", n.id, n.key.Address.Hex(), err)
			}
		}
	}
	t := time.NewTicker(n.cfg.Chain.Poll)
	defer t.Stop()
	for {
		if err := n.chainRound(ctx); err != nil && ctx.Err() == nil {
			fmt.Fprintf(n.cfg.Log, "coordinator %s: chain: %v\n", n.id, err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// chainRound is one pass of chainLoop.
func (n *Node) chainRound(ctx context.Context) error {
	head, err := n.evm.Client.BlockNumber(ctx)
	if err != nil {
		return fmt.Errorf("read the head block: %w", err)
	}
	if head < n.cfg.Chain.Confirmations {
		return nil
	}
	safe := head - n.cfg.Chain.Confirmations
	if err := n.scanDeposits(ctx, safe); err != nil {
		return err
	}
	var waiting, settle []string
	n.fsm.Read(func(s *state.State) {
		for _, id := range s.SortedJobIDs() {
			j := s.Jobs[id]
			switch {
			case j.Chain == nil || j.Chain.Closed:
			case j.Chain.Funded == 0:
				if state.Active(j.State) {
					waiting = append(waiting, id)
				}
			case n.batchDue(j):
				settle = append(settle, id)
			}
		}
	})
	for _, id := range waiting {
		if err := n.checkFunding(ctx, id, safe); err != nil {
			return err
		}
	}
	for _, id := range settle {
		if err := n.settleJob(ctx, id); err != nil {
			return fmt.Errorf("settle job %s: %w", id, err)
		}
	}
	return nil
}

// batchDue says whether j should settle now: enough frames, old enough,
// or the job has ended.
func (n *Node) batchDue(j *state.Job) bool {
	c := j.Chain
	if !state.Active(j.State) {
		return true
	}
	if len(c.Unbatched) == 0 {
		return false
	}
	return len(c.Unbatched) >= n.cfg.Chain.BatchFrames || time.Since(time.UnixMilli(c.Since)) >= n.cfg.Chain.BatchEvery
}

// scanDeposits credits the deposits up to block safe, reading again the
// last ReorgWindow blocks: a deposit a reorganization moved is found at
// its new height, and its id (depositor, nonce) credits it once.
func (n *Node) scanDeposits(ctx context.Context, safe uint64) error {
	var next uint64
	var linked bool
	n.fsm.Read(func(s *state.State) {
		if linked = s.Chain != nil; linked {
			next = s.Chain.Next
		}
	})
	if !linked {
		return nil
	}
	from := next - min(next, n.cfg.Chain.ReorgWindow)
	if from > safe {
		return nil
	}
	deps, err := n.evm.Deposits(ctx, from, safe)
	if err != nil {
		return err
	}
	b := state.BridgeBody{Next: safe + 1}
	n.fsm.Read(func(s *state.State) {
		for _, d := range deps {
			if !s.Chain.Credited[d.ID()] {
				b.Deposits = append(b.Deposits, state.DepositBody{ID: d.ID(), Address: d.From.Hex(), Amount: d.Amount, Block: d.Block, Tx: d.Tx.Hex()})
			}
		}
	})
	if len(b.Deposits) == 0 && b.Next <= next {
		return nil
	}
	if res := n.propose(ctx, n.system(state.OpBridge, b)); res.Err != nil {
		return fmt.Errorf("credit deposits: %v", res.Err)
	}
	return nil
}

// checkFunding starts job id if its escrow on chain, as of block safe,
// holds what it needs from its owner's bound address.
func (n *Node) checkFunding(ctx context.Context, id string, safe uint64) error {
	var owner string
	var need uint64
	var found bool
	n.fsm.Read(func(s *state.State) {
		if j := s.Jobs[id]; j != nil && j.Chain != nil {
			owner, need, found = s.Users[j.Owner], j.Chain.Need, true
		}
	})
	if !found {
		return nil
	}
	j, err := n.evm.Escrow.Jobs(&bind.CallOpts{Context: ctx, BlockNumber: new(big.Int).SetUint64(safe)}, chain.JobKey(id))
	if err != nil {
		return fmt.Errorf("read job %s's escrow: %w", id, err)
	}
	// Funding from anyone but the job owner's bound address does not count.
	if j.Owner.Hex() != owner || !j.Funded.IsUint64() || j.Funded.Uint64() < need {
		return nil
	}
	if res := n.propose(ctx, n.system(state.OpFunded, state.FundedBody{Job: id, Owner: owner, Funded: j.Funded.Uint64()})); res.Err != nil {
		return fmt.Errorf("start funded job %s: %v", id, res.Err)
	}
	return nil
}

// settleJob sends job id's next batch (closing it if the job has ended)
// and records what the contract paid. It first catches up with batches an
// earlier leader sent but did not record.
func (n *Node) settleJob(ctx context.Context, id string) error {
	if err := n.recordPaid(ctx, id, 0, ""); err != nil {
		return err
	}
	var b chain.Batch
	var skip bool
	n.fsm.Read(func(s *state.State) {
		j := s.Jobs[id]
		c := j.Chain
		if c.Closed {
			skip = true
			return
		}
		b = chain.Batch{Escrow: n.evm.EscrowAddr, Job: chain.JobKey(id), Seq: c.Seq + 1, Frames: uint64(len(c.Unbatched)), Close: !state.Active(j.State)}
		leaves := make([]common.Hash, len(c.Unbatched))
		for i, r := range c.Unbatched {
			leaves[i] = common.HexToHash(r)
		}
		b.Receipts = chain.MerkleRoot(leaves)
		payees := make([]string, 0, len(c.Owed))
		for p := range c.Owed {
			payees = append(payees, p)
		}
		sort.Strings(payees)
		for _, p := range payees {
			b.Payees = append(b.Payees, common.HexToAddress(p))
			b.Cumulative = append(b.Cumulative, c.Owed[p])
		}
	})
	if skip {
		return nil
	}
	d := b.Digest(n.evm.ChainID)
	sig, err := n.cfg.Chain.Key.Sign(d[:])
	if err != nil {
		return err
	}
	r, err := n.evm.SettleBatch(ctx, &b, sig)
	if err != nil {
		return err
	}
	return n.recordPaid(ctx, id, int(b.Frames), r.TxHash.Hex())
}

// recordPaid reads what the contract has paid on job id and records it
// when the chain is ahead of the ledger.
func (n *Node) recordPaid(ctx context.Context, id string, batched int, tx string) error {
	on, err := n.evm.Job(ctx, id)
	if err != nil {
		return err
	}
	var seq uint64
	var closed bool
	var payees []string
	n.fsm.Read(func(s *state.State) {
		c := s.Jobs[id].Chain
		seq, closed = c.Seq, c.Closed
		for p := range c.Owed {
			payees = append(payees, p)
		}
	})
	if on.Seq == seq && on.Closed == closed {
		return nil
	}
	b := state.ChainSettledBody{Job: id, Seq: on.Seq, Paid: map[string]uint64{}, Batched: batched, Closed: on.Closed, Tx: tx}
	var spent uint64
	for _, p := range payees {
		v, err := n.evm.Paid(ctx, id, common.HexToAddress(p))
		if err != nil {
			return err
		}
		b.Paid[p] = v
		spent += v
	}
	if on.Closed {
		b.Refund = on.Funded - min(on.Funded, spent)
	}
	if res := n.propose(ctx, n.system(state.OpChainPaid, b)); res.Err != nil {
		return fmt.Errorf("record batch %d: %v", on.Seq, res.Err)
	}
	return nil
}

// handleChain answers how the farm keeps its money.
func (n *Node) handleChain(r *http.Request, p state.Principal) (int, any, *api.Error) {
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
func (n *Node) handleWithdraw(r *http.Request, p state.Principal) (int, any, *api.Error) {
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
func (n *Node) handleWithdrawals(r *http.Request, p state.Principal) (int, any, *api.Error) {
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

func (n *Node) signVoucher(v *api.Voucher) *api.Error {
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
func (n *Node) handleFunded(r *http.Request, p state.Principal) (int, any, *api.Error) {
	id := r.PathValue("id")
	var found bool
	n.fsm.Read(func(s *state.State) { found = state.JobFor(s, id, p) != nil })
	if !found {
		return 0, nil, notFound("job %s not found", id)
	}
	if n.evm == nil {
		return 0, nil, badRequest("this farm does not fund jobs on chain")
	}
	head, err := n.evm.Client.BlockNumber(r.Context())
	if err != nil {
		return 0, nil, unavailable("read the chain's head: %v", err)
	}
	if head >= n.cfg.Chain.Confirmations {
		if err := n.checkFunding(r.Context(), id, head-n.cfg.Chain.Confirmations); err != nil {
			return 0, nil, unavailable("%v", err)
		}
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
func (n *Node) handleMintNFT(r *http.Request, p state.Principal) (int, any, *api.Error) {
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
func (n *Node) handleNFT(r *http.Request, p state.Principal) (int, any, *api.Error) {
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
