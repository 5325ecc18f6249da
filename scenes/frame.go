package scenes

import (
	"fmt"
	"math"
)

// FrameOptions choose the frame number, frame rate and camera of a Frame.
type FrameOptions struct {
	Frame  int     // frame number; time is Frame/FPS seconds
	FPS    float64 // 0 means DefaultFPS
	Camera string  // camera or camera-node name; "" picks the first camera
}

// Frame is a scene posed at one frame: world-space triangles in BVH order,
// the BVH, the camera, lights and emitters. It is what the renderers consume
// and is read-only once built.
type Frame struct {
	Number    int
	Time      float64
	Tris      []Triangle
	Shading   []TriShading
	BVH       []BVHNode
	BVH4      []BVH4Node // the same tree 4 wide, for the CPU engine
	Materials []Material
	Textures  []Texture
	Camera    View
	Lights    []PunctualLight
	// Emitters lists triangles with emissive materials, in the order of
	// LightTree's leaves; LightTree is a bounding hierarchy over them that
	// picks one by its power and distance from the shading point (see
	// LightNode).
	Emitters  []uint32
	LightTree []LightNode
	// Extra holds per-triangle TEXCOORD_1 and COLOR_0, parallel to Tris;
	// nil when no primitive of the frame has either.
	Extra []TriExtra
	// Env is the environment the scene file carries (nil: none); a render's
	// settings may replace it.
	Env      *Environment
	Bounds   AABB
	Warnings []string
}

// TriExtra is the rarely present shading data of one triangle.
type TriExtra struct {
	UV1   [3]Vec2
	Color [3][4]float32 // linear RGBA per vertex; white without COLOR_0
}

// Triangle is the intersection data of one triangle: a vertex and two edges.
type Triangle struct{ V0, E1, E2 Vec3 }

// TriShading is the shading data of one triangle.
type TriShading struct {
	N         [3]Vec3 // vertex normals (all equal to Ng for flat triangles)
	UV        [3]Vec2
	Ng        Vec3    // unit geometric normal, oriented by the winding
	Tangent   Vec3    // unit world tangent along +u (for normal maps)
	BitSign   float32 // bitangent sign
	Area      float32
	LightPdf  float32 // an emitter's share of its light-tree leaf's power; 0 if not one
	LightLeaf uint32  // an emitter's leaf in the light tree
	Material  int32
}

// View is a pinhole or orthographic camera in world space.
type View struct {
	Name               string
	Origin             Vec3
	Right, Up, Forward Vec3 // orthonormal; the camera looks along Forward
	TanHalfFov         float32
	Aspect             float32 // 0: use the image's aspect ratio
	// Ortho marks an orthographic camera whose image is 2·OrthoHalfHeight
	// tall (world units); rays leave the image plane along Forward.
	Ortho           bool
	OrthoHalfHeight float32
}

// PunctualLight is a KHR_lights_punctual light placed in the world.
type PunctualLight struct {
	Type      LightType
	Position  Vec3
	Direction Vec3 // the direction light travels (spot, directional)
	Radiance  Vec3 // colour × intensity
	Range     float32
	CosInner  float32
	CosOuter  float32
}

// Frame poses the scene at opts.Frame and builds the world-space data a
// renderer needs. It fails when nothing can be seen (no triangles) or when
// the named camera does not exist.
func (s *Scene) Frame(opts FrameOptions) (*Frame, error) {
	fps := opts.FPS
	if fps == 0 {
		fps = DefaultFPS
	}
	if !(fps > 0) || math.IsInf(fps, 0) {
		return nil, fmt.Errorf("%s: fps %v must be a positive number", s.Name, fps)
	}
	f := &Frame{Number: opts.Frame, Time: float64(opts.Frame) / fps, Materials: s.Materials, Textures: s.Textures, Env: s.Env}
	f.Warnings = append(f.Warnings, s.Warnings...)
	lim := s.limits.orDefault()
	if n := s.InstancedTriangles(); n > int64(lim.Triangles) {
		return nil, fmt.Errorf("%s: frame %d: %w", s.Name, opts.Frame,
			&LimitError{What: "triangles in one frame (every instance counted)", Need: n, Limit: int64(lim.Triangles), Flag: "--" + FlagMaxTriangles})
	}
	world, weights := s.pose(f.Time)

	b := meshBuilder{}
	for ni, n := range s.Nodes {
		if n.Mesh < 0 || world[ni] == nil {
			continue
		}
		var joints []Mat4
		if n.Skin >= 0 && n.Skin < len(s.Skins) {
			joints = s.skinMatrices(&s.Skins[n.Skin], world)
		}
		b.appendMesh(&s.Meshes[n.Mesh], *world[ni], s.morphWeights(ni, weights), joints)
	}
	tris, shading := b.tris, b.shading
	if len(tris) == 0 {
		return nil, fmt.Errorf("%s: the scene has no triangles to render at frame %d", s.Name, opts.Frame)
	}
	bounds := make([]AABB, len(tris))
	cents := make([]Vec3, len(tris))
	f.Bounds = EmptyAABB()
	for i, t := range tris {
		b := EmptyAABB().Extend(t.V0).Extend(t.V0.Add(t.E1)).Extend(t.V0.Add(t.E2))
		bounds[i], cents[i] = b, b.Center()
		f.Bounds = f.Bounds.Union(b)
	}
	var order []uint32
	f.BVH, order = BuildBVH(bounds, cents)
	f.BVH4 = CollapseBVH4(f.BVH)
	f.Tris = make([]Triangle, len(tris))
	f.Shading = make([]TriShading, len(tris))
	for i, o := range order {
		f.Tris[i], f.Shading[i] = tris[o], shading[o]
	}
	if b.hasExtra {
		f.Extra = make([]TriExtra, len(tris))
		for i, o := range order {
			f.Extra[i] = b.extra[o]
		}
	}
	f.buildEmitters()
	if err := s.placeCamera(f, world, opts.Camera); err != nil {
		return nil, err
	}
	s.placeLights(f, world)
	return f, nil
}

// pose returns each node's world matrix at time t (nil for nodes outside
// the displayed scene) and the animated morph weights by node.
func (s *Scene) pose(t float64) ([]*Mat4, map[int][]float64) {
	trs := make([]struct {
		t [3]float64
		r Quat
		s [3]float64
	}, len(s.Nodes))
	for i, n := range s.Nodes {
		trs[i].t, trs[i].r, trs[i].s = n.Translation, n.Rotation, n.Scale
	}
	var weights map[int][]float64
	for _, a := range s.Animations {
		for ci := range a.Channels {
			c := &a.Channels[ci]
			v := c.sample(t)
			p := &trs[c.Node]
			switch c.Path {
			case PathTranslation:
				p.t = [3]float64{v[0], v[1], v[2]}
			case PathRotation:
				p.r = Quat{v[0], v[1], v[2], v[3]}.Normalize()
			case PathScale:
				p.s = [3]float64{v[0], v[1], v[2]}
			case PathWeights:
				if weights == nil {
					weights = map[int][]float64{}
				}
				weights[c.Node] = v
			}
		}
	}
	world := make([]*Mat4, len(s.Nodes))
	parent := make([]int32, len(s.Nodes))
	for i := range parent {
		parent[i] = -1
	}
	_ = s.walk(func(i int) error {
		local := TRS(trs[i].t, trs[i].r, trs[i].s)
		if m := s.Nodes[i].Matrix; m != nil {
			local = *m
		}
		w := local
		if p := parent[i]; p >= 0 {
			w = world[p].Mul(local)
		}
		world[i] = &w
		for _, c := range s.Nodes[i].Children {
			parent[c] = int32(i)
		}
		return nil
	})
	return world, weights
}

// meshBuilder collects the world-space triangles of a frame.
type meshBuilder struct {
	tris     []Triangle
	shading  []TriShading
	extra    []TriExtra
	hasExtra bool
}

// appendMesh adds the triangles of mesh instanced at world matrix m, with
// morph weights applied and, when joints is not nil, skinned (a skinned
// mesh ignores its node's transform, as glTF specifies).
func (b *meshBuilder) appendMesh(mesh *Mesh, m Mat4, weights []float64, joints []Mat4) {
	for pi := range mesh.Primitives {
		p := &mesh.Primitives[pi]
		skinned := joints != nil && p.JointsPerVertex > 0
		xf := m
		if skinned {
			xf = Identity
		}
		nm, _ := xf.NormalMatrix()
		flip := xf.Determinant3() < 0
		mpos, mnrm, mtan := p.Positions, p.Normals, p.Tangents
		if len(p.Targets) > 0 || skinned {
			mpos, mnrm, mtan = posedVertices(p, weights, joints)
		}
		pos := make([]Vec3, len(mpos))
		for i, v := range mpos {
			pos[i] = v3(xf.Point([3]float64{float64(v.X), float64(v.Y), float64(v.Z)}))
		}
		var nrm []Vec3
		if mnrm != nil {
			nrm = make([]Vec3, len(mnrm))
			for i, v := range mnrm {
				nrm[i] = v3(nm.Dir([3]float64{float64(v.X), float64(v.Y), float64(v.Z)})).Normalize()
			}
		}
		hasExtra := p.UV1 != nil || p.Colors != nil
		if hasExtra && !b.hasExtra {
			b.hasExtra = true
			b.extra = make([]TriExtra, len(b.tris), cap(b.tris))
			for i := range b.extra {
				b.extra[i] = whiteExtra
			}
		}
		for k := 0; k+2 < len(p.Indices); k += 3 {
			i0, i1, i2 := p.Indices[k], p.Indices[k+1], p.Indices[k+2]
			if flip {
				i1, i2 = i2, i1
			}
			v0, v1, v2 := pos[i0], pos[i1], pos[i2]
			e1, e2 := v1.Sub(v0), v2.Sub(v0)
			c := e1.Cross(e2)
			area := 0.5 * c.Length()
			if !(area > 0) || !c.IsFinite() {
				continue // degenerate: can never be hit
			}
			sh := TriShading{Ng: c.Normalize(), Area: area, Material: int32(p.Material), BitSign: 1}
			if nrm != nil {
				sh.N = [3]Vec3{nrm[i0], nrm[i1], nrm[i2]}
			} else {
				sh.N = [3]Vec3{sh.Ng, sh.Ng, sh.Ng}
			}
			if p.UVs != nil {
				sh.UV = [3]Vec2{p.UVs[i0], p.UVs[i1], p.UVs[i2]}
			}
			sh.Tangent, sh.BitSign = triangleTangent(e1, e2, sh.UV, sh.Ng)
			if mtan != nil {
				t := mtan[i0]
				if tw := v3(xf.Dir([3]float64{float64(t[0]), float64(t[1]), float64(t[2])})).Normalize(); tw != (Vec3{}) {
					sh.Tangent, sh.BitSign = tw, t[3]
				}
			}
			b.tris = append(b.tris, Triangle{V0: v0, E1: e1, E2: e2})
			b.shading = append(b.shading, sh)
			if b.hasExtra {
				ex := whiteExtra
				if p.UV1 != nil {
					ex.UV1 = [3]Vec2{p.UV1[i0], p.UV1[i1], p.UV1[i2]}
				}
				if p.Colors != nil {
					ex.Color = [3][4]float32{p.Colors[i0], p.Colors[i1], p.Colors[i2]}
				}
				b.extra = append(b.extra, ex)
			}
		}
	}
}

var whiteExtra = TriExtra{Color: [3][4]float32{{1, 1, 1, 1}, {1, 1, 1, 1}, {1, 1, 1, 1}}}

// triangleTangent derives the tangent along +u and the bitangent sign from
// the triangle's texture coordinates (any vector perpendicular to ng when
// they are degenerate).
func triangleTangent(e1, e2 Vec3, uv [3]Vec2, ng Vec3) (Vec3, float32) {
	du1, dv1 := uv[1].X-uv[0].X, uv[1].Y-uv[0].Y
	du2, dv2 := uv[2].X-uv[0].X, uv[2].Y-uv[0].Y
	det := du1*dv2 - du2*dv1
	if det != 0 {
		r := 1 / det
		t := e1.Scale(dv2 * r).Sub(e2.Scale(dv1 * r))
		b := e2.Scale(du1 * r).Sub(e1.Scale(du2 * r))
		t = t.Sub(ng.Scale(ng.Dot(t))).Normalize()
		if t != (Vec3{}) && t.IsFinite() {
			sign := float32(1)
			if ng.Cross(t).Dot(b) < 0 {
				sign = -1
			}
			return t, sign
		}
	}
	if math.Abs(float64(ng.X)) > 0.9 {
		return ng.Cross(Vec3{0, 1, 0}).Normalize(), 1
	}
	return ng.Cross(Vec3{1, 0, 0}).Normalize(), 1
}

func (f *Frame) buildEmitters() {
	var tris []uint32
	var bounds []AABB
	var cents []Vec3
	var power []float64
	for i, sh := range f.Shading {
		e := f.Materials[sh.Material].Emissive
		if e.MaxComp() <= 0 {
			continue
		}
		t := f.Tris[i]
		b := EmptyAABB().Extend(t.V0).Extend(t.V0.Add(t.E1)).Extend(t.V0.Add(t.E2))
		tris, bounds, cents = append(tris, uint32(i)), append(bounds, b), append(cents, b.Center())
		power = append(power, float64(sh.Area)*float64(max(e.Luminance(), 1e-6)))
	}
	if len(tris) == 0 {
		return
	}
	f.Emitters, f.LightTree = buildLightTree(f.Shading, tris, bounds, cents, power)
}

func (s *Scene) placeCamera(f *Frame, world []*Mat4, name string) error {
	for ni, n := range s.Nodes {
		if n.Camera < 0 || world[ni] == nil {
			continue
		}
		cam := s.Cameras[n.Camera]
		if name != "" && name != cam.Name && name != n.Name {
			continue
		}
		m := *world[ni]
		fwd := v3(m.Dir([3]float64{0, 0, -1})).Normalize()
		up := v3(m.Dir([3]float64{0, 1, 0}))
		right := fwd.Cross(up).Normalize()
		if right == (Vec3{}) || !right.IsFinite() {
			return fmt.Errorf("%s: camera node %q has a degenerate transform at frame %d", s.Name, n.Name, f.Number)
		}
		f.Camera = View{
			Name: cam.Name, Origin: v3(m.Point([3]float64{})), Forward: fwd, Right: right, Up: right.Cross(fwd),
			TanHalfFov: float32(math.Tan(cam.YFov / 2)), Aspect: float32(cam.Aspect),
			Ortho: cam.Ortho, OrthoHalfHeight: float32(cam.YMag),
		}
		if f.Camera.Name == "" {
			f.Camera.Name = n.Name
		}
		return nil
	}
	if name != "" {
		var names []string
		for ni, n := range s.Nodes {
			if n.Camera >= 0 && world[ni] != nil {
				names = append(names, fmt.Sprintf("%q", s.Cameras[n.Camera].Name), fmt.Sprintf("%q (node)", n.Name))
			}
		}
		if len(names) == 0 {
			return fmt.Errorf("%s: camera %q not found: the scene has no cameras", s.Name, name)
		}
		return fmt.Errorf("%s: camera %q not found; the scene has %v", s.Name, name, names)
	}
	f.Camera = FrameBounds(f.Bounds)
	f.Warnings = append(f.Warnings, "the scene has no camera: framing its bounds from +Z")
	return nil
}

// FrameBounds returns a camera on the +Z side of b that sees all of it.
func FrameBounds(b AABB) View {
	const yfov = 0.8 // radians, about 46°
	c := b.Center()
	r := b.Max.Sub(b.Min).Length() / 2
	d := r/float32(math.Sin(yfov/2)) + b.Max.Z - c.Z
	return View{
		Name: "(framed bounds)", Origin: c.Add(Vec3{0, 0, max(d, 1e-3)}),
		Forward: Vec3{0, 0, -1}, Right: Vec3{1, 0, 0}, Up: Vec3{0, 1, 0}, TanHalfFov: float32(math.Tan(yfov / 2)),
	}
}

func (s *Scene) placeLights(f *Frame, world []*Mat4) {
	for ni, n := range s.Nodes {
		if n.Light < 0 || world[ni] == nil {
			continue
		}
		l := s.Lights[n.Light]
		m := *world[ni]
		pl := PunctualLight{
			Type: l.Type, Position: v3(m.Point([3]float64{})),
			Direction: v3(m.Dir([3]float64{0, 0, -1})).Normalize(),
			Radiance:  l.Color.Scale(l.Intensity), Range: l.Range,
			CosInner: float32(math.Cos(float64(l.InnerCone))), CosOuter: float32(math.Cos(float64(l.OuterCone))),
		}
		if pl.Radiance.MaxComp() > 0 {
			f.Lights = append(f.Lights, pl)
		}
	}
}
