// Command samplegen writes the sample scenes embedded in package scenes:
// a Cornell-style room (cornell.glb), an animated scene (anim.glb), a scene
// lit only by an environment (showcase.glb) and its sky (sky.hdr). It
// writes through github.com/qmuntal/gltf, an encoder independent of the
// loader in package scenes, so loading the samples also tests the loader.
//
// Run it with `go generate ./scenes`; TestSamplesCurrent fails when the
// committed files differ from what this program writes.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"image"
	"image/color"
	"image/png"
	"log"
	"math"
	"os"
	"path/filepath"

	"github.com/qmuntal/gltf"
	"github.com/qmuntal/gltf/ext/lightspunctual"
	"github.com/qmuntal/gltf/modeler"
)

func main() {
	out := flag.String("out", "samples", "directory to write the .glb files to")
	flag.Parse()
	if err := os.MkdirAll(*out, 0o755); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(*out, "sky.hdr"), sky(), 0o644); err != nil {
		log.Fatal(err)
	}
	for name, build := range map[string]func() *gltf.Document{"cornell.glb": cornell, "anim.glb": anim, "showcase.glb": showcase} {
		var buf bytes.Buffer
		enc := gltf.NewEncoder(&buf)
		enc.AsBinary = true
		if err := enc.Encode(build()); err != nil {
			log.Fatalf("encoding %s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(*out, name), buf.Bytes(), 0o644); err != nil {
			log.Fatal(err)
		}
	}
}

type vec [3]float32

// mesh accumulates triangles of one material.
type mesh struct {
	pos, nrm []([3]float32)
	uv       [][2]float32
	idx      []uint16
}

func (m *mesh) quad(p [4]vec, n vec) {
	base := uint16(len(m.pos))
	for i, q := range p {
		m.pos = append(m.pos, q)
		m.nrm = append(m.nrm, n)
		m.uv = append(m.uv, [2]float32{[4]float32{0, 1, 1, 0}[i], [4]float32{0, 0, 1, 1}[i]})
	}
	m.idx = append(m.idx, base, base+1, base+2, base, base+2, base+3)
}

// box adds an axis-aligned box rotated by rotY about its vertical axis, with
// its base at y0.
func (m *mesh) box(cx, y0, cz, half, height, rotY float64) {
	c, s := math.Cos(rotY), math.Sin(rotY)
	pt := func(x, y, z float64) vec {
		return vec{float32(cx + c*x + s*z), float32(y0 + y), float32(cz - s*x + c*z)}
	}
	dir := func(x, z float64) vec { return vec{float32(c*x + s*z), 0, float32(-s*x + c*z)} }
	h, H := half, height
	m.quad([4]vec{pt(-h, H, h), pt(h, H, h), pt(h, H, -h), pt(-h, H, -h)}, vec{0, 1, 0})
	m.quad([4]vec{pt(-h, 0, h), pt(h, 0, h), pt(h, H, h), pt(-h, H, h)}, dir(0, 1))
	m.quad([4]vec{pt(h, 0, -h), pt(-h, 0, -h), pt(-h, H, -h), pt(h, H, -h)}, dir(0, -1))
	m.quad([4]vec{pt(h, 0, h), pt(h, 0, -h), pt(h, H, -h), pt(h, H, h)}, dir(1, 0))
	m.quad([4]vec{pt(-h, 0, -h), pt(-h, 0, h), pt(-h, H, h), pt(-h, H, -h)}, dir(-1, 0))
}

func (m *mesh) sphere(r float64, rings, segs int) {
	base := uint16(len(m.pos))
	for i := 0; i <= rings; i++ {
		th := math.Pi * float64(i) / float64(rings)
		for j := 0; j <= segs; j++ {
			ph := 2 * math.Pi * float64(j) / float64(segs)
			n := vec{float32(math.Sin(th) * math.Cos(ph)), float32(math.Cos(th)), float32(-math.Sin(th) * math.Sin(ph))}
			m.pos = append(m.pos, vec{n[0] * float32(r), n[1] * float32(r), n[2] * float32(r)})
			m.nrm = append(m.nrm, n)
			m.uv = append(m.uv, [2]float32{float32(j) / float32(segs), float32(i) / float32(rings)})
		}
	}
	for i := 0; i < rings; i++ {
		for j := 0; j < segs; j++ {
			a := base + uint16(i*(segs+1)+j)
			b := a + uint16(segs+1)
			m.idx = append(m.idx, a, b, a+1, a+1, b, b+1)
		}
	}
}

func (m *mesh) primitive(doc *gltf.Document, material int) *gltf.Primitive {
	return &gltf.Primitive{
		Indices: gltf.Index(modeler.WriteIndices(doc, m.idx)),
		Attributes: gltf.PrimitiveAttributes{
			gltf.POSITION:   modeler.WritePosition(doc, m.pos),
			gltf.NORMAL:     modeler.WriteNormal(doc, m.nrm),
			gltf.TEXCOORD_0: modeler.WriteTextureCoord(doc, m.uv),
		},
		Material: gltf.Index(material),
	}
}

func raw(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// lambert is a pure diffuse material: KHR_materials_specular with factor 0
// removes the dielectric specular layer, as in the classic Cornell box.
func lambert(name string, c vec) *gltf.Material {
	return &gltf.Material{
		Name: name,
		PBRMetallicRoughness: &gltf.PBRMetallicRoughness{
			BaseColorFactor: &[4]float64{float64(c[0]), float64(c[1]), float64(c[2]), 1},
			MetallicFactor:  gltf.Float(0), RoughnessFactor: gltf.Float(1),
		},
		Extensions: gltf.Extensions{"KHR_materials_specular": raw(map[string]float64{"specularFactor": 0})},
	}
}

// Cornell room geometry, in metres; tests derive expected values from it.
const (
	roomHalf    = 1.0  // walls at x, z = ±1
	roomHeight  = 2.0  // floor at y = 0, ceiling at y = 2
	lightHalf   = 0.25 // emitter is a square of side 0.5
	lightHeight = 1.98
)

// CornellEmission is the light's radiance: emissiveFactor × emissiveStrength.
var cornellEmission = [3]float64{1, 12.0 / 17, 4.0 / 17}

const cornellStrength = 17

func cornell() *gltf.Document {
	doc := gltf.NewDocument()
	doc.Asset.Generator = "rendergrid samplegen"
	doc.ExtensionsUsed = []string{"KHR_materials_specular", "KHR_materials_emissive_strength"}
	doc.Materials = []*gltf.Material{
		lambert("white", vec{0.73, 0.73, 0.73}),
		lambert("red", vec{0.63, 0.065, 0.05}),
		lambert("green", vec{0.14, 0.45, 0.09}),
		{
			Name: "light",
			PBRMetallicRoughness: &gltf.PBRMetallicRoughness{
				BaseColorFactor: &[4]float64{0, 0, 0, 1}, MetallicFactor: gltf.Float(0), RoughnessFactor: gltf.Float(1),
			},
			EmissiveFactor: cornellEmission,
			Extensions: gltf.Extensions{
				"KHR_materials_emissive_strength": raw(map[string]float64{"emissiveStrength": cornellStrength}),
				"KHR_materials_specular":          raw(map[string]float64{"specularFactor": 0}),
			},
		},
	}
	r, H := float32(roomHalf), float32(roomHeight)
	var white, red, green, light mesh
	white.quad([4]vec{{-r, 0, r}, {r, 0, r}, {r, 0, -r}, {-r, 0, -r}}, vec{0, 1, 0})   // floor
	white.quad([4]vec{{-r, H, -r}, {r, H, -r}, {r, H, r}, {-r, H, r}}, vec{0, -1, 0})  // ceiling
	white.quad([4]vec{{-r, 0, -r}, {r, 0, -r}, {r, H, -r}, {-r, H, -r}}, vec{0, 0, 1}) // back
	red.quad([4]vec{{-r, 0, r}, {-r, 0, -r}, {-r, H, -r}, {-r, H, r}}, vec{1, 0, 0})
	green.quad([4]vec{{r, 0, -r}, {r, 0, r}, {r, H, r}, {r, H, -r}}, vec{-1, 0, 0})
	// The boxes stay clear of the column between the light and the floor's
	// centre, so the direct light there has a closed form (TestCornellDirect).
	white.box(0.5, 0, 0.35, 0.25, 0.6, -0.3)
	white.box(-0.55, 0, -0.35, 0.25, 1.2, 0.3)
	l, lh := float32(lightHalf), float32(lightHeight)
	light.quad([4]vec{{-l, lh, -l}, {l, lh, -l}, {l, lh, l}, {-l, lh, l}}, vec{0, -1, 0})
	doc.Meshes = []*gltf.Mesh{{Name: "room", Primitives: []*gltf.Primitive{
		white.primitive(doc, 0), red.primitive(doc, 1), green.primitive(doc, 2), light.primitive(doc, 3),
	}}}
	doc.Cameras = []*gltf.Camera{{Name: "camera", Perspective: &gltf.Perspective{Yfov: 0.69, Znear: 0.01}}}
	doc.Nodes = []*gltf.Node{
		{Name: "room", Mesh: gltf.Index(0)},
		{Name: "camera", Camera: gltf.Index(0), Translation: [3]float64{0, 1, 3.9}},
	}
	doc.Scenes[0].Nodes = []int{0, 1}
	return doc
}

// checker returns a PNG of an 8×8 checkerboard of two colours.
func checker(a, b color.NRGBA) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, 64, 64))
	for y := 0; y < 64; y++ {
		for x := 0; x < 64; x++ {
			if (x/8+y/8)%2 == 0 {
				img.SetNRGBA(x, y, a)
			} else {
				img.SetNRGBA(x, y, b)
			}
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// anim is a 2-second animation (48 frames at 24 fps): a cube that slides and
// turns (LINEAR), a sphere that bounces (CUBICSPLINE) and a lamp that
// switches position (STEP), on a checkered floor, lit by a sun, a point
// light and an emissive panel.
func anim() *gltf.Document {
	doc := gltf.NewDocument()
	doc.Asset.Generator = "rendergrid samplegen"
	doc.ExtensionsUsed = []string{lightspunctual.ExtensionName, "KHR_materials_emissive_strength"}
	img, err := modeler.WriteImage(doc, "checker", "image/png",
		bytes.NewReader(checker(color.NRGBA{220, 220, 220, 255}, color.NRGBA{60, 60, 70, 255})))
	if err != nil {
		panic(err)
	}
	doc.Samplers = []*gltf.Sampler{{MagFilter: gltf.MagNearest, WrapS: gltf.WrapRepeat, WrapT: gltf.WrapRepeat}}
	doc.Textures = []*gltf.Texture{{Source: gltf.Index(img), Sampler: gltf.Index(0)}}
	doc.Materials = []*gltf.Material{
		{Name: "floor", PBRMetallicRoughness: &gltf.PBRMetallicRoughness{
			BaseColorTexture: &gltf.TextureInfo{Index: 0}, MetallicFactor: gltf.Float(0), RoughnessFactor: gltf.Float(0.6)}},
		{Name: "gold", PBRMetallicRoughness: &gltf.PBRMetallicRoughness{
			BaseColorFactor: &[4]float64{1, 0.77, 0.34, 1}, MetallicFactor: gltf.Float(1), RoughnessFactor: gltf.Float(0.3)}},
		{Name: "blue plastic", PBRMetallicRoughness: &gltf.PBRMetallicRoughness{
			BaseColorFactor: &[4]float64{0.1, 0.25, 0.8, 1}, MetallicFactor: gltf.Float(0), RoughnessFactor: gltf.Float(0.2)}},
		{Name: "panel", PBRMetallicRoughness: &gltf.PBRMetallicRoughness{
			BaseColorFactor: &[4]float64{0, 0, 0, 1}, MetallicFactor: gltf.Float(0)},
			EmissiveFactor: [3]float64{1, 0.5, 0.2},
			Extensions:     gltf.Extensions{"KHR_materials_emissive_strength": raw(map[string]float64{"emissiveStrength": 6})}},
	}
	var floor, cube, ball, panel mesh
	floor.quad([4]vec{{-4, 0, 4}, {4, 0, 4}, {4, 0, -4}, {-4, 0, -4}}, vec{0, 1, 0})
	for i := range floor.uv {
		floor.uv[i] = [2]float32{floor.uv[i][0] * 4, floor.uv[i][1] * 4}
	}
	cube.box(0, -0.4, 0, 0.4, 0.8, 0)
	ball.sphere(0.45, 16, 32)
	panel.quad([4]vec{{-1, 0.2, 0}, {1, 0.2, 0}, {1, 1.2, 0}, {-1, 1.2, 0}}, vec{0, 0, 1})
	doc.Meshes = []*gltf.Mesh{
		{Name: "floor", Primitives: []*gltf.Primitive{floor.primitive(doc, 0)}},
		{Name: "cube", Primitives: []*gltf.Primitive{cube.primitive(doc, 1)}},
		{Name: "ball", Primitives: []*gltf.Primitive{ball.primitive(doc, 2)}},
		{Name: "panel", Primitives: []*gltf.Primitive{panel.primitive(doc, 3)}},
	}
	doc.Cameras = []*gltf.Camera{{Name: "camera", Perspective: &gltf.Perspective{Yfov: 0.8, Znear: 0.01}}}
	// qmuntal/gltf marshals lightspunctual.Lights as a bare array, not the
	// {"lights": [...]} object the extension specifies, so write it raw.
	doc.Extensions = gltf.Extensions{lightspunctual.ExtensionName: raw(map[string]any{"lights": []*lightspunctual.Light{
		{Type: lightspunctual.TypeDirectional, Name: "sun", Color: &[3]float64{1, 0.95, 0.9}, Intensity: gltf.Float(2)},
		{Type: lightspunctual.TypePoint, Name: "lamp", Color: &[3]float64{0.6, 0.8, 1}, Intensity: gltf.Float(8)},
	}})}
	lightRef := func(i int) gltf.Extensions {
		return gltf.Extensions{lightspunctual.ExtensionName: raw(map[string]int{"light": i})}
	}
	// Camera: up and back, pitched down 20°.
	pitch := -20.0 * math.Pi / 180
	doc.Nodes = []*gltf.Node{
		{Name: "floor", Mesh: gltf.Index(0)},
		{Name: "cube", Mesh: gltf.Index(1), Translation: [3]float64{-1.2, 0.4, 0}},
		{Name: "ball", Mesh: gltf.Index(2), Translation: [3]float64{1, 0.45, 0.3}},
		{Name: "panel", Mesh: gltf.Index(3), Translation: [3]float64{0, 0, -2.5}},
		{Name: "camera", Camera: gltf.Index(0), Translation: [3]float64{0, 2.2, 5.5},
			Rotation: [4]float64{math.Sin(pitch / 2), 0, 0, math.Cos(pitch / 2)}},
		{Name: "sun", Rotation: [4]float64{-0.3826834, 0.2, 0, 0.9}, Extensions: lightRef(0)},
		{Name: "lamp", Translation: [3]float64{-1.5, 2, 1.5}, Extensions: lightRef(1)},
	}
	doc.Scenes[0].Nodes = []int{0, 1, 2, 3, 4, 5, 6}

	floats := func(v ...float32) []float32 { return v }
	times := modeler.WriteAccessor(doc, gltf.TargetNone, floats(0, 1, 2))
	doc.Accessors[times].Min = []float64{0}
	doc.Accessors[times].Max = []float64{2}
	slide := modeler.WriteAccessor(doc, gltf.TargetNone, [][3]float32{{-1.2, 0.4, 0}, {-0.2, 0.4, 0.8}, {-1.2, 0.4, 0}})
	turn := modeler.WriteAccessor(doc, gltf.TargetNone, [][4]float32{{0, 0, 0, 1}, {0, 0.7071068, 0, 0.7071068}, {0, 1, 0, 0}})
	// CUBICSPLINE: (in-tangent, value, out-tangent) per key; the ball leaves
	// the floor upwards and lands going down.
	bounce := modeler.WriteAccessor(doc, gltf.TargetNone, [][3]float32{
		{0, 0, 0}, {1, 0.45, 0.3}, {0, 3, 0},
		{0, 0, 0}, {1, 1.6, 0.3}, {0, 0, 0},
		{0, -3, 0}, {1, 0.45, 0.3}, {0, 0, 0},
	})
	hop := modeler.WriteAccessor(doc, gltf.TargetNone, [][3]float32{{-1.5, 2, 1.5}, {1.5, 2, 1.5}, {1.5, 2, -1}})
	doc.Animations = []*gltf.Animation{{
		Name: "move",
		Samplers: []*gltf.AnimationSampler{
			{Input: times, Output: slide, Interpolation: gltf.InterpolationLinear},
			{Input: times, Output: turn, Interpolation: gltf.InterpolationLinear},
			{Input: times, Output: bounce, Interpolation: gltf.InterpolationCubicSpline},
			{Input: times, Output: hop, Interpolation: gltf.InterpolationStep},
		},
		Channels: []*gltf.AnimationChannel{
			{Sampler: 0, Target: gltf.AnimationChannelTarget{Node: gltf.Index(1), Path: gltf.TRSTranslation}},
			{Sampler: 1, Target: gltf.AnimationChannelTarget{Node: gltf.Index(1), Path: gltf.TRSRotation}},
			{Sampler: 2, Target: gltf.AnimationChannelTarget{Node: gltf.Index(2), Path: gltf.TRSTranslation}},
			{Sampler: 3, Target: gltf.AnimationChannelTarget{Node: gltf.Index(6), Path: gltf.TRSTranslation}},
		},
	}}
	return doc
}
