package contracts_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

var names = []string{"RenderToken", "RenderNFT", "RenderEscrow"}

// TestGenerated recompiles the contracts with solc-js and regenerates the
// Go bindings, and fails if the committed .abi, .bin or contracts.go
// differ: run `task contracts` after editing a .sol file.
func TestGenerated(t *testing.T) {
	if _, err := os.Stat(filepath.Join("node_modules", "solc")); err != nil {
		t.Fatalf("solc-js is not installed in chain/contracts/node_modules: run `go run github.com/go-task/task/v3/cmd/task@v3.54.0 deps` (needs node and npm)")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatalf("node is not installed: apt-get install nodejs npm, then task deps")
	}
	dir := t.TempDir()
	if out, err := exec.Command(node, "compile.mjs", dir).CombinedOutput(); err != nil {
		t.Fatalf("compile: %v\n%s", err, out)
	}
	for _, n := range names {
		for _, ext := range []string{".abi", ".bin"} {
			same(t, n+ext, filepath.Join(dir, n+ext))
		}
	}
	gen := filepath.Join(dir, "contracts.go")
	if out, err := exec.Command("go", "run", "./internal/bindgen", "-dir", dir, "-o", gen).CombinedOutput(); err != nil {
		t.Fatalf("bindgen: %v\n%s", err, out)
	}
	same(t, "contracts.go", gen)
}

func same(t *testing.T, committed, fresh string) {
	t.Helper()
	a, err := os.ReadFile(committed)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(fresh)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Errorf("%s is out of date with the Solidity sources: run `task contracts` and commit the result", committed)
	}
}
