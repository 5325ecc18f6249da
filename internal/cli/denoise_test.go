package cli

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/chain"
	"github.com/rendergrid/rendergrid/internal/systemtest"
	"github.com/rendergrid/rendergrid/job"
	"github.com/rendergrid/rendergrid/render"
	"github.com/rendergrid/rendergrid/scenes"
	"github.com/rendergrid/rendergrid/worker"
)

// denoisedSpec is a tiled, denoised, adaptively sampled job of the Cornell
// box, priced per megapixel-sample.
func denoisedSpec(t *testing.T, cl *api.Client) api.JobSpec {
	t.Helper()
	data, err := scenes.SampleBytes("cornell")
	if err != nil {
		t.Fatal(err)
	}
	id := systemtest.Upload(t, cl, data)
	return api.JobSpec{Name: "box", Scene: id.String(), SceneName: "cornell.glb", FrameStart: 1, FrameEnd: 1, Width: 48, Height: 32,
		SPP: 64, MaxBounces: 4, TilesX: 2, TilesY: 1, Denoise: true, NoiseThreshold: 0.05, MinSPP: 8,
		Price: chain.Price{PerMPS: 1_000_000}}
}

// submitDenoised starts a farm with the worker start makes (a plain one
// when nil), funds ana and submits denoisedSpec.
func submitDenoised(t *testing.T, start func(*farm)) (*farm, *api.Client, api.Job) {
	t.Helper()
	f := startFarm(t)
	if start == nil {
		f.startWorker(t, time.Second)
	} else {
		start(f)
	}
	artist := f.Client(f.Artist)
	fund(t, f, artist)
	j, err := artist.Submit(context.Background(), denoisedSpec(t, artist))
	if err != nil {
		t.Fatal(err)
	}
	return f, artist, j
}

// fund binds a key to ana's account and mints her tokens.
func fund(t *testing.T, f *farm, artist *api.Client) {
	t.Helper()
	ctx := context.Background()
	key, _ := chain.NewKey()
	if _, err := artist.Bind(ctx, key); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Client(f.Admin).Mint(ctx, api.MintRequest{To: "ana", Amount: 10_000_000}); err != nil {
		t.Fatal(err)
	}
}

// TestDenoisedAdaptiveJob runs a denoised, adaptively sampled, tiled job
// through a farm with a real worker: each tile is paid for the samples it
// took (fewer than the cap), names a denoised PNG, and fetch writes the
// stitched raw EXR with every pass and the stitched denoised PNG.
func TestDenoisedAdaptiveJob(t *testing.T) {
	_, artist, j := submitDenoised(t, nil)
	ctx := context.Background()
	waitFor(t, 60*time.Second, "the denoised job to finish", func() bool {
		got, err := artist.Job(ctx, j.ID)
		return err == nil && got.State == api.JobDone
	})
	frames, err := artist.Frames(ctx, j.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	var paid uint64
	for _, fr := range frames {
		if len(fr.Receipts) > 0 {
			paid += fr.Receipts[0].Price
		}
		lo, hi := job.SampleRange(&j.Spec, fr.Tile)
		if fr.Denoised == "" || len(fr.Receipts) != 1 {
			t.Fatalf("tile %d: denoised %q, %d receipts", fr.Tile, fr.Denoised, len(fr.Receipts))
		}
		r := fr.Receipts[0]
		want := (r.Receipt.Samples*j.Spec.Price.PerMPS + 999_999) / 1_000_000
		full, _ := job.UnitPrice(&j.Spec, fr.Tile)
		t.Logf("tile %d: %d samples (%d..%d), paid %d of the %d locked", fr.Tile, r.Receipt.Samples, lo, hi, r.Price, full)
		if !(uint64(fr.Samples) > lo && uint64(fr.Samples) < hi) || r.Price != want || r.Price >= full {
			t.Errorf("tile %d: %d samples (range %d..%d), paid %d; want between the bounds and paid %d, under the cap's %d", fr.Tile, fr.Samples, lo, hi, r.Price, want, full)
		}
	}
	// What the samples did not take went back to ana when the job ended.
	bal, err := artist.Balance(ctx, "", false)
	if err != nil {
		t.Fatal(err)
	}
	if bal.Balance != 10_000_000-paid || bal.Escrow != 0 {
		t.Errorf("ana holds %d with %d in escrow after paying %d of 10000000; want the rest refunded", bal.Balance, bal.Escrow, paid)
	}
	v := capture(t, "verify", j.ID, "1", "--tile", "1")
	for _, want := range []string{"per-pixel counts", "pixels recomputed from the raw render", "the image is honest"} {
		if !strings.Contains(v, want) {
			t.Errorf("rendergrid verify does not say %q:\n%s", want, v)
		}
	}
	dir := t.TempDir()
	capture(t, "fetch", j.ID, "-o", dir)
	data, err := os.ReadFile(filepath.Join(dir, "box-0001.exr"))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := render.DecodeEXR(data)
	if err != nil {
		t.Fatal(err)
	}
	if raw.Width != 48 || raw.Height != 32 {
		t.Fatalf("fetched EXR is %dx%d", raw.Width, raw.Height)
	}
	for _, name := range render.PassNames {
		if p, _ := raw.Pass(name); p == nil {
			t.Errorf("the fetched EXR has no %s pass", name)
		}
	}
	if raw.Samples == nil || raw.Samples[0] == 0 || raw.Samples[47] == 0 {
		t.Error("the fetched EXR lacks the sample counts of one of its tiles")
	}
	if _, err := os.Stat(filepath.Join(dir, "box-0001.png")); err != nil {
		t.Errorf("no denoised PNG beside the EXR: %v", err)
	}
}

// TestDenoiseLiarCaught: a worker whose denoised image is not the
// denoising of its (honest) raw render is caught by the recomputed pixels,
// blocklisted and not paid.
func TestDenoiseLiarCaught(t *testing.T) {
	var liar *worker.Worker
	_, artist, j := submitDenoised(t, func(f *farm) {
		liar, _, _ = f.StartWorker(t, func(c *worker.Config) { c.Tamper = mustLiar(t, systemtest.LieNoise) })
	})
	ctx := context.Background()
	waitFor(t, 60*time.Second, "the liar to be caught", func() bool {
		got, err := artist.Job(ctx, j.ID)
		return err == nil && slices.Contains(got.Blocklist, liar.ID())
	})
	got, _ := artist.Job(ctx, j.ID)
	if !strings.Contains(strings.Join(got.Log, "\n"), "recomputed pixels of the denoised image") {
		t.Errorf("the job log does not say how the liar was caught: %v", got.Log)
	}
	frames, _ := artist.Frames(ctx, j.ID, "")
	for _, fr := range frames {
		if len(fr.Receipts) > 0 {
			t.Errorf("tile %d was paid to the liar", fr.Tile)
		}
	}
}

// TestDenoiseCommand renders with passes and without through the CLI:
// denoise writes a PNG from the first and refuses the second, naming the
// pass it lacks.
func TestDenoiseCommand(t *testing.T) {
	dir := t.TempDir()
	withPasses, plain := filepath.Join(dir, "p.exr"), filepath.Join(dir, "plain.exr")
	capture(t, "render", "sample:cornell", "--res", "32x18", "--spp", "4", "--passes", "all", "-o", withPasses, "-q")
	capture(t, "render", "sample:cornell", "--res", "32x18", "--spp", "4", "-o", plain, "-q")
	out := filepath.Join(dir, "d.png")
	if s := capture(t, "denoise", withPasses, "-o", out); !strings.Contains(s, "denoised") {
		t.Errorf("denoise printed %q", s)
	}
	if _, err := os.Stat(out); err != nil {
		t.Fatal(err)
	}
	err := run("denoise", plain)
	if err == nil || !strings.Contains(err.Error(), "no albedo pass") {
		t.Errorf("denoising an EXR without passes: %v; want an error naming the albedo pass", err)
	}
	err = run("render", "sample:cornell", "--res", "8x8", "--passes", "albedo,shadows", "-o", filepath.Join(dir, "x.exr"), "-q")
	if err == nil || !strings.Contains(err.Error(), `"shadows" is not a pass`) {
		t.Errorf("an unknown pass: %v", err)
	}
}
