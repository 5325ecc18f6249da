package gpu

import (
	"encoding/binary"
	"math"

	"github.com/rendergrid/rendergrid/render"
	"github.com/rendergrid/rendergrid/render/cpu"
	"github.com/rendergrid/rendergrid/scenes"
)

// Bindings of the shader's buffers (shaders/pathtrace.comp).
const (
	BindTris = iota
	BindShades
	BindNodes
	BindMaterials
	BindLights
	BindEmitters
	BindCDF
	BindTexInfo
	BindTexels
	BindAccum
	BindCounters
	BindParams
	BindExtra    // per-triangle TEXCOORD_1 and COLOR_0
	BindEnv      // the environment map and its sampling distribution
	BindSheenLUT // the sheen lobe's albedo table
	Bindings     // the number of bindings
)

// MaterialVec4s is the size of one material in the shader, in vec4s: ten
// of factors, two spare, then two per texture slot.
const MaterialVec4s = 12 + 2*scenes.TexSlots

// Scene is a frame's data as the shader's storage buffers, by binding
// (Accum, Counters and Params are per render and stay nil).
type Scene struct {
	Buffers  [Bindings][]byte
	Emitters int
	Lights   int
	Extra    bool // Buffers[BindExtra] holds real data
	Cutout   bool // some material lets rays through
}

// words appends float32 and uint32 values little-endian.
type words []byte

func (w *words) f(vs ...float32) {
	for _, v := range vs {
		*w = binary.LittleEndian.AppendUint32(*w, math.Float32bits(v))
	}
}

func (w *words) u(vs ...uint32) {
	for _, v := range vs {
		*w = binary.LittleEndian.AppendUint32(*w, v)
	}
}

func (w *words) i(vs ...int32) {
	for _, v := range vs {
		*w = binary.LittleEndian.AppendUint32(*w, uint32(v))
	}
}

func (w *words) v3(v scenes.Vec3, fourth float32) { w.f(v.X, v.Y, v.Z, fourth) }

// Pack lays out frame f.
func Pack(f *scenes.Frame) *Scene {
	s := &Scene{Emitters: len(f.Emitters), Lights: len(f.Lights)}
	var tris, shades, nodes, mats, lights, emitters, cdf, texinfo, texels words
	for _, t := range f.Tris {
		tris.v3(t.V0, 0)
		tris.v3(t.E1, 0)
		tris.v3(t.E2, 0)
	}
	for _, sh := range f.Shading {
		shades.v3(sh.N[0], sh.BitSign)
		shades.v3(sh.N[1], sh.Area)
		shades.v3(sh.N[2], sh.LightPdf)
		shades.v3(sh.Ng, math.Float32frombits(uint32(sh.Material)))
		shades.v3(sh.Tangent, 0)
		shades.f(sh.UV[0].X, sh.UV[0].Y, sh.UV[1].X, sh.UV[1].Y)
		shades.f(sh.UV[2].X, sh.UV[2].Y, math.Float32frombits(sh.LightLeaf), 0)
	}
	for _, n := range f.BVH {
		nodes.v3(n.Min, math.Float32frombits(n.LeftFirst))
		nodes.v3(n.Max, math.Float32frombits(n.Count))
	}
	for _, m := range f.Materials {
		b := func(v bool) float32 {
			if v {
				return 1
			}
			return 0
		}
		mats.f(m.BaseColor[0], m.BaseColor[1], m.BaseColor[2], m.BaseColor[3])
		mats.v3(m.Emissive, m.Metallic)
		mats.v3(m.SpecularColor, m.SpecularWeight)
		mats.f(m.Roughness, m.F0, m.NormalScale, b(m.DoubleSided))
		mats.f(float32(m.AlphaMode), m.AlphaCutoff, b(m.Unlit), m.IOR)
		mats.f(m.Transmission, m.Thickness, m.AttenuationDistance, m.Dispersion)
		mats.v3(m.AttenuationColor, m.Clearcoat)
		mats.f(m.ClearcoatRoughness, m.ClearcoatNormScale, m.SheenRoughness, m.Iridescence)
		mats.v3(m.SheenColor, m.IridescenceIOR)
		mats.f(m.IridescenceThkMin, m.IridescenceThkMax, m.Anisotropy, m.AnisotropyRotation)
		mats.f(0, 0, 0, 0, 0, 0, 0, 0)
		for _, r := range m.Tex {
			t := r.Transform
			mats.f(float32(r.Index), float32(r.TexCoord), t[0], t[1], t[2], t[3], t[4], t[5])
		}
		s.Cutout = s.Cutout || m.AlphaMode != scenes.AlphaOpaque || m.Unlit
	}
	for _, l := range f.Lights {
		typ := float32(1)
		switch l.Type {
		case scenes.LightDirectional:
			typ = 0
		case scenes.LightSpot:
			typ = 2
		}
		lights.v3(l.Position, typ)
		lights.v3(l.Direction, l.Range)
		lights.v3(l.Radiance, l.CosInner)
		lights.f(l.CosOuter, 0, 0, 0)
	}
	emitters.u(f.Emitters...)
	for _, n := range f.LightTree {
		cdf.v3(n.Center, n.Power)
		cdf.f(n.R2, math.Float32frombits(n.Child), math.Float32frombits(n.Count), math.Float32frombits(n.Parent))
	}
	off := 0
	for _, t := range f.Textures {
		flags := int32(t.WrapS) | int32(t.WrapT)<<4
		if t.Nearest {
			flags |= 256
		}
		texinfo.i(int32(off), int32(t.Width), int32(t.Height), flags)
		texels.f(t.Pix...)
		off += len(t.Pix)
	}
	var extra words
	for _, ex := range f.Extra {
		for _, c := range ex.Color {
			extra.f(c[:]...)
		}
		extra.f(ex.UV1[0].X, ex.UV1[0].Y, ex.UV1[1].X, ex.UV1[1].Y, ex.UV1[2].X, ex.UV1[2].Y, 0, 0)
	}
	s.Extra = len(f.Extra) > 0
	var lut words
	lut.f(cpu.SheenLUT()...)
	s.Buffers = [Bindings][]byte{tris, shades, nodes, mats, lights, emitters, cdf, texinfo, texels}
	s.Buffers[BindExtra] = extra
	s.Buffers[BindSheenLUT] = lut
	return s
}

// PackEnv lays out an environment for the shader: RGB texels, the
// per-texel pdf, the marginal and the conditional CDFs, back to back.
func PackEnv(e *scenes.Environment) []byte {
	if e == nil {
		return nil
	}
	var w words
	w.f(e.Pix...)
	w.f(e.Pdf...)
	w.f(e.Marginal...)
	w.f(e.Cond...)
	return w
}

// Bytes is the scene's total size on the device.
func (s *Scene) Bytes() int {
	n := 0
	for _, b := range s.Buffers {
		n += len(b)
	}
	return n
}

// Dispatch says what one dispatch renders: a rectangle of pixels of the
// render's region, for samples [S0, S1).
type Dispatch struct {
	X0, Y0, X1, Y1 int
	S0, S1         int
}

// Params is the shader's uniform block (std140) for one dispatch of frame
// f rendered with settings st, lit by env (nil: none).
func Params(f *scenes.Frame, st render.Settings, sc *Scene, env *scenes.Environment, d Dispatch) []byte {
	r := st.Bounds()
	var w words
	w.i(int32(st.Width), int32(st.Height), int32(st.Seed), int32(f.Number))
	w.i(int32(r.X0), int32(r.Y0), int32(r.X1), int32(r.Y1))
	w.i(int32(d.X0), int32(d.Y0), int32(d.X1), int32(d.Y1))
	w.i(int32(st.MaxBounces), int32(sc.Emitters), int32(sc.Lights), 0)
	flags := int32(0)
	if st.Passes {
		flags |= 1
	}
	if st.Adaptive() {
		flags |= 2
	}
	w.i(int32(d.S0), int32(d.S1), int32(st.MinSamples()), flags)
	w.v3(st.Background, st.NoiseThreshold)
	cam := f.Camera
	w.v3(cam.Origin, cam.TanHalfFov)
	w.v3(cam.Right, float32(st.Width)/float32(st.Height))
	w.v3(cam.Up, 0)
	w.v3(cam.Forward, 0)
	flags = 0
	if sc.Cutout {
		flags |= 1
	}
	if sc.Extra {
		flags |= 2
	}
	if st.FilmTransparent {
		flags |= 4
	}
	if cam.Ortho {
		flags |= 8
	}
	if env != nil {
		w.i(int32(env.Width), int32(env.Height), 1, flags)
		w.f(env.Strength, env.RotCos, env.RotSin, cam.OrthoHalfHeight)
	} else {
		w.i(1, 1, 0, flags)
		w.f(0, 1, 0, cam.OrthoHalfHeight)
	}
	return w
}
