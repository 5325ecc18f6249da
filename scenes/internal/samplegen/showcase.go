package main

import (
	"bytes"
	"math"

	"github.com/qmuntal/gltf"
	"github.com/qmuntal/gltf/modeler"

	"github.com/rendergrid/rendergrid/scenes/hdri"
)

// showcase is a 2-second scene with no light of its own, made to be lit by
// an environment map (sky.hdr): a glass sphere with a tinted volume, a
// clear-coated car-paint sphere, a velvet (sheen) cube, a skinned arm that
// bends at its elbow, and an iridescent blob whose morph targets stretch
// and squash it, on a rough floor.
func showcase() *gltf.Document {
	doc := gltf.NewDocument()
	doc.Asset.Generator = "rendergrid samplegen"
	doc.ExtensionsUsed = []string{"KHR_materials_transmission", "KHR_materials_volume", "KHR_materials_ior",
		"KHR_materials_clearcoat", "KHR_materials_sheen", "KHR_materials_iridescence"}
	pbr := func(c [3]float64, metal, rough float64) *gltf.PBRMetallicRoughness {
		return &gltf.PBRMetallicRoughness{BaseColorFactor: &[4]float64{c[0], c[1], c[2], 1},
			MetallicFactor: gltf.Float(metal), RoughnessFactor: gltf.Float(rough)}
	}
	doc.Materials = []*gltf.Material{
		{Name: "floor", PBRMetallicRoughness: pbr([3]float64{0.5, 0.5, 0.5}, 0, 0.8)},
		{Name: "glass", PBRMetallicRoughness: pbr([3]float64{1, 1, 1}, 0, 0), Extensions: gltf.Extensions{
			"KHR_materials_transmission": raw(map[string]float64{"transmissionFactor": 1}),
			"KHR_materials_volume": raw(map[string]any{"thicknessFactor": 1, "attenuationDistance": 0.8,
				"attenuationColor": []float64{0.75, 0.95, 0.85}}),
			"KHR_materials_ior": raw(map[string]float64{"ior": 1.5}),
		}},
		{Name: "car paint", PBRMetallicRoughness: pbr([3]float64{0.55, 0.02, 0.03}, 0, 0.45), Extensions: gltf.Extensions{
			"KHR_materials_clearcoat": raw(map[string]float64{"clearcoatFactor": 1, "clearcoatRoughnessFactor": 0.03}),
		}},
		{Name: "velvet", PBRMetallicRoughness: pbr([3]float64{0.25, 0.04, 0.15}, 0, 1), Extensions: gltf.Extensions{
			"KHR_materials_sheen": raw(map[string]any{"sheenColorFactor": []float64{0.9, 0.55, 0.8}, "sheenRoughnessFactor": 0.5}),
		}},
		{Name: "gold", PBRMetallicRoughness: pbr([3]float64{1, 0.77, 0.34}, 1, 0.25)},
		{Name: "soap", PBRMetallicRoughness: pbr([3]float64{0.9, 0.9, 0.9}, 0, 0.15), Extensions: gltf.Extensions{
			"KHR_materials_iridescence": raw(map[string]any{"iridescenceFactor": 1, "iridescenceIor": 1.33, "iridescenceThicknessMaximum": 450}),
		}},
	}
	var floor, glass, paint, velvet, blob mesh
	floor.quad([4]vec{{-5, 0, 5}, {5, 0, 5}, {5, 0, -5}, {-5, 0, -5}}, vec{0, 1, 0})
	glass.sphere(0.5, 24, 48)
	paint.sphere(0.5, 24, 48)
	velvet.box(0, 0, 0, 0.35, 0.7, 0.5)
	blob.sphere(0.3, 16, 32)
	arm := skinnedBar(doc)
	// Morph targets: stretched up, and squashed wide.
	var stretch, squash [][3]float32
	for _, p := range blob.pos {
		stretch = append(stretch, [3]float32{-0.3 * p[0], 0.9 * p[1], -0.3 * p[2]})
		squash = append(squash, [3]float32{0.5 * p[0], -0.45 * p[1], 0.5 * p[2]})
	}
	blobPrim := blob.primitive(doc, 5)
	blobPrim.Targets = []gltf.PrimitiveAttributes{
		{gltf.POSITION: modeler.WritePosition(doc, stretch)},
		{gltf.POSITION: modeler.WritePosition(doc, squash)},
	}
	doc.Meshes = []*gltf.Mesh{
		{Name: "floor", Primitives: []*gltf.Primitive{floor.primitive(doc, 0)}},
		{Name: "glass ball", Primitives: []*gltf.Primitive{glass.primitive(doc, 1)}},
		{Name: "painted ball", Primitives: []*gltf.Primitive{paint.primitive(doc, 2)}},
		{Name: "velvet cube", Primitives: []*gltf.Primitive{velvet.primitive(doc, 3)}},
		{Name: "arm", Primitives: []*gltf.Primitive{arm}},
		{Name: "blob", Primitives: []*gltf.Primitive{blobPrim}, Weights: []float64{0, 0}},
	}
	doc.Cameras = []*gltf.Camera{{Name: "camera", Perspective: &gltf.Perspective{Yfov: 0.75, Znear: 0.01}}}
	pitch := -14.0 * math.Pi / 180
	doc.Nodes = []*gltf.Node{
		{Name: "floor", Mesh: gltf.Index(0)},
		{Name: "glass ball", Mesh: gltf.Index(1), Translation: [3]float64{-1.3, 0.5, 0}},
		{Name: "painted ball", Mesh: gltf.Index(2), Translation: [3]float64{0, 0.5, -0.7}},
		{Name: "velvet cube", Mesh: gltf.Index(3), Translation: [3]float64{1.35, 0, 0}},
		{Name: "arm", Mesh: gltf.Index(4), Skin: gltf.Index(0)},
		{Name: "shoulder", Translation: [3]float64{0.75, 0, 1.1}, Children: []int{6}},
		{Name: "elbow", Translation: [3]float64{0, 0.6, 0}},
		{Name: "blob", Mesh: gltf.Index(5), Translation: [3]float64{-0.45, 0.3, 1.2}},
		{Name: "camera", Camera: gltf.Index(0), Translation: [3]float64{0, 1.5, 4.6},
			Rotation: [4]float64{math.Sin(pitch / 2), 0, 0, math.Cos(pitch / 2)}},
	}
	// modeler takes the matrices row by row (it writes them column-major).
	doc.Skins = []*gltf.Skin{{Name: "arm", Joints: []int{5, 6}, InverseBindMatrices: gltf.Index(modeler.WriteInverseBindMatrices(doc, [][4][4]float32{
		{{1, 0, 0, -0.75}, {0, 1, 0, 0}, {0, 0, 1, -1.1}, {0, 0, 0, 1}},
		{{1, 0, 0, -0.75}, {0, 1, 0, -0.6}, {0, 0, 1, -1.1}, {0, 0, 0, 1}},
	}))}}
	doc.Scenes[0].Nodes = []int{0, 1, 2, 3, 4, 5, 7, 8}

	times := modeler.WriteAccessor(doc, gltf.TargetNone, []float32{0, 1, 2})
	doc.Accessors[times].Min = []float64{0}
	doc.Accessors[times].Max = []float64{2}
	q := func(deg float64) [4]float32 {
		h := deg * math.Pi / 360
		return [4]float32{0, 0, float32(math.Sin(h)), float32(math.Cos(h))}
	}
	bend := modeler.WriteAccessor(doc, gltf.TargetNone, [][4]float32{q(0), q(70), q(0)})
	weights := modeler.WriteAccessor(doc, gltf.TargetNone, []float32{0, 0, 1, 0, 0, 1})
	doc.Animations = []*gltf.Animation{{
		Name: "bend and squash",
		Samplers: []*gltf.AnimationSampler{
			{Input: times, Output: bend, Interpolation: gltf.InterpolationLinear},
			{Input: times, Output: weights, Interpolation: gltf.InterpolationLinear},
		},
		Channels: []*gltf.AnimationChannel{
			{Sampler: 0, Target: gltf.AnimationChannelTarget{Node: gltf.Index(6), Path: gltf.TRSRotation}},
			{Sampler: 1, Target: gltf.AnimationChannelTarget{Node: gltf.Index(7), Path: gltf.TRSWeights}},
		},
	}}
	return doc
}

// skinnedBar is a square bar 1.2 m tall in rings of 4 vertices, skinned to
// a shoulder (bottom half) and an elbow (top half, blended across the
// middle), placed at the shoulder's bind position.
func skinnedBar(doc *gltf.Document) *gltf.Primitive {
	const rings, half = 13, 0.09
	var pos, nrm [][3]float32
	var joints [][4]uint8
	var weights [][4]float32
	var idx []uint16
	corners := [4][2]float32{{-1, -1}, {1, -1}, {1, 1}, {-1, 1}}
	for r := 0; r < rings; r++ {
		y := float32(r) * 1.2 / (rings - 1)
		w := min(max((y-0.45)/0.3, 0), 1) // elbow's share, 0 below 0.45 m, 1 above 0.75 m
		for _, c := range corners {
			pos = append(pos, [3]float32{0.75 + half*c[0], y, 1.1 + half*c[1]})
			n := float32(math.Sqrt2 / 2)
			nrm = append(nrm, [3]float32{c[0] * n, 0, c[1] * n})
			joints = append(joints, [4]uint8{0, 1, 0, 0})
			weights = append(weights, [4]float32{1 - w, w, 0, 0})
		}
	}
	for r := 0; r+1 < rings; r++ {
		for k := 0; k < 4; k++ {
			a, b := uint16(4*r+k), uint16(4*r+(k+1)%4)
			idx = append(idx, a, b+4, b, a, a+4, b+4) // counter-clockwise seen from outside
		}
	}
	return &gltf.Primitive{
		Indices: gltf.Index(modeler.WriteIndices(doc, idx)),
		Attributes: gltf.PrimitiveAttributes{
			gltf.POSITION:  modeler.WritePosition(doc, pos),
			gltf.NORMAL:    modeler.WriteNormal(doc, nrm),
			gltf.JOINTS_0:  modeler.WriteJoints(doc, joints),
			gltf.WEIGHTS_0: modeler.WriteWeights(doc, weights),
		},
		Material: gltf.Index(4),
	}
}

// sky writes a small equirectangular HDRI: a blue gradient sky, a warm sun
// 35° up (u = 0.35: over glTF -Z turned 36° towards +X), a grey-brown
// ground. It is generated here, so it carries no licence but ours.
func sky() []byte {
	const w, h = 256, 128
	m := &hdri.Image{Width: w, Height: h, Pix: make([]float32, 3*w*h)}
	sunU, sunEl := 0.35, 35.0*math.Pi/180
	sunDir := func(u, el float64) [3]float64 {
		phi := (0.5 - u) * 2 * math.Pi
		return [3]float64{math.Cos(el) * math.Cos(phi), math.Cos(el) * math.Sin(phi), math.Sin(el)}
	}
	sd := sunDir(sunU, sunEl)
	for y := 0; y < h; y++ {
		el := math.Pi * (0.5 - (float64(y)+0.5)/h)
		for x := 0; x < w; x++ {
			u := (float64(x) + 0.5) / w
			d := sunDir(u, el)
			var c [3]float64
			if el < 0 {
				c = [3]float64{0.22, 0.19, 0.16}
			} else {
				t := math.Pow(math.Sin(el), 0.6)
				c = [3]float64{0.9 - 0.6*t, 0.95 - 0.45*t, 1.05 - 0.1*t}
				cos := d[0]*sd[0] + d[1]*sd[1] + d[2]*sd[2]
				if cos > math.Cos(1.5*math.Pi/180) {
					c = [3]float64{1200, 1080, 920} // the sun, about 3° across
				} else if cos > 0.9 {
					g := (cos - 0.9) / 0.1
					c[0] += 2 * g * g
					c[1] += 1.6 * g * g
					c[2] += 1.1 * g * g
				}
			}
			copy(m.Pix[3*(y*w+x):], []float32{float32(c[0]), float32(c[1]), float32(c[2])})
		}
	}
	var buf bytes.Buffer
	if err := hdri.EncodeHDR(&buf, m); err != nil {
		panic(err)
	}
	return buf.Bytes()
}
