package cpu

import (
	"context"
	"math"
	"testing"

	"github.com/rendergrid/rendergrid/render"
	"github.com/rendergrid/rendergrid/scenes"
)

// sphereScene is a unit sphere at the origin seen by a camera on +Z, built
// directly as a scenes.Scene.
func sphereScene(m scenes.Material) *scenes.Scene {
	var p scenes.Primitive
	const rings, segs = 48, 96
	for i := 0; i <= rings; i++ {
		th := math.Pi * float64(i) / rings
		for j := 0; j <= segs; j++ {
			ph := 2 * math.Pi * float64(j) / segs
			n := scenes.Vec3{X: float32(math.Sin(th) * math.Cos(ph)), Y: float32(math.Cos(th)), Z: float32(math.Sin(th) * math.Sin(ph))}
			p.Positions = append(p.Positions, n)
			p.Normals = append(p.Normals, n)
		}
	}
	for i := 0; i < rings; i++ {
		for j := 0; j < segs; j++ {
			a := uint32(i*(segs+1) + j)
			b := a + segs + 1
			p.Indices = append(p.Indices, a, a+1, b, a+1, b+1, b)
		}
	}
	return &scenes.Scene{
		Name:      "sphere",
		Meshes:    []scenes.Mesh{{Name: "sphere", Primitives: []scenes.Primitive{p}}},
		Materials: []scenes.Material{m},
		Nodes: []scenes.Node{
			{Name: "sphere", Mesh: 0, Camera: -1, Light: -1, Rotation: scenes.Quat{0, 0, 0, 1}, Scale: [3]float64{1, 1, 1}},
			{Name: "camera", Mesh: -1, Camera: 0, Light: -1, Translation: [3]float64{0, 0, 4}, Rotation: scenes.Quat{0, 0, 0, 1}, Scale: [3]float64{1, 1, 1}},
		},
		Roots:   []int{0, 1},
		Cameras: []scenes.Camera{{Name: "camera", YFov: 0.6}},
	}
}

func lambert(c float32) scenes.Material {
	m := scenes.DefaultMaterial()
	m.BaseColor = [4]float32{c, c, c, 1}
	m.Metallic, m.Roughness, m.SpecularWeight = 0, 1, 0
	return m
}

func mustFrame(t testing.TB, s *scenes.Scene, frame int) *scenes.Frame {
	t.Helper()
	f, err := s.Frame(scenes.FrameOptions{Frame: frame})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func mustSample(t testing.TB, name string) *scenes.Scene {
	t.Helper()
	s, err := scenes.LoadSample(name)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func mustRender(t testing.TB, e *Engine, f *scenes.Frame, s render.Settings) (*render.Image, render.Stats) {
	t.Helper()
	img, st, err := e.Render(context.Background(), f, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	return img, st
}

// skyEnv is the built-in sky map at strength 1, unrotated.
func skyEnv(t testing.TB) *scenes.Environment {
	t.Helper()
	sky, err := scenes.SampleEnvBytes("sky")
	if err != nil {
		t.Fatal(err)
	}
	env, err := scenes.DecodeEnvironment("sky.hdr", sky, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	return env
}
