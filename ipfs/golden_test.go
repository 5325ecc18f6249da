package ipfs

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

var updateGolden = flag.Bool("update-golden", false, "recompute testdata/golden.json with the ipfs (Kubo) binary on PATH")

// golden is one deterministic input and the CID Kubo 0.43.0 gives it.
type golden struct {
	Name string `json:"name"`
	Seed string `json:"seed"`
	Size int64  `json:"size"`
	CID  string `json:"cid"`
}

// kuboAddFlags are the flags that give Kubo's CIDs our import parameters.
var kuboAddFlags = []string{"--cid-version=1", "--raw-leaves", "--chunker=size-262144", "--max-file-links=174"}

func readGolden(t *testing.T) []golden {
	t.Helper()
	data, err := os.ReadFile("testdata/golden.json")
	if err != nil {
		t.Fatal(err)
	}
	var g []golden
	if err := json.Unmarshal(data, &g); err != nil {
		t.Fatal(err)
	}
	return g
}

// TestGoldenCIDs adds each deterministic input and compares its CID with
// the one Kubo 0.43.0 computed (see testdata/README.md for how). 256 KiB
// is exactly one chunk (a raw leaf is the root); 200 MiB is 800 chunks,
// more than 174, so its root links to five interior nodes.
func TestGoldenCIDs(t *testing.T) {
	cases := readGolden(t)
	if *updateGolden {
		cases = kuboGolden(t, cases)
	}
	s := openStore(t, Options{MaxUpload: 1 << 30})
	for _, g := range cases {
		t.Run(g.Name, func(t *testing.T) {
			if testing.Short() && g.Size > 64<<20 {
				t.Skip("-short: the 200 MiB case runs in the full suite (task test)")
			}
			c, err := s.Add(context.Background(), newDetReader(g.Seed, g.Size))
			if err != nil {
				t.Fatal(err)
			}
			if c.String() != g.CID {
				t.Fatalf("CID of %s = %s, Kubo 0.43.0 gives %s", g.Name, c, g.CID)
			}
			r, err := s.Get(context.Background(), c)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			if err := sameBytes(r, newDetReader(g.Seed, g.Size)); err != nil {
				t.Fatalf("read back %s: %v", g.Name, err)
			}
		})
	}
}

// sameBytes compares two streams chunk by chunk.
func sameBytes(a, b io.Reader) error {
	ab, bb := make([]byte, 1<<20), make([]byte, 1<<20)
	var off int64
	for {
		na, ea := io.ReadFull(a, ab)
		nb, eb := io.ReadFull(b, bb)
		if na != nb || !bytes.Equal(ab[:na], bb[:nb]) {
			return &diffError{off}
		}
		off += int64(na)
		if ea != nil || eb != nil {
			if (ea == nil) != (eb == nil) {
				return &diffError{off}
			}
			return nil
		}
	}
}

type diffError struct{ off int64 }

func (e *diffError) Error() string { return fmt.Sprintf("streams differ at or after byte %d", e.off) }

// kuboGolden recomputes the golden CIDs with the ipfs binary on PATH and
// rewrites testdata/golden.json.
func kuboGolden(t *testing.T, cases []golden) []golden {
	bin, err := exec.LookPath("ipfs")
	if err != nil {
		t.Fatal("-update-golden needs Kubo 0.43.0's ipfs on PATH: run `task interop` to build it")
	}
	repo := t.TempDir()
	env := append(os.Environ(), "IPFS_PATH="+repo, "IPFS_TELEMETRY=off")
	if out, err := runEnv(env, bin, "init", "--profile=test"); err != nil {
		t.Fatalf("ipfs init: %v\n%s", err, out)
	}
	for i, g := range cases {
		f := filepath.Join(t.TempDir(), g.Name)
		w, err := os.Create(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(w, newDetReader(g.Seed, g.Size)); err != nil {
			t.Fatal(err)
		}
		w.Close()
		args := append([]string{"add", "--offline", "-Q"}, kuboAddFlags...)
		out, err := runEnv(env, bin, append(args, f)...)
		if err != nil {
			t.Fatalf("ipfs add: %v\n%s", err, out)
		}
		cases[i].CID = strings.TrimSpace(string(out))
	}
	data, _ := json.MarshalIndent(cases, "", "  ")
	if err := os.WriteFile("testdata/golden.json", append(data, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	return cases
}

func runEnv(env []string, bin string, args ...string) ([]byte, error) {
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	return cmd.CombinedOutput()
}
