package verify

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/png"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/job"
	"github.com/rendergrid/rendergrid/render"
	"github.com/rendergrid/rendergrid/render/cpu"
	"github.com/rendergrid/rendergrid/render/denoise"
	"github.com/rendergrid/rendergrid/render/proof"
	"github.com/rendergrid/rendergrid/scenes"
)

// TestRender: a tile rendered as job.SettingsFor says passes; the same
// tile rendered with fewer samples, and another tile's image, fail as
// dishonest.
func TestRender(t *testing.T) {
	data, err := scenes.SampleBytes("anim")
	if err != nil {
		t.Fatal(err)
	}
	spec := api.JobSpec{Scene: "x", SceneName: "anim.glb", FrameStart: 1, FrameEnd: 2, Width: 32, Height: 24, SPP: 4, MaxBounces: 4, Seed: 3, TilesX: 2, TilesY: 1}
	sc, err := scenes.Decode(job.SceneName(&spec), data, nil)
	if err != nil {
		t.Fatal(err)
	}
	f, err := sc.Frame(job.FrameOptions(&spec, 2))
	if err != nil {
		t.Fatal(err)
	}
	renderPNG := func(tile, spp int) []byte {
		s := job.SettingsFor(&spec, tile, nil)
		s.SPP = spp
		img, _, err := cpu.New().Render(context.Background(), f, s, nil)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := png.Encode(&buf, img.SRGB8()); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	for _, tc := range []struct {
		name   string
		png    []byte
		honest bool
	}{
		{"the tile as the job says", renderPNG(1, 4), true},
		{"a quarter of the samples", renderPNG(1, 1), false},
		{"the other tile", renderPNG(0, 4), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			img, err := Output(tc.png, &spec, 2, 1)
			if err != nil {
				t.Fatal(err)
			}
			_, err = Render(context.Background(), f, &spec, 1, nil, img, nil, proof.Config{Pixels: 64}, rand.New(rand.NewPCG(1, 2)))
			if tc.honest && err != nil {
				t.Fatalf("an honest tile: %v", err)
			}
			if !tc.honest && !errors.Is(err, proof.ErrDishonest) {
				t.Fatalf("%s: %v, want proof.ErrDishonest", tc.name, err)
			}
		})
	}
	if _, err := Output(renderPNG(1, 4), &spec, 2, 0); err != nil {
		t.Errorf("tiles of equal size: %v", err)
	}
}

func TestPHashDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"00000000000000ff", "00000000000000ff", 0},
		{"00000000000000ff", "000000000000000f", 4},
		{"not hex", "00", 64},
	} {
		if got := PHashDistance(tc.a, tc.b); got != tc.want {
			t.Errorf("PHashDistance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

// TestRawAndDerived checks the output of a denoised, adaptively sampled
// job: the honest EXR, its samples and its denoised PNG pass; an EXR
// without a pass, a claim of other samples, forged sample counts and a
// "denoised" image that is the raw render each fail as dishonest.
func TestRawAndDerived(t *testing.T) {
	data, err := scenes.SampleBytes("cornell")
	if err != nil {
		t.Fatal(err)
	}
	spec := api.JobSpec{Scene: "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy", SceneName: "cornell.glb", FrameStart: 1, FrameEnd: 1, Width: 48, Height: 32, SPP: 48, MaxBounces: 4, Seed: 3, NoiseThreshold: 0.05, MinSPP: 8, Denoise: true}
	if err := job.Validate(&spec); err != nil {
		t.Fatal(err)
	}
	sc, err := scenes.Decode(job.SceneName(&spec), data, nil)
	if err != nil {
		t.Fatal(err)
	}
	f, err := sc.Frame(job.FrameOptions(&spec, 1))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	img, st, err := cpu.New().Render(ctx, f, job.SettingsFor(&spec, 0, nil), nil)
	if err != nil {
		t.Fatal(err)
	}
	exr := func(m *render.Image) []byte {
		var buf bytes.Buffer
		if err := m.WriteEXR(&buf); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	encode := func(m *render.Image) *image.NRGBA {
		var buf bytes.Buffer
		if err := m.WritePNG(&buf); err != nil {
			t.Fatal(err)
		}
		out, err := proof.Decode(buf.Bytes(), m.Width, m.Height)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	dishonest := func(what string, err error) {
		t.Helper()
		if !errors.Is(err, proof.ErrDishonest) {
			t.Errorf("%s: %v; want a dishonest verdict", what, err)
		}
	}
	raw, err := Raw(exr(img), &spec, 1, 0)
	if err != nil {
		t.Fatalf("the honest EXR: %v", err)
	}
	if err := Samples(raw, uint64(st.Samples)); err != nil {
		t.Errorf("the honest samples: %v", err)
	}
	den, err := denoise.Filter(ctx, raw)
	if err != nil {
		t.Fatal(err)
	}
	rnd := rand.New(rand.NewPCG(1, 2))
	if err := Denoised(ctx, raw, encode(den), proof.Config{}, rnd); err != nil {
		t.Errorf("the honest denoised image: %v", err)
	}
	if _, err := Render(ctx, f, &spec, 0, nil, raw.SRGB8(), raw.Samples, proof.Config{Pixels: 16}, rnd); err != nil {
		t.Errorf("the honest render: %v", err)
	}

	noNormal := *img
	noNormal.Normal = nil
	_, err = Raw(exr(&noNormal), &spec, 1, 0)
	dishonest("an EXR without the normal pass", err)
	if err == nil || !strings.Contains(err.Error(), "normal pass") {
		t.Errorf("the error does not name the missing pass: %v", err)
	}
	dishonest("a claim of more samples than taken", Samples(raw, uint64(st.Samples)+100))
	forged := slices.Clone(raw.Samples)
	for i := range forged {
		forged[i] = float32(spec.SPP)
	}
	_, err = Render(ctx, f, &spec, 0, nil, raw.SRGB8(), forged, proof.Config{Pixels: 16}, rnd)
	dishonest("sample counts claiming the cap everywhere", err)
	dishonest("the raw render sent as the denoised image", Denoised(ctx, raw, encode(raw), proof.Config{}, rnd))
}
