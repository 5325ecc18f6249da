package cpu

import (
	"math"
	"testing"

	"github.com/rendergrid/rendergrid/render"
	"github.com/rendergrid/rendergrid/scenes"
)

// The Cornell sample's dimensions, as scenes/internal/samplegen writes them.
const (
	cornellLightHalf   = 0.25
	cornellLightHeight = 1.98
	cornellFloorAlbedo = 0.73
)

var cornellLe = scenes.Vec3{X: 17, Y: 12, Z: 4}

// pixelRay returns the ray through the centre of pixel (x, y) plus (dx, dy).
func pixelRay(f *scenes.Frame, w, h int, x, y, dx, dy float32) (o, d scenes.Vec3) {
	c := f.Camera
	aspect := float32(w) / float32(h)
	nx := (2*(x+dx)/float32(w) - 1) * c.TanHalfFov * aspect
	ny := (1 - 2*(y+dy)/float32(h)) * c.TanHalfFov
	return c.Origin, c.Forward.Add(c.Right.Scale(nx)).Add(c.Up.Scale(ny)).Normalize()
}

// squareLightIrradiance integrates E = Le ∫ cosθ cosθ' / r² dA over the
// Cornell light for a floor point (x, 0, z), by the midpoint rule.
func squareLightIrradiance(x, z float64) float64 {
	const n = 200
	h := cornellLightHeight
	step := 2 * cornellLightHalf / n
	var e float64
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			lx := -cornellLightHalf + (float64(i)+0.5)*step
			lz := -cornellLightHalf + (float64(j)+0.5)*step
			r2 := (lx-x)*(lx-x) + h*h + (lz-z)*(lz-z)
			e += h * h / (r2 * r2) * step * step
		}
	}
	return e
}

// TestCornellDirect renders direct light only (one bounce) on the floor
// below the Cornell light and compares each pixel with the radiance derived
// in closed form: albedo/π × Le × ∫ cosθ cosθ'/r² dA over the emitter
// (the boxes stay out of that column, see samplegen).
func TestCornellDirect(t *testing.T) {
	f := mustFrame(t, mustSample(t, "cornell"), 0)
	const w, h = 64, 64
	// Find the pixel that looks at the floor's centre.
	bx, by, best := 0, 0, math.Inf(1)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			o, d := pixelRay(f, w, h, float32(x), float32(y), 0.5, 0.5)
			if d.Y >= 0 {
				continue
			}
			tt := -o.Y / d.Y
			p := o.Add(d.Scale(tt))
			if dist := math.Hypot(float64(p.X), float64(p.Z)); dist < best {
				bx, by, best = x, y, dist
			}
		}
	}
	s := render.Settings{Width: w, Height: h, SPP: 4096, MaxBounces: 1, Region: render.Region{X0: bx - 1, Y0: by - 1, X1: bx + 2, Y1: by + 2}}
	img, _ := mustRender(t, New(), f, s)
	for y := 0; y < 3; y++ {
		for x := 0; x < 3; x++ {
			// Expected value: the analytic radiance averaged over 4×4 points of the pixel.
			var e float64
			for sy := 0; sy < 4; sy++ {
				for sx := 0; sx < 4; sx++ {
					o, d := pixelRay(f, w, h, float32(bx-1+x), float32(by-1+y), (float32(sx)+0.5)/4, (float32(sy)+0.5)/4)
					p := o.Add(d.Scale(-o.Y / d.Y))
					e += squareLightIrradiance(float64(p.X), float64(p.Z)) / 16
				}
			}
			got := img.At(x, y)
			for c, le := range []float32{cornellLe.X, cornellLe.Y, cornellLe.Z} {
				want := cornellFloorAlbedo / math.Pi * float64(le) * e
				if rel := math.Abs(float64(got[c])-want) / want; rel > 0.02 {
					t.Errorf("pixel (%d,%d) channel %d = %.4f, analytic %.4f (%.1f%% off)", bx-1+x, by-1+y, c, got[c], want, 100*rel)
				}
			}
		}
	}
	// With all bounces the same pixels gain indirect light, bounded by the
	// geometric series of interreflections at the room's highest albedo
	// (0.73): at most 0.73/(1-0.73) ≈ 2.7 times the direct light.
	s.MaxBounces = 64
	s.SPP = 1024
	full, _ := mustRender(t, New(), f, s)
	ratio := float64(full.At(1, 1)[1] / img.At(1, 1)[1])
	if ratio < 1.05 || ratio > 1+0.73/(1-0.73) {
		t.Errorf("full/direct light on the floor's centre = %.3f, want within (1.05, 3.7)", ratio)
	}
}

// TestCornellEmitterAndBleeding: a pixel that sees the light shows exactly
// its radiance (black, non-reflective emitter), and the red and green walls
// tint the light they reflect.
func TestCornellEmitterAndBleeding(t *testing.T) {
	f := mustFrame(t, mustSample(t, "cornell"), 0)
	const w, h = 256, 256
	find := func(target scenes.Vec3) (int, int) {
		d := target.Sub(f.Camera.Origin).Normalize()
		z := d.Dot(f.Camera.Forward)
		x := (d.Dot(f.Camera.Right)/z/f.Camera.TanHalfFov + 1) / 2 * w
		y := (1 - d.Dot(f.Camera.Up)/z/f.Camera.TanHalfFov) / 2 * h
		return int(x), int(y)
	}
	lx, ly := find(scenes.Vec3{Y: cornellLightHeight})
	s := render.Settings{Width: w, Height: h, SPP: 16, MaxBounces: 8, Region: render.Region{X0: lx, Y0: ly, X1: lx + 1, Y1: ly + 1}}
	img, _ := mustRender(t, New(), f, s)
	if got := img.At(0, 0); math.Abs(float64(got[0]-17)) > 1e-4 || math.Abs(float64(got[1]-12)) > 1e-4 || math.Abs(float64(got[2]-4)) > 1e-4 {
		t.Errorf("light pixel (%d,%d) = %v, want the emitter's radiance (17, 12, 4)", lx, ly, got)
	}
	for _, tc := range []struct {
		name   string
		at     scenes.Vec3
		strong int // channel that must dominate
	}{
		{"red wall", scenes.Vec3{X: -1, Y: 1, Z: 0.5}, 0},
		{"green wall", scenes.Vec3{X: 1, Y: 1, Z: 0.5}, 1},
	} {
		x, y := find(tc.at)
		s.Region = render.Region{X0: x - 1, Y0: y - 1, X1: x + 2, Y1: y + 2}
		s.SPP = 256
		img, _ := mustRender(t, New(), f, s)
		p := img.At(1, 1)
		for c := range p {
			if c != tc.strong && p[c] >= p[tc.strong] {
				t.Errorf("%s pixel = %v: channel %d does not dominate", tc.name, p, tc.strong)
			}
		}
	}
}

// TestPunctualLights: a camera looks straight down at a Lambertian floor
// under one punctual light; with direct light only, the centre pixel's
// radiance has a closed form.
func TestPunctualLights(t *testing.T) {
	const albedo = 0.5
	tests := []struct {
		name  string
		light scenes.Light
		pos   [3]float64
		want  float64
	}{
		{"point 10 cd at 2 m", scenes.Light{Type: scenes.LightPoint, Color: scenes.Vec3{X: 1, Y: 1, Z: 1}, Intensity: 10}, [3]float64{0, 2, 0}, albedo / math.Pi * 10 / 4},
		{"point with range 4 m", scenes.Light{Type: scenes.LightPoint, Color: scenes.Vec3{X: 1, Y: 1, Z: 1}, Intensity: 10, Range: 4},
			[3]float64{0, 2, 0}, albedo / math.Pi * 10 / 4 * math.Pow(1-math.Pow(0.5, 4), 2)},
		{"spot inside its inner cone", scenes.Light{Type: scenes.LightSpot, Color: scenes.Vec3{X: 1, Y: 1, Z: 1}, Intensity: 10, InnerCone: 0.3, OuterCone: 0.5},
			[3]float64{0, 2, 0}, albedo / math.Pi * 10 / 4},
		// Light 0.8456 m off to the side: the floor's centre is 0.4 rad off the
		// spot's axis, between the cones: smoothstep t = (cos 0.4 - cos 0.6)/(cos 0.2 - cos 0.6),
		// attenuation t², and cosθ/d² with d² = 4 + 0.8456².
		{"spot between its cones", scenes.Light{Type: scenes.LightSpot, Color: scenes.Vec3{X: 1, Y: 1, Z: 1}, Intensity: 10, InnerCone: 0.2, OuterCone: 0.6},
			[3]float64{2 * math.Tan(0.4), 2, 0}, func() float64 {
				tt := (math.Cos(0.4) - math.Cos(0.6)) / (math.Cos(0.2) - math.Cos(0.6))
				d2 := 4 + 4*math.Tan(0.4)*math.Tan(0.4)
				return albedo / math.Pi * 10 * tt * tt * (2 / math.Sqrt(d2)) / d2
			}()},
		{"directional 3 lux", scenes.Light{Type: scenes.LightDirectional, Color: scenes.Vec3{X: 1, Y: 1, Z: 1}, Intensity: 3}, [3]float64{5, 5, 5}, albedo / math.Pi * 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc := floorScene(albedo, 5)
			lt := newNode("light")
			lt.Light, lt.Translation, lt.Rotation = 0, tt.pos, down
			sc.Nodes = append(sc.Nodes, lt)
			sc.Roots = append(sc.Roots, 2)
			sc.Lights = []scenes.Light{tt.light}
			f := mustFrame(t, sc, 0)
			s := render.Settings{Width: 65, Height: 65, SPP: 16, MaxBounces: 1, Region: render.Region{X0: 32, Y0: 32, X1: 33, Y1: 33}}
			img, _ := mustRender(t, New(), f, s)
			if got := float64(img.At(0, 0)[0]); math.Abs(got-tt.want) > 1e-3*tt.want {
				t.Errorf("centre pixel = %.5f, want %.5f", got, tt.want)
			}
		})
	}
}

var down = scenes.Quat{-math.Sqrt2 / 2, 0, 0, math.Sqrt2 / 2} // -90° about X: -Z becomes -Y

func newNode(name string) scenes.Node {
	return scenes.Node{Name: name, Mesh: -1, Camera: -1, Light: -1, Rotation: scenes.Quat{0, 0, 0, 1}, Scale: [3]float64{1, 1, 1}}
}

// floorScene is a Lambertian square floor of the given half-size at y = 0,
// seen by a narrow camera 5 m above looking straight down at its centre.
func floorScene(albedo float32, half float32) *scenes.Scene {
	floor := scenes.Primitive{
		Positions: []scenes.Vec3{{X: -half, Z: half}, {X: half, Z: half}, {X: half, Z: -half}, {X: -half, Z: -half}},
		Indices:   []uint32{0, 1, 2, 0, 2, 3},
	}
	fl, cam := newNode("floor"), newNode("camera")
	fl.Mesh = 0
	cam.Camera, cam.Translation, cam.Rotation = 0, [3]float64{0, 0.5, 0}, down
	return &scenes.Scene{
		Name: "floor", Meshes: []scenes.Mesh{{Primitives: []scenes.Primitive{floor}}},
		Materials: []scenes.Material{lambert(albedo)}, Nodes: []scenes.Node{fl, cam}, Roots: []int{0, 1},
		Cameras: []scenes.Camera{{Name: "camera", YFov: 0.1}},
	}
}

// TestLargeEmitterMIS puts a 6×6 m emitter 1 m above the floor, so light
// sampling and BSDF sampling both carry real weight, and compares the direct
// light under its centre with the closed form: E = π Le · 4F, where F is the
// form factor from a point to a parallel rectangle of sides a, b with a
// corner straight above it at height h: with x = a/h, y = b/h,
// F = 1/(2π) [x/√(1+x²) atan(y/√(1+x²)) + y/√(1+y²) atan(x/√(1+y²))].
func TestLargeEmitterMIS(t *testing.T) {
	const albedo, le, half, height = 0.5, 2.0, 3.0, 1.0
	sc := floorScene(albedo, 10)
	m := lambert(0)
	m.Emissive = scenes.Vec3{X: le, Y: le, Z: le}
	sc.Materials = append(sc.Materials, m)
	// Facing down (-Y): wound clockwise seen from below.
	panel := scenes.Primitive{
		Positions: []scenes.Vec3{{X: -half, Y: height, Z: -half}, {X: half, Y: height, Z: -half}, {X: half, Y: height, Z: half}, {X: -half, Y: height, Z: half}},
		Indices:   []uint32{0, 1, 2, 0, 2, 3}, Material: 1,
	}
	sc.Meshes = append(sc.Meshes, scenes.Mesh{Primitives: []scenes.Primitive{panel}})
	pn := newNode("panel")
	pn.Mesh = 1
	sc.Nodes = append(sc.Nodes, pn)
	sc.Roots = append(sc.Roots, 2)
	f := mustFrame(t, sc, 0)
	if f.Shading[0].Ng.Y > 0 && f.Materials[f.Shading[0].Material].Emissive.X > 0 {
		t.Fatal("panel faces up; the test needs it facing the floor")
	}
	// Form factor of one quadrant (a = b = half, over height h).
	x, y := half/height, half/height
	ff := 1 / (2 * math.Pi) * (x/math.Sqrt(1+x*x)*math.Atan(y/math.Sqrt(1+x*x)) + y/math.Sqrt(1+y*y)*math.Atan(x/math.Sqrt(1+y*y)))
	want := albedo / math.Pi * math.Pi * le * 4 * ff
	s := render.Settings{Width: 65, Height: 65, SPP: 8192, MaxBounces: 1, Region: render.Region{X0: 32, Y0: 32, X1: 33, Y1: 33}}
	img, _ := mustRender(t, New(), f, s)
	if got := float64(img.At(0, 0)[0]); math.Abs(got-want) > 0.015*want {
		t.Errorf("floor under a large emitter = %.5f, closed form %.5f (%.1f%% off)", got, want, 100*math.Abs(got-want)/want)
	}
}
