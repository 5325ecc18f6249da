package evm_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"github.com/rendergrid/rendergrid/chain"
	"github.com/rendergrid/rendergrid/chain/evm/evmtest"
)

// gasPerFrame settles frames accepted receipts of one job on a fresh
// simulated chain (mainnet's current pricing) and returns the gas per
// frame: one transaction per receipt when batch is false, else one signed
// cumulative batch for workers workers plus the treasury.
func gasPerFrame(t testing.TB, frames, workers int, batch bool) float64 {
	ctx := context.Background()
	s := evmtest.Simulated(t, 2+workers)
	op, artist := s.Chain, s.As(t, s.Keys[1])
	const price, fee = 100, 2
	if err := op.MintTokens(ctx, artist.Key.Address, uint64(frames*price)); err != nil {
		t.Fatal(err)
	}
	if _, err := artist.FundJob(ctx, "j1", uint64(frames*price)); err != nil {
		t.Fatal(err)
	}
	var gas uint64
	cum := map[common.Address]uint64{}
	var digests []common.Hash
	for i := range frames {
		w := s.Keys[2+i%workers]
		r := signedReceipt(t, op.ChainID, w, op.Key, "j1", uint64(i), price, fee)
		if !batch {
			rc, err := op.Settle(ctx, r)
			if err != nil {
				t.Fatal(err)
			}
			gas += rc.GasUsed
			continue
		}
		cum[w.Address] += price - fee
		cum[op.Key.Address] += fee
		digests = append(digests, r.Receipt.Digest())
	}
	if batch {
		b := &chain.Batch{Job: chain.JobKey("j1"), Seq: 1, Frames: uint64(frames), Receipts: chain.MerkleRoot(digests)}
		for _, k := range append(s.Keys[2:], op.Key) {
			b.Payees = append(b.Payees, k.Address)
			b.Cumulative = append(b.Cumulative, cum[k.Address])
		}
		rc, err := op.SettleBatch(ctx, b, signBatch(t, op, op.Key, b))
		if err != nil {
			t.Fatal(err)
		}
		gas = rc.GasUsed
	}
	return float64(gas) / float64(frames)
}

// TestGasPerFrame holds batched settlement to the budget of 5,000 gas per
// frame for 1,000 frames over 10 workers, and prints both paths.
func TestGasPerFrame(t *testing.T) {
	single := gasPerFrame(t, 20, 4, false)
	batched := gasPerFrame(t, 1000, 10, true)
	t.Logf("gas per frame: one by one %.0f, batch of 1,000 frames over 10 workers %.0f (%.0fx less)", single, batched, single/batched)
	if batched > 5000 {
		t.Fatalf("a batch of 1,000 frames costs %.0f gas per frame, over the budget of 5,000", batched)
	}
	if batched >= single {
		t.Fatalf("batching (%.0f gas/frame) is no cheaper than one by one (%.0f)", batched, single)
	}
}

// BenchmarkSettlementGas reports gas per frame settled one receipt at a
// time (the peer) and in cumulative batches of 100 and 1,000 frames.
func BenchmarkSettlementGas(b *testing.B) {
	cases := []struct {
		frames, workers int
		batch           bool
	}{{100, 4, false}, {100, 4, true}, {1000, 10, true}, {1000, 100, true}}
	for _, c := range cases {
		name := fmt.Sprintf("single/frames=%d", c.frames)
		if c.batch {
			name = fmt.Sprintf("batch/frames=%d/workers=%d", c.frames, c.workers)
		}
		b.Run(name, func(b *testing.B) {
			var g float64
			for range b.N {
				g = gasPerFrame(b, c.frames, c.workers, c.batch)
			}
			b.ReportMetric(g, "gas/frame")
		})
	}
}
