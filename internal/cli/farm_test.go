package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/coordinator"
	"github.com/rendergrid/rendergrid/internal/systemtest"
	"github.com/rendergrid/rendergrid/ipfs"
	"github.com/rendergrid/rendergrid/worker"
)

// farm is the shared harness's farm (internal/systemtest) with the CLI's
// environment pointed at it: its coordinator, ana's token, no config file.
type farm struct{ *systemtest.Farm }

func startFarm(t *testing.T, tweak ...func(*coordinator.Config)) *farm {
	t.Helper()
	f := &farm{systemtest.StartFarm(t, tweak...)}
	t.Setenv("RENDERGRID_COORDINATOR", f.Node.URL())
	t.Setenv("RENDERGRID_TOKEN", f.Artist)
	t.Setenv("RENDERGRID_CONFIG", filepath.Join(t.TempDir(), "none.json"))
	return f
}

// startWorker runs a real worker with the cpu engine until the test ends.
func (f *farm) startWorker(t *testing.T, drain time.Duration) (*worker.Worker, context.CancelFunc, chan struct{}) {
	t.Helper()
	return f.StartWorker(t, func(c *worker.Config) { c.DrainTimeout = drain })
}

// capture runs the CLI and returns its standard output.
func capture(t *testing.T, args ...string) string {
	t.Helper()
	r, w, _ := os.Pipe()
	old := os.Stdout
	os.Stdout = w
	err := run(args...)
	w.Close()
	os.Stdout = old
	out, _ := io.ReadAll(r)
	if err != nil {
		t.Fatalf("rendergrid %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// TestFarmEndToEnd submits a tiled job through the CLI, a real worker
// renders it, and fetch writes stitched frames whose tiles match their CIDs.
func TestFarmEndToEnd(t *testing.T) {
	f := startFarm(t)
	f.startWorker(t, time.Second)
	out := capture(t, "submit", "sample:anim", "--frames", "2-3", "--res", "40x20", "--spp", "2", "--tiles", "2x1", "--json", "--wait")
	var j api.Job
	if err := json.Unmarshal([]byte(out), &j); err != nil {
		t.Fatalf("submit --json --wait printed %q: %v", out, err)
	}
	if j.State != api.JobDone || j.Counts.Done != 4 {
		t.Fatalf("job after wait: %+v", j)
	}
	var frames []api.Frame
	if err := json.Unmarshal([]byte(capture(t, "frames", j.ID, "--json")), &frames); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	capture(t, "fetch", j.ID, "-o", dir)
	for _, fr := range []int{2, 3} {
		b, err := os.ReadFile(filepath.Join(dir, "anim-000"+string(rune('0'+fr))+".png"))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil || img.Bounds().Dx() != 40 || img.Bounds().Dy() != 20 {
			t.Fatalf("frame %d: %v %v", fr, err, img.Bounds())
		}
	}
	// Each tile's output is the PNG of that tile, named by its CID.
	st, err := ipfs.Open(context.Background(), t.TempDir(), ipfs.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cl, _ := api.NewClient([]string{f.Node.URL()}, f.Artist, nil)
	for _, fr := range frames {
		id, _ := ipfs.ParseCID(fr.Output)
		if err := cl.FetchCAR(context.Background(), id, st); err != nil {
			t.Fatalf("frame %d tile %d: %v", fr.Frame, fr.Tile, err)
		}
	}
	if log := capture(t, "logs", j.ID, "2", "--tile", "1"); !strings.Contains(log, "rendered in") {
		t.Errorf("frame log: %q", log)
	}
	if ls := capture(t, "jobs", "ls"); !strings.Contains(ls, j.ID) || !strings.Contains(ls, "done") {
		t.Errorf("jobs ls: %q", ls)
	}
}

// TestWorkerDrainHandsBack: on shutdown, a worker whose frame does not
// finish within the drain timeout hands its lease back; the frame is
// queued again without counting as a failure.
func TestWorkerDrainHandsBack(t *testing.T) {
	f := startFarm(t)
	out := capture(t, "submit", "sample:cornell", "--frames", "0", "--res", "256x256", "--spp", "4096", "--json")
	var j api.Job
	json.Unmarshal([]byte(out), &j)
	_, cancel, done := f.startWorker(t, 200*time.Millisecond)
	cl, _ := api.NewClient([]string{f.Node.URL()}, f.Artist, nil)
	deadline := time.Now().Add(10 * time.Second)
	for {
		fs, err := cl.Frames(context.Background(), j.ID, "")
		if err == nil && fs[0].State == api.FrameLeased {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the worker never took the frame")
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	<-done
	fs, _ := cl.Frames(context.Background(), j.ID, "")
	if fs[0].State != api.FrameQueued || len(fs[0].FailedOn) != 0 {
		t.Errorf("after drain: %+v, want queued with no failure", fs[0])
	}
}

func TestFarmBadInput(t *testing.T) {
	f := startFarm(t)
	_ = f
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"submit", "sample:anim", "--frames", "9-3"}, "frame range 9-3 is reversed"},
		{[]string{"submit", "sample:anim", "--frames", "0-200000"}, "at most 100000"},
		{[]string{"submit", "../../scenes/testdata/truncated.glb"}, "GLB is truncated"},
		{[]string{"submit", "sample:anim", "--chunk", "zero"}, "--chunk zero"},
		{[]string{"jobs", "show", "j404"}, "job j404 not found"},
		{[]string{"jobs", "cancel", "j404"}, "job j404 not found"},
		{[]string{"logs", "j404", "1"}, "job j404 not found"},
		{[]string{"jobs", "ls", "--token", "rg_wrong"}, "not valid on this cluster"},
		{[]string{"frames", "j1", "--coordinator", "ftp://x"}, "want http://host:port"},
	}
	for _, tt := range tests {
		err := run(tt.args...)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("rendergrid %s = %v, want an error containing %q", strings.Join(tt.args, " "), err, tt.want)
		}
	}
}

// TestFetchNamesStayInDir: whatever names a coordinator hands back, fetch
// writes plain file names inside its folder.
func TestFetchNamesStayInDir(t *testing.T) {
	j := api.Job{ID: "j7", Spec: api.JobSpec{Name: "../../evil.glb"}}
	up := api.Job{ID: "j8", Spec: api.JobSpec{Type: api.JobUpscale, Upscale: &api.UpscaleSpec{Scale: 2,
		Inputs: []api.ImageInput{{Name: "../../../etc/cron.d/x.png"}, {Name: `..\..\win.png`}}}}}
	for _, names := range []map[int]string{frameFiles(j, []int{1, 2}), frameFiles(up, []int{0, 1})} {
		for fr, n := range names {
			if strings.ContainsAny(n, `/\`) || strings.HasPrefix(n, "..") || filepath.Base(n) != n {
				t.Errorf("frame %d would be written as %q", fr, n)
			}
		}
	}
	if got := frameFiles(j, []int{1})[1]; got != "evil-0001.png" {
		t.Errorf("../../evil.glb frame 1 is fetched as %q, want evil-0001.png", got)
	}
}

// TestTokenCommands: token ls and token revoke work against a farm; the
// revoked artist token is refused afterwards.
func TestTokenCommands(t *testing.T) {
	f := startFarm(t)
	ctx := context.Background()
	admin, _ := api.NewClient([]string{f.Node.URL()}, f.Admin, nil)
	tok, err := admin.CreateToken(ctx, api.TokenRequest{User: "zoe"})
	if err != nil {
		t.Fatal(err)
	}
	if err := run("coordinator", "token", "ls", "--token", f.Admin); err != nil {
		t.Fatalf("token ls: %v", err)
	}
	if err := run("coordinator", "token", "revoke", "--token", f.Artist, tok.ID); err == nil || !strings.Contains(err.Error(), "artist token may not") {
		t.Errorf("an artist revoking: %v, want a refusal", err)
	}
	if err := run("coordinator", "token", "revoke", "--token", f.Admin, tok.ID); err != nil {
		t.Fatalf("token revoke: %v", err)
	}
	zoe, _ := api.NewClient([]string{f.Node.URL()}, tok.Token, nil)
	if _, err := zoe.Whoami(ctx); err == nil || !strings.Contains(err.Error(), "not valid") {
		t.Errorf("the revoked token: %v, want it refused", err)
	}
}

// TestUploadsCommands: uploads ls shows an artist's uploads and quota use;
// uploads rm removes one, and refuses one a job renders from, naming it.
func TestUploadsCommands(t *testing.T) {
	f := startFarm(t)
	ctx := context.Background()
	artist, _ := api.NewClient([]string{f.Node.URL()}, f.Artist, nil)
	data, _ := readSceneFileBytes("sample:anim")
	scene, err := uploadBytes(ctx, artist, data, "anim", true)
	if err != nil {
		t.Fatal(err)
	}
	extra, err := uploadBytes(ctx, artist, []byte("notes"), "notes", true)
	if err != nil {
		t.Fatal(err)
	}
	j, err := artist.Submit(ctx, api.JobSpec{Scene: scene.String(), SceneName: "anim.glb", FrameStart: 1, FrameEnd: 1, Width: 8, Height: 8, SPP: 1})
	if err != nil {
		t.Fatal(err)
	}
	out := capture(t, "uploads", "ls", "--token", f.Artist)
	if !strings.Contains(out, scene.String()) || !strings.Contains(out, extra.String()) || !strings.Contains(out, "stores 2097152 of") {
		t.Fatalf("uploads ls:\n%s\nwant both uploads and 2 MiB counted", out)
	}
	if err := run("uploads", "rm", "--token", f.Artist, scene.String()); err == nil || !strings.Contains(err.Error(), j.ID) {
		t.Errorf("uploads rm of a job's scene: %v, want a refusal naming %s", err, j.ID)
	}
	out = capture(t, "uploads", "rm", "--token", f.Artist, extra.String())
	if strings.Contains(out, extra.String()) || !strings.Contains(out, "stores 1048576 of") {
		t.Errorf("uploads rm:\n%s\nwant the upload gone and 1 MiB counted", out)
	}
}

// TestGatewayGetSendsToken: ipfs get --gateway reads a private job's scene
// from a coordinator with the owner's RENDERGRID_TOKEN, and not without.
func TestGatewayGetSendsToken(t *testing.T) {
	f := startFarm(t)
	ctx := context.Background()
	artist, _ := api.NewClient([]string{f.Node.URL()}, f.Artist, nil)
	data, _ := readSceneFileBytes("sample:anim")
	id, err := uploadBytes(ctx, artist, data, "anim", true)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := artist.Submit(ctx, api.JobSpec{Scene: id.String(), SceneName: "anim.glb", FrameStart: 1, FrameEnd: 1, Width: 8, Height: 8, SPP: 1}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "scene.glb")
	if err := run("ipfs", "get", id.String(), "--data", filepath.Join(dir, "a"), "--gateway", f.Node.URL(), "-o", out); err != nil {
		t.Fatalf("the owner's get: %v", err)
	}
	if got, _ := os.ReadFile(out); string(got) != string(data) {
		t.Fatal("the scene fetched differs from the one uploaded")
	}
	t.Setenv("RENDERGRID_TOKEN", "")
	if err := run("ipfs", "get", id.String(), "--data", filepath.Join(dir, "b"), "--gateway", f.Node.URL(), "-o", out); err == nil || !strings.Contains(err.Error(), "404") {
		t.Fatalf("a get without a token: %v, want 404", err)
	}
}
