package vulkan

import (
	"context"
	"testing"

	"github.com/rendergrid/rendergrid/render"
	"github.com/rendergrid/rendergrid/render/cpu"
	"github.com/rendergrid/rendergrid/scenes"
)

func TestSmoke(t *testing.T) {
	devs, err := Devices()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", devs)
	sc, _ := scenes.LoadSample("cornell")
	f, _ := sc.Frame(scenes.FrameOptions{Frame: 1})
	s := render.Settings{Width: 64, Height: 64, SPP: 16, MaxBounces: 8}
	e := &Engine{Best: true, Validation: true}
	defer e.Close()
	img, st, err := e.Render(context.Background(), f, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	ref, _, _ := cpu.New().Render(context.Background(), f, s, nil)
	a, b := img.SRGB8(), ref.SRGB8()
	within, sum := 0, 0.0
	for i := 0; i < 64*64; i++ {
		d := 0
		for c := 0; c < 3; c++ {
			x := int(a.Pix[4*i+c]) - int(b.Pix[4*i+c])
			if x < 0 {
				x = -x
			}
			d = max(d, x)
			sum += float64(x)
		}
		if d <= 1 {
			within++
		}
	}
	n, first := e.Messages()
	t.Logf("stats %+v; within 1/255: %d/%d; mean diff %.3f; validation %d %s", st, within, 64*64, sum/(3*64*64), n, first)
}
