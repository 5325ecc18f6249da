package cpu

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/rendergrid/rendergrid/render"
	"github.com/rendergrid/rendergrid/scenes/scenestest"
)

// TestLightTreePicks checks the light tree's two walks against each other
// on 100 lamps (200 triangles): from random points, the probabilities of picking each
// emitter (lightPick) sum to one, and 200,000 picks (pickEmitter) land on
// each in that proportion and report that probability.
func TestLightTreePicks(t *testing.T) {
	f := mustFrame(t, scenestest.Lamps(10), 0)
	if len(f.Emitters) != 200 || len(f.LightTree) < 3 {
		t.Fatalf("%d emitters in a tree of %d nodes; want 200 triangles", len(f.Emitters), len(f.LightTree))
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 5 {
		p := vec{X: r.Float32()*10 - 5, Y: r.Float32()*10 - 5, Z: r.Float32() * 0.3}
		var sum float64
		want := map[uint32]float64{}
		for _, tri := range f.Emitters {
			pr := float64(lightPick(f, int32(tri), p))
			want[tri] = pr
			sum += pr
		}
		if math.Abs(sum-1) > 1e-4 {
			t.Fatalf("from %v the pick probabilities sum to %v", p, sum)
		}
		const n = 200_000
		got := map[uint32]int{}
		for i := range n {
			tri, pr := pickEmitter(f, p, (float32(i)+0.5)/n)
			got[tri]++
			if math.Abs(float64(pr)-want[tri]) > 1e-4*want[tri]+1e-7 {
				t.Fatalf("from %v emitter %d picked with probability %v; lightPick says %v", p, tri, pr, want[tri])
			}
		}
		for tri, w := range want {
			if f := float64(got[tri]) / n; math.Abs(f-w) > 2e-3 {
				t.Fatalf("from %v emitter %d picked %.4f of the time; its probability is %.4f", p, tri, f, w)
			}
		}
	}
}

// TestLightTreeLowersError renders the floor under 100 lamps at 16 spp
// with the light tree and with picks by power alone (the selection before
// it), against a 512-spp render: the tree must cut the error by half.
func TestLightTreeLowersError(t *testing.T) {
	f := mustFrame(t, scenestest.Lamps(10), 0)
	s := render.Settings{Width: 64, Height: 64, MaxBounces: 2, Seed: 3}
	ref := renderWith(t, f, s, 512, false)
	errs := map[bool]float64{}
	for _, byPower := range []bool{false, true} {
		lightByPower = byPower
		errs[byPower] = rmse(renderWith(t, f, s, 16, false), ref)
	}
	lightByPower = false
	t.Logf("RMSE at 16 spp: light tree %.4f, by power %.4f", errs[false], errs[true])
	if !(errs[false] < errs[true]/2) {
		t.Errorf("the light tree's error %.4f is not half that of picking by power (%.4f)", errs[false], errs[true])
	}
}

// BenchmarkLights renders the floor under n×n lamps at 16 spp with the
// light tree and with its peer, picks by power alone (the selection before
// it), and reports samples/s, the error against a 512-spp render and the
// cost of a target error (error² × ns per sample).
func BenchmarkLights(b *testing.B) {
	for _, n := range []int{4, 16} {
		f := mustFrame(b, scenestest.Lamps(n), 0)
		s := render.Settings{Width: 64, Height: 64, MaxBounces: 4, Seed: 3}
		ref := renderWith(b, f, s, 512, false)
		for _, byPower := range []bool{false, true} {
			name := fmt.Sprintf("lamps%d/tree", n*n)
			if byPower {
				name = fmt.Sprintf("lamps%d/power", n*n)
			}
			b.Run(name, func(b *testing.B) {
				defer func() { lightByPower = false }()
				lightByPower = byPower
				s.SPP = 16
				reportCost(b, f, s, ref)
			})
		}
	}
}
