package cpu

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/rendergrid/rendergrid/render"
	"github.com/rendergrid/rendergrid/scenes"
)

// testEnv is a w×h map that is dim everywhere but for one bright texel.
func testEnv(t *testing.T, w, h, bx, by int, rotation float64) *scenes.Environment {
	t.Helper()
	pix := make([]float32, 3*w*h)
	for i := range pix {
		pix[i] = 0.01
	}
	k := 3 * (by*w + bx)
	pix[k], pix[k+1], pix[k+2] = 1000, 500, 250
	e, err := scenes.NewEnvironment("test", w, h, pix, 1, rotation)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// TestEnvMappingIsBlenders checks the mapping against Blender's
// Environment Texture after the glTF importer's axis change, at points
// worked out by hand: the image centre is glTF +X, a quarter to the left
// (u = 0.25) is Blender +Y = glTF -Z, the top row is straight up; a Mapping
// rotation of +90° about Z brings what was at glTF -Z to +X.
func TestEnvMappingIsBlenders(t *testing.T) {
	e := testEnv(t, 64, 32, 0, 0, 0)
	for _, tc := range []struct {
		name string
		d    vec
		u, v float32
	}{
		{"+X is the centre", vec{X: 1}, 0.5, 0.5},
		{"-Z (Blender +Y) is u 0.25", vec{Z: -1}, 0.25, 0.5},
		{"+Z (Blender -Y) is u 0.75", vec{Z: 1}, 0.75, 0.5},
		{"up is the top row", vec{Y: 1}, -1, 0},
		{"45° up over +X", vec{X: 1, Y: 1}.Normalize(), 0.5, 0.25},
	} {
		u, v := envUV(e, tc.d)
		if (tc.u >= 0 && abs32(u-tc.u) > 1e-6) || abs32(v-tc.v) > 1e-6 {
			t.Errorf("%s: (u, t) = (%v, %v), want (%v, %v)", tc.name, u, v, tc.u, tc.v)
		}
	}
	rot := testEnv(t, 64, 32, 0, 0, 90)
	if u, v := envUV(rot, vec{X: 1}); abs32(u-0.25) > 1e-6 || abs32(v-0.5) > 1e-6 {
		t.Errorf("rotated 90°: +X maps to (%v, %v), want (0.25, 0.5), where -Z was", u, v)
	}
	// envDir inverts envUV.
	r := rand.New(rand.NewPCG(1, 1))
	for range 1000 {
		u, v := r.Float32(), 0.01+0.98*r.Float32()
		d, _ := envDir(rot, u, v)
		u2, v2 := envUV(rot, d)
		if du := math.Abs(math.Remainder(float64(u2-u), 1)); du > 1e-4 || abs32(v2-v) > 1e-4 {
			t.Fatalf("envUV(envDir(%v, %v)) = (%v, %v)", u, v, u2, v2)
		}
	}
}

// TestEnvSamplingPdf: envSample's directions follow envPdf (a histogram
// over the map's texels matches the pdf integrated over each), and the pdf
// integrates to 1 over the sphere.
func TestEnvSamplingPdf(t *testing.T) {
	e := testEnv(t, 16, 8, 5, 2, 30)
	r := rand.New(rand.NewPCG(2, 3))
	var integral float64
	const n = 400000
	for range n {
		z := 2*r.Float64() - 1
		phi := 2 * math.Pi * r.Float64()
		s := math.Sqrt(1 - z*z)
		integral += float64(envPdf(e, vec{X: float32(s * math.Cos(phi)), Y: float32(z), Z: float32(s * math.Sin(phi))})) * 4 * math.Pi
	}
	if integral /= n; math.Abs(integral-1) > 0.02 {
		t.Errorf("the pdf integrates to %.4f over the sphere", integral)
	}
	hist := make([]float64, e.Width*e.Height)
	for range n {
		d, pdf := envSample(e, r.Float32(), r.Float32())
		if pdf <= 0 {
			continue
		}
		if p := envPdf(e, d); math.Abs(float64(p-pdf)) > 1e-3*float64(pdf) {
			t.Fatalf("envSample's pdf %v, envPdf of its direction %v", pdf, p)
		}
		u, v := envUV(e, d)
		x, y := min(int(u*float32(e.Width)), e.Width-1), min(int(v*float32(e.Height)), e.Height-1)
		hist[y*e.Width+x]++
	}
	// The bright texel's row and column get what the distribution gives them.
	want := float64(e.Pdf[2*e.Width+5]) / float64(e.Width*e.Height)
	if got := hist[2*e.Width+5] / n; math.Abs(got-want) > 0.01 {
		t.Errorf("the bright texel got %.4f of the samples, its probability is %.4f", got, want)
	}
}

// TestUniformSkyOnFloor: a Lambertian floor under a uniform sky of
// radiance L (nothing else in the scene) reflects albedo × L; with the
// environment importance-sampled and MIS against the BSDF the estimate
// stays unbiased.
func TestUniformSkyOnFloor(t *testing.T) {
	const albedo, sky = 0.6, 2.0
	f := mustFrame(t, floorScene(albedo, 50), 0)
	for _, tc := range []struct {
		name string
		s    render.Settings
	}{
		{"background colour", render.Settings{Background: scenes.Vec3{X: sky, Y: sky, Z: sky}}},
		{"constant map, strength 4", render.Settings{Env: func() *scenes.Environment {
			pix := make([]float32, 3*8*4)
			for i := range pix {
				pix[i] = sky / 4
			}
			e, _ := scenes.NewEnvironment("grey", 8, 4, pix, 4, 33)
			return e
		}()}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.s
			s.Width, s.Height, s.SPP, s.MaxBounces = 9, 9, 4096, 1
			s.Region = render.Region{X0: 4, Y0: 4, X1: 5, Y1: 5}
			img, _ := mustRender(t, New(), f, s)
			if got := float64(img.At(0, 0)[0]); math.Abs(got-albedo*sky) > 0.01*albedo*sky {
				t.Errorf("floor = %.4f, want albedo × sky = %.4f", got, albedo*sky)
			}
		})
	}
}

// TestSunInEnvMap: a map that is black but for one small bright patch
// lights a floor like a distant light from that patch's direction: the
// irradiance is the patch's radiance × its solid angle × cosθ. Only
// importance sampling the map finds so small a source reliably.
func TestSunInEnvMap(t *testing.T) {
	const w, h, le, albedo = 256, 128, 5000.0, 0.5
	pix := make([]float32, 3*w*h)
	// The patch: 2×2 texels around 30° elevation, over glTF +X.
	y0 := h * 2 / 6 // about 30° up
	var omega float64
	for y := y0; y < y0+2; y++ {
		for x := w/2 - 1; x < w/2+1; x++ {
			k := 3 * (y*w + x)
			pix[k], pix[k+1], pix[k+2] = le, le, le
			el := math.Pi * (0.5 - (float64(y)+0.5)/h)
			omega += (2 * math.Pi / w) * (math.Pi / h) * math.Cos(el)
		}
	}
	e, err := scenes.NewEnvironment("sun", w, h, pix, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	f := mustFrame(t, floorScene(albedo, 50), 0)
	s := render.Settings{Width: 9, Height: 9, SPP: 16384, MaxBounces: 1, Env: e, Region: render.Region{X0: 4, Y0: 4, X1: 5, Y1: 5}}
	img, _ := mustRender(t, New(), f, s)
	// Quadrature of the filtered radiance × cosθ over the patch's
	// neighbourhood, in (u, t) with the Jacobian 2π² cos(elevation).
	var irr float64
	const sub = 16
	for y := (y0 - 2) * sub; y < (y0+4)*sub; y++ {
		for x := (w/2 - 3) * sub; x < (w/2+3)*sub; x++ {
			u, tt := (float32(x)+0.5)/(w*sub), (float32(y)+0.5)/(h*sub)
			d, ce := envDir(e, u, tt)
			if d.Y > 0 {
				irr += float64(envRadiance(e, d).X) * float64(d.Y) * 2 * math.Pi * math.Pi * float64(ce) / (w * sub * h * sub)
			}
		}
	}
	if irr < 0.9*le*omega*0.4 {
		t.Fatalf("quadrature %v is off", irr)
	}
	want := albedo / math.Pi * irr
	if got := float64(img.At(0, 0)[0]); math.Abs(got-want) > 0.03*want {
		t.Errorf("floor under a sun patch = %.3f, want %.3f", got, want)
	}
}

// TestGlassFurnace: a sphere of clear glass (with a volume: it refracts in
// and out) and one of thin-walled glass, in a uniform white sky, can only
// lose energy (rough microfacet single scattering) and must lose little
// when smooth: within the spec's model, 0.9 ≤ pixel ≤ 1.
func TestGlassFurnace(t *testing.T) {
	for _, tc := range []struct {
		name      string
		thickness float32
		rough     float32
		min       float64
	}{
		{"smooth glass volume", 1, 0, 0.97},
		{"rough 0.3 glass volume", 1, 0.3, 0.9},
		{"smooth thin-walled glass", 0, 0, 0.97},
		{"rough 0.5 thin-walled glass", 0, 0.5, 0.8},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := scenes.DefaultMaterial()
			m.BaseColor = [4]float32{1, 1, 1, 1}
			m.Metallic, m.Roughness, m.Transmission, m.Thickness = 0, tc.rough, 1, tc.thickness
			f := mustFrame(t, sphereScene(m), 0)
			s := render.Settings{Width: 32, Height: 32, SPP: 256, MaxBounces: 64, Background: scenes.Vec3{X: 1, Y: 1, Z: 1},
				Region: render.Region{X0: 12, Y0: 12, X1: 20, Y1: 20}}
			img, _ := mustRender(t, New(), f, s)
			var sum float64
			for _, v := range img.Pix {
				sum += float64(v)
			}
			mean := sum / float64(len(img.Pix))
			if mean > 1.01 || mean < tc.min {
				t.Errorf("mean %.4f, want within [%.2f, 1.01]", mean, tc.min)
			}
		})
	}
}

// TestTransparentFilm: where the camera sees the sky the alpha is 0 and
// the colour black; on the object alpha is 1; the sky still lights it.
func TestTransparentFilm(t *testing.T) {
	f := mustFrame(t, sphereScene(lambert(0.8)), 0)
	s := render.Settings{Width: 32, Height: 32, SPP: 16, MaxBounces: 4, Background: scenes.Vec3{X: 1, Y: 1, Z: 1}, FilmTransparent: true}
	img, _ := mustRender(t, New(), f, s)
	if img.Alpha == nil {
		t.Fatal("no alpha channel")
	}
	if a, c := img.Alpha[0], img.At(0, 0); a != 0 || c != [3]float32{} {
		t.Errorf("corner (sky): alpha %v colour %v, want 0 and black", a, c)
	}
	if a, c := img.Alpha[16*32+16], img.At(16, 16); a != 1 || c[0] < 0.5 {
		t.Errorf("centre (sphere): alpha %v colour %v, want 1 and lit", a, c)
	}
	png := img.SRGB8()
	if png.Pix[3] != 0 || png.Pix[4*(16*32+16)+3] != 255 {
		t.Errorf("PNG alpha %d at the corner, %d at the centre", png.Pix[3], png.Pix[4*(16*32+16)+3])
	}
}

// TestAlphaModes: a white emitter behind a grey card; the card is opaque,
// masked away (alpha below the cutoff), or blended at 30%.
func TestAlphaModes(t *testing.T) {
	for _, tc := range []struct {
		name  string
		edit  func(*scenes.Material)
		wantE float64 // the fraction of the emitter's radiance seen
	}{
		{"opaque", func(m *scenes.Material) {}, 0},
		{"mask below cutoff", func(m *scenes.Material) { m.AlphaMode, m.BaseColor[3], m.AlphaCutoff = scenes.AlphaMask, 0.4, 0.5 }, 1},
		{"mask above cutoff", func(m *scenes.Material) { m.AlphaMode, m.BaseColor[3], m.AlphaCutoff = scenes.AlphaMask, 0.6, 0.5 }, 0},
		{"blend 30%", func(m *scenes.Material) { m.AlphaMode, m.BaseColor[3] = scenes.AlphaBlend, 0.3 }, 0.7},
	} {
		t.Run(tc.name, func(t *testing.T) {
			card := lambert(0)
			tc.edit(&card)
			light := lambert(0)
			light.Emissive = scenes.Vec3{X: 1, Y: 1, Z: 1}
			sc := floorScene(0, 5)
			sc.Materials = []scenes.Material{light, card}
			// The card 1 m above the emitting floor, facing the camera.
			sc.Meshes = append(sc.Meshes, scenes.Mesh{Primitives: []scenes.Primitive{{
				Positions: []scenes.Vec3{{X: -3, Y: 1, Z: 3}, {X: 3, Y: 1, Z: 3}, {X: 3, Y: 1, Z: -3}, {X: -3, Y: 1, Z: -3}},
				Indices:   []uint32{0, 1, 2, 0, 2, 3}, Material: 1,
			}}})
			cn := newNode("card")
			cn.Mesh = 1
			sc.Nodes = append(sc.Nodes, cn)
			sc.Roots = append(sc.Roots, 2)
			sc.Nodes[1].Translation = [3]float64{0, 3, 0}
			f := mustFrame(t, sc, 0)
			s := render.Settings{Width: 9, Height: 9, SPP: 2048, MaxBounces: 0, Region: render.Region{X0: 4, Y0: 4, X1: 5, Y1: 5}}
			img, _ := mustRender(t, New(), f, s)
			if got := float64(img.At(0, 0)[0]); math.Abs(got-tc.wantE) > 0.03 {
				t.Errorf("pixel = %.4f, want %.2f", got, tc.wantE)
			}
		})
	}
}
