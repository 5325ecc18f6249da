package scenes

// Scene is a loaded glTF scene in its own (node-local) coordinates. Call
// Frame to pose it at a frame number and get world-space triangles.
type Scene struct {
	// Name is the file name the scene was loaded from, used in messages.
	Name       string
	Meshes     []Mesh
	Materials  []Material // the last entry is the glTF default material
	Textures   []Texture
	Nodes      []Node
	Roots      []int // nodes of the displayed glTF scene
	Cameras    []Camera
	Lights     []Light
	Animations []Animation
	// Warnings name every feature of the file that is not rendered as the
	// file describes it.
	Warnings []string
}

// Mesh is a glTF mesh: a list of triangle primitives.
type Mesh struct {
	Name       string
	Primitives []Primitive
}

// Primitive is an indexed triangle list sharing one material.
type Primitive struct {
	Positions []Vec3
	Normals   []Vec3       // nil: flat shading from the geometric normal
	UVs       []Vec2       // nil: no texture coordinates
	Tangents  [][4]float32 // nil: derived per triangle when a normal map needs them
	Indices   []uint32     // three per triangle
	Material  int          // index into Scene.Materials
}

// Node is a node of the glTF hierarchy.
type Node struct {
	Name     string
	Children []int
	Mesh     int // -1: none
	Camera   int // -1: none
	Light    int // -1: none
	// Matrix is set when the file gives a matrix; otherwise the node is posed
	// from Translation, Rotation and Scale, which animation may change.
	Matrix      *Mat4
	Translation [3]float64
	Rotation    Quat
	Scale       [3]float64
}

// Camera is a perspective camera.
type Camera struct {
	Name   string
	YFov   float64 // vertical field of view, radians
	Aspect float64 // 0: use the image's aspect ratio
	ZNear  float64
}

// LightType is the kind of a punctual light.
type LightType int

// Punctual light kinds of KHR_lights_punctual.
const (
	LightPoint LightType = iota
	LightSpot
	LightDirectional
)

func (t LightType) String() string {
	return [...]string{"point", "spot", "directional"}[t]
}

// Light is a KHR_lights_punctual light. Intensity is in the extension's
// units (candela for point and spot, lux for directional) and is used as
// radiant intensity (irradiance for directional) in linear RGB.
type Light struct {
	Name      string
	Type      LightType
	Color     Vec3
	Intensity float32
	Range     float32 // 0: infinite
	// InnerCone and OuterCone are spot cone half-angles in radians.
	InnerCone, OuterCone float32
}

// Material is a glTF metallic-roughness material with the extensions
// rendergrid supports folded in.
type Material struct {
	Name          string
	BaseColor     [4]float32
	BaseColorTex  TexRef
	Metallic      float32
	Roughness     float32
	MetalRoughTex TexRef // B: metallic, G: roughness
	Emissive      Vec3   // emissiveFactor × KHR_materials_emissive_strength
	EmissiveTex   TexRef
	NormalTex     TexRef
	NormalScale   float32
	// SpecularWeight and SpecularColor come from KHR_materials_specular
	// (1 and white without it); F0 from KHR_materials_ior (0.04 without it).
	SpecularWeight float32
	SpecularColor  Vec3
	F0             float32
	DoubleSided    bool
}

// TexRef points a material slot at a texture; Index -1 means no texture.
type TexRef struct{ Index int }

// DefaultMaterial is the material glTF prescribes for primitives without one.
func DefaultMaterial() Material {
	return Material{
		Name: "default", BaseColor: [4]float32{1, 1, 1, 1}, Metallic: 1, Roughness: 1,
		BaseColorTex: TexRef{-1}, MetalRoughTex: TexRef{-1}, EmissiveTex: TexRef{-1}, NormalTex: TexRef{-1},
		NormalScale: 1, SpecularWeight: 1, SpecularColor: Vec3{1, 1, 1}, F0: 0.04,
	}
}

// Triangles returns the number of triangles in all meshes (each counted
// once, not per instance).
func (s *Scene) Triangles() int {
	n := 0
	for _, m := range s.Meshes {
		for _, p := range m.Primitives {
			n += len(p.Indices) / 3
		}
	}
	return n
}
