package cli

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/internal/systemtest"
	"github.com/rendergrid/rendergrid/worker"
)

// binary is the rendergrid binary the process tests run, built once.
var testBin struct {
	once sync.Once
	dir  string
	path string
	err  error
}

func buildBinary(t *testing.T) string {
	t.Helper()
	testBin.once.Do(func() {
		if testBin.dir, testBin.err = os.MkdirTemp("", "rendergrid-bin-"); testBin.err != nil {
			return
		}
		testBin.path = filepath.Join(testBin.dir, "rendergrid")
		if out, err := exec.Command("go", "build", "-o", testBin.path, "github.com/rendergrid/rendergrid/cmd/rendergrid").CombinedOutput(); err != nil {
			testBin.err = fmt.Errorf("building: %v\n%s", err, out)
		}
	})
	if testBin.err != nil {
		t.Fatal(testBin.err)
	}
	return testBin.path
}

func TestMain(m *testing.M) {
	if lie := os.Getenv("RENDERGRID_TEST_LIAR"); lie != "" {
		// This test binary was started by liarCommand: it is a rendergrid
		// that lies when it runs a worker.
		t, err := systemtest.Liar(lie)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		workerTamper = t
		if err := Run(os.Args, "test"); err != nil {
			fmt.Fprintf(os.Stderr, "rendergrid: %v\n", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	code := m.Run()
	if testBin.dir != "" {
		os.RemoveAll(testBin.dir)
	}
	os.Exit(code)
}

// mustLiar is systemtest.Liar(lie) for a worker in this process.
func mustLiar(t *testing.T, lie string) worker.Tamper {
	t.Helper()
	l, err := systemtest.Liar(lie)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// liarCommand is a rendergrid process that tells lie when it runs a worker
// (see systemtest.Liar): this test binary, which TestMain turns into the
// CLI. The rendergrid binary itself cannot lie.
func liarCommand(lie string, args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "RENDERGRID_TEST_LIAR="+lie)
	return cmd
}

func freePort(t *testing.T) string { return freePortOn(t, "127.0.0.1") }

// freePortOn is a free TCP address on ip.
func freePortOn(t *testing.T, ip string) string {
	t.Helper()
	ln, err := net.Listen("tcp", net.JoinHostPort(ip, "0"))
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// TestClusterProcesses runs a 3-node cluster and a worker as separate
// rendergrid processes, kills the leader's process with SIGKILL in the
// middle of a job, and checks the job still finishes with every frame.
func TestClusterProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs 4 processes; run without -short (task test does)")
	}
	dir := t.TempDir()
	bin := buildBinary(t)
	ctx := context.Background()
	type proc struct {
		cmd  *exec.Cmd
		url  string
		data string
	}
	var nodes []*proc
	start := func(args ...string) *exec.Cmd {
		cmd := exec.Command(bin, args...)
		cmd.Env = append(os.Environ(), "RENDERGRID_CONFIG="+filepath.Join(dir, "none.json"))
		log, _ := os.Create(filepath.Join(dir, fmt.Sprintf("log-%d", len(nodes))))
		cmd.Stdout, cmd.Stderr = log, log
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
		return cmd
	}
	var admin string
	for i := range 3 {
		p := &proc{url: "http://" + freePort(t), data: filepath.Join(dir, fmt.Sprintf("n%d", i+1))}
		args := []string{"coordinator", "--data", p.data, "--id", fmt.Sprintf("n%d", i+1), "--raft", freePort(t),
			"--http", strings.TrimPrefix(p.url, "http://"), "--lease-ttl", "5s", "--raft-timeout", "300ms"}
		if i > 0 {
			args = append(args, "--join", nodes[0].url, "--token", admin)
		}
		p.cmd = start(args...)
		nodes = append(nodes, p)
		if i == 0 {
			admin = waitAdmin(t, p.data, p.url)
		}
	}
	var urls []string
	for _, p := range nodes {
		urls = append(urls, p.url)
	}
	adminCl, _ := api.NewClient(urls, admin, nil)
	deadline := time.Now().Add(30 * time.Second)
	for {
		cl, err := adminCl.Cluster(ctx)
		if err == nil && len(cl.Nodes) == 3 && cl.Nodes[2].HTTP != "" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the cluster did not reach 3 nodes: %+v %v", cl, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	art, err := adminCl.CreateToken(ctx, api.TokenRequest{User: "ana"})
	if err != nil {
		t.Fatal(err)
	}
	enrol, err := adminCl.CreateToken(ctx, api.TokenRequest{User: "farm", Role: api.RoleEnrol})
	if err != nil {
		t.Fatal(err)
	}
	start("worker", "--coordinator", strings.Join(urls, ","), "--token", enrol.Token, "--data", filepath.Join(dir, "w"), "--drain-timeout", "1s")
	artist, _ := api.NewClient(urls, art.Token, nil)
	data, _ := readSceneFileBytes("sample:anim")
	id, err := uploadBytes(ctx, artist, data, "anim", true)
	if err != nil {
		t.Fatal(err)
	}
	j, err := artist.Submit(ctx, api.JobSpec{Scene: id.String(), SceneName: "anim.glb", FrameStart: 1, FrameEnd: 12, Width: 48, Height: 27, SPP: 4, Chunk: 1})
	if err != nil {
		t.Fatal(err)
	}
	waitFor := func(what string, cond func(api.Job) bool) {
		t.Helper()
		deadline := time.Now().Add(60 * time.Second)
		for {
			got, err := artist.Job(ctx, j.ID)
			if err == nil && cond(got) {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("timed out waiting for %s: %+v %v", what, got, err)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	waitFor("3 frames", func(j api.Job) bool { return j.Counts.Done >= 3 })
	cl, err := adminCl.Cluster(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i, n := range cl.Nodes {
		if n.Leader {
			nodes[i].cmd.Process.Signal(syscall.SIGKILL)
			t.Logf("killed the leader %s", n.ID)
		}
	}
	waitFor("the job to finish", func(j api.Job) bool { return j.State == api.JobDone })
	fs, err := artist.Frames(ctx, j.ID, api.FrameDone)
	if err != nil || len(fs) != 12 {
		t.Fatalf("done frames: %d %v", len(fs), err)
	}
}

func readSceneFileBytes(arg string) ([]byte, error) {
	b, _, err := readSceneFile(arg)
	return b, err
}
