package upscale_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/rendergrid/rendergrid/render/upscale"
	"github.com/rendergrid/rendergrid/render/upscale/upscaletest"
)

// onnxruntime's measured times for the same network on a CPU of this
// class (the figures): the peer the benchmarks print beside.
var onnxruntimeMS = map[int]string{128: "48-95 ms", 256: "170-340 ms"}

// BenchmarkUpscale times the default model (2x) in pure Go, whole image
// in one tile, at 128² and 256² inputs.
func BenchmarkUpscale(b *testing.B) {
	m, err := upscale.Load(upscaletest.Models(b)[0].Dir)
	if err != nil {
		b.Fatal(err)
	}
	for _, side := range []int{128, 256} {
		b.Run(fmt.Sprintf("%d-to-%d/%s", side, 2*side, "purego"), func(b *testing.B) {
			img := upscaletest.Noise(side)
			for b.Loop() {
				if _, err := upscale.Upscale(context.Background(), m, img, side, m.Run, nil); err != nil {
					b.Fatal(err)
				}
			}
			ms := float64(b.Elapsed().Milliseconds()) / float64(b.N)
			b.ReportMetric(ms, "ms/image")
			b.ReportMetric(float64(m.MACs)*float64(side*side)/ms/1e6, "GMAC/s")
			b.Logf("%d² -> %d² pure Go (%s): %.0f ms; onnxruntime on CPU: %s", side, 2*side, upscale.Kernel, ms, onnxruntimeMS[side])
		})
	}
}
