package cpu

import (
	"context"
	"testing"

	"github.com/rendergrid/rendergrid/render"
)

// BenchmarkRender renders each sample scene at 128×128, 16 spp and reports
// Mrays/s and samples/s. `rendergrid bench` puts Blender Cycles beside it.
func BenchmarkRender(b *testing.B) {
	for _, name := range []string{"cornell", "anim"} {
		b.Run(name, func(b *testing.B) {
			f := mustFrame(b, mustSample(b, name), 12)
			s := render.Settings{Width: 128, Height: 128, SPP: 16, MaxBounces: render.DefaultBounce}
			var rays, samples int64
			var secs float64
			for b.Loop() {
				_, st, err := New().Render(context.Background(), f, s, nil)
				if err != nil {
					b.Fatal(err)
				}
				rays += st.Rays
				samples += st.Samples
				secs += st.Duration.Seconds()
			}
			b.ReportMetric(float64(rays)/secs/1e6, "Mrays/s")
			b.ReportMetric(float64(samples)/secs, "samples/s")
		})
	}
}
