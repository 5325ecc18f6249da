package verify

import (
	"bytes"
	"context"
	"errors"
	"image/png"
	"math/rand/v2"
	"testing"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/job"
	"github.com/rendergrid/rendergrid/render/cpu"
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
			_, err = Render(context.Background(), f, &spec, 1, nil, img, proof.Config{Pixels: 64}, rand.New(rand.NewPCG(1, 2)))
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
