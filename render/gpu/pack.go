package gpu

import (
	"encoding/binary"
	"math"

	"github.com/rendergrid/rendergrid/render"
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
)

// Scene is a frame's data as the shader's storage buffers, by binding.
type Scene struct {
	Buffers  [BindTexels + 1][]byte
	Emitters int
	Lights   int
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
		shades.f(sh.UV[2].X, sh.UV[2].Y, 0, 0)
	}
	for _, n := range f.BVH {
		nodes.v3(n.Min, math.Float32frombits(n.LeftFirst))
		nodes.v3(n.Max, math.Float32frombits(n.Count))
	}
	for _, m := range f.Materials {
		mats.f(m.BaseColor[0], m.BaseColor[1], m.BaseColor[2], m.BaseColor[3])
		mats.v3(m.Emissive, m.Metallic)
		mats.v3(m.SpecularColor, m.SpecularWeight)
		double := float32(0)
		if m.DoubleSided {
			double = 1
		}
		mats.f(m.Roughness, m.F0, m.NormalScale, double)
		mats.i(int32(m.BaseColorTex.Index), int32(m.MetalRoughTex.Index), int32(m.EmissiveTex.Index), int32(m.NormalTex.Index))
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
	cdf.f(f.EmitterCDF...)
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
	s.Buffers = [BindTexels + 1][]byte{tris, shades, nodes, mats, lights, emitters, cdf, texinfo, texels}
	return s
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
// f rendered with settings st.
func Params(f *scenes.Frame, st render.Settings, sc *Scene, d Dispatch) []byte {
	r := st.Bounds()
	var w words
	w.i(int32(st.Width), int32(st.Height), int32(st.Seed), int32(f.Number))
	w.i(int32(r.X0), int32(r.Y0), int32(r.X1), int32(r.Y1))
	w.i(int32(d.X0), int32(d.Y0), int32(d.X1), int32(d.Y1))
	w.i(int32(st.MaxBounces), int32(sc.Emitters), int32(sc.Lights), 0)
	w.i(int32(d.S0), int32(d.S1), 0, 0)
	w.v3(st.Background, 0)
	cam := f.Camera
	w.v3(cam.Origin, cam.TanHalfFov)
	w.v3(cam.Right, float32(st.Width)/float32(st.Height))
	w.v3(cam.Up, 0)
	w.v3(cam.Forward, 0)
	return w
}
