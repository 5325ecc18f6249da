package ipfs

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// kuboDaemon is a Kubo daemon in a fresh repository on loopback.
type kuboDaemon struct {
	bin, repo string
	env       []string
	api       string // http://127.0.0.1:PORT
}

// kuboBinary finds Kubo's ipfs: on PATH, or where `task interop` builds it.
func kuboBinary(t testing.TB) string {
	if p, err := exec.LookPath("ipfs"); err == nil {
		return p
	}
	if p, err := filepath.Abs("../.kubo/ipfs"); err == nil {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	t.Skip("Kubo interop needs Kubo 0.43.0's ipfs on PATH or in .kubo/: run `task interop`, which builds it and runs these tests")
	return ""
}

// startKubo inits a repository with the test profile (loopback addresses,
// no bootstrap), no routing and no telemetry, and runs the daemon until
// the test ends.
func startKubo(t testing.TB) *kuboDaemon {
	t.Helper()
	k := &kuboDaemon{bin: kuboBinary(t), repo: t.TempDir()}
	k.env = append(os.Environ(), "IPFS_PATH="+k.repo, "IPFS_TELEMETRY=off")
	for _, args := range [][]string{
		{"init", "--profile=test"},
		{"config", "Routing.Type", "none"},
		{"config", "--json", "Swarm.DisableNatPortMap", "true"},
	} {
		if out, err := k.run(args...); err != nil {
			t.Fatalf("ipfs %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	cmd := exec.Command(k.bin, "daemon")
	cmd.Env = k.env
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = cmd.Stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	})
	ready := make(chan error, 1)
	var log bytes.Buffer
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			log.WriteString(sc.Text() + "\n")
			if strings.Contains(sc.Text(), "Daemon is ready") {
				ready <- nil
			}
		}
		ready <- fmt.Errorf("daemon exited")
	}()
	select {
	case err := <-ready:
		if err != nil {
			t.Fatalf("Kubo daemon: %v\n%s", err, log.String())
		}
	case <-time.After(60 * time.Second):
		t.Fatal("Kubo daemon not ready after 60 s")
	}
	api, err := os.ReadFile(filepath.Join(k.repo, "api"))
	if err != nil {
		t.Fatal(err)
	}
	// The api file holds a multiaddr: /ip4/127.0.0.1/tcp/PORT.
	parts := strings.Split(strings.TrimSpace(string(api)), "/")
	k.api = "http://" + parts[2] + ":" + parts[4]
	return k
}

func (k *kuboDaemon) run(args ...string) ([]byte, error) {
	cmd := exec.Command(k.bin, args...)
	cmd.Env = k.env
	return cmd.CombinedOutput()
}

func TestKuboInterop(t *testing.T) {
	ctx := context.Background()
	d := startKubo(t)
	kc, err := NewKubo(d.api, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	s := openStore(t, Options{})
	for _, g := range readGolden(t) {
		if g.Size > 64<<20 {
			continue // the 200 MiB case is in TestGoldenCIDs and the benchmark
		}
		t.Run(g.Name, func(t *testing.T) {
			c, err := kc.Add(ctx, newDetReader(g.Seed, g.Size))
			if err != nil {
				t.Fatal(err)
			}
			if c.String() != g.CID {
				t.Fatalf("Kubo RPC add gave %s, want %s", c, g.CID)
			}
			r, err := kc.Get(ctx, c)
			if err != nil {
				t.Fatal(err)
			}
			if err := sameBytes(r, newDetReader(g.Seed, g.Size)); err != nil {
				t.Fatalf("Get through Kubo: %v", err)
			}
			r.Close()
			// Our CAR export and Kubo's dag export are the same bytes.
			if _, err := s.Add(ctx, newDetReader(g.Seed, g.Size)); err != nil {
				t.Fatal(err)
			}
			var ours, theirs bytes.Buffer
			if err := s.ExportCAR(ctx, c, &ours); err != nil {
				t.Fatal(err)
			}
			if err := kc.ExportCAR(ctx, c, &theirs); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(ours.Bytes(), theirs.Bytes()) {
				t.Fatalf("CAR export differs from Kubo's dag export: %d vs %d bytes", ours.Len(), theirs.Len())
			}
		})
	}
	t.Run("has pin unpin", func(t *testing.T) {
		c, err := kc.Add(ctx, strings.NewReader("pin me"))
		if err != nil {
			t.Fatal(err)
		}
		if has, err := kc.Has(ctx, c); err != nil || !has {
			t.Fatalf("Has(added) = %v, %v", has, err)
		}
		absent := addBytes(t, openStore(t, Options{}), []byte("never given to Kubo"))
		if has, err := kc.Has(ctx, absent); err != nil || has {
			t.Fatalf("Has(absent) = %v, %v", has, err)
		}
		if err := kc.Unpin(ctx, c); err != nil {
			t.Fatal(err)
		}
		if err := kc.Unpin(ctx, c); err == nil || !strings.Contains(err.Error(), "not pinned") {
			t.Fatalf("second unpin: %v, want Kubo's 'not pinned'", err)
		}
		if err := kc.Pin(ctx, c); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("Kubo imports our CAR", func(t *testing.T) {
		c := addBytes(t, s, detBytes("to-kubo", 3*ChunkSize+9))
		f := filepath.Join(t.TempDir(), "x.car")
		w, _ := os.Create(f)
		if err := s.ExportCAR(ctx, c, w); err != nil {
			t.Fatal(err)
		}
		w.Close()
		out, err := d.run("dag", "import", "--stats", f)
		if err != nil || !strings.Contains(string(out), c.String()) {
			t.Fatalf("ipfs dag import: %v\n%s", err, out)
		}
		out, err = d.run("cat", c.String())
		if err != nil || !bytes.Equal(out, detBytes("to-kubo", 3*ChunkSize+9)) {
			t.Fatalf("ipfs cat of the imported CAR: %v", err)
		}
	})
	t.Run("bad API address", func(t *testing.T) {
		for _, a := range []string{"127.0.0.1:5001", "ftp://x", ""} {
			if _, err := NewKubo(a, nil, 0); err == nil {
				t.Errorf("NewKubo(%q) accepted", a)
			}
		}
		dead, _ := NewKubo("http://127.0.0.1:1", nil, 0)
		if _, err := dead.Add(ctx, strings.NewReader("x")); err == nil || !strings.Contains(err.Error(), "daemon running") {
			t.Fatalf("add to a closed port: %v", err)
		}
	})
}
