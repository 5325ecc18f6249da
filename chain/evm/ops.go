package evm

import (
	"context"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi/bind"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/rendergrid/rendergrid/chain"
	"github.com/rendergrid/rendergrid/chain/contracts"
)

func big64(v uint64) *big.Int { return new(big.Int).SetUint64(v) }

// u64 narrows an on-chain amount to the ledger's base units.
func u64(v *big.Int) (uint64, error) {
	if !v.IsUint64() {
		return 0, fmt.Errorf("amount %s does not fit the ledger's 64-bit base units", v)
	}
	return v.Uint64(), nil
}

func (ch *Chain) call(ctx context.Context) *bind.CallOpts { return &bind.CallOpts{Context: ctx} }

// TokenBalance is owner's token balance.
func (ch *Chain) TokenBalance(ctx context.Context, owner common.Address) (uint64, error) {
	b, err := ch.Token.BalanceOf(ch.call(ctx), owner)
	if err != nil {
		return 0, fmt.Errorf("read the token balance of %s: %w", owner.Hex(), err)
	}
	return u64(b)
}

// MintTokens mints amount RenderTokens to to (the key must own the token).
func (ch *Chain) MintTokens(ctx context.Context, to common.Address, amount uint64) error {
	_, err := ch.transact(ctx, "mint tokens", func(t *bind.TransactOpts) (*types.Transaction, error) {
		return ch.Token.Mint(t, to, big64(amount))
	})
	return err
}

// SetSigner allows or revokes a farm signer (the key must own the escrow).
func (ch *Chain) SetSigner(ctx context.Context, signer common.Address, allowed bool) error {
	_, err := ch.transact(ctx, "set a signer", func(t *bind.TransactOpts) (*types.Transaction, error) {
		return ch.Escrow.SetSigner(t, signer, allowed)
	})
	return err
}

// IsSigner says whether addr may sign batches and vouchers.
func (ch *Chain) IsSigner(ctx context.Context, addr common.Address) (bool, error) {
	return ch.Escrow.Signers(ch.call(ctx), addr)
}

// approve lets the escrow take amount of the key's tokens.
func (ch *Chain) approve(ctx context.Context, amount uint64) error {
	have, err := ch.TokenBalance(ctx, ch.Key.Address)
	if err != nil {
		return err
	}
	if have < amount {
		return fmt.Errorf("%s holds %d tokens and needs %d: %w", ch.Key.Address.Hex(), have, amount, chain.ErrInsufficient)
	}
	_, err = ch.transact(ctx, "approve the escrow", func(t *bind.TransactOpts) (*types.Transaction, error) {
		return ch.Token.Approve(t, ch.EscrowAddr, big64(amount))
	})
	return err
}

// FundJob approves and deposits amount into the escrow of the farm's job.
func (ch *Chain) FundJob(ctx context.Context, job string, amount uint64) (*types.Receipt, error) {
	if err := ch.approve(ctx, amount); err != nil {
		return nil, err
	}
	return ch.transact(ctx, "fund job "+job, func(t *bind.TransactOpts) (*types.Transaction, error) {
		return ch.Escrow.Fund(t, chain.JobKey(job), big64(amount))
	})
}

// Job is a job's escrow on chain.
type Job struct {
	Owner  common.Address
	Seq    uint64
	Closed bool
	Funded uint64
	Spent  uint64
}

// Job reads the escrow of the farm's job (a zero Owner: never funded).
func (ch *Chain) Job(ctx context.Context, job string) (Job, error) {
	j, err := ch.Escrow.Jobs(ch.call(ctx), chain.JobKey(job))
	if err != nil {
		return Job{}, fmt.Errorf("read job %s's escrow: %w", job, err)
	}
	out := Job{Owner: j.Owner, Seq: j.Seq, Closed: j.Closed}
	if out.Funded, err = u64(j.Funded); err == nil {
		out.Spent, err = u64(j.Spent)
	}
	return out, err
}

// Paid is what the escrow has paid payee on the farm's job.
func (ch *Chain) Paid(ctx context.Context, job string, payee common.Address) (uint64, error) {
	p, err := ch.Escrow.Paid(ch.call(ctx), chain.JobKey(job), payee)
	if err != nil {
		return 0, err
	}
	return u64(p)
}

// SettleBatch sends a signed batch.
func (ch *Chain) SettleBatch(ctx context.Context, b *chain.Batch, sig []byte) (*types.Receipt, error) {
	if err := b.Check(); err != nil {
		return nil, err
	}
	cum := make([]*big.Int, len(b.Cumulative))
	for i, c := range b.Cumulative {
		cum[i] = big64(c)
	}
	return ch.transact(ctx, fmt.Sprintf("settle batch %d of %d frames", b.Seq, b.Frames), func(t *bind.TransactOpts) (*types.Transaction, error) {
		return ch.Escrow.SettleBatch(t, b.Job, b.Seq, b.Receipts, b.Frames, b.Payees, cum, b.Close, sig)
	})
}

// Settle sends one countersigned receipt.
func (ch *Chain) Settle(ctx context.Context, s *chain.Signed) (*types.Receipt, error) {
	r := s.Receipt
	a := contracts.RenderEscrowAcceptance{
		Receipt: contracts.RenderEscrowReceipt{
			Job: r.Job, Frame: r.Frame, Tile: r.Tile, LeaseEpoch: r.LeaseEpoch, SceneCid: r.SceneCID,
			ParamsHash: r.ParamsHash, OutputCid: r.OutputCID, Samples: r.Samples, RenderMs: r.RenderMS,
			Engine: r.Engine, Worker: r.Worker, ChainId: big64(r.ChainID),
		},
		Price: big64(s.Price), Fee: big64(s.Fee), AcceptedAt: s.AcceptedAt,
	}
	return ch.transact(ctx, "settle receipt "+s.ID(), func(t *bind.TransactOpts) (*types.Transaction, error) {
		return ch.Escrow.Settle(t, a, s.WorkerSignature, s.CoordinatorSignature)
	})
}

// Deposit approves and deposits amount to the key's embedded-ledger
// account, returning the deposit's nonce.
func (ch *Chain) Deposit(ctx context.Context, amount uint64) (uint64, error) {
	if err := ch.approve(ctx, amount); err != nil {
		return 0, err
	}
	r, err := ch.transact(ctx, "deposit", func(t *bind.TransactOpts) (*types.Transaction, error) {
		return ch.Escrow.Deposit(t, big64(amount))
	})
	if err != nil {
		return 0, err
	}
	for _, l := range r.Logs {
		if d, err := ch.Escrow.ParseDeposited(*l); err == nil {
			return d.Nonce, nil
		}
	}
	return 0, fmt.Errorf("deposit %s emitted no Deposited event", r.TxHash.Hex())
}

// Deposit is a Deposited event.
type Deposit struct {
	From   common.Address
	Nonce  uint64
	Amount uint64
	Block  uint64
	Tx     common.Hash
}

// ID names the deposit across reorgs: the depositor and its own nonce, not
// the block or log position, which a reorg can change.
func (d Deposit) ID() string { return fmt.Sprintf("%s/%d", d.From.Hex(), d.Nonce) }

// Deposits lists the deposits in blocks from..to.
func (ch *Chain) Deposits(ctx context.Context, from, to uint64) ([]Deposit, error) {
	it, err := ch.Escrow.FilterDeposited(&bind.FilterOpts{Start: from, End: &to, Context: ctx}, nil, nil)
	if err != nil {
		return nil, fmt.Errorf("read deposits in blocks %d-%d: %w", from, to, err)
	}
	defer it.Close()
	var out []Deposit
	for it.Next() {
		e := it.Event
		if e.Raw.Removed {
			continue
		}
		amt, err := u64(e.Amount)
		if err != nil {
			return nil, err
		}
		out = append(out, Deposit{From: e.From, Nonce: e.Nonce, Amount: amt, Block: e.Raw.BlockNumber, Tx: e.Raw.TxHash})
	}
	return out, it.Error()
}

// Withdraw sends a signed withdrawal voucher.
func (ch *Chain) Withdraw(ctx context.Context, w *chain.Withdrawal, sig []byte) (*types.Receipt, error) {
	return ch.transact(ctx, fmt.Sprintf("withdraw %d to %s", w.Amount, w.To.Hex()), func(t *bind.TransactOpts) (*types.Transaction, error) {
		return ch.Escrow.Withdraw(t, w.To, big64(w.Amount), w.Nonce, sig)
	})
}

// Withdrawn says whether the voucher with nonce was paid.
func (ch *Chain) Withdrawn(ctx context.Context, nonce uint64) (bool, error) {
	return ch.Escrow.Withdrawn(ch.call(ctx), nonce)
}

// MintFrame mints frame's NFT to to with the metadata CID and returns its
// token id.
func (ch *Chain) MintFrame(ctx context.Context, to common.Address, frame common.Hash, metadataCID string) (uint64, common.Hash, error) {
	r, err := ch.transact(ctx, "mint the frame's NFT", func(t *bind.TransactOpts) (*types.Transaction, error) {
		return ch.NFT.Mint(t, to, frame, metadataCID)
	})
	if err != nil {
		return 0, common.Hash{}, err
	}
	for _, l := range r.Logs {
		if m, err := ch.NFT.ParseFrameMinted(*l); err == nil {
			return m.TokenId.Uint64(), r.TxHash, nil
		}
	}
	return 0, r.TxHash, fmt.Errorf("mint %s emitted no FrameMinted event", r.TxHash.Hex())
}

// NFTToken is an NFT as the chain has it.
type NFTToken struct {
	ID    uint64
	Owner common.Address
	URI   string
	Frame common.Hash
}

// NFTToken reads NFT id.
func (ch *Chain) NFTToken(ctx context.Context, id uint64) (NFTToken, error) {
	call := ch.call(ctx)
	uri, err := ch.NFT.TokenURI(call, big64(id))
	if err != nil {
		return NFTToken{}, fmt.Errorf("token %d on %s: %w", id, ch.NFTAddr.Hex(), explain(err))
	}
	owner, err := ch.NFT.OwnerOf(call, big64(id))
	if err != nil {
		return NFTToken{}, err
	}
	frame, err := ch.NFT.FrameOf(call, big64(id))
	if err != nil {
		return NFTToken{}, err
	}
	return NFTToken{ID: id, Owner: owner, URI: uri, Frame: frame}, nil
}
