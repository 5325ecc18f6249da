package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/internal/systemtest"
	"github.com/rendergrid/rendergrid/ipfs"
	"github.com/rendergrid/rendergrid/render/diffusion"
	"github.com/rendergrid/rendergrid/render/diffusion/diffusiontest"
	"github.com/rendergrid/rendergrid/render/upscale"
	"github.com/rendergrid/rendergrid/worker"
)

// cpuUpscalers loads the built-in models for pure-Go workers, failing
// with what to run when they are not installed.
func cpuUpscalers(t *testing.T) []worker.Upscaler {
	t.Helper()
	dir, err := upscale.ModelsDir()
	if err != nil {
		t.Fatal(err)
	}
	ups, err := worker.BuiltinUpscalers(context.Background(), dir, func(m *upscale.Model) (upscale.Runner, string, error) {
		return m.Run, "upscale-cpu", nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ups
}

// testImage writes a smooth w×h picture (PNG, or JPEG for .jpg).
func testImage(t *testing.T, path string, w, h, seed int) {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.SetNRGBA(x, y, color.NRGBA{uint8(x * 255 / w), uint8((y*7 + seed*40) % 256), uint8((x*y + seed*13) % 256), 255})
		}
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if strings.HasSuffix(path, ".jpg") {
		err = jpeg.Encode(f, img, &jpeg.Options{Quality: 90})
	} else {
		err = png.Encode(f, img)
	}
	if err != nil {
		t.Fatal(err)
	}
}

func decodeJob(t *testing.T, out string) api.Job {
	t.Helper()
	var j api.Job
	if err := json.Unmarshal([]byte(out), &j); err != nil {
		t.Fatalf("%q is not a job: %v", out, err)
	}
	return j
}

func jobFrames(t *testing.T, id string) []api.Frame {
	t.Helper()
	var fs []api.Frame
	if err := json.Unmarshal([]byte(capture(t, "frames", id, "--json")), &fs); err != nil {
		t.Fatal(err)
	}
	return fs
}

// waitFor polls cond for up to d.
func waitFor(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", d, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestUpscaleJobEndToEnd: a folder of images (one larger than the tile,
// so it is cut and stitched; one JPEG) is upscaled through a coordinator
// and two real workers, every image by both (redundant at 100%); fetch
// writes each output under its input's name, and each is byte for byte
// what `rendergrid upscale` makes of the same input here.
func TestUpscaleJobEndToEnd(t *testing.T) {
	f := startFarm(t)
	ups := cpuUpscalers(t)
	var ids []string
	for range 2 {
		w, _, _ := f.StartWorker(t, func(c *worker.Config) { c.Upscalers = ups })
		ids = append(ids, w.ID())
	}
	in := t.TempDir()
	testImage(t, filepath.Join(in, "wide.png"), 48, 40, 1)
	testImage(t, filepath.Join(in, "small.png"), 20, 16, 2)
	testImage(t, filepath.Join(in, "photo.jpg"), 24, 24, 3)
	j := decodeJob(t, capture(t, "submit", "upscale", "--input", in, "--scale", "2", "--tile", "32",
		"--verify", "redundant", "--redundancy", "100", "--json", "--wait"))
	if j.State != api.JobDone || j.Units != 3 || j.Counts.Done != 3 {
		t.Fatalf("job after wait: %s, %d units, %+v", j.State, j.Units, j.Counts)
	}
	for _, fr := range jobFrames(t, j.ID) {
		var by []string
		for _, r := range fr.Receipts {
			by = append(by, r.Receipt.Worker.Hex())
		}
		slices.Sort(by)
		if want := slices.Sorted(slices.Values(ids)); !slices.Equal(by, want) {
			t.Errorf("frame %d was paid to %v; want both workers %v", fr.Frame, by, want)
		}
		in := j.Spec.Upscale.Inputs[fr.Frame]
		m := fr.Meta
		if fr.Engine != "upscale-cpu" || m["type"] != api.JobUpscale || m["model"] != j.Spec.Scene || m["input"] != in.CID ||
			m["input_name"] != in.Name || m["scale"] != "2" || m["backend"] != api.BackendBuiltin || len(m["phash"]) != 16 {
			t.Errorf("frame %d: engine %q, meta %v", fr.Frame, fr.Engine, m)
		}
	}
	if v := capture(t, "verify", j.ID, "0"); !strings.Contains(v, "re-ran input tile") || !strings.Contains(v, "the image is honest") {
		t.Errorf("verify of an upscaled frame:\n%s", v)
	}
	out := t.TempDir()
	capture(t, "fetch", j.ID, "-o", out)
	for _, name := range []string{"wide", "small", "photo"} {
		got, err := os.ReadFile(filepath.Join(out, name+"-x2.png"))
		if err != nil {
			t.Fatal(err)
		}
		ext := ".png"
		if name == "photo" {
			ext = ".jpg"
		}
		local := filepath.Join(t.TempDir(), name+".png")
		capture(t, "upscale", filepath.Join(in, name+ext), "-o", local, "--engine", "cpu", "--tile", "32")
		want, _ := os.ReadFile(local)
		if !bytes.Equal(got, want) {
			t.Errorf("%s: the farm's output differs from the local upscale", name)
		}
		cfg, _ := png.DecodeConfig(bytes.NewReader(got))
		src, _ := os.Open(filepath.Join(in, name+ext))
		icfg, _, _ := image.DecodeConfig(src)
		src.Close()
		if cfg.Width != 2*icfg.Width || cfg.Height != 2*icfg.Height {
			t.Errorf("%s: %dx%d from %dx%d", name, cfg.Width, cfg.Height, icfg.Width, icfg.Height)
		}
	}
}

// TestUpscaleLiarCaught: a worker that sends noise for an upscaled image
// is caught by the coordinator's re-run of a random tile, blocklisted and
// not paid; honest workers then finish the job.
func TestUpscaleLiarCaught(t *testing.T) {
	f := startFarm(t)
	ups := cpuUpscalers(t)
	liar, _, _ := f.StartWorker(t, func(c *worker.Config) { c.Upscalers, c.Tamper = ups, mustLiar(t, systemtest.LieNoise) })
	in := t.TempDir()
	for i := range 3 {
		testImage(t, filepath.Join(in, "img"+strconv.Itoa(i)+".png"), 24, 20, i)
	}
	j := decodeJob(t, capture(t, "submit", "upscale", "--input", in, "--json"))
	cl, _ := api.NewClient([]string{f.Node.URL()}, f.Artist, nil)
	waitFor(t, 20*time.Second, "the liar to be caught", func() bool {
		got, err := cl.Job(context.Background(), j.ID)
		return err == nil && slices.Contains(got.Blocklist, liar.ID())
	})
	for range 2 {
		f.StartWorker(t, func(c *worker.Config) { c.Upscalers = ups })
	}
	capture(t, "wait", j.ID)
	got, _ := cl.Job(context.Background(), j.ID)
	if !strings.Contains(strings.Join(got.Log, "\n"), "re-running input tile") {
		t.Errorf("job log does not say how the liar was caught: %v", got.Log)
	}
	for _, fr := range jobFrames(t, j.ID) {
		for _, r := range fr.Receipts {
			if r.Receipt.Worker.Hex() == liar.ID() {
				t.Errorf("frame %d was paid to the liar", fr.Frame)
			}
		}
	}
}

// txt2imgWorker starts a worker whose diffusion backend b holds the
// checkpoint ckpt.
func txt2imgWorker(t *testing.T, f *farm, ckpt string, b diffusion.Backend, lie string) *worker.Worker {
	t.Helper()
	dir := t.TempDir()
	id, err := worker.HashCheckpoint(context.Background(), dir, ckpt)
	if err != nil {
		t.Fatal(err)
	}
	w, _, _ := f.StartWorker(t, func(c *worker.Config) {
		c.Diffusion = []worker.DiffusionModel{{CID: id, Checkpoint: filepath.Base(ckpt), Backend: b}}
		if lie != "" {
			c.Tamper = mustLiar(t, lie)
		}
	})
	return w
}

// checkpoint writes a stand-in checkpoint file (no diffusion model can
// run here) and returns its path.
func checkpoint(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "sd15.safetensors")
	data := bytes.Repeat([]byte("not really weights "), 30000) // over two chunks
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestTxt2ImgEndToEnd: a prompt × seed grid goes through a coordinator to
// two workers, one forwarding to an sdapi server and one to ComfyUI (both
// in-test servers speaking those projects' formats); under redundant at
// 100% every image is made by both, their perceptual hashes agree, and
// each output is the very image the backend returned for its prompt and
// seed.
func TestTxt2ImgEndToEnd(t *testing.T) {
	f := startFarm(t)
	ckpt := checkpoint(t)
	sd := diffusiontest.NewSDAPI(t, filepath.Base(ckpt))
	cf := diffusiontest.NewComfyUI(t)
	a := txt2imgWorker(t, f, ckpt, &diffusion.SDAPI{URL: sd.URL}, "")
	b := txt2imgWorker(t, f, ckpt, &diffusion.ComfyUI{URL: cf.URL, Poll: 5 * time.Millisecond}, "")
	prompts := []string{"a lighthouse at dusk", "a red fox in snow"}
	j := decodeJob(t, capture(t, "submit", "txt2img", "--model", ckpt, "--prompt", prompts[0], "--prompt", prompts[1],
		"--count", "3", "--seed", "42", "--size", "64x64", "--steps", "4", "--sampler", "Euler a", "--redundancy", "100", "--json", "--wait"))
	if j.State != api.JobDone || j.Units != 6 || j.Spec.Verify != "redundant" {
		t.Fatalf("job after wait: %s, %d units, verify %s", j.State, j.Units, j.Spec.Verify)
	}
	want, _ := os.ReadFile(ckpt)
	if id, _ := ipfs.Hash(context.Background(), bytes.NewReader(want)); j.Spec.Scene != id.String() {
		t.Fatalf("the job's model is %s, the checkpoint's CID %s", j.Spec.Scene, id)
	}
	for _, fr := range jobFrames(t, j.ID) {
		prompt, seed := prompts[fr.Frame/3], int64(42+fr.Frame%3)
		m := fr.Meta
		if m["prompt"] != prompt || m["seed"] != strconv.FormatInt(seed, 10) || m["sampler"] != "Euler a" || m["type"] != api.JobTxt2Img || len(m["phash"]) != 16 {
			t.Errorf("frame %d meta %v; want prompt %q seed %d", fr.Frame, m, prompt, seed)
		}
		id, _ := ipfs.Hash(context.Background(), bytes.NewReader(diffusiontest.Picture(prompt, seed, 64, 64)))
		if fr.Output != id.String() {
			t.Errorf("frame %d output %s is not the backend's image of %q seed %d (%s)", fr.Frame, fr.Output, prompt, seed, id)
		}
		var engines, by []string
		for _, r := range fr.Receipts {
			engines, by = append(engines, r.Receipt.Engine), append(by, r.Receipt.Worker.Hex())
		}
		slices.Sort(engines)
		slices.Sort(by)
		if !slices.Equal(engines, []string{"comfyui", "sdapi"}) || !slices.Equal(by, slices.Sorted(slices.Values([]string{a.ID(), b.ID()}))) {
			t.Errorf("frame %d made by %v on %v; want both workers, one on each backend", fr.Frame, by, engines)
		}
	}
	if v := capture(t, "verify", j.ID, "4"); !strings.Contains(v, `image of "a red fox in snow", seed 43`) || !strings.Contains(v, "perceptual hash") {
		t.Errorf("verify of a diffusion frame:\n%s", v)
	}
	out := t.TempDir()
	capture(t, "fetch", j.ID, "-o", out)
	if _, err := os.Stat(filepath.Join(out, "txt2img-0004-seed43.png")); err != nil {
		t.Errorf("fetch did not name image 4 after its seed: %v", err)
	}
	if table := capture(t, "frames", j.ID); !strings.Contains(table, `seed 43: "a red fox in snow"`) {
		t.Errorf("frames does not say which prompt and seed each image is:\n%s", table)
	}
	seen := map[string]bool{}
	for _, r := range sd.Requests {
		if r.OverrideSettings["sd_model_checkpoint"] != filepath.Base(ckpt) || r.Steps != 4 || r.Width != 64 || r.SamplerName != "Euler a" {
			t.Errorf("sdapi saw %+v", r)
		}
		seen[r.Prompt+"|"+strconv.FormatInt(r.Seed, 10)] = true
	}
	if len(seen) != 6 {
		t.Errorf("sdapi made %d distinct prompt-seed images, want all 6: %v", len(seen), seen)
	}
}

// TestTxt2ImgDispute: a worker that makes another seed's image is not
// paid, nor is the honest worker whose render it was compared with (the
// farm cannot tell which of two diffusion images is right); two other
// workers then make the image, agree, and are paid. The artist pays for
// exactly those two renders.
func TestTxt2ImgDispute(t *testing.T) {
	f := startFarm(t)
	key := filepath.Join(t.TempDir(), "ana.key")
	capture(t, "wallet", "bind", "--key", key)
	capture(t, "wallet", "mint", "--token", f.Admin, "--to", "ana", "--amount", "1000")
	ckpt := checkpoint(t)
	sd := diffusiontest.NewSDAPI(t)
	liar := txt2imgWorker(t, f, ckpt, &diffusion.SDAPI{URL: sd.URL}, systemtest.LieOtherFrame)
	first := txt2imgWorker(t, f, ckpt, &diffusion.SDAPI{URL: sd.URL}, "")
	j := decodeJob(t, capture(t, "submit", "txt2img", "--model", ckpt, "--prompt", "a cat", "--size", "64x64",
		"--redundancy", "100", "--price", "100", "--key", key, "--json"))
	cl, _ := api.NewClient([]string{f.Node.URL()}, f.Artist, nil)
	var fr api.Frame
	waitFor(t, 20*time.Second, "the two renders to be found disagreeing", func() bool {
		fs, err := cl.Frames(context.Background(), j.ID, "")
		if err != nil {
			return false
		}
		fr = fs[0]
		return len(fr.FailedOn) == 2
	})
	if !slices.Contains(fr.FailedOn, liar.ID()) || !slices.Contains(fr.FailedOn, first.ID()) || fr.State != api.FrameQueued {
		t.Fatalf("after the dispute: %+v", fr)
	}
	c := txt2imgWorker(t, f, ckpt, &diffusion.SDAPI{URL: sd.URL}, "")
	d := txt2imgWorker(t, f, ckpt, &diffusion.SDAPI{URL: sd.URL}, "")
	capture(t, "wait", j.ID)
	got, _ := cl.Job(context.Background(), j.ID)
	fs, _ := cl.Frames(context.Background(), j.ID, "")
	var by []string
	for _, r := range fs[0].Receipts {
		by = append(by, r.Receipt.Worker.Hex())
	}
	slices.Sort(by)
	if !slices.Equal(by, slices.Sorted(slices.Values([]string{c.ID(), d.ID()}))) {
		t.Errorf("paid to %v, want the two later workers", by)
	}
	if len(got.Blocklist) != 0 {
		t.Errorf("blocklist %v: a dispute blocklists nobody", got.Blocklist)
	}
	if e := got.Escrow; e == nil || e.Paid+e.Fees != 200 || e.Refunded != 0 {
		t.Errorf("escrow %+v: want exactly two renders of 100 spent", got.Escrow)
	}
	if !strings.Contains(strings.Join(got.Log, "\n"), "perceptual hashes") {
		t.Errorf("job log does not explain the dispute: %v", got.Log)
	}
}

// TestTxt2ImgBackendDown: a worker whose backend does not answer fails
// the frame with the reason in its log; another worker then makes it.
func TestTxt2ImgBackendDown(t *testing.T) {
	f := startFarm(t)
	ckpt := checkpoint(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	down := "http://" + ln.Addr().String()
	ln.Close()
	broken := txt2imgWorker(t, f, ckpt, &diffusion.SDAPI{URL: down}, "")
	j := decodeJob(t, capture(t, "submit", "txt2img", "--model", ckpt, "--prompt", "a cat", "--size", "64x64", "--verify", "none", "--json"))
	cl, _ := api.NewClient([]string{f.Node.URL()}, f.Artist, nil)
	waitFor(t, 20*time.Second, "the frame to fail on the broken worker", func() bool {
		fs, err := cl.Frames(context.Background(), j.ID, "")
		return err == nil && slices.Contains(fs[0].FailedOn, broken.ID())
	})
	sd := diffusiontest.NewSDAPI(t)
	txt2imgWorker(t, f, ckpt, &diffusion.SDAPI{URL: sd.URL}, "")
	capture(t, "wait", j.ID)
	if log := capture(t, "logs", j.ID, "0"); !strings.Contains(log, "does not answer") {
		t.Errorf("frame log does not say the backend is down:\n%s", log)
	}
}

// TestAIBadInput: each bad AI job gets an error naming the problem, and
// the farm has no job afterwards.
func TestAIBadInput(t *testing.T) {
	f := startFarm(t)
	dir := t.TempDir()
	notImage := filepath.Join(dir, "notes.png")
	os.WriteFile(notImage, []byte("this is not a picture"), 0o644)
	badModel := filepath.Join(dir, "model.tar")
	os.WriteFile(badModel, []byte("garbage"), 0o644)
	good := filepath.Join(dir, "ok.png")
	testImage(t, good, 16, 16, 0)
	cl, _ := api.NewClient([]string{f.Node.URL()}, f.Artist, nil)
	textCID, err := uploadBytes(context.Background(), cl, []byte("plain text, stored"), "text", true)
	if err != nil {
		t.Fatal(err)
	}
	ckpt := checkpoint(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"submit", "upscale", "--input", notImage}, "is not a PNG or JPEG image"},
		{[]string{"submit", "upscale", "--input", textCID.String()}, "is not a PNG or JPEG image"},
		{[]string{"submit", "upscale", "--input", good, "--model", badModel}, "bad model"},
		{[]string{"submit", "upscale", "--input", good, "--scale", "5"}, "no built-in model upscales 5x"},
		{[]string{"submit", "upscale", "--input", filepath.Join(dir, "missing")}, "is not a file, a folder, a job id or a CID"},
		{[]string{"submit", "upscale", "--input", good, "--tile", "8"}, "tile 8 is outside"},
		{[]string{"submit", "upscale", "--input", good, "--scale", "4", "--tile", "2048"}, "use a smaller tile"},
		{[]string{"submit", "upscale", "--input", "j404"}, "job j404 not found"},
		{[]string{"submit", "txt2img", "--model", ckpt, "--prompt", "x", "--size", "100x100"}, "multiples of 8"},
		{[]string{"submit", "txt2img", "--model", ckpt, "--prompt", "x", "--seed", "-1"}, "seed -1 is negative"},
		{[]string{"submit", "txt2img", "--model", ckpt, "--prompt", "x", "--count", "200000"}, "count 200000 is outside 1..100000"},
		{[]string{"submit", "txt2img", "--model", ckpt, "--prompt", "x", "--backend", "midjourney"}, `backend "midjourney"`},
		{[]string{"submit", "txt2img", "--model", ckpt, "--prompt", "x", "--steps", "0"}, "steps 0 is outside"},
		{[]string{"submit", "txt2img", "--model", "not-a-cid", "--prompt", "x"}, "neither a CID"},
	} {
		err := run(tc.args...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("rendergrid %s = %v, want an error containing %q", strings.Join(tc.args, " "), err, tc.want)
		}
	}
	if js, err := cl.Jobs(context.Background(), ""); err != nil || len(js) != 0 {
		t.Errorf("after bad input the farm has jobs %v (%v)", js, err)
	}
}
