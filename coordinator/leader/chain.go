package leader

import (
	"context"
	"fmt"
	"math/big"
	"sort"
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
func (l *Leader) openChain(ctx context.Context) error {
	c := &l.cfg.Chain
	if c.Mode == "" {
		c.Mode = api.ChainEmbedded
	}
	if c.Mode != api.ChainEmbedded && c.Mode != api.ChainEVM {
		return fmt.Errorf("chain mode %q: use embedded or evm", c.Mode)
	}
	if c.RPC == "" && c.Client == nil {
		if c.Mode == api.ChainEVM {
			return fmt.Errorf("chain mode evm needs the chain node's RPC URL, the escrow's address and the key that signs for it")
		}
		return nil
	}
	if c.Escrow == (common.Address{}) {
		return fmt.Errorf("a chain RPC URL needs the escrow's address too (`rendergrid chain deploy` prints it)")
	}
	if c.Key == nil {
		return fmt.Errorf("a chain RPC URL needs the key that signs the escrow's batches and vouchers")
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
	ch, err := evm.Open(ctx, client, c.Escrow, c.Key, l.cfg.ChainID)
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
	l.evm = ch
	if l.treasury, err = ch.Escrow.Treasury(&bind.CallOpts{Context: ctx}); err != nil {
		return fmt.Errorf("read the escrow's treasury: %w", err)
	}
	return nil
}

// FillConfig adds what the leader records about the chain to b.
func (l *Leader) FillConfig(b *state.ConfigBody) {
	if l.evm == nil {
		return
	}
	b.Chain, b.Escrow, b.Treasury = l.chain.Mode, l.evm.EscrowAddr.Hex(), l.treasury.Hex()
}

// chainLoop is the leader's work on the chain: it credits deposits, starts
// funded jobs, and settles evm-mode jobs in batches.
func (l *Leader) chainLoop(ctx context.Context) {
	if l.evm == nil {
		return
	}
	if l.chain.Mode == api.ChainEVM {
		// Receipts countersigned by this node must settle one by one too.
		if ok, err := l.evm.IsSigner(ctx, l.cfg.Key.Address); err == nil && !ok {
			if err := l.evm.SetSigner(ctx, l.cfg.Key.Address, true); err != nil {
				fmt.Fprintf(l.cfg.Log, "coordinator %s: cannot make node key %s a signer of the escrow: %v\n", l.cfg.ID, l.cfg.Key.Address.Hex(), err)
			}
		}
	}
	t := time.NewTicker(l.chain.Poll)
	defer t.Stop()
	for {
		if err := l.chainRound(ctx); err != nil && ctx.Err() == nil {
			fmt.Fprintf(l.cfg.Log, "coordinator %s: chain: %v\n", l.cfg.ID, err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// chainRound is one pass of chainLoop.
func (l *Leader) chainRound(ctx context.Context) error {
	head, err := l.evm.Client.BlockNumber(ctx)
	if err != nil {
		return fmt.Errorf("read the head block: %w", err)
	}
	if head < l.chain.Confirmations {
		return nil
	}
	safe := head - l.chain.Confirmations
	if err := l.scanDeposits(ctx, safe); err != nil {
		return err
	}
	var waiting, settle []string
	l.fsm.Read(func(s *state.State) {
		for _, id := range s.SortedJobIDs() {
			j := s.Jobs[id]
			switch {
			case j.Chain == nil || j.Chain.Closed:
			case j.Chain.Funded == 0:
				if state.Active(j.State) {
					waiting = append(waiting, id)
				}
			case l.batchDue(j):
				settle = append(settle, id)
			}
		}
	})
	for _, id := range waiting {
		if err := l.checkFunding(ctx, id, safe); err != nil {
			return err
		}
	}
	for _, id := range settle {
		if err := l.settleJob(ctx, id); err != nil {
			return fmt.Errorf("settle job %s: %w", id, err)
		}
	}
	return nil
}

// batchDue says whether j should settle now: enough frames, old enough,
// or the job has ended.
func (l *Leader) batchDue(j *state.Job) bool {
	c := j.Chain
	if !state.Active(j.State) {
		return true
	}
	if len(c.Unbatched) == 0 {
		return false
	}
	return len(c.Unbatched) >= l.chain.BatchFrames || time.Since(time.UnixMilli(c.Since)) >= l.chain.BatchEvery
}

// scanDeposits credits the deposits up to block safe, reading again the
// last ReorgWindow blocks: a deposit a reorganization moved is found at
// its new height, and its id (depositor, nonce) credits it once.
func (l *Leader) scanDeposits(ctx context.Context, safe uint64) error {
	var next uint64
	var linked bool
	l.fsm.Read(func(s *state.State) {
		if linked = s.Chain != nil; linked {
			next = s.Chain.Next
		}
	})
	if !linked {
		return nil
	}
	from := next - min(next, l.chain.ReorgWindow)
	if from > safe {
		return nil
	}
	deps, err := l.evm.Deposits(ctx, from, safe)
	if err != nil {
		return err
	}
	b := state.BridgeBody{Next: safe + 1}
	l.fsm.Read(func(s *state.State) {
		for _, d := range deps {
			if !s.Chain.Credited[d.ID()] {
				b.Deposits = append(b.Deposits, state.DepositBody{ID: d.ID(), Address: d.From.Hex(), Amount: d.Amount, Block: d.Block, Tx: d.Tx.Hex()})
			}
		}
	})
	if len(b.Deposits) == 0 && b.Next <= next {
		return nil
	}
	if res := l.propose(ctx, l.system(state.OpBridge, b)); res.Err != nil {
		return fmt.Errorf("credit deposits: %v", res.Err)
	}
	return nil
}

// CheckFunding starts job id now if its escrow on chain holds what it
// needs (an artist need not wait for the next round of the chain loop).
func (l *Leader) CheckFunding(ctx context.Context, id string) error {
	head, err := l.evm.Client.BlockNumber(ctx)
	if err != nil {
		return fmt.Errorf("read the chain's head: %w", err)
	}
	if head < l.chain.Confirmations {
		return nil
	}
	return l.checkFunding(ctx, id, head-l.chain.Confirmations)
}

// checkFunding starts job id if its escrow on chain, as of block safe,
// holds what it needs from its owner's bound address.
func (l *Leader) checkFunding(ctx context.Context, id string, safe uint64) error {
	var owner string
	var need uint64
	var found bool
	l.fsm.Read(func(s *state.State) {
		if j := s.Jobs[id]; j != nil && j.Chain != nil {
			owner, need, found = s.Users[j.Owner], j.Chain.Need, true
		}
	})
	if !found {
		return nil
	}
	j, err := l.evm.Escrow.Jobs(&bind.CallOpts{Context: ctx, BlockNumber: new(big.Int).SetUint64(safe)}, chain.JobKey(id))
	if err != nil {
		return fmt.Errorf("read job %s's escrow: %w", id, err)
	}
	// Funding from anyone but the job owner's bound address does not count.
	if j.Owner.Hex() != owner || !j.Funded.IsUint64() || j.Funded.Uint64() < need {
		return nil
	}
	if res := l.propose(ctx, l.system(state.OpFunded, state.FundedBody{Job: id, Owner: owner, Funded: j.Funded.Uint64()})); res.Err != nil {
		return fmt.Errorf("start funded job %s: %v", id, res.Err)
	}
	return nil
}

// settleJob sends job id's next batch (closing it if the job has ended)
// and records what the contract paid. It first catches up with batches an
// earlier leader sent but did not record.
func (l *Leader) settleJob(ctx context.Context, id string) error {
	if err := l.recordPaid(ctx, id, 0, ""); err != nil {
		return err
	}
	var b chain.Batch
	var skip bool
	l.fsm.Read(func(s *state.State) {
		j := s.Jobs[id]
		c := j.Chain
		if c.Closed {
			skip = true
			return
		}
		b = chain.Batch{Escrow: l.evm.EscrowAddr, Job: chain.JobKey(id), Seq: c.Seq + 1, Frames: uint64(len(c.Unbatched)), Close: !state.Active(j.State)}
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
	d := b.Digest(l.evm.ChainID)
	sig, err := l.chain.Key.Sign(d[:])
	if err != nil {
		return err
	}
	r, err := l.evm.SettleBatch(ctx, &b, sig)
	if err != nil {
		return err
	}
	return l.recordPaid(ctx, id, int(b.Frames), r.TxHash.Hex())
}

// recordPaid reads what the contract has paid on job id and records it
// when the chain is ahead of the ledger.
func (l *Leader) recordPaid(ctx context.Context, id string, batched int, tx string) error {
	on, err := l.evm.Job(ctx, id)
	if err != nil {
		return err
	}
	var seq uint64
	var closed bool
	var payees []string
	l.fsm.Read(func(s *state.State) {
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
		v, err := l.evm.Paid(ctx, id, common.HexToAddress(p))
		if err != nil {
			return err
		}
		b.Paid[p] = v
		spent += v
	}
	if on.Closed {
		b.Refund = on.Funded - min(on.Funded, spent)
	}
	if res := l.propose(ctx, l.system(state.OpChainPaid, b)); res.Err != nil {
		return fmt.Errorf("record batch %d: %v", on.Seq, res.Err)
	}
	return nil
}
