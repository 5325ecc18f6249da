package cli

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/chain"
	"github.com/rendergrid/rendergrid/internal/systemtest"
)

// TestLyingWorkers runs a coordinator and workers as rendergrid processes:
// one worker per lie (noise, a quarter of the samples, the next frame's
// image, a replayed receipt, a forged signature), then two honest ones.
// Every liar is caught, blocklisted and not paid for its lies; every frame
// is paid exactly once, to whoever rendered it honestly.
func TestLyingWorkers(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs 8 processes; run without -short (task test does)")
	}
	bin := buildBinary(t)
	dir := t.TempDir()
	ctx := context.Background()
	startAs := func(cmd *exec.Cmd, name string) {
		cmd.Env = append(cmd.Environ(), "RENDERGRID_CONFIG="+filepath.Join(dir, "none.json"))
		log, _ := os.Create(filepath.Join(dir, name+".log"))
		cmd.Stdout, cmd.Stderr = log, log
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	}
	start := func(name string, args ...string) { startAs(exec.Command(bin, args...), name) }
	url := "http://" + freePort(t)
	data := filepath.Join(dir, "coordinator")
	start("coordinator", "coordinator", "--data", data, "--http", strings.TrimPrefix(url, "http://"), "--raft", freePort(t),
		"--raft-timeout", "300ms", "--fee-bps", "250")
	var admin *api.Client
	deadline := time.Now().Add(20 * time.Second)
	for {
		b, err := os.ReadFile(filepath.Join(data, "admin.token"))
		if err == nil {
			admin, _ = api.NewClient([]string{url}, strings.TrimSpace(string(b)), nil)
			admin.RetryFor = time.Second
			if _, err := admin.Cluster(ctx); err == nil {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("the coordinator did not come up")
		}
		time.Sleep(50 * time.Millisecond)
	}
	art, _ := admin.CreateToken(ctx, api.TokenRequest{User: "ana"})
	enrol, _ := admin.CreateToken(ctx, api.TokenRequest{User: "farm", Role: api.RoleEnrol})
	artist, _ := api.NewClient([]string{url}, art.Token, nil)
	akey, _ := chain.NewKey()
	if _, err := artist.Bind(ctx, akey); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Mint(ctx, api.MintRequest{To: "ana", Amount: 100_000}); err != nil {
		t.Fatal(err)
	}
	scene, _ := readSceneFileBytes("sample:anim")
	id, err := uploadBytes(ctx, artist, scene, "anim", true)
	if err != nil {
		t.Fatal(err)
	}
	const frames, price = 24, 100
	j, err := artist.Submit(ctx, api.JobSpec{
		Scene: id.String(), SceneName: "anim.glb", FrameStart: 1, FrameEnd: frames, Width: 48, Height: 27, SPP: 8, Chunk: 1,
		Price: chain.Price{PerFrame: price}, Retry: &api.RetryPolicy{BlocklistAfter: 3, FailPercent: 100},
	})
	if err != nil {
		t.Fatal(err)
	}
	workerAt := func(name, lie string) common.Address {
		wd := filepath.Join(dir, name)
		args := []string{"worker", "--coordinator", url, "--token", enrol.Token, "--data", wd, "--threads", "1", "--name", name}
		if lie != "" {
			startAs(liarCommand(lie, args...), name)
		} else {
			start(name, args...)
		}
		// A worker process starts, measures its speed and registers: on a
		// busy 2-core machine beside seven other processes that can take
		// tens of seconds.
		deadline := time.Now().Add(60 * time.Second)
		for {
			if _, err := os.Stat(filepath.Join(wd, "worker.token")); err == nil {
				k, err := chain.LoadKey(filepath.Join(wd, "worker.key"))
				if err != nil {
					t.Fatal(err)
				}
				return k.Address
			}
			if time.Now().After(deadline) {
				t.Fatalf("worker %s did not register within 60 s (its log is %s)", name, filepath.Join(dir, name+".log"))
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	liars := map[string]common.Address{}
	for _, lie := range systemtest.Lies {
		liars[lie] = workerAt("liar-"+lie, lie)
	}
	waitJob := func(what string, cond func(api.Job) bool) api.Job {
		t.Helper()
		deadline := time.Now().Add(90 * time.Second)
		for {
			got, err := artist.Job(ctx, j.ID)
			if err == nil && cond(got) {
				return got
			}
			if time.Now().After(deadline) {
				t.Fatalf("timed out waiting for %s: %+v %v", what, got, err)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	waitJob("every liar blocklisted", func(j api.Job) bool {
		for _, a := range liars {
			if !slices.Contains(j.Blocklist, a.Hex()) {
				return false
			}
		}
		return true
	})
	honest := []common.Address{workerAt("honest-1", ""), workerAt("honest-2", "")}
	got := waitJob("the job to finish", func(j api.Job) bool { return j.State == api.JobDone })
	if got.Counts.Done != frames {
		t.Fatalf("%d of %d frames done", got.Counts.Done, frames)
	}
	caught := 0
	for _, l := range got.Log {
		if strings.Contains(l, "caught") {
			caught++
		}
	}
	if caught < len(systemtest.Lies) {
		t.Errorf("job log records %d caught workers, want %d: %v", caught, len(systemtest.Lies), got.Log)
	}

	// Every frame paid once, to an honest render.
	fs, err := artist.Frames(ctx, j.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	cluster, _ := artist.Cluster(ctx)
	isSigner := func(a common.Address) bool { return slices.Contains(cluster.Signers, a.Hex()) }
	paid := map[common.Address]int{}
	for _, f := range fs {
		if len(f.Receipts) != 1 {
			t.Fatalf("frame %d has %d receipts", f.Frame, len(f.Receipts))
		}
		r := f.Receipts[0]
		if err := r.Verify(isSigner); err != nil {
			t.Errorf("frame %d: %v", f.Frame, err)
		}
		paid[r.Receipt.Worker]++
	}
	for lie, a := range liars {
		e, err := admin.Earnings(ctx, a.Hex())
		if err != nil {
			t.Fatal(err)
		}
		// The replaying liar rendered its first frame honestly (that is
		// the receipt it replays): it is paid for that one only.
		want := 0
		if lie == systemtest.LieReplay {
			want = 1
		}
		if paid[a] != want || e.Frames != want || e.Tokens != uint64(want)*(price-2) {
			t.Errorf("liar %s (%s): %d frames paid, earnings %+v; want %d", lie, a.Hex(), paid[a], e, want)
		}
	}
	total := 0
	for _, a := range honest {
		total += paid[a]
	}
	if total+paid[liars[systemtest.LieReplay]] != frames {
		t.Errorf("honest workers were paid for %d frames, want %d", total, frames-paid[liars[systemtest.LieReplay]])
	}
	b, err := artist.Balance(ctx, "", false)
	if err != nil {
		t.Fatal(err)
	}
	if b.Balance != 100_000-frames*price {
		t.Errorf("the artist holds %d, want %d: paid for exactly %d frames", b.Balance, 100_000-frames*price, frames)
	}
	t.Logf("caught %d liars; the honest workers rendered %d and %d frames", len(liars), paid[honest[0]], paid[honest[1]])
}
