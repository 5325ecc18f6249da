package scenes

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
)

// MaxFileBytes bounds the size of a scene file and of each external buffer
// or image it references (2 GiB, the most a GLB can address).
const MaxFileBytes = 2 << 30

// supportedExtensions are the glTF extensions the loader and renderer
// implement; a file that requires any other one is refused.
var supportedExtensions = []string{
	"KHR_lights_punctual",
	"KHR_materials_anisotropy",
	"KHR_materials_clearcoat",
	"KHR_materials_dispersion",
	"KHR_materials_emissive_strength",
	"KHR_materials_ior",
	"KHR_materials_iridescence",
	"KHR_materials_sheen",
	"KHR_materials_specular",
	"KHR_materials_transmission",
	"KHR_materials_unlit",
	"KHR_materials_volume",
	"KHR_mesh_quantization",
	"KHR_texture_transform",
	"EXT_lights_image_based",
}

// Error is a load failure that names the file and the element at fault.
type Error struct {
	File    string // file name, as given to Load or Decode
	Element string // e.g. "meshes[2].primitives[0]"; empty for the whole file
	Err     error
}

func (e *Error) Error() string {
	if e.Element == "" {
		return fmt.Sprintf("%s: %v", e.File, e.Err)
	}
	return fmt.Sprintf("%s: %s: %v", e.File, e.Element, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// ErrUnsupported is wrapped by errors for files that need a feature
// rendergrid does not implement.
var ErrUnsupported = errors.New("unsupported")

// Load reads a .glb or .gltf file; external buffers and images are read
// relative to the file's directory.
func Load(file string) (*Scene, error) {
	return LoadWith(file, Limits{})
}

// LoadWith is Load with the given limits.
func LoadWith(file string, lim Limits) (*Scene, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, fmt.Errorf("opening scene: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("reading scene %s: %w", file, err)
	}
	if len(data) > MaxFileBytes {
		return nil, &Error{File: filepath.Base(file), Err: fmt.Errorf("file is larger than %d bytes", MaxFileBytes)}
	}
	return DecodeWith(filepath.Base(file), data, os.DirFS(filepath.Dir(file)), lim)
}

// Decode loads a scene from the bytes of a .glb or .gltf file. name is used
// in messages; fsys resolves external URIs and may be nil when the file has
// none.
func Decode(name string, data []byte, fsys fs.FS) (*Scene, error) {
	return DecodeWith(name, data, fsys, Limits{})
}

// DecodeWith is Decode with the given limits; a file that needs more is
// refused with a *LimitError before the memory is allocated.
func DecodeWith(name string, data []byte, fsys fs.FS, lim Limits) (*Scene, error) {
	l := &loader{name: name, fsys: fsys, accessorCache: map[int]cachedAccessor{}, lim: lim.orDefault()}
	s, err := l.load(data)
	if err != nil {
		var le *Error
		if errors.As(err, &le) {
			return nil, err
		}
		return nil, &Error{File: name, Err: err}
	}
	return s, nil
}

type loader struct {
	name          string
	fsys          fs.FS
	doc           gltfDoc
	buffers       [][]byte
	accessorCache map[int]cachedAccessor
	scene         *Scene
	textures      map[textureKey]int
	uv1Used       bool // a texture slot reads TEXCOORD_1
	lim           Limits
	texels        int64 // texture pixels decoded so far
}

// chargeTexels counts a w×h texture against the texture pixel limit.
func (l *loader) chargeTexels(w, h int) error {
	l.texels += int64(w) * int64(h)
	if l.texels > int64(l.lim.TexturePixels) {
		return &LimitError{What: "texture pixels", Need: l.texels, Limit: int64(l.lim.TexturePixels), Flag: "--" + FlagMaxTexturePixels}
	}
	return nil
}

type textureKey struct {
	texture int
	srgb    bool
}

func (l *loader) fail(element string, err error) error {
	return &Error{File: l.name, Element: element, Err: err}
}

func (l *loader) warn(format string, args ...any) {
	l.scene.Warnings = append(l.scene.Warnings, fmt.Sprintf(format, args...))
}

func (l *loader) load(data []byte) (*Scene, error) {
	jsonChunk, bin, isGLB, err := splitGLB(data)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(jsonChunk))
	if err := dec.Decode(&l.doc); err != nil {
		if isGLB {
			return nil, fmt.Errorf("GLB JSON chunk is not valid glTF JSON: %w", err)
		}
		return nil, fmt.Errorf("not a glTF file (neither GLB nor valid glTF JSON): %w", err)
	}
	if !strings.HasPrefix(l.doc.Asset.Version, "2.") {
		return nil, fmt.Errorf("asset.version %q is not glTF 2.x", l.doc.Asset.Version)
	}
	l.scene = &Scene{Name: l.name, limits: l.lim}
	if err := l.checkExtensions(); err != nil {
		return nil, err
	}
	if err := l.loadBuffers(bin); err != nil {
		return nil, err
	}
	if err := l.loadMaterials(); err != nil {
		return nil, err
	}
	if err := l.loadMeshes(); err != nil {
		return nil, err
	}
	if err := l.loadCameras(); err != nil {
		return nil, err
	}
	if err := l.loadLights(); err != nil {
		return nil, err
	}
	if err := l.loadNodes(); err != nil {
		return nil, err
	}
	if err := l.loadAnimations(); err != nil {
		return nil, err
	}
	if err := l.loadSkins(); err != nil {
		return nil, err
	}
	if si := l.displayedScene(); si >= 0 {
		if err := l.loadEnvironment(l.doc.Extensions.IBL, l.doc.Scenes[si].Extensions.IBL); err != nil {
			return nil, err
		}
	}
	return l.scene, nil
}

// displayedScene is the index of the scene the file displays (-1: none).
func (l *loader) displayedScene() int {
	if len(l.doc.Scenes) == 0 {
		return -1
	}
	if l.doc.Scene != nil {
		return *l.doc.Scene
	}
	return 0
}

func (l *loader) checkExtensions() error {
	for _, e := range l.doc.ExtensionsRequired {
		if !slices.Contains(supportedExtensions, e) {
			return fmt.Errorf("extensionsRequired names %s, which rendergrid does not support (%w; supported: %s)",
				e, ErrUnsupported, strings.Join(supportedExtensions, ", "))
		}
	}
	for _, e := range l.doc.ExtensionsUsed {
		if !slices.Contains(supportedExtensions, e) {
			l.warn("extension %s is not supported and is ignored", e)
		}
	}
	return nil
}

func (l *loader) loadBuffers(bin []byte) error {
	l.buffers = make([][]byte, len(l.doc.Buffers))
	for i, b := range l.doc.Buffers {
		el := fmt.Sprintf("buffers[%d]", i)
		if b.ByteLength < 1 {
			return l.fail(el, fmt.Errorf("byteLength %d must be at least 1", b.ByteLength))
		}
		var data []byte
		switch {
		case b.URI == "":
			if i != 0 || bin == nil {
				return l.fail(el, errors.New("has no uri and is not the GLB binary chunk"))
			}
			data = bin
		default:
			var err error
			data, err = l.readURI(b.URI)
			if err != nil {
				return l.fail(el, err)
			}
		}
		if len(data) < b.ByteLength {
			return l.fail(el, fmt.Errorf("byteLength is %d but only %d bytes are present (truncated file?)", b.ByteLength, len(data)))
		}
		l.buffers[i] = data[:b.ByteLength]
	}
	return nil
}

// readURI resolves a data: URI or a relative path inside the scene's directory.
func (l *loader) readURI(uri string) ([]byte, error) {
	if strings.HasPrefix(uri, "data:") {
		comma := strings.IndexByte(uri, ',')
		if comma < 0 || !strings.HasSuffix(uri[:comma], ";base64") {
			return nil, errors.New("data URI is not base64")
		}
		b, err := base64.StdEncoding.DecodeString(uri[comma+1:])
		if err != nil {
			return nil, fmt.Errorf("data URI: %w", err)
		}
		return b, nil
	}
	if u, err := url.Parse(uri); err == nil && u.Scheme != "" {
		return nil, fmt.Errorf("uri %q: only relative paths and data: URIs are supported", uri)
	}
	p, err := url.PathUnescape(uri)
	if err != nil {
		return nil, fmt.Errorf("uri %q: %w", uri, err)
	}
	p = path.Clean(strings.ReplaceAll(p, "\\", "/"))
	if !fs.ValidPath(p) {
		return nil, fmt.Errorf("uri %q points outside the scene's directory", uri)
	}
	if l.fsys == nil {
		return nil, fmt.Errorf("uri %q names an external file, but the scene was given without its directory", uri)
	}
	f, err := l.fsys.Open(p)
	if err != nil {
		return nil, fmt.Errorf("external file %q: %w", uri, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("external file %q: %w", uri, err)
	}
	if len(data) > MaxFileBytes {
		return nil, fmt.Errorf("external file %q is larger than %d bytes", uri, MaxFileBytes)
	}
	return data, nil
}

func (l *loader) loadMaterials() error {
	l.textures = map[textureKey]int{}
	for i, m := range l.doc.Materials {
		el := fmt.Sprintf("materials[%d] (%s)", i, m.Name)
		mat := DefaultMaterial()
		mat.Name = m.Name
		if mat.Name == "" {
			mat.Name = fmt.Sprintf("material %d", i)
		}
		var err error
		if p := m.PBR; p != nil {
			if p.BaseColorFactor != nil {
				mat.BaseColor = f32x4(*p.BaseColorFactor)
			}
			if p.MetallicFactor != nil {
				mat.Metallic = float32(*p.MetallicFactor)
			}
			if p.RoughnessFactor != nil {
				mat.Roughness = float32(*p.RoughnessFactor)
			}
			if mat.Tex[TexBaseColor], err = l.texRef(el+".baseColorTexture", p.BaseColorTexture, true); err != nil {
				return err
			}
			if mat.Tex[TexMetalRough], err = l.texRef(el+".metallicRoughnessTexture", p.MetallicRoughnessTexture, false); err != nil {
				return err
			}
		}
		if m.EmissiveFactor != nil {
			mat.Emissive = v3(*m.EmissiveFactor)
		}
		if mat.Tex[TexEmissive], err = l.texRef(el+".emissiveTexture", m.EmissiveTexture, true); err != nil {
			return err
		}
		if mat.Tex[TexNormal], err = l.texRef(el+".normalTexture", m.NormalTexture, false); err != nil {
			return err
		}
		if m.NormalTexture != nil && m.NormalTexture.Scale != nil {
			mat.NormalScale = float32(*m.NormalTexture.Scale)
		}
		if m.OcclusionTexture != nil {
			l.warn("%s: occlusionTexture is not used (a path tracer computes occlusion)", el)
		}
		switch m.AlphaMode {
		case "", "OPAQUE":
		case "MASK":
			mat.AlphaMode = AlphaMask
			if m.AlphaCutoff != nil {
				mat.AlphaCutoff = float32(*m.AlphaCutoff)
			}
		case "BLEND":
			mat.AlphaMode = AlphaBlend
		default:
			return l.fail(el, fmt.Errorf("alphaMode %q is not OPAQUE, MASK or BLEND", m.AlphaMode))
		}
		mat.DoubleSided = m.DoubleSided
		if err := l.materialExtensions(el, &mat, m.Extensions); err != nil {
			return err
		}
		if err := checkMaterial(&mat); err != nil {
			return l.fail(el, err)
		}
		l.scene.Materials = append(l.scene.Materials, mat)
	}
	l.scene.Materials = append(l.scene.Materials, DefaultMaterial())
	return nil
}

// materialExtensions folds the KHR_materials_* extensions into mat. Each
// extension's JSON is decoded into its own struct; texture slots go
// through texRef like the core ones.
func (l *loader) materialExtensions(el string, mat *Material, exts map[string]json.RawMessage) error {
	names := make([]string, 0, len(exts))
	for k := range exts {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, name := range names {
		raw := exts[name]
		ext := el + "." + name
		tex := func(slot int, field string, info *gltfTextureInfo, srgb bool) error {
			r, err := l.texRef(ext+"."+field, info, srgb)
			mat.Tex[slot] = r
			return err
		}
		f := func(dst *float32, v *float64) {
			if v != nil {
				*dst = float32(*v)
			}
		}
		var err error
		switch name {
		case "KHR_materials_emissive_strength":
			var e struct {
				EmissiveStrength *float64 `json:"emissiveStrength"`
			}
			if err = json.Unmarshal(raw, &e); err == nil && e.EmissiveStrength != nil {
				mat.Emissive = mat.Emissive.Scale(float32(*e.EmissiveStrength))
			}
		case "KHR_materials_specular":
			var e struct {
				SpecularFactor       *float64         `json:"specularFactor"`
				SpecularColorFactor  *[3]float64      `json:"specularColorFactor"`
				SpecularTexture      *gltfTextureInfo `json:"specularTexture"`
				SpecularColorTexture *gltfTextureInfo `json:"specularColorTexture"`
			}
			if err = json.Unmarshal(raw, &e); err == nil {
				f(&mat.SpecularWeight, e.SpecularFactor)
				if e.SpecularColorFactor != nil {
					mat.SpecularColor = v3(*e.SpecularColorFactor)
				}
				if err = tex(TexSpecular, "specularTexture", e.SpecularTexture, false); err == nil {
					err = tex(TexSpecularColor, "specularColorTexture", e.SpecularColorTexture, true)
				}
			}
		case "KHR_materials_ior":
			var e struct {
				IOR *float64 `json:"ior"`
			}
			if err = json.Unmarshal(raw, &e); err == nil && e.IOR != nil {
				ior := *e.IOR
				// ior 0 is the spec's way to say "infinitely reflective" (F0 = 1).
				if ior != 0 && ior < 1 || math.IsNaN(ior) || math.IsInf(ior, 0) || ior > 10 {
					return l.fail(el, fmt.Errorf("KHR_materials_ior: ior %v must be 0 or within 1..10", ior))
				}
				mat.IOR = float32(ior)
			}
		case "KHR_materials_transmission":
			var e struct {
				TransmissionFactor  *float64         `json:"transmissionFactor"`
				TransmissionTexture *gltfTextureInfo `json:"transmissionTexture"`
			}
			if err = json.Unmarshal(raw, &e); err == nil {
				f(&mat.Transmission, e.TransmissionFactor)
				err = tex(TexTransmission, "transmissionTexture", e.TransmissionTexture, false)
			}
		case "KHR_materials_volume":
			var e struct {
				ThicknessFactor     *float64         `json:"thicknessFactor"`
				ThicknessTexture    *gltfTextureInfo `json:"thicknessTexture"`
				AttenuationDistance *float64         `json:"attenuationDistance"`
				AttenuationColor    *[3]float64      `json:"attenuationColor"`
			}
			if err = json.Unmarshal(raw, &e); err == nil {
				f(&mat.Thickness, e.ThicknessFactor)
				f(&mat.AttenuationDistance, e.AttenuationDistance)
				if e.AttenuationColor != nil {
					mat.AttenuationColor = v3(*e.AttenuationColor)
				}
				err = tex(TexThickness, "thicknessTexture", e.ThicknessTexture, false)
			}
		case "KHR_materials_dispersion":
			var e struct {
				Dispersion *float64 `json:"dispersion"`
			}
			if err = json.Unmarshal(raw, &e); err == nil {
				f(&mat.Dispersion, e.Dispersion)
			}
		case "KHR_materials_clearcoat":
			var e struct {
				ClearcoatFactor           *float64         `json:"clearcoatFactor"`
				ClearcoatTexture          *gltfTextureInfo `json:"clearcoatTexture"`
				ClearcoatRoughnessFactor  *float64         `json:"clearcoatRoughnessFactor"`
				ClearcoatRoughnessTexture *gltfTextureInfo `json:"clearcoatRoughnessTexture"`
				ClearcoatNormalTexture    *gltfTextureInfo `json:"clearcoatNormalTexture"`
			}
			if err = json.Unmarshal(raw, &e); err == nil {
				f(&mat.Clearcoat, e.ClearcoatFactor)
				f(&mat.ClearcoatRoughness, e.ClearcoatRoughnessFactor)
				if e.ClearcoatNormalTexture != nil && e.ClearcoatNormalTexture.Scale != nil {
					mat.ClearcoatNormScale = float32(*e.ClearcoatNormalTexture.Scale)
				}
				err = errors.Join(tex(TexClearcoat, "clearcoatTexture", e.ClearcoatTexture, false),
					tex(TexClearcoatRough, "clearcoatRoughnessTexture", e.ClearcoatRoughnessTexture, false),
					tex(TexClearcoatNormal, "clearcoatNormalTexture", e.ClearcoatNormalTexture, false))
			}
		case "KHR_materials_sheen":
			var e struct {
				SheenColorFactor      *[3]float64      `json:"sheenColorFactor"`
				SheenColorTexture     *gltfTextureInfo `json:"sheenColorTexture"`
				SheenRoughnessFactor  *float64         `json:"sheenRoughnessFactor"`
				SheenRoughnessTexture *gltfTextureInfo `json:"sheenRoughnessTexture"`
			}
			if err = json.Unmarshal(raw, &e); err == nil {
				if e.SheenColorFactor != nil {
					mat.SheenColor = v3(*e.SheenColorFactor)
				}
				f(&mat.SheenRoughness, e.SheenRoughnessFactor)
				err = errors.Join(tex(TexSheenColor, "sheenColorTexture", e.SheenColorTexture, true),
					tex(TexSheenRough, "sheenRoughnessTexture", e.SheenRoughnessTexture, false))
			}
		case "KHR_materials_iridescence":
			var e struct {
				IridescenceFactor           *float64         `json:"iridescenceFactor"`
				IridescenceTexture          *gltfTextureInfo `json:"iridescenceTexture"`
				IridescenceIor              *float64         `json:"iridescenceIor"`
				IridescenceThicknessMinimum *float64         `json:"iridescenceThicknessMinimum"`
				IridescenceThicknessMaximum *float64         `json:"iridescenceThicknessMaximum"`
				IridescenceThicknessTexture *gltfTextureInfo `json:"iridescenceThicknessTexture"`
			}
			if err = json.Unmarshal(raw, &e); err == nil {
				f(&mat.Iridescence, e.IridescenceFactor)
				f(&mat.IridescenceIOR, e.IridescenceIor)
				f(&mat.IridescenceThkMin, e.IridescenceThicknessMinimum)
				f(&mat.IridescenceThkMax, e.IridescenceThicknessMaximum)
				err = errors.Join(tex(TexIridescence, "iridescenceTexture", e.IridescenceTexture, false),
					tex(TexIridescenceThk, "iridescenceThicknessTexture", e.IridescenceThicknessTexture, false))
			}
		case "KHR_materials_anisotropy":
			var e struct {
				AnisotropyStrength *float64         `json:"anisotropyStrength"`
				AnisotropyRotation *float64         `json:"anisotropyRotation"`
				AnisotropyTexture  *gltfTextureInfo `json:"anisotropyTexture"`
			}
			if err = json.Unmarshal(raw, &e); err == nil {
				f(&mat.Anisotropy, e.AnisotropyStrength)
				f(&mat.AnisotropyRotation, e.AnisotropyRotation)
				err = tex(TexAnisotropy, "anisotropyTexture", e.AnisotropyTexture, false)
			}
		case "KHR_materials_unlit":
			mat.Unlit = true
		default:
			l.warn("%s: material extension %s is not supported and is ignored", el, name)
		}
		if err != nil {
			var le *Error
			if errors.As(err, &le) {
				return err
			}
			return l.fail(el, fmt.Errorf("%s: %w", name, err))
		}
	}
	return nil
}

func checkMaterial(m *Material) error {
	vals := []float32{m.BaseColor[0], m.BaseColor[1], m.BaseColor[2], m.BaseColor[3], m.Metallic, m.Roughness,
		m.Emissive.X, m.Emissive.Y, m.Emissive.Z, m.SpecularWeight, m.NormalScale, m.AlphaCutoff,
		m.SpecularColor.X, m.SpecularColor.Y, m.SpecularColor.Z, m.Transmission, m.Thickness,
		m.AttenuationColor.X, m.AttenuationColor.Y, m.AttenuationColor.Z, m.AttenuationDistance, m.Dispersion,
		m.Clearcoat, m.ClearcoatRoughness, m.ClearcoatNormScale, m.SheenColor.X, m.SheenColor.Y, m.SheenColor.Z,
		m.SheenRoughness, m.Iridescence, m.IridescenceIOR, m.IridescenceThkMin, m.IridescenceThkMax,
		m.Anisotropy, m.AnisotropyRotation}
	for _, v := range vals {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return errors.New("has a NaN or infinite factor")
		}
	}
	switch {
	case min(m.Emissive.X, m.Emissive.Y, m.Emissive.Z) < 0:
		return errors.New("emissive factor is negative")
	case m.Thickness < 0:
		return fmt.Errorf("KHR_materials_volume: thicknessFactor %v is negative", m.Thickness)
	case m.AttenuationDistance < 0:
		return fmt.Errorf("KHR_materials_volume: attenuationDistance %v must be positive", m.AttenuationDistance)
	case m.Dispersion < 0:
		return fmt.Errorf("KHR_materials_dispersion: dispersion %v is negative", m.Dispersion)
	case m.IridescenceIOR < 1:
		return fmt.Errorf("KHR_materials_iridescence: iridescenceIor %v is below 1", m.IridescenceIOR)
	case m.IridescenceThkMin < 0 || m.IridescenceThkMax < 0:
		return errors.New("KHR_materials_iridescence: thickness is negative")
	}
	clamp01 := func(v *float32) { *v = min(max(*v, 0), 1) }
	for i := range m.BaseColor {
		clamp01(&m.BaseColor[i])
	}
	for _, v := range []*float32{&m.Metallic, &m.Roughness, &m.SpecularWeight, &m.Transmission, &m.Clearcoat,
		&m.ClearcoatRoughness, &m.SheenRoughness, &m.Iridescence, &m.Anisotropy,
		&m.AttenuationColor.X, &m.AttenuationColor.Y, &m.AttenuationColor.Z, &m.SheenColor.X, &m.SheenColor.Y, &m.SheenColor.Z} {
		clamp01(v)
	}
	m.SpecularColor = m.SpecularColor.Max(Vec3{})
	if m.IOR == 0 {
		m.F0 = 1
	} else {
		r := (m.IOR - 1) / (m.IOR + 1)
		m.F0 = r * r
	}
	return nil
}

func f32x4(a [4]float64) [4]float32 {
	return [4]float32{float32(a[0]), float32(a[1]), float32(a[2]), float32(a[3])}
}

func (l *loader) loadMeshes() error {
	defaultMat := len(l.scene.Materials) - 1
	for mi, m := range l.doc.Meshes {
		mesh := Mesh{Name: m.Name, Weights: m.Weights}
		if mesh.Name == "" {
			mesh.Name = fmt.Sprintf("mesh %d", mi)
		}
		for _, w := range m.Weights {
			if math.IsNaN(w) || math.IsInf(w, 0) {
				return l.fail(fmt.Sprintf("meshes[%d] (%s)", mi, mesh.Name), errors.New("weights has a NaN or infinite value"))
			}
		}
		for pi, p := range m.Primitives {
			el := fmt.Sprintf("meshes[%d] (%s).primitives[%d]", mi, mesh.Name, pi)
			if _, ok := p.Extensions["KHR_draco_mesh_compression"]; ok {
				if _, hasPos := p.Attributes["POSITION"]; !hasPos {
					return l.fail(el, fmt.Errorf("is Draco-compressed (KHR_draco_mesh_compression), which is %w", ErrUnsupported))
				}
				l.warn("%s: Draco compression is not supported; the uncompressed fallback is used", el)
			}
			mode := 4
			if p.Mode != nil {
				mode = *p.Mode
			}
			if mode < 0 || mode > 6 {
				return l.fail(el, fmt.Errorf("unknown mode %d", mode))
			}
			if mode < 4 {
				l.warn("%s: mode %s is not rendered (only triangles are)", el, [...]string{"POINTS", "LINES", "LINE_LOOP", "LINE_STRIP"}[mode])
				continue
			}
			prim, err := l.loadPrimitive(p.Attributes, p.Indices, mode)
			if err != nil {
				return l.fail(el, err)
			}
			if len(mesh.Weights) > 0 && len(p.Targets) != len(mesh.Weights) {
				return l.fail(el, fmt.Errorf("has %d morph targets, the mesh has %d weights", len(p.Targets), len(mesh.Weights)))
			}
			if len(p.Targets) > maxMorphTargets {
				return l.fail(el, fmt.Errorf("has %d morph targets, more than %d", len(p.Targets), maxMorphTargets))
			}
			for ti, t := range p.Targets {
				mt, err := l.loadTarget(t, len(prim.Positions))
				if err != nil {
					return l.fail(fmt.Sprintf("%s.targets[%d]", el, ti), err)
				}
				prim.Targets = append(prim.Targets, mt)
			}
			prim.Material = defaultMat
			if p.Material != nil {
				if *p.Material < 0 || *p.Material >= defaultMat {
					return l.fail(el, fmt.Errorf("material %d does not exist (file has %d)", *p.Material, defaultMat))
				}
				prim.Material = *p.Material
			}
			mesh.Primitives = append(mesh.Primitives, prim)
		}
		l.scene.Meshes = append(l.scene.Meshes, mesh)
	}
	return nil
}

// maxMorphTargets bounds the targets of one primitive (glTF sets no limit;
// exporters write tens).
const maxMorphTargets = 256

// loadTarget reads one morph target's displacements for n vertices.
func (l *loader) loadTarget(attrs map[string]int, n int) (MorphTarget, error) {
	var mt MorphTarget
	for _, a := range []struct {
		name string
		dst  *[]Vec3
	}{{"POSITION", &mt.Positions}, {"NORMAL", &mt.Normals}, {"TANGENT", &mt.Tangents}} {
		acc, ok := attrs[a.name]
		if !ok {
			continue
		}
		v, _, err := l.readAccessor(acc, "VEC3")
		if err != nil {
			return mt, fmt.Errorf("%s: %w", a.name, err)
		}
		if len(v)/3 != n {
			return mt, fmt.Errorf("%s has %d entries, POSITION has %d", a.name, len(v)/3, n)
		}
		out := make([]Vec3, n)
		for i := range out {
			out[i] = Vec3{v[3*i], v[3*i+1], v[3*i+2]}
			if !out[i].IsFinite() {
				return mt, fmt.Errorf("%s (accessor %d): vertex %d is NaN or infinite", a.name, acc, i)
			}
		}
		*a.dst = out
	}
	return mt, nil
}

func (l *loader) loadPrimitive(attrs map[string]int, indices *int, mode int) (Primitive, error) {
	var prim Primitive
	posAcc, ok := attrs["POSITION"]
	if !ok {
		return prim, errors.New("has no POSITION attribute")
	}
	pos, _, err := l.readAccessor(posAcc, "VEC3")
	if err != nil {
		return prim, fmt.Errorf("POSITION: %w", err)
	}
	n := len(pos) / 3
	prim.Positions = make([]Vec3, n)
	for i := range prim.Positions {
		p := Vec3{pos[3*i], pos[3*i+1], pos[3*i+2]}
		if !p.IsFinite() {
			return prim, fmt.Errorf("POSITION (accessor %d): vertex %d is NaN or infinite", posAcc, i)
		}
		prim.Positions[i] = p
	}
	if acc, ok := attrs["NORMAL"]; ok {
		v, _, err := l.readAccessor(acc, "VEC3")
		if err != nil {
			return prim, fmt.Errorf("NORMAL: %w", err)
		}
		if len(v)/3 != n {
			return prim, fmt.Errorf("NORMAL has %d entries, POSITION has %d", len(v)/3, n)
		}
		prim.Normals = make([]Vec3, n)
		for i := range prim.Normals {
			nv := Vec3{v[3*i], v[3*i+1], v[3*i+2]}
			if !nv.IsFinite() {
				return prim, fmt.Errorf("NORMAL (accessor %d): vertex %d is NaN or infinite", acc, i)
			}
			prim.Normals[i] = nv.Normalize()
		}
	}
	for set, dst := range []*[]Vec2{&prim.UVs, &prim.UV1} {
		name := fmt.Sprintf("TEXCOORD_%d", set)
		acc, ok := attrs[name]
		if !ok {
			continue
		}
		v, _, err := l.readAccessor(acc, "VEC2")
		if err != nil {
			return prim, fmt.Errorf("%s: %w", name, err)
		}
		if len(v)/2 != n {
			return prim, fmt.Errorf("%s has %d entries, POSITION has %d", name, len(v)/2, n)
		}
		uv := make([]Vec2, n)
		for i := range uv {
			uv[i] = Vec2{v[2*i], v[2*i+1]}
		}
		*dst = uv
	}
	if acc, ok := attrs["COLOR_0"]; ok {
		v, comps, err := l.readAccessor(acc, "VEC4", "VEC3")
		if err != nil {
			return prim, fmt.Errorf("COLOR_0: %w", err)
		}
		if len(v)/comps != n {
			return prim, fmt.Errorf("COLOR_0 has %d entries, POSITION has %d", len(v)/comps, n)
		}
		prim.Colors = make([][4]float32, n)
		for i := range prim.Colors {
			c := [4]float32{1, 1, 1, 1}
			copy(c[:comps], v[comps*i:comps*i+comps])
			for k, x := range c {
				if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
					return prim, fmt.Errorf("COLOR_0 (accessor %d): vertex %d is NaN or infinite", acc, i)
				}
				c[k] = min(max(x, 0), 1)
			}
			prim.Colors[i] = c
		}
	}
	if acc, ok := attrs["TANGENT"]; ok {
		v, _, err := l.readAccessor(acc, "VEC4")
		if err != nil {
			return prim, fmt.Errorf("TANGENT: %w", err)
		}
		if len(v)/4 != n {
			return prim, fmt.Errorf("TANGENT has %d entries, POSITION has %d", len(v)/4, n)
		}
		prim.Tangents = make([][4]float32, n)
		for i := range prim.Tangents {
			prim.Tangents[i] = [4]float32{v[4*i], v[4*i+1], v[4*i+2], v[4*i+3]}
		}
	}
	if err := l.loadInfluences(&prim, attrs, n); err != nil {
		return prim, err
	}
	var idx []uint32
	if indices != nil {
		if idx, err = l.readIndices(*indices, n); err != nil {
			return prim, err
		}
	} else {
		idx = make([]uint32, n)
		for i := range idx {
			idx[i] = uint32(i)
		}
	}
	prim.Indices = triangulate(idx, mode)
	return prim, nil
}

// loadInfluences reads JOINTS_n and WEIGHTS_n pairs (4 influences each).
func (l *loader) loadInfluences(prim *Primitive, attrs map[string]int, n int) error {
	sets := 0
	for ; ; sets++ {
		_, j := attrs[fmt.Sprintf("JOINTS_%d", sets)]
		_, w := attrs[fmt.Sprintf("WEIGHTS_%d", sets)]
		if !j || !w {
			if j != w {
				return fmt.Errorf("JOINTS_%d and WEIGHTS_%d must come together", sets, sets)
			}
			break
		}
	}
	if sets == 0 {
		return nil
	}
	k := 4 * sets
	prim.JointsPerVertex = k
	prim.Joints = make([]uint16, n*k)
	prim.Weights = make([]float32, n*k)
	for s := 0; s < sets; s++ {
		jv, _, err := l.readAccessor(attrs[fmt.Sprintf("JOINTS_%d", s)], "VEC4")
		if err != nil {
			return fmt.Errorf("JOINTS_%d: %w", s, err)
		}
		wv, _, err := l.readAccessor(attrs[fmt.Sprintf("WEIGHTS_%d", s)], "VEC4")
		if err != nil {
			return fmt.Errorf("WEIGHTS_%d: %w", s, err)
		}
		if len(jv) != 4*n || len(wv) != 4*n {
			return fmt.Errorf("JOINTS_%d/WEIGHTS_%d have %d/%d entries, POSITION has %d", s, s, len(jv)/4, len(wv)/4, n)
		}
		for i := 0; i < n; i++ {
			for c := 0; c < 4; c++ {
				j, w := jv[4*i+c], wv[4*i+c]
				if j < 0 || j > 65535 || j != float32(int(j)) {
					return fmt.Errorf("JOINTS_%d: vertex %d has joint %v", s, i, j)
				}
				if math.IsNaN(float64(w)) || math.IsInf(float64(w), 0) || w < 0 {
					return fmt.Errorf("WEIGHTS_%d: vertex %d has weight %v", s, i, w)
				}
				prim.Joints[i*k+4*s+c] = uint16(j)
				prim.Weights[i*k+4*s+c] = w
			}
		}
	}
	return nil
}

// triangulate turns TRIANGLES, TRIANGLE_STRIP or TRIANGLE_FAN indices into a
// triangle list, dropping a trailing partial triangle.
func triangulate(idx []uint32, mode int) []uint32 {
	switch mode {
	case 5: // TRIANGLE_STRIP: alternate winding so every triangle faces the same way
		var out []uint32
		for i := 0; i+2 < len(idx); i++ {
			if i%2 == 0 {
				out = append(out, idx[i], idx[i+1], idx[i+2])
			} else {
				out = append(out, idx[i+1], idx[i], idx[i+2])
			}
		}
		return out
	case 6: // TRIANGLE_FAN
		var out []uint32
		for i := 1; i+1 < len(idx); i++ {
			out = append(out, idx[0], idx[i], idx[i+1])
		}
		return out
	}
	return idx[:len(idx)/3*3]
}

func (l *loader) loadCameras() error {
	for i, c := range l.doc.Cameras {
		el := fmt.Sprintf("cameras[%d] (%s)", i, c.Name)
		cam := Camera{Name: c.Name}
		switch {
		case c.Type == "perspective" && c.Perspective != nil:
			p := c.Perspective
			if !(p.Yfov > 0 && p.Yfov < math.Pi) {
				return l.fail(el, fmt.Errorf("yfov %v is outside (0, π)", p.Yfov))
			}
			cam.YFov, cam.ZNear = p.Yfov, p.Znear
			if p.AspectRatio != nil {
				cam.Aspect = *p.AspectRatio
			}
		case c.Type == "orthographic" && c.Orthographic != nil:
			o := c.Orthographic
			if !(o.YMag > 0 && o.XMag > 0) || math.IsInf(o.YMag, 0) || math.IsInf(o.XMag, 0) {
				return l.fail(el, fmt.Errorf("orthographic xmag %v and ymag %v must be positive and finite", o.XMag, o.YMag))
			}
			cam.Ortho, cam.XMag, cam.YMag, cam.ZNear = true, o.XMag, o.YMag, o.ZNear
			cam.Aspect = o.XMag / o.YMag
		default:
			return l.fail(el, fmt.Errorf("type %q without matching properties", c.Type))
		}
		l.scene.Cameras = append(l.scene.Cameras, cam)
	}
	return nil
}

func (l *loader) loadLights() error {
	if l.doc.Extensions.Lights == nil {
		return nil
	}
	for i, g := range l.doc.Extensions.Lights.Lights {
		el := fmt.Sprintf("KHR_lights_punctual.lights[%d] (%s)", i, g.Name)
		lt := Light{Name: g.Name, Color: Vec3{1, 1, 1}, Intensity: 1}
		switch g.Type {
		case "point":
			lt.Type = LightPoint
		case "spot":
			lt.Type = LightSpot
			lt.InnerCone, lt.OuterCone = 0, math.Pi/4
			if g.Spot != nil {
				lt.InnerCone = float32(g.Spot.InnerConeAngle)
				if g.Spot.OuterConeAngle != nil {
					lt.OuterCone = float32(*g.Spot.OuterConeAngle)
				}
			}
			if !(lt.InnerCone >= 0 && lt.InnerCone < lt.OuterCone && lt.OuterCone <= math.Pi/2) {
				return l.fail(el, fmt.Errorf("spot cone angles inner %v, outer %v must satisfy 0 <= inner < outer <= π/2", lt.InnerCone, lt.OuterCone))
			}
		case "directional":
			lt.Type = LightDirectional
		default:
			return l.fail(el, fmt.Errorf("unknown light type %q", g.Type))
		}
		if g.Color != nil {
			lt.Color = v3(*g.Color)
		}
		if g.Intensity != nil {
			lt.Intensity = float32(*g.Intensity)
		}
		if g.Range != nil {
			lt.Range = float32(*g.Range)
		}
		if !lt.Color.IsFinite() || math.IsNaN(float64(lt.Intensity)) || math.IsInf(float64(lt.Intensity), 0) ||
			lt.Intensity < 0 || lt.Range < 0 || math.IsNaN(float64(lt.Range)) {
			return l.fail(el, errors.New("color, intensity or range is negative, NaN or infinite"))
		}
		l.scene.Lights = append(l.scene.Lights, lt)
	}
	return nil
}

func (l *loader) loadNodes() error {
	nodes := make([]Node, len(l.doc.Nodes))
	parent := make([]int, len(nodes))
	for i := range parent {
		parent[i] = -1
	}
	for i, g := range l.doc.Nodes {
		el := fmt.Sprintf("nodes[%d] (%s)", i, g.Name)
		n := Node{Name: g.Name, Mesh: -1, Camera: -1, Light: -1, Skin: -1, Rotation: Quat{0, 0, 0, 1}, Scale: [3]float64{1, 1, 1}}
		if n.Name == "" {
			n.Name = fmt.Sprintf("node %d", i)
		}
		if g.Mesh != nil {
			if *g.Mesh < 0 || *g.Mesh >= len(l.scene.Meshes) {
				return l.fail(el, fmt.Errorf("mesh %d does not exist (file has %d)", *g.Mesh, len(l.scene.Meshes)))
			}
			n.Mesh = *g.Mesh
		}
		if g.Camera != nil {
			if *g.Camera < 0 || *g.Camera >= len(l.scene.Cameras) {
				return l.fail(el, fmt.Errorf("camera %d does not exist (file has %d)", *g.Camera, len(l.scene.Cameras)))
			}
			n.Camera = *g.Camera
		}
		if lt := g.Extensions.Light; lt != nil {
			if lt.Light < 0 || lt.Light >= len(l.scene.Lights) {
				return l.fail(el, fmt.Errorf("KHR_lights_punctual light %d does not exist (file has %d)", lt.Light, len(l.scene.Lights)))
			}
			n.Light = lt.Light
		}
		if g.Matrix != nil {
			m := Mat4(*g.Matrix)
			for _, v := range m {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					return l.fail(el, errors.New("matrix has a NaN or infinite element"))
				}
			}
			n.Matrix = &m
		}
		if g.Translation != nil {
			n.Translation = *g.Translation
		}
		if g.Rotation != nil {
			n.Rotation = Quat(*g.Rotation).Normalize()
		}
		if g.Scale != nil {
			n.Scale = *g.Scale
		}
		for _, v := range append(n.Translation[:], n.Scale[:]...) {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return l.fail(el, errors.New("translation or scale is NaN or infinite"))
			}
		}
		for _, c := range g.Children {
			if c < 0 || c >= len(nodes) {
				return l.fail(el, fmt.Errorf("child %d does not exist (file has %d nodes)", c, len(nodes)))
			}
			if parent[c] != -1 || c == i {
				return l.fail(el, fmt.Errorf("child %d already has a parent (the hierarchy must be a forest)", c))
			}
			parent[c] = i
		}
		n.Children = g.Children
		if len(g.Weights) > 0 {
			if n.Mesh < 0 || len(g.Weights) != l.targetCount(n.Mesh) {
				return l.fail(el, fmt.Errorf("has %d weights, its mesh has %d morph targets", len(g.Weights), l.targetCount(n.Mesh)))
			}
			for _, w := range g.Weights {
				if math.IsNaN(w) || math.IsInf(w, 0) {
					return l.fail(el, errors.New("weights has a NaN or infinite value"))
				}
			}
			n.Weights = g.Weights
		}
		if g.Skin != nil {
			if *g.Skin < 0 || *g.Skin >= len(l.doc.Skins) {
				return l.fail(el, fmt.Errorf("skin %d does not exist (file has %d)", *g.Skin, len(l.doc.Skins)))
			}
			if n.Mesh < 0 {
				return l.fail(el, errors.New("has a skin but no mesh"))
			}
			n.Skin = *g.Skin
		}
		nodes[i] = n
	}
	// Each node has at most one parent, so following parents from every
	// node finds each cycle; a node is walked once (state 2 once done), so
	// this takes linear time however deep the hierarchy is.
	state := make([]int32, len(nodes)) // 0 unseen, 1 on the current walk, 2 done
	for i := range nodes {
		p := i
		for p != -1 && state[p] == 0 {
			state[p] = 1
			p = parent[p]
		}
		if p != -1 && state[p] == 1 {
			return l.fail(fmt.Sprintf("nodes[%d]", p), errors.New("is part of a cycle in the node hierarchy"))
		}
		for p := i; p != -1 && state[p] == 1; p = parent[p] {
			state[p] = 2
		}
	}
	l.scene.Nodes = nodes
	switch {
	case len(l.doc.Scenes) > 0:
		si := 0
		if l.doc.Scene != nil {
			si = *l.doc.Scene
		}
		if si < 0 || si >= len(l.doc.Scenes) {
			return l.fail("scene", fmt.Errorf("scene %d does not exist (file has %d)", si, len(l.doc.Scenes)))
		}
		for _, r := range l.doc.Scenes[si].Nodes {
			if r < 0 || r >= len(nodes) {
				return l.fail(fmt.Sprintf("scenes[%d]", si), fmt.Errorf("node %d does not exist", r))
			}
			if parent[r] != -1 {
				return l.fail(fmt.Sprintf("scenes[%d]", si), fmt.Errorf("node %d is not a root node", r))
			}
			l.scene.Roots = append(l.scene.Roots, r)
		}
	default:
		for i := range nodes {
			if parent[i] == -1 {
				l.scene.Roots = append(l.scene.Roots, i)
			}
		}
	}
	return l.checkTriangles()
}

// checkTriangles refuses a scene whose displayed nodes instance more
// triangles than the limit. Animation moves nodes but never changes which
// meshes are instanced, so this bounds every frame.
func (l *loader) checkTriangles() error {
	if n, limit := l.scene.InstancedTriangles(), int64(l.lim.Triangles); n > limit {
		return &LimitError{What: "triangles in one frame (every instance counted)", Need: n, Limit: limit, Flag: "--" + FlagMaxTriangles}
	}
	return nil
}
