// Package kubotest runs a real Kubo daemon for interop tests: Kubo 0.43.0's
// ipfs from PATH or from .kubo/ at the repository root, where `task
// interop` builds it.
package kubotest

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// repoFile is the absolute path of rel under the repository root (the
// directory holding go.mod above the working directory).
func repoFile(rel string) (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, rel), nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above the working directory")
		}
		dir = parent
	}
}

// Daemon is a Kubo daemon in a fresh repository on loopback.
type Daemon struct {
	bin, repo string
	env       []string
	API       string // http://127.0.0.1:PORT
}

// Binary finds Kubo's ipfs: on PATH, or where `task interop` builds it.
func Binary(t testing.TB) string {
	if p, err := exec.LookPath("ipfs"); err == nil {
		return p
	}
	if p, err := repoFile(".kubo/ipfs"); err == nil {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	t.Skip("Kubo interop needs Kubo 0.43.0's ipfs on PATH or in .kubo/: run `task interop`, which builds it and runs these tests")
	return ""
}

// Start inits a repository with the test profile (loopback addresses,
// no bootstrap), no routing and no telemetry, and runs the daemon until
// the test ends.
func Start(t testing.TB) *Daemon {
	t.Helper()
	k := &Daemon{bin: Binary(t), repo: t.TempDir()}
	k.env = append(os.Environ(), "IPFS_PATH="+k.repo, "IPFS_TELEMETRY=off")
	for _, args := range [][]string{
		{"init", "--profile=test"},
		{"config", "Routing.Type", "none"},
		{"config", "--json", "Swarm.DisableNatPortMap", "true"},
	} {
		if out, err := k.Run(args...); err != nil {
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
	k.API = "http://" + parts[2] + ":" + parts[4]
	return k
}

// Run runs the ipfs binary against the daemon's repository.
func (k *Daemon) Run(args ...string) ([]byte, error) {
	cmd := exec.Command(k.bin, args...)
	cmd.Env = k.env
	return cmd.CombinedOutput()
}
