package denoise_test

import (
	"context"
	"math"
	"runtime"
	"strings"
	"testing"

	"github.com/rendergrid/rendergrid/render"
	"github.com/rendergrid/rendergrid/render/cpu"
	"github.com/rendergrid/rendergrid/render/denoise"
	"github.com/rendergrid/rendergrid/scenes"
)

func renderSample(t testing.TB, name string, s render.Settings) *render.Image {
	t.Helper()
	sc, err := scenes.LoadSample(name)
	if err != nil {
		t.Fatal(err)
	}
	f, err := sc.Frame(scenes.FrameOptions{Frame: 12})
	if err != nil {
		t.Fatal(err)
	}
	img, _, err := cpu.New().Render(context.Background(), f, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// rmse is the root mean square difference of a and b as displayed: sRGB,
// clipped to [0, 1]. (In linear light the error is that of the light's
// anti-aliased edge, which is direct emission and not denoised.)
func rmse(a, b *render.Image) float64 {
	var s float64
	for i := range a.Pix {
		d := float64(render.LinearToSRGB(a.Pix[i]) - render.LinearToSRGB(b.Pix[i]))
		s += d * d
	}
	return math.Sqrt(s / float64(len(a.Pix)))
}

// TestFilterLowersError denoises a 16-spp Cornell box and compares it and
// the raw render with a 1024-spp render of other seeds: the filter must
// lower the displayed error by a sixth and raise the SSIM by 0.01 (it
// measured 0.0209 -> 0.0157 and 0.955 -> 0.981; an identity filter
// changes neither).
func TestFilterLowersError(t *testing.T) {
	base := render.Settings{Width: 96, Height: 54, MaxBounces: 8, Seed: 7, Passes: true}
	ref := base
	ref.SPP, ref.Seed = 1024, 99
	if testing.Short() {
		ref.SPP = 256
	}
	r := renderSample(t, "cornell", ref)
	s := base
	s.SPP = 16
	raw := renderSample(t, "cornell", s)
	d, err := denoise.Filter(context.Background(), raw)
	if err != nil {
		t.Fatal(err)
	}
	er, ed := rmse(raw, r), rmse(d, r)
	sr, sd := render.SSIM(raw, r), render.SSIM(d, r)
	t.Logf("16 spp: RMSE raw %.4f, denoised %.4f; SSIM raw %.4f, denoised %.4f", er, ed, sr, sd)
	if !(ed < er*5/6) || !(sd > sr+0.01) {
		t.Errorf("denoising 16 spp: RMSE %.4f -> %.4f, SSIM %.4f -> %.4f; want the error down by a sixth and the SSIM up by 0.01", er, ed, sr, sd)
	}
	if &d.Pix[0] == &raw.Pix[0] || d.Albedo == nil || d.Width != raw.Width {
		t.Error("Filter must return a new beauty beside the same passes")
	}
}

// TestFilterDeterministic runs the filter on one core and on all of them:
// the outputs must be the same bits.
func TestFilterDeterministic(t *testing.T) {
	s := render.Settings{Width: 64, Height: 36, MaxBounces: 4, SPP: 4, Seed: 3, Passes: true}
	img := renderSample(t, "cornell", s)
	a, err := denoise.Filter(context.Background(), img)
	if err != nil {
		t.Fatal(err)
	}
	prev := runtime.GOMAXPROCS(1)
	b, err := denoise.Filter(context.Background(), img)
	runtime.GOMAXPROCS(prev)
	if err != nil {
		t.Fatal(err)
	}
	for i := range a.Pix {
		if math.Float32bits(a.Pix[i]) != math.Float32bits(b.Pix[i]) {
			t.Fatalf("value %d: %v on %d cores, %v on one", i, a.Pix[i], prev, b.Pix[i])
		}
	}
}

// TestCheckNamesMissingPass removes each pass in turn: the error names it.
func TestCheckNamesMissingPass(t *testing.T) {
	s := render.Settings{Width: 8, Height: 8, MaxBounces: 1, SPP: 2, Passes: true}
	full := renderSample(t, "cornell", s)
	if err := denoise.Check(full); err != nil {
		t.Fatalf("a render with passes: %v", err)
	}
	for _, name := range render.PassNames {
		t.Run(name, func(t *testing.T) {
			img := *full
			switch name {
			case render.PassAlbedo:
				img.Albedo = nil
			case render.PassNormal:
				img.Normal = nil
			case render.PassDepth:
				img.Depth = nil
			case render.PassEmission:
				img.Emission = nil
			case render.PassVariance:
				img.Variance = img.Variance[:3]
			}
			_, err := denoise.Filter(context.Background(), &img)
			if err == nil || !strings.Contains(err.Error(), name+" pass") {
				t.Errorf("without the %s pass: %v; want an error naming it", name, err)
			}
		})
	}
}

// TestAtMatchesFilter computes pixels from their windows alone, as the
// verifier does: they must be Filter's bits, at the corners and inside.
func TestAtMatchesFilter(t *testing.T) {
	s := render.Settings{Width: 200, Height: 160, MaxBounces: 4, SPP: 4, Seed: 3, Passes: true}
	img := renderSample(t, "cornell", s)
	full, err := denoise.Filter(context.Background(), img)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range [][2]int{{0, 0}, {199, 159}, {100, 80}, {70, 30}, {150, 140}} {
		got, err := denoise.At(context.Background(), img, p[0], p[1])
		if err != nil {
			t.Fatal(err)
		}
		k := 3 * (p[1]*s.Width + p[0])
		for c := range 3 {
			if math.Float32bits(got[c]) != math.Float32bits(full.Pix[k+c]) {
				t.Fatalf("pixel %v from its window: %v; from the whole image: %v", p, got, full.Pix[k:k+3])
			}
		}
	}
}
