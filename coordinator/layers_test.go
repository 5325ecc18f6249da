package coordinator_test

import (
	"go/build"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportLayers keeps the coordinator's layers: each sub-package
// imports only those below it (state ← raftnode ← content ← verifier ←
// httpapi ← coordinator, with leader beside content and dashboard, which
// imports none of them, under httpapi), and the
// deterministic core imports nothing that does I/O or knows HTTP.
func TestImportLayers(t *testing.T) {
	const mod = "github.com/rendergrid/rendergrid/"
	below := map[string][]string{
		"state":     {},
		"raftnode":  {"state"},
		"leader":    {"state"},
		"content":   {"state", "raftnode"},
		"verifier":  {"state", "raftnode", "content"},
		"httpapi":   {"state", "raftnode", "leader", "content", "verifier", "dashboard"},
		"dashboard": {},
	}
	forbidden := map[string][]string{
		"state": {"net/http", "github.com/hashicorp/raft", mod + "ipfs", "github.com/ipfs/boxo", "os", "math/rand", "math/rand/v2", "crypto/rand"},
	}
	for pkg, allowed := range below {
		bp, err := build.ImportDir(filepath.Join(".", pkg), 0)
		if err != nil {
			t.Fatalf("%s: %v", pkg, err)
		}
		for _, imp := range bp.Imports {
			if sub, ok := strings.CutPrefix(imp, mod+"coordinator"); ok {
				sub = strings.TrimPrefix(sub, "/")
				ok := false
				for _, a := range allowed {
					ok = ok || a == sub
				}
				if !ok {
					t.Errorf("coordinator/%s imports %s: only %v are below it", pkg, imp, allowed)
				}
			}
			for _, f := range forbidden[pkg] {
				if imp == f || strings.HasPrefix(imp, f+"/") && imp != mod+"ipfs/cids" {
					t.Errorf("coordinator/%s imports %s: the deterministic core does no I/O and knows nothing of HTTP, Raft or IPFS", pkg, imp)
				}
			}
		}
	}
}
