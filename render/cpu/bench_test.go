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

// BenchmarkSampler renders each sample scene at 16 spp with the Sobol
// sampler and with independent numbers (its peer, the sampler before it)
// and reports samples/s and the error against a 1024-spp render, so the
// two can be compared at equal quality: error² × time per sample is what
// a target error costs.
func BenchmarkSampler(b *testing.B) {
	env := skyEnv(b)
	for _, name := range []string{"cornell", "anim", "showcase"} {
		f := mustFrame(b, mustSample(b, name), 12)
		s := render.Settings{Width: 64, Height: 64, MaxBounces: render.DefaultBounce}
		if name == "showcase" {
			s.Env = env
		}
		ref := renderWith(b, f, s, 1024, false)
		for _, mode := range []struct {
			name  string
			indep bool
		}{{"independent", true}, {"sobol", false}} {
			b.Run(name+"/"+mode.name, func(b *testing.B) {
				var secs float64
				var samples int64
				var img *render.Image
				defer func(v bool) { independent = v }(independent)
				independent = mode.indep
				for b.Loop() {
					s.SPP, s.Seed = 16, 16*7919
					var st render.Stats
					var err error
					img, st, err = New().Render(context.Background(), f, s, nil)
					if err != nil {
						b.Fatal(err)
					}
					secs += st.Duration.Seconds()
					samples += st.Samples
				}
				e := rmse(img, ref)
				b.ReportMetric(float64(samples)/secs, "samples/s")
				b.ReportMetric(e, "rmse@16spp")
				b.ReportMetric(e*e*secs/float64(samples)*1e9, "cost(err²·ns/sample)")
			})
		}
	}
}
