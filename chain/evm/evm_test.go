package evm_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"github.com/rendergrid/rendergrid/chain"
	"github.com/rendergrid/rendergrid/chain/evm"
	"github.com/rendergrid/rendergrid/chain/evm/evmtest"
)

// farm is the contracts on one chain with an operator (the deployer: owner,
// signer, minter and treasury), an artist and two workers.
type farm struct {
	op, artist  *evm.Chain
	as          func(*chain.Key) *evm.Chain
	keys        []*chain.Key // op, artist, worker1, worker2, stranger
	mine        func()
	blockNumber func() uint64
}

func simFarm(t *testing.T) *farm {
	s := evmtest.Simulated(t, 5)
	f := &farm{op: s.Chain, keys: s.Keys, mine: func() { s.Backend.Commit() }}
	f.as = func(k *chain.Key) *evm.Chain { return s.As(t, k) }
	f.artist = f.as(s.Keys[1])
	return f
}

func anvilFarm(t *testing.T) *farm {
	n := evmtest.Anvil(t)
	op := n.Deploy(t)
	f := &farm{op: op, keys: n.Keys}
	f.as = func(k *chain.Key) *evm.Chain { return n.As(t, op, k) }
	f.artist = f.as(n.Keys[1])
	return f
}

// backends runs fn on the simulated backend and on anvil.
func backends(t *testing.T, fn func(t *testing.T, f *farm)) {
	t.Run("simulated", func(t *testing.T) { fn(t, simFarm(t)) })
	t.Run("anvil", func(t *testing.T) { fn(t, anvilFarm(t)) })
}

func signedReceipt(t testing.TB, chainID uint64, worker, signer *chain.Key, job string, frame, price, fee uint64) *chain.Signed {
	t.Helper()
	s := &chain.Signed{Acceptance: chain.Acceptance{
		Receipt: chain.Receipt{
			Job: job, Frame: frame, LeaseEpoch: frame + 1, SceneCID: "bafkscene", OutputCID: fmt.Sprintf("bafkout%d", frame),
			Samples: 64, RenderMS: 1200, Engine: "vulkan", Worker: worker.Address, ChainID: chainID,
		},
		Price: price, Fee: fee, AcceptedAt: 1_700_000_000_000 + frame,
	}}
	var err error
	if s.WorkerSignature, err = s.Receipt.Sign(worker); err != nil {
		t.Fatal(err)
	}
	if err := s.Countersign(signer); err != nil {
		t.Fatal(err)
	}
	return s
}

func signBatch(t testing.TB, ch *evm.Chain, k *chain.Key, b *chain.Batch) []byte {
	t.Helper()
	b.Escrow = ch.EscrowAddr
	d := b.Digest(ch.ChainID)
	sig, err := k.Sign(d[:])
	if err != nil {
		t.Fatal(err)
	}
	return sig
}

// wantRevert fails unless err is a revert naming reason.
func wantRevert(t *testing.T, err error, reason string) {
	t.Helper()
	if err == nil {
		t.Fatalf("want a revert with %s, got success", reason)
	}
	if !errors.Is(err, evm.ErrReverted) || !strings.Contains(err.Error(), reason) {
		t.Fatalf("want a revert with %s, got: %v", reason, err)
	}
}

func balance(t *testing.T, ch *evm.Chain, a common.Address) uint64 {
	t.Helper()
	b, err := ch.TokenBalance(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestBatchSettlement funds a job, settles it in two cumulative batches and
// closes it, and checks that replayed, shrinking, forged and over-budget
// batches revert and move nothing.
func TestBatchSettlement(t *testing.T) {
	backends(t, func(t *testing.T, f *farm) {
		ctx := context.Background()
		op, artist := f.op, f.artist
		w1, w2, stranger := f.keys[2].Address, f.keys[3].Address, f.keys[4]
		if err := op.MintTokens(ctx, artist.Key.Address, 10_000); err != nil {
			t.Fatal(err)
		}
		if _, err := artist.FundJob(ctx, "j1", 1_000); err != nil {
			t.Fatal(err)
		}
		j, err := op.Job(ctx, "j1")
		if err != nil || j.Owner != artist.Key.Address || j.Funded != 1_000 {
			t.Fatalf("job escrow = %+v, %v", j, err)
		}
		treasury := op.Key.Address
		b1 := &chain.Batch{Job: chain.JobKey("j1"), Seq: 1, Frames: 3, Receipts: common.HexToHash("0x01"),
			Payees: []common.Address{w1, w2, treasury}, Cumulative: []uint64{196, 98, 6}}
		if _, err := op.SettleBatch(ctx, b1, signBatch(t, op, op.Key, b1)); err != nil {
			t.Fatal(err)
		}
		if got := balance(t, op, w1); got != 196 {
			t.Fatalf("worker 1 has %d, want 196", got)
		}
		// The same batch again: its sequence number is spent.
		wantRevert(t, func() error { _, err := op.SettleBatch(ctx, b1, signBatch(t, op, op.Key, b1)); return err }(), "BadSequence")
		// A later batch that lowers a worker's total.
		b2 := &chain.Batch{Job: chain.JobKey("j1"), Seq: 2, Frames: 1, Payees: []common.Address{w1}, Cumulative: []uint64{100}}
		wantRevert(t, func() error { _, err := op.SettleBatch(ctx, b2, signBatch(t, op, op.Key, b2)); return err }(), "CumulativeDecreased")
		// A batch signed by someone who is not a farm signer.
		forged := &chain.Batch{Job: chain.JobKey("j1"), Seq: 2, Frames: 1, Payees: []common.Address{stranger.Address}, Cumulative: []uint64{500}}
		wantRevert(t, func() error {
			_, err := f.as(stranger).SettleBatch(ctx, forged, signBatch(t, op, stranger, forged))
			return err
		}(), "UnknownSigner")
		// A signed batch altered after signing.
		good := &chain.Batch{Job: chain.JobKey("j1"), Seq: 2, Frames: 1, Payees: []common.Address{w2}, Cumulative: []uint64{196}}
		sig := signBatch(t, op, op.Key, good)
		good.Payees[0] = stranger.Address
		wantRevert(t, func() error { _, err := op.SettleBatch(ctx, good, sig); return err }(), "UnknownSigner")
		// More than the job was funded with.
		over := &chain.Batch{Job: chain.JobKey("j1"), Seq: 2, Frames: 9, Payees: []common.Address{w1}, Cumulative: []uint64{1_000}}
		wantRevert(t, func() error { _, err := op.SettleBatch(ctx, over, signBatch(t, op, op.Key, over)); return err }(), "EscrowExhausted")
		if got := balance(t, op, stranger.Address); got != 0 {
			t.Fatalf("the forger got %d tokens", got)
		}
		// The last batch pays the difference and refunds the rest.
		b3 := &chain.Batch{Job: chain.JobKey("j1"), Seq: 2, Frames: 1, Payees: []common.Address{w1, w2, treasury},
			Cumulative: []uint64{196, 196, 8}, Close: true}
		if _, err := op.SettleBatch(ctx, b3, signBatch(t, op, op.Key, b3)); err != nil {
			t.Fatal(err)
		}
		if got := balance(t, op, w2); got != 196 {
			t.Fatalf("worker 2 has %d, want 196", got)
		}
		if got := balance(t, op, artist.Key.Address); got != 10_000-400 {
			t.Fatalf("artist has %d after the refund, want %d", got, 10_000-400)
		}
		if j, _ := op.Job(ctx, "j1"); !j.Closed || j.Spent != j.Funded {
			t.Fatalf("closed job = %+v", j)
		}
		b4 := &chain.Batch{Job: chain.JobKey("j1"), Seq: 3, Payees: []common.Address{w1}, Cumulative: []uint64{300}}
		wantRevert(t, func() error { _, err := op.SettleBatch(ctx, b4, signBatch(t, op, op.Key, b4)); return err }(), "JobClosed")
	})
}

// TestSingleSettlement settles countersigned receipts one by one and
// refuses a second settlement, a forged worker signature, a stranger's
// countersignature and a receipt for another chain.
func TestSingleSettlement(t *testing.T) {
	backends(t, func(t *testing.T, f *farm) {
		ctx := context.Background()
		op, artist := f.op, f.artist
		worker, stranger := f.keys[2], f.keys[4]
		if err := op.MintTokens(ctx, artist.Key.Address, 1_000); err != nil {
			t.Fatal(err)
		}
		if _, err := artist.FundJob(ctx, "j7", 500); err != nil {
			t.Fatal(err)
		}
		s := signedReceipt(t, op.ChainID, worker, op.Key, "j7", 0, 100, 2)
		if _, err := f.as(worker).Settle(ctx, s); err != nil {
			t.Fatal(err)
		}
		if got := balance(t, op, worker.Address); got != 98 {
			t.Fatalf("worker has %d, want 98", got)
		}
		wantRevert(t, func() error { _, err := op.Settle(ctx, s); return err }(), "AlreadySettled")

		lie := signedReceipt(t, op.ChainID, worker, op.Key, "j7", 1, 100, 2)
		lie.Receipt.Worker = stranger.Address // claims another worker's pay
		wantRevert(t, func() error { _, err := op.Settle(ctx, lie); return err }(), "WorkerSignature")

		self := signedReceipt(t, op.ChainID, worker, stranger, "j7", 2, 100, 0) // countersigned by a non-signer
		wantRevert(t, func() error { _, err := op.Settle(ctx, self); return err }(), "UnknownSigner")

		other := signedReceipt(t, op.ChainID+1, worker, op.Key, "j7", 3, 100, 2)
		wantRevert(t, func() error { _, err := op.Settle(ctx, other); return err }(), "WrongChain")

		if got := balance(t, op, worker.Address); got != 98 {
			t.Fatalf("worker has %d after the refusals, want 98", got)
		}
	})
}

// TestBridge deposits tokens, lists the deposits, and pays a signed
// withdrawal voucher exactly once.
func TestBridge(t *testing.T) {
	backends(t, func(t *testing.T, f *farm) {
		ctx := context.Background()
		op, artist := f.op, f.artist
		worker, stranger := f.keys[2], f.keys[4]
		if err := op.MintTokens(ctx, artist.Key.Address, 1_000); err != nil {
			t.Fatal(err)
		}
		for i, amt := range []uint64{300, 200} {
			n, err := artist.Deposit(ctx, amt)
			if err != nil || n != uint64(i) {
				t.Fatalf("deposit %d: nonce %d, %v", i, n, err)
			}
		}
		head, _ := op.Client.BlockNumber(ctx)
		deps, err := op.Deposits(ctx, 0, head)
		if err != nil || len(deps) != 2 || deps[0].Amount != 300 || deps[1].ID() != artist.Key.Address.Hex()+"/1" {
			t.Fatalf("deposits = %+v, %v", deps, err)
		}
		_, err = artist.Deposit(ctx, 10_000)
		if !errors.Is(err, chain.ErrInsufficient) {
			t.Fatalf("deposit beyond the balance: %v", err)
		}
		w := &chain.Withdrawal{Escrow: op.EscrowAddr, To: worker.Address, Amount: 150, Nonce: 1}
		d := w.Digest(op.ChainID)
		sig, _ := op.Key.Sign(d[:])
		if _, err := f.as(worker).Withdraw(ctx, w, sig); err != nil {
			t.Fatal(err)
		}
		if got := balance(t, op, worker.Address); got != 150 {
			t.Fatalf("worker has %d, want 150", got)
		}
		wantRevert(t, func() error { _, err := op.Withdraw(ctx, w, sig); return err }(), "VoucherUsed")
		forged := &chain.Withdrawal{Escrow: op.EscrowAddr, To: stranger.Address, Amount: 100, Nonce: 2}
		fd := forged.Digest(op.ChainID)
		fsig, _ := stranger.Sign(fd[:])
		wantRevert(t, func() error { _, err := op.Withdraw(ctx, forged, fsig); return err }(), "UnknownSigner")
		big := &chain.Withdrawal{Escrow: op.EscrowAddr, To: worker.Address, Amount: 1_000, Nonce: 3}
		bd := big.Digest(op.ChainID)
		bsig, _ := op.Key.Sign(bd[:])
		wantRevert(t, func() error { _, err := op.Withdraw(ctx, big, bsig); return err }(), "ReserveTooLow")
	})
}

// TestMintFrame mints a frame once, to the right owner with its URI, and
// refuses a second mint and a stranger's.
func TestMintFrame(t *testing.T) {
	backends(t, func(t *testing.T, f *farm) {
		ctx := context.Background()
		op := f.op
		artist, stranger := f.keys[1].Address, f.keys[4]
		id, _, err := op.MintFrame(ctx, artist, chain.FrameKey("j1", 3), "bafymeta")
		if err != nil || id != 1 {
			t.Fatalf("mint: id %d, %v", id, err)
		}
		tok, err := op.NFTToken(ctx, id)
		if err != nil || tok.Owner != artist || tok.URI != "ipfs://bafymeta" || tok.Frame != chain.FrameKey("j1", 3) {
			t.Fatalf("token = %+v, %v", tok, err)
		}
		wantRevert(t, func() error { _, _, err := op.MintFrame(ctx, artist, chain.FrameKey("j1", 3), "bafyother"); return err }(), "FrameAlreadyMinted")
		wantRevert(t, func() error {
			_, _, err := f.as(stranger).MintFrame(ctx, stranger.Address, chain.FrameKey("j1", 4), "bafyx")
			return err
		}(), "NotMinter")
		if _, err := op.NFTToken(ctx, 2); err == nil || !strings.Contains(err.Error(), "ERC721NonexistentToken") {
			t.Fatalf("a token never minted: %v", err)
		}
	})
}
