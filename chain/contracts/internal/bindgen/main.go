// Command bindgen writes the Go bindings of rendergrid's contracts
// (go-ethereum's abigen, v1 style) from the .abi and .bin files solc wrote.
//
//	go run ./internal/bindgen [-dir .] [-o contracts.go]
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/ethereum/go-ethereum/accounts/abi/abigen"
)

// names are the contracts, in the order the bindings list them.
var names = []string{"RenderToken", "RenderNFT", "RenderEscrow"}

func main() {
	dir := flag.String("dir", ".", "folder with NAME.abi and NAME.bin")
	out := flag.String("o", "contracts.go", "output file")
	flag.Parse()
	if err := run(*dir, *out); err != nil {
		fmt.Fprintln(os.Stderr, "bindgen:", err)
		os.Exit(1)
	}
}

func run(dir, out string) error {
	var abis, bins []string
	sigs := make([]map[string]string, len(names))
	for _, n := range names {
		a, err := os.ReadFile(filepath.Join(dir, n+".abi"))
		if err != nil {
			return fmt.Errorf("read abi (run task contracts): %w", err)
		}
		b, err := os.ReadFile(filepath.Join(dir, n+".bin"))
		if err != nil {
			return fmt.Errorf("read bytecode (run task contracts): %w", err)
		}
		abis = append(abis, string(a))
		bins = append(bins, "0x"+strings.TrimSpace(string(b)))
	}
	code, err := abigen.Bind(names, abis, bins, sigs, "contracts", nil, nil)
	if err != nil {
		return fmt.Errorf("bind: %w", err)
	}
	return os.WriteFile(out, []byte(code), 0o644)
}
