package vulkan

import (
	"context"
	"fmt"
	"testing"

	"github.com/rendergrid/rendergrid/render/upscale"
	"github.com/rendergrid/rendergrid/render/upscale/upscaletest"
)

// TestUpscalerGolden reproduces every shipped model's published output
// within 1/255 on Vulkan (lavapipe in CI), with the validation layer on.
func TestUpscalerGolden(t *testing.T) {
	var open []*Upscaler
	t.Cleanup(func() {
		for _, u := range open {
			if n, first := u.Messages(); n > 0 {
				t.Errorf("the validation layer reported %d messages; the first: %s", n, first)
			}
			u.Close()
		}
	})
	upscaletest.Golden(t, func(m *upscale.Model) upscale.Runner {
		u, err := NewUpscaler(-1, true, m)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("on %s", u.Device())
		open = append(open, u)
		return u.Run
	})
}

// onnxruntimeMS are onnxruntime's measured times for this network on a
// CPU of this class (the figures): the named peer.
var onnxruntimeMS = map[int]string{128: "48-95 ms", 256: "170-340 ms"}

// BenchmarkUpscale times the default 2x model at 128² and 256² inputs,
// whole image as one tile, with every pure-Go kernel this machine has
// (AVX-512, AVX2, plain Go) and on Vulkan (the best device: lavapipe
// here, the GPU on a GPU machine), each printed beside onnxruntime's
// figures.
func BenchmarkUpscale(b *testing.B) {
	m, err := upscale.Load(upscaletest.Models(b)[0].Dir)
	if err != nil {
		b.Fatal(err)
	}
	u, err := NewUpscaler(-1, false, m)
	if err != nil {
		b.Fatal(err)
	}
	defer u.Close()
	type engine struct {
		name, device string
		kernel       string // pure-Go kernel, or "" for Vulkan
		run          upscale.Runner
	}
	var engines []engine
	for _, k := range upscale.Kernels() {
		engines = append(engines, engine{"purego-" + k, "", k, m.Run})
	}
	engines = append(engines, engine{"vulkan", u.Device(), "", u.Run})
	for _, side := range []int{128, 256} {
		img := upscaletest.Noise(side)
		for _, e := range engines {
			b.Run(fmt.Sprintf("%d-to-%d/%s", side, 2*side, e.name), func(b *testing.B) {
				if e.kernel != "" {
					prev, _ := upscale.UseKernel(e.kernel)
					defer upscale.UseKernel(prev)
					e.device = upscale.Kernel()
				}
				// One run first: buffers and (on Vulkan) device tensors for the size.
				if _, err := upscale.Upscale(context.Background(), m, img, side, e.run, nil); err != nil {
					b.Fatal(err)
				}
				for b.Loop() {
					if _, err := upscale.Upscale(context.Background(), m, img, side, e.run, nil); err != nil {
						b.Fatal(err)
					}
				}
				ms := float64(b.Elapsed().Microseconds()) / 1000 / float64(b.N)
				b.ReportMetric(ms, "ms/image")
				b.ReportMetric(float64(m.MACs)*float64(side*side)/ms/1e6, "GMAC/s")
				b.Logf("%d² -> %d² on %s: %.1f ms; onnxruntime on CPU: %s", side, 2*side, e.device, ms, onnxruntimeMS[side])
			})
		}
	}
}
