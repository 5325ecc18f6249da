package cpu

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/rendergrid/rendergrid/render"
	"github.com/rendergrid/rendergrid/scenes"
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

// reportCost renders f with s over the benchmark's loop and reports
// samples/s, the error of the last render against ref, and what a target
// error costs: error² × ns per sample.
func reportCost(b *testing.B, f *scenes.Frame, s render.Settings, ref *render.Image) {
	var secs float64
	var samples int64
	var img *render.Image
	for b.Loop() {
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
	b.ReportMetric(e, fmt.Sprintf("rmse@%dspp", s.SPP))
	b.ReportMetric(e*e*secs/float64(samples)*1e9, "cost(err²·ns/sample)")
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
				defer func(v bool) { independent = v }(independent)
				independent = mode.indep
				s.SPP, s.Seed = 16, 16*7919
				reportCost(b, f, s, ref)
			})
		}
	}
}

// intersect2 is the binary-BVH traversal the CPU engine used before the
// 4-wide one: BenchmarkTraversal's peer.
func intersect2(f *scenes.Frame, r *ray, tMax float32) hit {
	h := hit{t: tMax, tri: -1}
	nodes := f.BVH
	slab := func(n *scenes.BVHNode) (float32, bool) {
		tx1, tx2 := (n.Min.X-r.o.X)*r.inv.X, (n.Max.X-r.o.X)*r.inv.X
		tmin, tmax := min(tx1, tx2), max(tx1, tx2)
		ty1, ty2 := (n.Min.Y-r.o.Y)*r.inv.Y, (n.Max.Y-r.o.Y)*r.inv.Y
		tmin, tmax = max(tmin, min(ty1, ty2)), min(tmax, max(ty1, ty2))
		tz1, tz2 := (n.Min.Z-r.o.Z)*r.inv.Z, (n.Max.Z-r.o.Z)*r.inv.Z
		tmin, tmax = max(tmin, min(tz1, tz2)), min(tmax, max(tz1, tz2))
		return tmin, tmax >= max(tmin, 0) && tmin < h.t
	}
	var stack [scenes.BVHMaxDepth + 8]uint32
	sp, ni := 0, uint32(0)
	if _, ok := slab(&nodes[0]); !ok {
		return h
	}
	for {
		node := &nodes[ni]
		if node.Count > 0 {
			for i := node.LeftFirst; i < node.LeftFirst+node.Count; i++ {
				if t, u, v, ok := triHit(&f.Tris[i], r, h.t); ok {
					h = hit{t: t, u: u, v: v, tri: int32(i)}
				}
			}
		} else {
			near, far := node.LeftFirst, node.LeftFirst+1
			tn, hitN := slab(&nodes[near])
			tf, hitF := slab(&nodes[far])
			if hitN && hitF {
				if tf < tn {
					near, far = far, near
				}
				stack[sp] = far
				sp++
				ni = near
				continue
			}
			if hitN {
				ni = near
				continue
			}
			if hitF {
				ni = far
				continue
			}
		}
		if sp == 0 {
			return h
		}
		sp--
		ni = stack[sp]
	}
}

// soup is a frame of n random small triangles in a unit cube, with both
// BVHs: a stand-in for a dense production mesh.
func soup(n int) *scenes.Frame {
	r := rand.New(rand.NewPCG(3, 4))
	tris := make([]scenes.Triangle, n)
	bounds := make([]scenes.AABB, n)
	cents := make([]scenes.Vec3, n)
	for i := range tris {
		v0 := vec{X: r.Float32(), Y: r.Float32(), Z: r.Float32()}
		e := func() vec {
			return vec{X: (r.Float32() - 0.5) * 0.02, Y: (r.Float32() - 0.5) * 0.02, Z: (r.Float32() - 0.5) * 0.02}
		}
		tris[i] = scenes.Triangle{V0: v0, E1: e(), E2: e()}
		b := scenes.EmptyAABB().Extend(v0).Extend(v0.Add(tris[i].E1)).Extend(v0.Add(tris[i].E2))
		bounds[i], cents[i] = b, b.Center()
	}
	f := &scenes.Frame{}
	var order []uint32
	f.BVH, order = scenes.BuildBVH(bounds, cents)
	f.BVH4 = scenes.CollapseBVH4(f.BVH)
	f.Tris = make([]scenes.Triangle, n)
	for i, o := range order {
		f.Tris[i] = tris[o]
	}
	return f
}

// BenchmarkTraversal casts random rays through a 300k-triangle soup and
// the showcase with the 4-wide BVH (SIMD box tests when slabSIMD) and with
// its peer, the binary BVH the engine used before, and reports Mrays/s.
func BenchmarkTraversal(b *testing.B) {
	frames := map[string]*scenes.Frame{"soup300k": soup(300_000), "showcase": mustFrame(b, mustSample(b, "showcase"), 12)}
	for _, name := range []string{"soup300k", "showcase"} {
		f := frames[name]
		r := rand.New(rand.NewPCG(9, 9))
		rays := make([]ray, 4096)
		c := f.BVH[0].Min.Add(f.BVH[0].Max).Scale(0.5)
		for i := range rays {
			d := vec{X: r.Float32()*2 - 1, Y: r.Float32()*2 - 1, Z: r.Float32()*2 - 1}.Normalize()
			o := c.Sub(d.Scale(2 * f.BVH[0].Max.Sub(f.BVH[0].Min).Length()))
			o = o.Add(vec{X: r.Float32() - 0.5, Y: r.Float32() - 0.5, Z: r.Float32() - 0.5}.Scale(0.3 * f.BVH[0].Max.Sub(f.BVH[0].Min).Length()))
			rays[i] = newRay(o, d)
		}
		for _, m := range []struct {
			name string
			fn   func(*scenes.Frame, *ray, float32) hit
		}{{"bvh2", intersect2}, {fmt.Sprintf("bvh4-simd=%v", slabSIMD), intersect}} {
			b.Run(name+"/"+m.name, func(b *testing.B) {
				n := 0
				for b.Loop() {
					for i := range rays {
						m.fn(f, &rays[i], float32(math.Inf(1)))
					}
					n += len(rays)
				}
				b.ReportMetric(float64(n)/b.Elapsed().Seconds()/1e6, "Mrays/s")
			})
		}
	}
}
