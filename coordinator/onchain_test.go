package coordinator_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ipfs/go-cid"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/chain"
	"github.com/rendergrid/rendergrid/chain/evm"
	"github.com/rendergrid/rendergrid/chain/evm/evmtest"
	"github.com/rendergrid/rendergrid/coordinator"
	"github.com/rendergrid/rendergrid/coordinator/state"
	"github.com/rendergrid/rendergrid/internal/systemtest"
)

// simChain links a test cluster to contracts on a simulated chain.
func simChain(sim *evmtest.Sim, mode string) func(*coordinator.Config) {
	return func(cfg *coordinator.Config) {
		cfg.Chain = coordinator.ChainConfig{
			Mode: mode, Client: sim.Backend.Client(), Mine: func() { sim.Backend.Commit() },
			Escrow: sim.Chain.EscrowAddr, Key: sim.Keys[0], Poll: 20 * time.Millisecond, BatchEvery: 50 * time.Millisecond,
		}
	}
}

func tokens(t *testing.T, ch *evm.Chain, a common.Address) uint64 {
	t.Helper()
	b, err := ch.TokenBalance(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestEVMJobFlow runs a job on a farm that settles on chain: the artist
// funds it in the escrow, two workers render it, the leader settles the
// frames in batches and closes the job, deposits cross the bridge, a
// worker withdraws, and the artist mints a frame.
func TestEVMJobFlow(t *testing.T) {
	sim := evmtest.Simulated(t, 4)
	ctx := context.Background()
	op := sim.Chain
	akey := sim.Keys[1]
	// Mint before the farm starts: the leader sends transactions from the
	// same operator key, and two senders of one key race for its nonces
	// ("replacement transaction underpriced").
	if err := op.MintTokens(ctx, akey.Address, 10_000); err != nil {
		t.Fatal(err)
	}
	c := systemtest.StartCluster(t, 1, func(cfg *coordinator.Config) { cfg.FeeBPS = 200; simChain(sim, api.ChainEVM)(cfg) })
	artistChain := sim.As(t, akey)
	artist := c.Client(c.Token("ana", api.RoleArtist))
	if _, err := artist.Bind(ctx, akey); err != nil {
		t.Fatal(err)
	}
	info, err := artist.ChainInfo(ctx)
	if err != nil || info.Mode != api.ChainEVM || info.Escrow != op.EscrowAddr.Hex() || info.ChainID != op.ChainID {
		t.Fatalf("chain info = %+v, %v", info, err)
	}
	if _, err := c.Client(c.Admin).Mint(ctx, api.MintRequest{To: "ana", Amount: 5}); err == nil {
		t.Fatal("an evm farm minted ledger tokens")
	}

	spec := systemtest.SampleScene(t, artist, 6)
	spec.Price.PerFrame = 100
	j, err := artist.Submit(ctx, spec)
	if err != nil {
		t.Fatal(err)
	}
	if j.State != api.JobPaused || j.Funding == nil || j.Funding.Need != 600 {
		t.Fatalf("unfunded job = %s %+v", j.State, j.Funding)
	}
	if _, err := artist.Action(ctx, j.ID, api.ActionRequest{Action: api.ActionResume}); err == nil {
		t.Fatal("an unfunded job resumed")
	}
	if _, err := artistChain.FundJob(ctx, j.ID, 700); err != nil {
		t.Fatal(err)
	}
	if j, err = artist.Funded(ctx, j.ID); err != nil || j.State != api.JobQueued || j.Funding.Funded != 700 {
		t.Fatalf("funded job = %+v, %v", j, err)
	}

	out := systemtest.Upload(t, artist, []byte("frame"))
	enrol := c.Token("farm", api.RoleEnrol)
	ws := []*systemtest.FakeWorker{systemtest.NewFakeWorker(t, c, enrol, "w1", out), systemtest.NewFakeWorker(t, c, enrol, "w2", out)}
	stop := runWorkers(t, ws)
	c.Eventually(30*time.Second, func() bool {
		got, err := artist.Job(ctx, j.ID)
		return err == nil && got.State == api.JobDone && got.Funding.Closed
	}, "job done and closed on chain")
	waitHeard(c, ws, 6)
	done := stop()
	if len(done) != 6 {
		t.Fatalf("%d completions accepted, want 6", len(done))
	}
	var paid uint64
	for _, w := range ws {
		paid += tokens(t, op, common.HexToAddress(w.ID))
	}
	if paid != 6*98 {
		t.Errorf("workers hold %d tokens on chain, want %d", paid, 6*98)
	}
	if got := tokens(t, op, op.Key.Address); got != 6*2 {
		t.Errorf("treasury holds %d, want 12", got)
	}
	if got := tokens(t, op, akey.Address); got != 10_000-600 {
		t.Errorf("artist holds %d after the refund, want %d", got, 10_000-600)
	}
	onJob, _ := op.Job(ctx, j.ID)
	if !onJob.Closed || onJob.Spent != 700 {
		t.Errorf("job on chain = %+v", onJob)
	}
	c.Nodes[0].Machine().Read(func(s *state.State) {
		if err := s.Ledger.Check(); err != nil {
			t.Errorf("ledger: %v", err)
		}
		for _, w := range ws {
			if b := s.Ledger.Balance(state.EVMAccount(w.ID)); b != 0 {
				t.Errorf("worker %s still holds %d in the ledger after settlement", w.ID, b)
			}
		}
	})

	// A deposit is credited once; a withdrawal pays once.
	if _, err := artistChain.Deposit(ctx, 500); err != nil {
		t.Fatal(err)
	}
	c.Eventually(10*time.Second, func() bool {
		b, err := artist.Balance(ctx, "", false)
		return err == nil && b.Balance == 500
	}, "deposit credited")
	v, err := artist.Withdraw(ctx, api.WithdrawRequest{Amount: 200})
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := artist.Balance(ctx, "", false); b.Balance != 300 {
		t.Fatalf("balance after withdrawing 200 = %d", b.Balance)
	}
	if _, err := artistChain.Withdraw(ctx, &v.Withdrawal, v.Signature); err != nil {
		t.Fatal(err)
	}
	if _, err := artistChain.Withdraw(ctx, &v.Withdrawal, v.Signature); err == nil {
		t.Fatal("a voucher paid twice")
	}
	if got := tokens(t, op, akey.Address); got != 10_000-600-500+200 {
		t.Errorf("artist holds %d after the withdrawal", got)
	}
	if _, err := artist.Withdraw(ctx, api.WithdrawRequest{Amount: 1_000}); err == nil {
		t.Fatal("withdrew more than the balance")
	}

	// Mint frame 2: the token on chain points at metadata that leads back
	// to the receipt.
	nft, err := artist.MintNFT(ctx, j.ID, api.MintRequestNFT{Frame: 2})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := op.NFTToken(ctx, nft.ID)
	if err != nil || tok.Owner != akey.Address || tok.URI != "ipfs://"+nft.MetadataCID || tok.Frame != chain.FrameKey(j.ID, 2) {
		t.Fatalf("token on chain = %+v, %v (minted %+v)", tok, err, nft)
	}
	meta := fetchJSON(t, c, nft.MetadataCID)
	validateMetadata(t, meta)
	var m api.NFTMetadata
	_ = json.Unmarshal(meta, &m)
	frames, _ := artist.Frames(ctx, j.ID, "")
	f := frames[1]
	if m.Image != "ipfs://"+f.Output || m.Attribute("receipt") != f.Receipts[0].ID() || m.Attribute("job") != j.ID || m.Attribute("frame") != "2" {
		t.Errorf("metadata %s does not lead to frame 2's output and receipt", meta)
	}
	if _, err := artist.MintNFT(ctx, j.ID, api.MintRequestNFT{Frame: 2}); err == nil {
		t.Fatal("a frame was minted twice")
	}
	other := c.Client(c.Token("bob", api.RoleArtist))
	if _, err := other.MintNFT(ctx, j.ID, api.MintRequestNFT{Frame: 3}); err == nil {
		t.Fatal("someone else minted the artist's frame")
	}
	if _, err := artist.MintNFT(ctx, j.ID, api.MintRequestNFT{Frame: 3, To: "0x123"}); err == nil {
		t.Fatal("minted to a malformed address")
	}
}

// TestBridgeReorg credits a deposit, reorganizes the chain so the deposit
// is mined again in another block, and checks it is credited once.
func TestBridgeReorg(t *testing.T) {
	sim := evmtest.Simulated(t, 2)
	ctx := context.Background()
	akey := sim.Keys[1]
	// Before the farm starts, which sends from the same operator key.
	if err := sim.Chain.MintTokens(ctx, akey.Address, 1_000); err != nil {
		t.Fatal(err)
	}
	c := systemtest.StartCluster(t, 1, simChain(sim, api.ChainEmbedded))
	artist := c.Client(c.Token("ana", api.RoleArtist))
	if _, err := artist.Bind(ctx, akey); err != nil {
		t.Fatal(err)
	}
	ach := sim.As(t, akey)
	head, _ := sim.Backend.Client().HeaderByNumber(ctx, nil)
	if _, err := ach.Deposit(ctx, 400); err != nil {
		t.Fatal(err)
	}
	c.Eventually(10*time.Second, func() bool {
		b, err := artist.Balance(ctx, "", false)
		return err == nil && b.Balance == 400
	}, "deposit credited")
	before, _ := sim.Backend.Client().BlockNumber(ctx)
	first, err := sim.Chain.Deposits(ctx, 0, before)
	if err != nil || len(first) != 1 {
		t.Fatalf("deposits = %+v, %v", first, err)
	}
	// Reorganize: the deposit's block is replaced; the transaction goes
	// back to the pool and is mined again, two blocks higher.
	if err := sim.Backend.Fork(head.Hash()); err != nil {
		t.Fatal(err)
	}
	for range 4 {
		sim.Backend.Commit()
	}
	now, _ := sim.Backend.Client().BlockNumber(ctx)
	deps, err := sim.Chain.Deposits(ctx, 0, now)
	if err != nil || len(deps) != 1 || deps[0].Tx != first[0].Tx {
		t.Fatalf("deposits after the reorg = %+v, %v", deps, err)
	}
	if deps[0].Block == first[0].Block {
		// Same height, but a different block: check the hash moved.
		t.Logf("re-mined at the same height %d", deps[0].Block)
	}
	c.Eventually(10*time.Second, func() bool {
		var next uint64
		c.Nodes[0].Machine().Read(func(s *state.State) { next = s.Chain.Next })
		return next > deps[0].Block
	}, "the scan passed the deposit's new block")
	if b, _ := artist.Balance(ctx, "", false); b.Balance != 400 {
		t.Fatalf("balance after the reorg = %d, want 400 (credited once)", b.Balance)
	}
}

func fetchJSON(t *testing.T, c *systemtest.Cluster, id string) []byte {
	t.Helper()
	k, err := cid.Decode(id)
	if err != nil {
		t.Fatal(err)
	}
	rc, err := c.Nodes[0].Store().Get(context.Background(), k)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, _ := io.ReadAll(rc)
	return b
}

func validateMetadata(t *testing.T, doc []byte) {
	t.Helper()
	sf, err := os.ReadFile("testdata/erc721-metadata.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	schemaDoc, err := jsonschema.UnmarshalJSON(bytes.NewReader(sf))
	if err != nil {
		t.Fatal(err)
	}
	comp := jsonschema.NewCompiler()
	if err := comp.AddResource("erc721.json", schemaDoc); err != nil {
		t.Fatal(err)
	}
	sch, err := comp.Compile("erc721.json")
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		t.Fatalf("metadata is not JSON: %v\n%s", err, doc)
	}
	if err := sch.Validate(inst); err != nil {
		t.Fatalf("metadata fails the ERC-721 metadata schema: %v\n%s", err, doc)
	}
}
