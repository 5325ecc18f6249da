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
	Skins      []Skin
	// Env is the environment the file itself carries
	// (EXT_lights_image_based or KHR_lights_environment); nil if none.
	Env *Environment
	// Warnings name every feature of the file that is not rendered as the
	// file describes it.
	Warnings []string
	// limits are those the scene was decoded with; Frame enforces them
	// again as a hard cap.
	limits Limits
}

// Mesh is a glTF mesh: a list of triangle primitives.
type Mesh struct {
	Name       string
	Primitives []Primitive
	// Weights are the default morph target weights (nil: all zero).
	Weights []float64
}

// Skin is a glTF skin: joint nodes and their inverse bind matrices.
type Skin struct {
	Name        string
	Joints      []int
	InverseBind []Mat4 // one per joint (identity when the file gives none)
}

// MorphTarget holds a primitive's per-vertex displacements for one target;
// a nil slice displaces nothing.
type MorphTarget struct {
	Positions, Normals, Tangents []Vec3
}

// Primitive is an indexed triangle list sharing one material.
type Primitive struct {
	Positions []Vec3
	Normals   []Vec3       // nil: flat shading from the geometric normal
	UVs       []Vec2       // nil: no texture coordinates
	Tangents  [][4]float32 // nil: derived per triangle when a normal map needs them
	UV1       []Vec2       // TEXCOORD_1; nil: none
	Colors    [][4]float32 // COLOR_0 as linear RGBA; nil: none
	// Joints and Weights are the skinning influences, JointsPerVertex per
	// vertex (4 per JOINTS_n/WEIGHTS_n pair); nil when not skinned.
	Joints          []uint16
	Weights         []float32
	JointsPerVertex int
	Targets         []MorphTarget
	Indices         []uint32 // three per triangle
	Material        int      // index into Scene.Materials
}

// Node is a node of the glTF hierarchy.
type Node struct {
	Name     string
	Children []int
	Mesh     int // -1: none
	Camera   int // -1: none
	Light    int // -1: none
	Skin     int // -1: none
	// Weights override the mesh's morph target weights (nil: the mesh's).
	Weights []float64
	// Matrix is set when the file gives a matrix; otherwise the node is posed
	// from Translation, Rotation and Scale, which animation may change.
	Matrix      *Mat4
	Translation [3]float64
	Rotation    Quat
	Scale       [3]float64
}

// Camera is a perspective or orthographic camera.
type Camera struct {
	Name   string
	YFov   float64 // vertical field of view, radians (perspective)
	Aspect float64 // 0: use the image's aspect ratio
	ZNear  float64
	// Ortho marks an orthographic camera of half-height YMag (XMag is
	// kept for messages; the image's aspect ratio sets the width).
	Ortho      bool
	XMag, YMag float64
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

// Material is a glTF metallic-roughness material with every ratified
// material extension folded in. Factors are as the file gives them (after
// validation); textures modulate them at render time.
type Material struct {
	Name      string
	BaseColor [4]float32 // linear RGB and alpha (× COLOR_0 where present)
	Metallic  float32
	Roughness float32
	Emissive  Vec3 // emissiveFactor × KHR_materials_emissive_strength
	// NormalScale scales the normal texture's X and Y.
	NormalScale float32
	// Tex holds a reference for every texture slot, indexed by the Tex*
	// constants; Index -1 means none.
	Tex [TexSlots]TexRef

	AlphaMode   AlphaMode
	AlphaCutoff float32 // MASK only
	DoubleSided bool
	// Unlit (KHR_materials_unlit): camera rays see BaseColor; other rays
	// pass through, as Blender's importer builds it.
	Unlit bool

	// IOR is KHR_materials_ior (1.5 without it); F0 = ((IOR-1)/(IOR+1))².
	IOR float32
	F0  float32
	// SpecularWeight and SpecularColor come from KHR_materials_specular (1
	// and white without it).
	SpecularWeight float32
	SpecularColor  Vec3

	// Transmission (KHR_materials_transmission): the fraction of the
	// dielectric base that is a microfacet BTDF instead of diffuse.
	Transmission float32
	// Thickness > 0 (KHR_materials_volume) makes the surface the boundary
	// of a volume that refracts and attenuates; 0 is thin-walled.
	Thickness float32
	// AttenuationColor is the colour white light has after travelling
	// AttenuationDistance through the volume (0: no attenuation).
	AttenuationColor    Vec3
	AttenuationDistance float32
	// Dispersion (KHR_materials_dispersion) is 20/Abbe number; 0 is none.
	Dispersion float32

	Clearcoat          float32 // KHR_materials_clearcoat
	ClearcoatRoughness float32
	ClearcoatNormScale float32

	SheenColor     Vec3 // KHR_materials_sheen
	SheenRoughness float32

	Iridescence       float32 // KHR_materials_iridescence
	IridescenceIOR    float32
	IridescenceThkMin float32 // nanometres
	IridescenceThkMax float32

	Anisotropy         float32 // KHR_materials_anisotropy strength
	AnisotropyRotation float32 // radians
}

// AlphaMode is a glTF material alpha mode.
type AlphaMode int

// glTF alpha modes.
const (
	AlphaOpaque AlphaMode = iota
	AlphaMask
	AlphaBlend
)

// Texture slots of a Material.
const (
	TexBaseColor = iota
	TexMetalRough
	TexEmissive
	TexNormal
	TexTransmission
	TexThickness
	TexSpecular
	TexSpecularColor
	TexClearcoat
	TexClearcoatRough
	TexClearcoatNormal
	TexSheenColor
	TexSheenRough
	TexIridescence
	TexIridescenceThk
	TexAnisotropy
	TexSlots
)

// TexRef points a material slot at a texture, with the texture coordinate
// set and the KHR_texture_transform it is read through.
type TexRef struct {
	Index    int // -1: none
	TexCoord int // 0: TEXCOORD_0, 1: TEXCOORD_1
	// Transform maps (u, v) to (T[0]u + T[1]v + T[2], T[3]u + T[4]v + T[5]).
	Transform [6]float32
}

// NoTex is the empty texture slot.
var NoTex = TexRef{Index: -1, Transform: IdentityUV}

// IdentityUV is the texture transform that changes nothing.
var IdentityUV = [6]float32{1, 0, 0, 0, 1, 0}

// Apply transforms texture coordinates (u, v).
func (r *TexRef) Apply(u, v float32) (float32, float32) {
	t := &r.Transform
	return t[0]*u + t[1]*v + t[2], t[3]*u + t[4]*v + t[5]
}

// DefaultMaterial is the material glTF prescribes for primitives without one.
func DefaultMaterial() Material {
	m := Material{
		Name: "default", BaseColor: [4]float32{1, 1, 1, 1}, Metallic: 1, Roughness: 1,
		NormalScale: 1, SpecularWeight: 1, SpecularColor: Vec3{1, 1, 1}, IOR: 1.5, F0: 0.04,
		AlphaCutoff: 0.5, AttenuationColor: Vec3{1, 1, 1}, ClearcoatNormScale: 1,
		IridescenceIOR: 1.3, IridescenceThkMin: 100, IridescenceThkMax: 400,
	}
	for i := range m.Tex {
		m.Tex[i] = NoTex
	}
	return m
}

// Triangles returns the number of triangles in all meshes (each counted
// once, not per instance).
func (s *Scene) Triangles() int {
	n := 0
	for mi := range s.Meshes {
		n += s.meshTriangles(mi)
	}
	return n
}

// InstancedTriangles returns the triangles of one posed frame: every mesh
// instance under the displayed scene's roots counted. It is the same for
// every frame.
func (s *Scene) InstancedTriangles() int64 {
	var n int64
	_ = s.walk(func(i int) error {
		if m := s.Nodes[i].Mesh; m >= 0 {
			n += int64(s.meshTriangles(m))
		}
		return nil
	})
	return n
}

func (s *Scene) meshTriangles(mi int) int {
	n := 0
	for _, p := range s.Meshes[mi].Primitives {
		n += len(p.Indices) / 3
	}
	return n
}

// walk calls visit for every node under the displayed roots, each parent
// before its children, without recursion (a hierarchy may be 100,000
// deep). It stops at the first error.
func (s *Scene) walk(visit func(node int) error) error {
	stack := make([]int, 0, len(s.Roots))
	for i := len(s.Roots) - 1; i >= 0; i-- {
		stack = append(stack, s.Roots[i])
	}
	for len(stack) > 0 {
		i := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if err := visit(i); err != nil {
			return err
		}
		ch := s.Nodes[i].Children
		for k := len(ch) - 1; k >= 0; k-- {
			stack = append(stack, ch[k])
		}
	}
	return nil
}
