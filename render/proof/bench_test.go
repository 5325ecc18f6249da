package proof

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/rendergrid/rendergrid/render"
)

// BenchmarkDetection measures the sample check's detection rate over
// 1,000 lying frames of each kind (50 frames of the animated sample, 20
// independent checks each) and its false-alarm rate over 1,000 honest
// ones. Run it once: go test -bench Detection -benchtime 1x.
func BenchmarkDetection(b *testing.B) {
	const frames, draws = 50, 20
	s := render.Settings{Width: 64, Height: 36, SPP: 16, MaxBounces: 4}
	ctx := context.Background()
	kinds := []string{"honest"}
	for k := range lies {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds[1:])
	for b.Loop() {
		rnd := rand.New(rand.NewPCG(7, 11))
		for _, kind := range kinds {
			caught, checked, start := 0, 0, time.Now()
			for n := 1; n <= frames; n++ {
				f := frame(b, "anim", n)
				var data []byte
				if kind == "honest" {
					data = renderPNG(b, f, s)
				} else {
					data = lies[kind](b, "anim", n, s, rnd)
				}
				img, err := Decode(data, s.Width, s.Height)
				if err != nil {
					b.Fatal(err)
				}
				for range draws {
					rep, err := Check(ctx, f, s, img, nil, Config{}, rnd)
					checked += rep.Checked
					if err != nil {
						caught++
					}
				}
			}
			name := "caught-%"
			if kind == "honest" {
				name = "false-alarm-%"
			}
			pct := 100 * float64(caught) / (frames * draws)
			b.ReportMetric(pct, strings.ReplaceAll(kind, " ", "-")+"-"+name)
			fmt.Printf("detection %-14s %4d of %d frames flagged (%.1f%%), %.1f pixels checked per frame, %s\n",
				kind, caught, frames*draws, pct, float64(checked)/(frames*draws), time.Since(start).Round(time.Millisecond))
		}
	}
}

// BenchmarkOverhead compares the sample check's time with the render it
// checks, on each sample scene at the demo's settings (320x180, 16 spp).
func BenchmarkOverhead(b *testing.B) {
	s := render.Settings{Width: 320, Height: 180, SPP: 16, MaxBounces: 8}
	for _, scene := range []string{"anim", "cornell"} {
		b.Run(scene, func(b *testing.B) {
			f := frame(b, scene, 1)
			ctx := context.Background()
			start := time.Now()
			data := renderPNG(b, f, s)
			renderT := time.Since(start)
			img, err := Decode(data, s.Width, s.Height)
			if err != nil {
				b.Fatal(err)
			}
			rnd := rand.New(rand.NewPCG(1, 1))
			var check time.Duration
			for b.Loop() {
				t0 := time.Now()
				if _, err := Decode(data, s.Width, s.Height); err != nil {
					b.Fatal(err)
				}
				if _, err := Check(ctx, f, s, img, nil, Config{}, rnd); err != nil {
					b.Fatal(err)
				}
				check += time.Since(t0)
			}
			per := check / time.Duration(b.N)
			b.ReportMetric(100*per.Seconds()/renderT.Seconds(), "overhead-%")
			fmt.Printf("overhead %-8s render %v (%d threads), decode+check %v: %.2f%%\n",
				scene, renderT.Round(time.Millisecond), runtime.GOMAXPROCS(0), per.Round(time.Microsecond), 100*per.Seconds()/renderT.Seconds())
		})
	}
}
