package coordinator_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/chain"
	"github.com/rendergrid/rendergrid/coordinator/state"
	"github.com/rendergrid/rendergrid/internal/systemtest"
	"github.com/rendergrid/rendergrid/render/upscale"
)

// pngOf encodes a w×h picture.
func pngOf(t *testing.T, w, h int, seed uint8) ([]byte, *image.NRGBA) {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.SetNRGBA(x, y, color.NRGBA{uint8(x * 9), uint8(y*5) + seed, uint8(x ^ y), 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes(), img
}

// defaultModel loads and bundles the built-in 2x model.
func defaultModel(t *testing.T) ([]byte, *upscale.Model) {
	t.Helper()
	dir, err := upscale.ModelsDir()
	if err != nil {
		t.Fatal(err)
	}
	b, err := upscale.BuiltinFor(dir, 2)
	if err != nil {
		t.Fatal(err)
	}
	bundle, err := upscale.Bundle(b.Dir)
	if err != nil {
		t.Fatal(err)
	}
	m, err := upscale.Parse(bundle)
	if err != nil {
		t.Fatal(err)
	}
	return bundle, m
}

// registerWith enrols a worker holding models.
func registerWith(t *testing.T, cl *api.Client, models []api.ModelCap) (*chain.Key, string) {
	t.Helper()
	k, _ := chain.NewKey()
	ch, err := cl.Challenge(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	sig, _ := k.Sign(chain.MessageDigest(chain.RegisterMessage(k.Address, ch.ChainID, ch.Nonce)))
	r, err := cl.Register(context.Background(), api.RegisterRequest{Address: k.Address.Hex(), Nonce: ch.Nonce, Signature: sig,
		Caps: api.Capabilities{Name: "ai", Engines: []string{"cpu"}, Models: models}})
	if err != nil {
		t.Fatal(err)
	}
	return k, r.Token
}

// TestAIJobsThroughAPI submits an upscale and a txt2img job through a
// client whose every exchange is checked against openapi.yaml: only a
// worker holding the model gets its frames, an honest upscale is accepted
// with its metadata, and noise is caught by the re-run tile.
func TestAIJobsThroughAPI(t *testing.T) {
	c := systemtest.StartCluster(t, 1, nil)
	ctx := context.Background()
	mk := newSpecChecker(t).clients(c)
	artist := mk(c.Token("ana", api.RoleArtist))
	enrol := mk(c.Token("farm", api.RoleEnrol))
	bundle, m := defaultModel(t)
	model := systemtest.Upload(t, artist, bundle)
	data, img := pngOf(t, 24, 20, 0)
	input := systemtest.Upload(t, artist, data)
	other, _ := pngOf(t, 20, 20, 7)
	input2 := systemtest.Upload(t, artist, other)
	j, err := artist.Submit(ctx, api.JobSpec{Type: api.JobUpscale, Scene: model.String(),
		Upscale: &api.UpscaleSpec{Scale: 2, Inputs: []api.ImageInput{{CID: input.String(), Name: "a.png"}, {CID: input2.String()}}}})
	if err != nil {
		t.Fatal(err)
	}
	if in := j.Spec.Upscale.Inputs[0]; j.Units != 2 || in.Width != 24 || in.Height != 20 || j.Spec.Upscale.Tile != 256 || j.Spec.Verify != "sample" {
		t.Fatalf("upscale job as submitted: %d units, %+v, tile %d, verify %s", j.Units, in, j.Spec.Upscale.Tile, j.Spec.Verify)
	}
	ckpt := "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi"
	tj, err := artist.Submit(ctx, api.JobSpec{Type: api.JobTxt2Img, Scene: ckpt, Txt2Img: &api.Txt2ImgSpec{
		Prompts: []string{"a", "b"}, Width: 64, Height: 64, Steps: 10, CFG: 7, Seed: 5, Count: 2}})
	if err != nil {
		t.Fatal(err)
	}
	if tj.Units != 4 || tj.Spec.Verify != "redundant" || tj.Spec.Width != 64 {
		t.Fatalf("txt2img job as submitted: %d units, verify %s, width %d", tj.Units, tj.Spec.Verify, tj.Spec.Width)
	}
	// A worker without the models gets nothing, nor does one holding the
	// upscaler's CID under a diffusion backend.
	_, plain := systemtest.RegisterWorker(t, enrol, "plain")
	if l, err := mk(plain).Claim(ctx, 300*time.Millisecond); err != nil || l != nil {
		t.Fatalf("a worker without the models claimed %+v (%v)", l, err)
	}
	_, wrong := registerWith(t, enrol, []api.ModelCap{{CID: model.String(), Backend: api.BackendSDAPI}})
	if l, err := mk(wrong).Claim(ctx, 300*time.Millisecond); err != nil || l != nil {
		t.Fatalf("a worker holding the upscaler's CID under sdapi claimed %+v (%v)", l, err)
	}
	key, tok := registerWith(t, enrol, []api.ModelCap{{CID: model.String(), Backend: api.BackendBuiltin, Scale: 2}})
	wk := mk(tok)
	l, err := wk.Claim(ctx, time.Second)
	if err != nil || l == nil || l.Job != j.ID {
		t.Fatalf("the worker holding the upscaler claimed %+v (%v)", l, err)
	}
	honest, err := upscale.Upscale(ctx, m, img, 0, m.Run, nil)
	if err != nil {
		t.Fatal(err)
	}
	var enc bytes.Buffer
	png.Encode(&enc, honest)
	out := systemtest.Upload(t, wk, enc.Bytes())
	u := l.Units[0]
	if u.Frame != 0 {
		l2, _ := wk.Claim(ctx, time.Second)
		t.Fatalf("first unit is frame %d (%+v)", u.Frame, l2)
	}
	fr, err := wk.Complete(ctx, systemtest.Completion(key, l, u, out.String()))
	if err != nil {
		t.Fatalf("an honest upscale was refused: %v", err)
	}
	if m := fr.Meta; m["input"] != input.String() || m["input_name"] != "a.png" || m["model"] != model.String() || len(m["phash"]) != 16 {
		t.Errorf("frame meta %v", fr.Meta)
	}
	// The second image: a flat grey of the right size is caught.
	l, _ = wk.Claim(ctx, time.Second)
	if l == nil || l.Units[0].Frame != 1 {
		t.Fatalf("second claim %+v", l)
	}
	grey := image.NewNRGBA(image.Rect(0, 0, 40, 40))
	for i := range grey.Pix {
		grey.Pix[i] = 128
	}
	enc.Reset()
	png.Encode(&enc, grey)
	bad := systemtest.Upload(t, wk, enc.Bytes())
	_, err = wk.Complete(ctx, systemtest.Completion(key, l, l.Units[0], bad.String()))
	if e, ok := err.(*api.Error); !ok || e.Status != http.StatusUnprocessableEntity || !strings.Contains(e.Message, "re-running input tile") {
		t.Fatalf("a grey image was answered %v; want 422 naming the re-run tile", err)
	}
	fs, _ := artist.Frames(ctx, j.ID, "")
	if fs[0].State != api.FrameDone || fs[1].State != api.FrameQueued {
		t.Errorf("frames after: %s, %s", fs[0].State, fs[1].State)
	}
	// A diffusion worker for any backend takes the txt2img job.
	_, dtok := registerWith(t, enrol, []api.ModelCap{{CID: ckpt, Backend: api.BackendComfyUI, Name: "sd15.safetensors"}})
	if l, err := mk(dtok).Claim(ctx, time.Second); err != nil || l == nil || l.Job != tj.ID || l.Spec.Txt2Img == nil {
		t.Fatalf("the ComfyUI worker claimed %+v (%v)", l, err)
	}
	mk(c.Admin).Workers(ctx)
	artist.Job(ctx, tj.ID)
}

// TestModelMatching: which workers a job's frames may go to.
func TestModelMatching(t *testing.T) {
	const m, other = "bafkmodel", "bafkother"
	up := api.JobSpec{Type: api.JobUpscale, Scene: m}
	any := api.JobSpec{Type: api.JobTxt2Img, Scene: m, Txt2Img: &api.Txt2ImgSpec{}}
	comfy := api.JobSpec{Type: api.JobTxt2Img, Scene: m, Txt2Img: &api.Txt2ImgSpec{Backend: api.BackendComfyUI}}
	for _, tc := range []struct {
		name   string
		spec   api.JobSpec
		models []api.ModelCap
		want   bool
	}{
		{"upscaler held", up, []api.ModelCap{{CID: m, Backend: api.BackendBuiltin}}, true},
		{"another upscaler", up, []api.ModelCap{{CID: other, Backend: api.BackendBuiltin}}, false},
		{"same CID on a diffusion backend", up, []api.ModelCap{{CID: m, Backend: api.BackendSDAPI}}, false},
		{"no models", up, nil, false},
		{"any backend: sdapi", any, []api.ModelCap{{CID: m, Backend: api.BackendSDAPI}}, true},
		{"any backend: comfyui", any, []api.ModelCap{{CID: m, Backend: api.BackendComfyUI}}, true},
		{"any backend: not the builtin", any, []api.ModelCap{{CID: m, Backend: api.BackendBuiltin}}, false},
		{"comfyui asked, sdapi held", comfy, []api.ModelCap{{CID: m, Backend: api.BackendSDAPI}}, false},
		{"comfyui asked and held", comfy, []api.ModelCap{{CID: other, Backend: api.BackendComfyUI}, {CID: m, Backend: api.BackendComfyUI}}, true},
	} {
		w := &state.Worker{Caps: api.Capabilities{Engines: []string{"cpu"}, Models: tc.models}}
		if got := state.Eligible(&state.Job{Spec: tc.spec}, "w", w); got != tc.want {
			t.Errorf("%s: eligible = %v, want %v", tc.name, got, tc.want)
		}
	}
}
