package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/crypto"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/chain"
	"github.com/rendergrid/rendergrid/chain/evm"
	"github.com/rendergrid/rendergrid/chain/evm/evmtest"
	"github.com/rendergrid/rendergrid/coordinator"
)

// TestAnvilFlow is an evm farm on anvil through the CLI.
func TestAnvilFlow(t *testing.T) {
	n := evmtest.Anvil(t)
	chainFlow(t, n)
}

// TestGethFlow is the same flow on `geth --dev`; `task interop` installs
// geth and runs it.
func TestGethFlow(t *testing.T) {
	bin := os.Getenv("RENDERGRID_GETH")
	if bin == "" {
		t.Skip("runs in `task interop`, which installs geth and sets RENDERGRID_GETH")
	}
	chainFlow(t, evmtest.Geth(t, bin))
}

func keyFile(t *testing.T, k *chain.Key) string {
	p := filepath.Join(t.TempDir(), "key")
	if err := crypto.SaveECDSA(p, k.Private); err != nil {
		t.Fatal(err)
	}
	return p
}

// chainFlow deploys the contracts with `chain deploy`, runs a coordinator
// with --chain evm and two workers, and has an artist submit (funding the
// job on chain), watch it settle in a batch, deposit, withdraw, mint a
// frame and verify the token.
func chainFlow(t *testing.T, node *evmtest.Node) {
	ctx := context.Background()
	opKey, artistKey := keyFile(t, node.Keys[0]), keyFile(t, node.Keys[1])
	var dep map[string]any
	if err := json.Unmarshal([]byte(capture(t, "chain", "deploy", "--rpc", node.URL, "--key", opKey, "--json")), &dep); err != nil {
		t.Fatal(err)
	}
	escrow := dep["escrow"].(string)
	capture(t, "chain", "faucet", "--rpc", node.URL, "--key", opKey, "--escrow", escrow, node.Keys[1].Address.Hex(), "10000")

	f := startFarm(t, func(cfg *coordinator.Config) {
		cfg.FeeBPS = 200
		cfg.Chain = coordinator.ChainConfig{Mode: api.ChainEVM, RPC: node.URL, Escrow: chain.MustAddress(escrow), Key: node.Keys[0],
			Poll: 50 * time.Millisecond, BatchEvery: 200 * time.Millisecond}
	})
	f.startWorker(t, time.Second)
	f.startWorker(t, time.Second)
	capture(t, "wallet", "bind", "--key", artistKey)
	out := capture(t, "submit", "sample:anim", "--frames", "1-3", "--res", "32x18", "--spp", "2", "--price", "100",
		"--key", artistKey, "--rpc", node.URL, "--wait")
	if !strings.Contains(out, "submitted job j1") {
		t.Fatalf("submit: %s", out)
	}
	cl, _ := api.NewClient([]string{f.Node.URL()}, f.Artist, nil)
	deadline := time.Now().Add(30 * time.Second)
	var j api.Job
	for {
		var err error
		j, err = cl.Job(ctx, "j1")
		if err == nil && j.Funding != nil && j.Funding.Closed {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("job not settled and closed on chain: %+v", j.Funding)
		}
		time.Sleep(100 * time.Millisecond)
	}
	c, err := evm.Dial(ctx, node.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ch, err := evm.Open(ctx, c, chain.MustAddress(escrow), node.Keys[0], 0)
	if err != nil {
		t.Fatal(err)
	}
	frames, _ := cl.Frames(ctx, "j1", "")
	var workers uint64
	seen := map[string]bool{}
	for _, fr := range frames {
		w := fr.Receipts[0].Receipt.Worker
		if !seen[w.Hex()] {
			seen[w.Hex()] = true
			b, _ := ch.TokenBalance(ctx, w)
			workers += b
		}
	}
	if workers != 3*98 {
		t.Errorf("workers hold %d on chain, want %d", workers, 3*98)
	}
	if b, _ := ch.TokenBalance(ctx, node.Keys[1].Address); b != 10_000-300 {
		t.Errorf("artist holds %d after the job, want %d", b, 10_000-300)
	}

	capture(t, "wallet", "deposit", "500", "--rpc", node.URL, "--key", artistKey)
	for deadline := time.Now().Add(20 * time.Second); ; {
		b, err := cl.Balance(ctx, "", false)
		if err == nil && b.Balance == 500 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("deposit not credited: %+v %v", b, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if out := capture(t, "wallet", "withdraw", "200", "--rpc", node.URL, "--key", artistKey); !strings.Contains(out, "withdrew 200") {
		t.Fatalf("withdraw: %s", out)
	}
	if b, _ := ch.TokenBalance(ctx, node.Keys[1].Address); b != 10_000-300-500+200 {
		t.Errorf("artist holds %d after the withdrawal", b)
	}
	if out := capture(t, "mint", "j1", "--frame", "2"); !strings.Contains(out, "minted token 1 to "+node.Keys[1].Address.Hex()) {
		t.Fatalf("mint: %s", out)
	}
	if err := run("mint", "j1", "--frame", "2"); err == nil || !strings.Contains(err.Error(), "already minted") {
		t.Fatalf("second mint: %v", err)
	}
	out = capture(t, "verify", "--token", "1", "--rpc", node.URL)
	if !strings.Contains(out, "token 1 on") || !strings.Contains(out, "metadata ") {
		t.Fatalf("verify --token: %s", out)
	}
}
