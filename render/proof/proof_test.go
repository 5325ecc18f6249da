package proof

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/png"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/rendergrid/rendergrid/render"
	"github.com/rendergrid/rendergrid/render/cpu"
	"github.com/rendergrid/rendergrid/render/gpu/gputest"
	"github.com/rendergrid/rendergrid/scenes"
)

func frame(t testing.TB, scene string, n int) *scenes.Frame { return gputest.Frame(t, scene, n) }

// renderPNG renders s of f with the reference engine and encodes it as
// the worker does.
func renderPNG(t testing.TB, f *scenes.Frame, s render.Settings) []byte {
	t.Helper()
	img, _, err := cpu.New().Render(context.Background(), f, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := img.WritePNG(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// Lies a worker might tell, each a PNG for s of frame n.
var lies = map[string]func(t testing.TB, scene string, n int, s render.Settings, rnd *rand.Rand) []byte{
	"noise": func(t testing.TB, _ string, _ int, s render.Settings, rnd *rand.Rand) []byte {
		r := s.Bounds()
		img := image.NewNRGBA(image.Rect(0, 0, r.Dx(), r.Dy()))
		for i := range img.Pix {
			img.Pix[i] = byte(rnd.UintN(256))
			if i%4 == 3 {
				img.Pix[i] = 255
			}
		}
		var b bytes.Buffer
		png.Encode(&b, img)
		return b.Bytes()
	},
	"lower spp": func(t testing.TB, scene string, n int, s render.Settings, _ *rand.Rand) []byte {
		s.SPP = max(1, s.SPP/4)
		return renderPNG(t, frame(t, scene, n), s)
	},
	"another frame": func(t testing.TB, scene string, n int, s render.Settings, _ *rand.Rand) []byte {
		return renderPNG(t, frame(t, scene, n+1), s)
	},
	"flat fill": func(t testing.TB, _ string, _ int, s render.Settings, _ *rand.Rand) []byte {
		r := s.Bounds()
		img := image.NewNRGBA(image.Rect(0, 0, r.Dx(), r.Dy()))
		for i := range img.Pix {
			img.Pix[i] = []byte{90, 80, 70, 255}[i%4]
		}
		var b bytes.Buffer
		png.Encode(&b, img)
		return b.Bytes()
	},
}

func TestHonestRendersPassAndLiesFail(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		name  string
		scene string
		n     int
		s     render.Settings
	}{
		{"cornell", "cornell", 1, render.Settings{Width: 48, Height: 36, SPP: 16, MaxBounces: 4, Seed: 3}},
		{"anim", "anim", 5, render.Settings{Width: 48, Height: 27, SPP: 16, MaxBounces: 4}},
		{"anim tile", "anim", 5, render.Settings{Width: 48, Height: 27, SPP: 16, MaxBounces: 4, Region: render.Region{X0: 24, Y0: 0, X1: 48, Y1: 14}}},
	} {
		r := c.s.Bounds()
		t.Run(c.name, func(t *testing.T) {
			f := frame(t, c.scene, c.n)
			rnd := rand.New(rand.NewPCG(1, 2))
			img, err := Decode(renderPNG(t, f, c.s), r.Dx(), r.Dy())
			if err != nil {
				t.Fatal(err)
			}
			rep, err := Check(ctx, f, c.s, img, nil, Config{}, rnd)
			if err != nil {
				t.Fatalf("honest render rejected: %v", err)
			}
			if rep.Checked == 0 || rep.Mismatched != 0 || rep.Worst != 0 {
				t.Fatalf("honest CPU render: %+v; want every checked pixel exact", rep)
			}
			for lie, make := range lies {
				img, err := Decode(make(t, c.scene, c.n, c.s, rnd), r.Dx(), r.Dy())
				if err != nil {
					t.Fatal(err)
				}
				rep, err := Check(ctx, f, c.s, img, nil, Config{}, rnd)
				if !errors.Is(err, ErrDishonest) {
					t.Errorf("%s passed: %+v", lie, rep)
				}
			}
		})
	}
}

func TestDecodeSanity(t *testing.T) {
	f := frame(t, "cornell", 1)
	s := render.Settings{Width: 16, Height: 8, SPP: 2, MaxBounces: 2}
	good := renderPNG(t, f, s)
	for _, c := range []struct {
		name string
		data []byte
		w, h int
		want string
	}{
		{"not a png", []byte("GIF89a..."), 16, 8, "not a PNG"},
		{"wrong size", good, 16, 9, "output is 16x8, the frame is 16x9"},
		{"truncated", good[:len(good)/2], 16, 8, "does not decode"},
	} {
		_, err := Decode(c.data, c.w, c.h)
		if !errors.Is(err, ErrDishonest) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
	if _, err := Decode(good, 16, 8); err != nil {
		t.Fatal(err)
	}
}

func TestCompare(t *testing.T) {
	s := render.Settings{Width: 32, Height: 24, SPP: 8, MaxBounces: 3}
	a, _ := Decode(renderPNG(t, frame(t, "cornell", 1), s), 32, 24)
	b, _ := Decode(renderPNG(t, frame(t, "cornell", 1), s), 32, 24)
	if err := Compare(a, b, Config{}); err != nil {
		t.Fatalf("two honest renders differ: %v", err)
	}
	s.SPP = 2
	c, _ := Decode(renderPNG(t, frame(t, "cornell", 1), s), 32, 24)
	if err := Compare(a, c, Config{}); !errors.Is(err, ErrDishonest) {
		t.Fatalf("a 2-spp render matches an 8-spp one: %v", err)
	}
}
