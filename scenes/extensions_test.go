package scenes

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"math"
	"strings"
	"testing"
)

// gltfBuilder assembles a small glTF document with one data-URI buffer.
type gltfBuilder struct {
	bin  []byte
	doc  map[string]any
	accs []any
	view []any
}

func newBuilder() *gltfBuilder {
	return &gltfBuilder{doc: map[string]any{"asset": map[string]any{"version": "2.0"}}}
}

// floats adds an accessor of float32 values of the given type.
func (b *gltfBuilder) floats(typ string, vals ...float32) int {
	off := len(b.bin)
	for _, v := range vals {
		b.bin = binary.LittleEndian.AppendUint32(b.bin, math.Float32bits(v))
	}
	n := map[string]int{"SCALAR": 1, "VEC2": 2, "VEC3": 3, "VEC4": 4, "MAT4": 16}[typ]
	b.view = append(b.view, map[string]any{"buffer": 0, "byteOffset": off, "byteLength": 4 * len(vals)})
	acc := map[string]any{"bufferView": len(b.view) - 1, "componentType": 5126, "count": len(vals) / n, "type": typ}
	if typ == "VEC3" && len(vals) >= 3 {
		mn, mx := []float32{vals[0], vals[1], vals[2]}, []float32{vals[0], vals[1], vals[2]}
		for i := 0; i < len(vals); i += 3 {
			for c := 0; c < 3; c++ {
				mn[c], mx[c] = min(mn[c], vals[i+c]), max(mx[c], vals[i+c])
			}
		}
		acc["min"], acc["max"] = mn, mx
	}
	b.accs = append(b.accs, acc)
	return len(b.accs) - 1
}

// bytes4 adds an unsigned-byte VEC4 accessor (joints).
func (b *gltfBuilder) bytes4(vals ...uint8) int {
	off := len(b.bin)
	b.bin = append(b.bin, vals...)
	for len(b.bin)%4 != 0 {
		b.bin = append(b.bin, 0)
	}
	b.view = append(b.view, map[string]any{"buffer": 0, "byteOffset": off, "byteLength": len(vals)})
	b.accs = append(b.accs, map[string]any{"bufferView": len(b.view) - 1, "componentType": 5121, "count": len(vals) / 4, "type": "VEC4"})
	return len(b.accs) - 1
}

// encode returns the document as glTF JSON with its buffer inlined.
func (b *gltfBuilder) encode(t testing.TB) []byte {
	t.Helper()
	b.doc["accessors"] = b.accs
	b.doc["bufferViews"] = b.view
	b.doc["buffers"] = []any{map[string]any{"byteLength": len(b.bin), "uri": "data:application/octet-stream;base64," + base64.StdEncoding.EncodeToString(b.bin)}}
	data, err := json.Marshal(b.doc)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func (b *gltfBuilder) load(t *testing.T) *Scene {
	t.Helper()
	sc, err := Decode("test.gltf", b.encode(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

func pngURI(t *testing.T) string {
	img := image.NewNRGBA(image.Rect(0, 0, 2, 2))
	for i := 0; i < 4; i++ {
		img.Set(i%2, i/2, color.NRGBA{uint8(60 * i), 128, 255, 200})
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return "data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes())
}

// TestRatifiedExtensionsLoad: a material using every ratified KHR material
// extension, texture transforms and TEXCOORD_1 loads with no warning and
// every factor in place.
func TestRatifiedExtensionsLoad(t *testing.T) {
	b := newBuilder()
	pos := b.floats("VEC3", 0, 0, 0, 1, 0, 0, 0, 1, 0)
	uv0 := b.floats("VEC2", 0, 0, 1, 0, 0, 1)
	uv1 := b.floats("VEC2", 0.5, 0.5, 1, 0.5, 0.5, 1)
	col := b.floats("VEC4", 1, 0, 0, 1, 0, 1, 0, 0.5, 0, 0, 1, 1)
	tex := func(extra map[string]any) map[string]any {
		m := map[string]any{"index": 0}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	tt := map[string]any{"KHR_texture_transform": map[string]any{"offset": []float64{0.5, 0.25}, "rotation": math.Pi / 2, "scale": []float64{2, 3}, "texCoord": 1}}
	exts := []string{"KHR_materials_transmission", "KHR_materials_volume", "KHR_materials_ior", "KHR_materials_clearcoat",
		"KHR_materials_sheen", "KHR_materials_specular", "KHR_materials_emissive_strength", "KHR_materials_iridescence",
		"KHR_materials_anisotropy", "KHR_materials_dispersion", "KHR_texture_transform", "KHR_materials_unlit"}
	b.doc["extensionsUsed"] = exts
	b.doc["images"] = []any{map[string]any{"uri": pngURI(t)}}
	b.doc["textures"] = []any{map[string]any{"source": 0}}
	b.doc["materials"] = []any{map[string]any{
		"name": "everything", "alphaMode": "MASK", "alphaCutoff": 0.3, "doubleSided": true,
		"emissiveFactor":       []float64{1, 0.5, 0.25},
		"pbrMetallicRoughness": map[string]any{"baseColorTexture": tex(map[string]any{"extensions": tt}), "roughnessFactor": 0.4},
		"extensions": map[string]any{
			"KHR_materials_transmission":      map[string]any{"transmissionFactor": 0.9, "transmissionTexture": tex(nil)},
			"KHR_materials_volume":            map[string]any{"thicknessFactor": 0.2, "attenuationDistance": 0.5, "attenuationColor": []float64{0.9, 0.8, 0.7}},
			"KHR_materials_ior":               map[string]any{"ior": 1.33},
			"KHR_materials_clearcoat":         map[string]any{"clearcoatFactor": 0.7, "clearcoatRoughnessFactor": 0.1, "clearcoatNormalTexture": tex(map[string]any{"scale": 0.5})},
			"KHR_materials_sheen":             map[string]any{"sheenColorFactor": []float64{0.2, 0.3, 0.4}, "sheenRoughnessFactor": 0.6},
			"KHR_materials_specular":          map[string]any{"specularFactor": 0.8, "specularColorFactor": []float64{1, 0.9, 0.8}, "specularTexture": tex(nil)},
			"KHR_materials_emissive_strength": map[string]any{"emissiveStrength": 4},
			"KHR_materials_iridescence":       map[string]any{"iridescenceFactor": 1, "iridescenceIor": 1.4, "iridescenceThicknessMaximum": 500},
			"KHR_materials_anisotropy":        map[string]any{"anisotropyStrength": 0.6, "anisotropyRotation": 1.2},
			"KHR_materials_dispersion":        map[string]any{"dispersion": 0.5},
		},
	}, map[string]any{"name": "flat", "extensions": map[string]any{"KHR_materials_unlit": map[string]any{}}}}
	b.doc["meshes"] = []any{map[string]any{"primitives": []any{
		map[string]any{"attributes": map[string]int{"POSITION": pos, "TEXCOORD_0": uv0, "TEXCOORD_1": uv1, "COLOR_0": col}, "material": 0},
		map[string]any{"attributes": map[string]int{"POSITION": pos}, "material": 1},
	}}}
	b.doc["nodes"] = []any{map[string]any{"mesh": 0}}
	sc := b.load(t)
	if len(sc.Warnings) != 0 {
		t.Fatalf("warnings: %q", sc.Warnings)
	}
	m := sc.Materials[0]
	checks := []struct {
		name      string
		got, want float32
	}{
		{"alpha cutoff", m.AlphaCutoff, 0.3}, {"transmission", m.Transmission, 0.9}, {"thickness", m.Thickness, 0.2},
		{"attenuation distance", m.AttenuationDistance, 0.5}, {"attenuation green", m.AttenuationColor.Y, 0.8},
		{"ior", m.IOR, 1.33}, {"F0", m.F0, float32(math.Pow((1.33-1)/(1.33+1), 2))}, {"clearcoat", m.Clearcoat, 0.7},
		{"clearcoat roughness", m.ClearcoatRoughness, 0.1}, {"clearcoat normal scale", m.ClearcoatNormScale, 0.5},
		{"sheen blue", m.SheenColor.Z, 0.4}, {"sheen roughness", m.SheenRoughness, 0.6}, {"specular", m.SpecularWeight, 0.8},
		{"specular colour blue", m.SpecularColor.Z, 0.8}, {"emissive × strength", m.Emissive.Y, 2},
		{"iridescence ior", m.IridescenceIOR, 1.4}, {"iridescence thickness", m.IridescenceThkMax, 500},
		{"anisotropy", m.Anisotropy, 0.6}, {"anisotropy rotation", m.AnisotropyRotation, 1.2}, {"dispersion", m.Dispersion, 0.5},
	}
	for _, c := range checks {
		if math.Abs(float64(c.got-c.want)) > 1e-6 {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	if m.AlphaMode != AlphaMask || !m.DoubleSided || !sc.Materials[1].Unlit {
		t.Errorf("alpha mode %v, double sided %v, unlit %v", m.AlphaMode, m.DoubleSided, sc.Materials[1].Unlit)
	}
	for _, slot := range []int{TexBaseColor, TexTransmission, TexClearcoatNormal, TexSpecular} {
		if m.Tex[slot].Index < 0 {
			t.Errorf("texture slot %d is empty", slot)
		}
	}
	// The transform: translation × rotation(π/2) × scale(2, 3) on TEXCOORD_1.
	r := m.Tex[TexBaseColor]
	if r.TexCoord != 1 {
		t.Errorf("base colour reads TEXCOORD_%d", r.TexCoord)
	}
	if u, v := r.Apply(1, 0); math.Abs(float64(u-0.5)) > 1e-6 || math.Abs(float64(v-(0.25-2))) > 1e-6 {
		t.Errorf("transform of (1, 0) = (%v, %v), want (0.5, -1.75)", u, v)
	}
	p := sc.Meshes[0].Primitives[0]
	if p.UV1 == nil || p.UV1[1] != (Vec2{1, 0.5}) || p.Colors == nil || p.Colors[1] != [4]float32{0, 1, 0, 0.5} {
		t.Errorf("TEXCOORD_1 %v, COLOR_0 %v", p.UV1, p.Colors)
	}
	f, err := sc.Frame(FrameOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if f.Extra == nil || f.Extra[0].Color[1] != [4]float32{0, 1, 0, 0.5} && f.Extra[1].Color[1] != [4]float32{0, 1, 0, 0.5} {
		t.Errorf("the frame's per-triangle colours: %v", f.Extra)
	}
}

// TestSkinAndMorph: a triangle skinned to a joint that moves and turns
// with an animation, and a morph target whose weight is animated.
func TestSkinAndMorph(t *testing.T) {
	b := newBuilder()
	pos := b.floats("VEC3", 0, 0, 0, 1, 0, 0, 0, 1, 0)
	nrm := b.floats("VEC3", 0, 0, 1, 0, 0, 1, 0, 0, 1)
	joints := b.bytes4(0, 1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0)
	weights := b.floats("VEC4", 0.5, 0.5, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0)
	ibm := b.floats("MAT4", 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, -2, 0, 0, 1)
	delta := b.floats("VEC3", 0, 0, 2, 0, 0, 2, 0, 0, 2)
	times := b.floats("SCALAR", 0, 1)
	tr := b.floats("VEC3", 0, 0, 0, 0, 3, 0)
	w := b.floats("SCALAR", 0, 1)
	b.doc["meshes"] = []any{map[string]any{"primitives": []any{map[string]any{
		"attributes": map[string]int{"POSITION": pos, "NORMAL": nrm, "JOINTS_0": joints, "WEIGHTS_0": weights},
		"targets":    []any{map[string]int{"POSITION": delta}},
	}}, "weights": []float64{0}}}
	b.doc["skins"] = []any{map[string]any{"joints": []int{1, 2}, "inverseBindMatrices": ibm}}
	b.doc["nodes"] = []any{
		map[string]any{"mesh": 0, "skin": 0, "translation": []float64{100, 0, 0}}, // a skinned mesh's own transform is ignored
		map[string]any{"name": "root joint"},
		map[string]any{"name": "moving joint", "translation": []float64{2, 0, 0}},
	}
	b.doc["scenes"] = []any{map[string]any{"nodes": []int{0, 1, 2}}}
	b.doc["animations"] = []any{map[string]any{
		"samplers": []any{map[string]any{"input": times, "output": tr}, map[string]any{"input": times, "output": w}},
		"channels": []any{map[string]any{"sampler": 0, "target": map[string]any{"node": 2, "path": "translation"}},
			map[string]any{"sampler": 1, "target": map[string]any{"node": 0, "path": "weights"}}},
	}}
	sc := b.load(t)
	if len(sc.Warnings) != 0 {
		t.Fatalf("warnings: %q", sc.Warnings)
	}
	// At t = 0.5 s (frame 12) the animation puts joint 2 at (0, 1.5, 0);
	// its inverse bind undoes a bind pose at x = 2, so its joint matrix
	// moves vertices by (-2, 1.5, 0). The morph weight 0.5 lifts z by 1.
	f, err := sc.Frame(FrameOptions{Frame: 12})
	if err != nil {
		t.Fatal(err)
	}
	verts := map[[3]float32]bool{}
	for _, tri := range f.Tris {
		for _, v := range []Vec3{tri.V0, tri.V0.Add(tri.E1), tri.V0.Add(tri.E2)} {
			verts[[3]float32{round3(v.X), round3(v.Y), round3(v.Z)}] = true
		}
	}
	for _, want := range [][3]float32{
		{-1, 0.75, 1}, // (0, 0, 1): half on the still root, half on the moving joint
		{-1, 1.5, 1},  // (1, 0, 1): all on the moving joint
		{0, 1, 1},     // (0, 1, 1): all on the root (its second weight)
	} {
		if !verts[want] {
			t.Errorf("no vertex at %v; the frame has %v", want, verts)
		}
	}
}

func round3(x float32) float32 { return float32(math.Round(float64(x)*1000) / 1000) }

// TestBadExtensionValues: out-of-range extension values are refused with
// the material and field named.
func TestBadExtensionValues(t *testing.T) {
	for _, tc := range []struct {
		ext  string
		body map[string]any
		want string
	}{
		{"KHR_materials_ior", map[string]any{"ior": 0.5}, "ior 0.5"},
		{"KHR_materials_volume", map[string]any{"thicknessFactor": -1}, "thicknessFactor"},
		{"KHR_materials_dispersion", map[string]any{"dispersion": -2}, "dispersion"},
	} {
		b := newBuilder()
		b.doc["materials"] = []any{map[string]any{"name": "bad", "extensions": map[string]any{tc.ext: tc.body}}}
		data, _ := json.Marshal(b.doc)
		_, err := Decode("bad.gltf", data, nil)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "materials[0] (bad)") {
			t.Errorf("%s %v: error %v", tc.ext, tc.body, err)
		}
	}
}

// TestImageBasedLight: a file carrying EXT_lights_image_based with six
// single-colour cube faces (LDR JPEG-style RGB, and one RGBD PNG) gets an
// environment in which looking along each axis sees that axis's face.
func TestImageBasedLight(t *testing.T) {
	face := func(c color.NRGBA) string {
		img := image.NewNRGBA(image.Rect(0, 0, 4, 4))
		for i := 0; i < 16; i++ {
			img.Set(i%4, i/4, c)
		}
		var buf bytes.Buffer
		png.Encode(&buf, img)
		return "data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes())
	}
	cols := []color.NRGBA{{255, 0, 0, 255}, {0, 255, 0, 255}, {0, 0, 255, 255}, {255, 255, 0, 255}, {0, 255, 255, 255}, {255, 0, 255, 255}}
	var images []any
	for i, c := range cols {
		if i == 2 {
			c.A = 128 // +Y as RGBD: (0, 0, 1)^2.2 / (128/255) ≈ 2 in blue
		}
		images = append(images, map[string]any{"uri": face(c)})
	}
	b := newBuilder()
	pos := b.floats("VEC3", 0, 0, 0, 1, 0, 0, 0, 1, 0)
	b.doc["extensionsUsed"] = []string{"EXT_lights_image_based"}
	b.doc["images"] = images
	b.doc["meshes"] = []any{map[string]any{"primitives": []any{map[string]any{"attributes": map[string]int{"POSITION": pos}}}}}
	b.doc["nodes"] = []any{map[string]any{"mesh": 0}}
	b.doc["scenes"] = []any{map[string]any{"nodes": []int{0}, "extensions": map[string]any{"EXT_lights_image_based": map[string]any{"light": 0}}}}
	b.doc["extensions"] = map[string]any{"EXT_lights_image_based": map[string]any{"lights": []any{map[string]any{
		"name": "sky", "intensity": 2, "specularImageSize": 4, "specularImages": [][]int{{0, 1, 2, 3, 4, 5}},
		"irradianceCoefficients": [][]float64{{0, 0, 0}},
	}}}}
	sc := b.load(t)
	if len(sc.Warnings) != 0 || sc.Env == nil {
		t.Fatalf("warnings %q, env %v", sc.Warnings, sc.Env)
	}
	e := sc.Env
	at := func(u, v float64) [3]float32 {
		x, y := min(int(u*float64(e.Width)), e.Width-1), min(int(v*float64(e.Height)), e.Height-1)
		k := 3 * (y*e.Width + x)
		return [3]float32{e.Pix[k] * e.Strength, e.Pix[k+1] * e.Strength, e.Pix[k+2] * e.Strength}
	}
	for _, tc := range []struct {
		name string
		u, v float64
		want [3]float32
	}{
		{"+X at the centre", 0.5, 0.5, [3]float32{2, 0, 0}},
		{"-X at the seam", 0.001, 0.5, [3]float32{0, 2, 0}},
		{"+Y at the top (RGBD)", 0.5, 0.001, [3]float32{0, 0, 2 * 255.0 / 128}},
		{"-Y at the bottom", 0.5, 0.999, [3]float32{2, 2, 0}},
		{"-Z at u 0.25", 0.25, 0.5, [3]float32{2, 0, 2}},
		{"+Z at u 0.75", 0.75, 0.5, [3]float32{0, 2, 2}},
	} {
		got := at(tc.u, tc.v)
		for c := range got {
			if math.Abs(float64(got[c]-tc.want[c])) > 0.02*float64(max(tc.want[c], 1)) {
				t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
				break
			}
		}
	}
	f, err := sc.Frame(FrameOptions{})
	if err != nil || f.Env != e || !f.Lit() {
		t.Fatalf("the frame's environment: %v %v", err, f.Env)
	}
}
