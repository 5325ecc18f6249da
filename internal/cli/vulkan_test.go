package cli

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/ipfs"
	"github.com/rendergrid/rendergrid/render"
	"github.com/rendergrid/rendergrid/render/vulkan"
	"github.com/rendergrid/rendergrid/worker"
)

// TestVulkanWorker: a worker rendering with Vulkan (lavapipe here) takes a
// tiled job that requires the vulkan engine, and every tile passes the
// coordinator's proof of render, which re-renders pixels on the CPU.
func TestVulkanWorker(t *testing.T) {
	f := startFarm(t)
	eng := vulkan.New()
	if _, err := eng.Open(); err != nil {
		t.Fatalf("%v (task deps installs mesa-vulkan-drivers and libvulkan-dev)", err)
	}
	defer eng.Close()
	ctx, cancel := context.WithCancel(context.Background())
	w, err := worker.New(ctx, worker.Config{Coordinators: []string{f.Node.URL()}, EnrolToken: f.Enrol, DataDir: t.TempDir(),
		Engines: []render.Renderer{eng}, ClaimWait: 200 * time.Millisecond, Store: ipfs.Options{NoSync: true}, Log: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { w.Run(ctx); w.Close(); close(done) }()
	defer func() { cancel(); <-done }()
	capture(t, "submit", "sample:anim", "--frames", "4-5", "--res", "48x27", "--spp", "8", "--tiles", "2x2", "--engine", "vulkan", "--wait")
	cl, _ := api.NewClient([]string{f.Node.URL()}, f.Artist, nil)
	j, err := cl.Job(context.Background(), "j1")
	if err != nil {
		t.Fatal(err)
	}
	if j.State != api.JobDone || j.Counts.Done != 8 || len(j.Log) != 0 || len(j.Blocklist) != 0 {
		t.Fatalf("job %s, %d done, log %v, blocklist %v", j.State, j.Counts.Done, j.Log, j.Blocklist)
	}
	frames, _ := cl.Frames(context.Background(), "j1", "")
	for _, fr := range frames {
		if fr.Engine != "vulkan" || len(fr.Receipts) != 1 || fr.Receipts[0].Receipt.Engine != "vulkan" {
			t.Errorf("frame %d tile %d: engine %q, %d receipts", fr.Frame, fr.Tile, fr.Engine, len(fr.Receipts))
		}
	}
	if v := capture(t, "verify", "j1", "5", "--tile", "3"); !strings.Contains(v, "on vulkan") || !strings.Contains(v, "honest") {
		t.Errorf("verify: %s", v)
	}
}

// TestEngineChoice: auto picks an engine by measurement on this machine
// (a GPU would be taken as it is); a device that does not exist and an
// unknown engine are refused with what to do instead.
func TestEngineChoice(t *testing.T) {
	e, err := engineByName("auto", 0, -1)
	if err != nil || (e.Name() != "cpu" && e.Name() != "vulkan") {
		t.Fatalf("auto: %v, %v", e, err)
	}
	t.Logf("auto chose %s here", e.Name())
	if v, ok := e.(*vulkan.Engine); ok {
		v.Close()
	}
	for _, c := range []struct {
		name   string
		device int
		want   string
	}{
		{"vulkan", 7, "no Vulkan device 7: this machine has"},
		{"metal", -1, "unknown engine \"metal\"; use cpu, vulkan, gl or auto"},
	} {
		if _, err := engineByName(c.name, 0, c.device); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s device %d: %v, want %q", c.name, c.device, err, c.want)
		}
	}
}
