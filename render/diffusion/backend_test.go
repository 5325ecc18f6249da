package diffusion_test

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/draw"
	"image/png"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rendergrid/rendergrid/render/diffusion"
	"github.com/rendergrid/rendergrid/render/diffusion/diffusiontest"
)

var req = diffusion.Request{Model: "v1-5-pruned-emaonly.safetensors", Prompt: "a lighthouse at dusk", Negative: "blurry", Width: 64, Height: 48, Steps: 20, CFG: 7, Sampler: "Euler a", Seed: 42}

func decode(t *testing.T, b []byte) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if img.Bounds().Dx() != req.Width || img.Bounds().Dy() != req.Height {
		t.Fatalf("image is %v, want %dx%d", img.Bounds(), req.Width, req.Height)
	}
}

func TestSDAPI(t *testing.T) {
	s := diffusiontest.NewSDAPI(t, req.Model)
	b := &diffusion.SDAPI{URL: s.URL}
	img, err := b.Txt2Img(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	decode(t, img)
	if !bytes.Equal(img, diffusiontest.Picture(req.Prompt, req.Seed, req.Width, req.Height)) {
		t.Fatal("the image is not the one the server made")
	}
	got := s.Requests[0]
	if got.Prompt != req.Prompt || got.NegativePrompt != req.Negative || got.Seed != 42 || got.Steps != 20 || got.CFGScale != 7 ||
		got.Width != 64 || got.Height != 48 || got.SamplerName != "Euler a" || got.BatchSize != 1 || got.NIter != 1 ||
		got.OverrideSettings["sd_model_checkpoint"] != req.Model {
		t.Fatalf("server saw %+v", got)
	}
}

// TestSDAPIProgress: while the server works, the fraction done it reports
// reaches the caller, rising.
func TestSDAPIProgress(t *testing.T) {
	s := diffusiontest.NewSDAPI(t)
	s.Delay = 400 * time.Millisecond
	var got []float64
	r := req
	r.Model = ""
	r.Progress = func(p float64) { got = append(got, p) }
	if _, err := (&diffusion.SDAPI{URL: s.URL, Poll: 40 * time.Millisecond}).Txt2Img(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	if len(got) < 3 || !slices.IsSorted(got) || got[0] <= 0 || got[len(got)-1] > 1 {
		t.Fatalf("progress reports %v; want several, rising, within (0,1]", got)
	}
}

func TestComfyUI(t *testing.T) {
	c := diffusiontest.NewComfyUI(t)
	b := &diffusion.ComfyUI{URL: c.URL, Poll: time.Millisecond, ClientID: "rendergrid-test"}
	img, err := b.Txt2Img(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	decode(t, img)
	if !bytes.Equal(img, diffusiontest.Picture(req.Prompt, req.Seed, req.Width, req.Height)) {
		t.Fatal("the image is not the one the server made")
	}
	g := c.Prompts[0]
	ks := g["3"]["inputs"].(map[string]any)
	if ks["seed"] != float64(42) || ks["steps"] != float64(20) || ks["cfg"] != float64(7) || ks["sampler_name"] != "Euler a" {
		t.Fatalf("KSampler inputs %v", ks)
	}
	if g["6"]["inputs"].(map[string]any)["text"] != req.Prompt || g["7"]["inputs"].(map[string]any)["text"] != req.Negative {
		t.Fatalf("prompts %v / %v", g["6"], g["7"])
	}
	if l := g["5"]["inputs"].(map[string]any); l["width"] != float64(64) || l["height"] != float64(48) || l["batch_size"] != float64(1) {
		t.Fatalf("latent %v", l)
	}
	if g["4"]["inputs"].(map[string]any)["ckpt_name"] != req.Model {
		t.Fatalf("checkpoint %v", g["4"])
	}
}

// TestBackendErrors: a backend that does not answer, answers an error or
// answers garbage gives an error that says which and where.
func TestBackendErrors(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	down := "http://" + ln.Addr().String()
	ln.Close()
	sd := diffusiontest.NewSDAPI(t)
	sd.Fail = "CUDA out of memory"
	cf := diffusiontest.NewComfyUI(t)
	cf.Fail = "ckpt_name: 'missing.safetensors' not in []"
	garbage := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"images":["bm90IGEgcG5n"]}`))
	}))
	defer garbage.Close()
	for _, tc := range []struct {
		name string
		b    diffusion.Backend
		want string
	}{
		{"sdapi down", &diffusion.SDAPI{URL: down}, "does not answer"},
		{"comfyui down", &diffusion.ComfyUI{URL: down}, "does not answer"},
		{"sdapi error", &diffusion.SDAPI{URL: sd.URL}, "CUDA out of memory"},
		{"comfyui refuses", &diffusion.ComfyUI{URL: cf.URL}, "not in []"},
		{"not a png", &diffusion.SDAPI{URL: garbage.URL}, "not a PNG"},
		{"bad workflow", &diffusion.ComfyUI{URL: cf.URL, Workflow: []byte(`{"1":{"class_type":"SaveImage","inputs":{}}}`)}, "no KSampler"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.b.Txt2Img(context.Background(), req)
			if err == nil || !errors.Is(err, diffusion.ErrBackend) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one wrapping ErrBackend that says %q", err, tc.want)
			}
		})
	}
}

// TestPHash: the same picture re-encoded is at distance 0; a small change
// stays under the threshold; every other seed's picture is far.
func TestPHash(t *testing.T) {
	dec := func(b []byte) uint64 {
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		return diffusion.PHash(img)
	}
	a := diffusiontest.Picture("p", 1, 128, 128)
	h := dec(a)
	img, _ := png.Decode(bytes.NewReader(a))
	noisy := image.NewNRGBA(img.Bounds())
	draw.Draw(noisy, noisy.Bounds(), img, image.Point{}, draw.Src)
	r := rand.New(rand.NewPCG(3, 4))
	for i := range noisy.Pix {
		if i%4 != 3 {
			noisy.Pix[i] = uint8(min(255, max(0, int(noisy.Pix[i])+r.IntN(9)-4)))
		}
	}
	if d := diffusion.Distance(h, diffusion.PHash(noisy)); d > diffusion.PHashThreshold {
		t.Fatalf("the picture with ±4 noise is at distance %d, over the threshold %d", d, diffusion.PHashThreshold)
	}
	for seed := int64(2); seed < 12; seed++ {
		if d := diffusion.Distance(h, dec(diffusiontest.Picture("p", seed, 128, 128))); d <= diffusion.PHashThreshold {
			t.Errorf("the picture of seed %d is within %d bits of seed 1's; the hash does not tell them apart", seed, d)
		}
	}
}
