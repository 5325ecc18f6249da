package gputest

import (
	"context"
	"testing"

	"github.com/rendergrid/rendergrid/render"
	"github.com/rendergrid/rendergrid/render/cpu"
)

// TestTexturesShow: the textured frame really looks different, so the
// cross-check compares the texture paths and not a no-op.
func TestTexturesShow(t *testing.T) {
	s := render.Settings{Width: 32, Height: 32, SPP: 4, MaxBounces: 3}
	a, _, err := cpu.New().Render(context.Background(), Frame(t, "cornell", 1), s, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, _, err := cpu.New().Render(context.Background(), Textured(t), s, nil)
	if err != nil {
		t.Fatal(err)
	}
	if within, _ := Compare(a, b); within > 0.5 {
		t.Fatalf("%.0f%% of pixels unchanged by the textures", 100*within)
	}
}
