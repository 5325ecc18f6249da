// Package evmtest starts chains for tests: go-ethereum's in-process
// simulated backend (in memory, one node, for unit tests only) and anvil
// from the npm package @foundry-rs/anvil on 127.0.0.1, with rendergrid's
// contracts deployed on either.
package evmtest

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/ethereum/go-ethereum/node"
	"github.com/ethereum/go-ethereum/params"

	"github.com/rendergrid/rendergrid/chain"
	"github.com/rendergrid/rendergrid/chain/evm"
)

// Ether is what each funded account starts with: 1,000 ETH in wei.
var Ether = new(big.Int).Mul(big.NewInt(1000), big.NewInt(1e18))

// Config is go-ethereum's dev-chain config (Osaka) without the forks
// v1.17 schedules after it: Bogota reprices storage and would inflate the
// gas measured here 1.5-4x over what mainnet charges today.
func Config() *params.ChainConfig {
	c := *params.AllDevChainProtocolChanges
	c.BogotaTime = nil
	c.AmsterdamTime = nil
	return &c
}

// Sim is a simulated chain with the farm's contracts deployed by Keys[0].
type Sim struct {
	Backend *simulated.Backend
	Keys    []*chain.Key
	Chain   *evm.Chain // bound to Keys[0]
}

// Simulated starts a simulated chain with n funded keys and deploys the
// contracts; it is closed when t ends.
func Simulated(t testing.TB, n int) *Sim {
	t.Helper()
	keys := make([]*chain.Key, n)
	alloc := types.GenesisAlloc{}
	for i := range keys {
		k, err := chain.NewKey()
		if err != nil {
			t.Fatal(err)
		}
		keys[i] = k
		alloc[k.Address] = types.Account{Balance: Ether}
	}
	b := simulated.NewBackend(alloc, func(_ *node.Config, c *ethconfig.Config) {
		c.Genesis.Config = Config()
	})
	t.Cleanup(func() { b.Close() })
	ch, err := evm.Deploy(context.Background(), b.Client(), keys[0], evm.DeployOptions{}, func() { b.Commit() })
	if err != nil {
		t.Fatal(err)
	}
	return &Sim{Backend: b, Keys: keys, Chain: ch}
}

// As binds the deployed contracts to key, on the same backend.
func (s *Sim) As(t testing.TB, key *chain.Key) *evm.Chain {
	t.Helper()
	ch, err := evm.Open(context.Background(), s.Backend.Client(), s.Chain.EscrowAddr, key, 0)
	if err != nil {
		t.Fatal(err)
	}
	ch.Mine = func() { s.Backend.Commit() }
	return ch
}

// AnvilBinary finds anvil: $RENDERGRID_ANVIL, the npm package `task deps`
// installs under chain/contracts, or PATH. It fails t with what to install.
func AnvilBinary(t testing.TB) string {
	t.Helper()
	if p := os.Getenv("RENDERGRID_ANVIL"); p != "" {
		return p
	}
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(file), "..", "..", "contracts", "node_modules", "@foundry-rs")
	plat := map[string]string{"amd64": "linux-amd64", "arm64": "linux-arm64"}[runtime.GOARCH]
	if runtime.GOOS == "darwin" {
		plat = "darwin-" + runtime.GOARCH
	}
	if p := filepath.Join(root, "anvil-"+plat, "bin", "anvil"); fileExists(p) {
		return p
	}
	if p, err := exec.LookPath("anvil"); err == nil {
		return p
	}
	t.Fatalf("anvil is not installed: run `go run github.com/go-task/task/v3/cmd/task@v3.54.0 deps` (npm installs @foundry-rs/anvil into chain/contracts/node_modules) or set RENDERGRID_ANVIL")
	return ""
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

// Node is a chain node running in a process on 127.0.0.1.
type Node struct {
	URL  string
	Keys []*chain.Key // funded accounts
}

// anvilKeys are anvil's ten well-known dev accounts (mnemonic "test test
// ... junk"); they are public and hold nothing outside dev chains.
var anvilKeys = []string{
	"ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
	"59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
	"5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
	"7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
	"47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
}

// Anvil starts anvil on a free port with chain id 1337 and blocks mined
// as transactions arrive; it is killed when t ends.
func Anvil(t testing.TB) *Node {
	t.Helper()
	bin := AnvilBinary(t)
	port := freePort(t)
	cmd := exec.Command(bin, "--port", fmt.Sprint(port), "--host", "127.0.0.1", "--chain-id", "1337",
		"--accounts", fmt.Sprint(len(anvilKeys)), "--silent")
	if err := cmd.Start(); err != nil {
		t.Fatalf("start anvil: %v", err)
	}
	n := &Node{URL: fmt.Sprintf("http://127.0.0.1:%d", port)}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	for _, h := range anvilKeys {
		k, err := chain.KeyFromHex(h)
		if err != nil {
			t.Fatal(err)
		}
		n.Keys = append(n.Keys, k)
	}
	waitRPC(t, n.URL, 30*time.Second)
	return n
}

// Geth starts `geth --dev` (go install'ed by `task geth`) with a genesis
// whose config is Config(), the dev accounts funded.
func Geth(t testing.TB, bin string) *Node {
	t.Helper()
	dir := t.TempDir()
	port := freePort(t)
	n := &Node{URL: fmt.Sprintf("http://127.0.0.1:%d", port)}
	for _, h := range anvilKeys {
		k, err := chain.KeyFromHex(h)
		if err != nil {
			t.Fatal(err)
		}
		n.Keys = append(n.Keys, k)
	}
	genesis, err := devGenesis(n.Keys)
	if err != nil {
		t.Fatal(err)
	}
	gfile := filepath.Join(dir, "genesis.json")
	if err := os.WriteFile(gfile, genesis, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "--dev", "--dev.period", "0", "--datadir", filepath.Join(dir, "data"),
		"--http", "--http.addr", "127.0.0.1", "--http.port", fmt.Sprint(port), "--http.api", "eth,net,web3",
		"--nodiscover", "--port", "0", "--authrpc.port", fmt.Sprint(freePort(t)), "--ipcdisable", "--verbosity", "2",
		"--dev.gaslimit", "60000000")
	// geth --dev takes its genesis from `geth init`, run first on the same datadir.
	init := exec.Command(bin, "--datadir", filepath.Join(dir, "data"), "init", gfile)
	if out, err := init.CombinedOutput(); err != nil {
		t.Fatalf("geth init: %v\n%s", err, out)
	}
	logf, _ := os.Create(filepath.Join(dir, "geth.log"))
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		t.Fatalf("start geth: %v", err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		if t.Failed() {
			b, _ := os.ReadFile(filepath.Join(dir, "geth.log"))
			t.Logf("geth log:\n%s", tail(string(b), 4000))
		}
	})
	waitRPC(t, n.URL, 60*time.Second)
	return n
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

// Deploy deploys the farm's contracts on the node with Keys[0].
func (n *Node) Deploy(t testing.TB) *evm.Chain {
	t.Helper()
	c, err := evm.Dial(context.Background(), n.URL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	ch, err := evm.Deploy(context.Background(), c, n.Keys[0], evm.DeployOptions{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	ch.Poll = 20 * time.Millisecond
	return ch
}

// As binds the contracts at escrow to key on the node.
func (n *Node) As(t testing.TB, escrow *evm.Chain, key *chain.Key) *evm.Chain {
	t.Helper()
	c, err := evm.Dial(context.Background(), n.URL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	ch, err := evm.Open(context.Background(), c, escrow.EscrowAddr, key, 0)
	if err != nil {
		t.Fatal(err)
	}
	ch.Poll = 20 * time.Millisecond
	return ch
}

func freePort(t testing.TB) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func waitRPC(t testing.TB, url string, d time.Duration) {
	deadline := time.Now().Add(d)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		c, err := evm.Dial(ctx, url)
		cancel()
		if err == nil {
			c.Close()
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the node at %s did not answer in %v: %v", url, d, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// devGenesis is a genesis for geth --dev with Config()'s forks, the
// system contracts those forks call, and keys funded.
func devGenesis(keys []*chain.Key) ([]byte, error) {
	alloc := core.SystemContractAllocs()
	for _, k := range keys {
		alloc[k.Address] = types.Account{Balance: Ether}
	}
	g := &core.Genesis{Config: Config(), GasLimit: 60_000_000, BaseFee: big.NewInt(params.InitialBaseFee), Difficulty: big.NewInt(0), Alloc: alloc}
	return json.Marshal(g)
}
