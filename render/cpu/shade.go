package cpu

import (
	"math"

	"github.com/rendergrid/rendergrid/scenes"
)

// hitAttrs are a hit's interpolated vertex attributes.
type hitAttrs struct {
	uv    [2]scenes.Vec2 // TEXCOORD_0, TEXCOORD_1
	color [4]float32     // COLOR_0 (white without it)
}

// attrs interpolates triangle tri's attributes at barycentrics (u, v).
func attrs(f *scenes.Frame, tri int32, u, v float32) hitAttrs {
	sh := &f.Shading[tri]
	w := 1 - u - v
	a := hitAttrs{color: [4]float32{1, 1, 1, 1}}
	a.uv[0] = scenes.Vec2{X: sh.UV[0].X*w + sh.UV[1].X*u + sh.UV[2].X*v, Y: sh.UV[0].Y*w + sh.UV[1].Y*u + sh.UV[2].Y*v}
	if f.Extra != nil {
		ex := &f.Extra[tri]
		a.uv[1] = scenes.Vec2{X: ex.UV1[0].X*w + ex.UV1[1].X*u + ex.UV1[2].X*v, Y: ex.UV1[0].Y*w + ex.UV1[1].Y*u + ex.UV1[2].Y*v}
		for c := range a.color {
			a.color[c] = ex.Color[0][c]*w + ex.Color[1][c]*u + ex.Color[2][c]*v
		}
	}
	return a
}

// tex samples texture slot r at the hit's coordinates.
func (a *hitAttrs) tex(f *scenes.Frame, r *scenes.TexRef) [4]float32 {
	uv := a.uv[r.TexCoord]
	x, y := r.Apply(uv.X, uv.Y)
	return f.Textures[r.Index].Sample(x, y)
}

// texturedMaterials marks the materials of f whose shading reads texture
// coordinates or vertex colours (any texture slot, or COLOR_0 and
// TEXCOORD_1 in the frame): the others skip interpolating them.
func texturedMaterials(f *scenes.Frame) []bool {
	out := make([]bool, len(f.Materials))
	for i := range f.Materials {
		out[i] = f.Extra != nil
		for _, r := range f.Materials[i].Tex {
			out[i] = out[i] || r.Index >= 0
		}
	}
	return out
}

// opacity is the material's alpha at a hit: base colour alpha × texture
// alpha × vertex alpha (1 for opaque materials).
func opacity(f *scenes.Frame, m *scenes.Material, a *hitAttrs) float32 {
	al := m.BaseColor[3] * a.color[3]
	if r := &m.Tex[scenes.TexBaseColor]; r.Index >= 0 {
		al *= a.tex(f, r)[3]
	}
	if m.AlphaMode == scenes.AlphaMask {
		if al >= m.AlphaCutoff {
			return 1
		}
		return 0
	}
	return al
}

// unlitColor is what a camera ray sees on a KHR_materials_unlit surface.
func unlitColor(f *scenes.Frame, m *scenes.Material, a *hitAttrs) vec {
	c := vec{X: m.BaseColor[0] * a.color[0], Y: m.BaseColor[1] * a.color[1], Z: m.BaseColor[2] * a.color[2]}
	if r := &m.Tex[scenes.TexBaseColor]; r.Index >= 0 {
		t := a.tex(f, r)
		c = c.Mul(vec{X: t[0], Y: t[1], Z: t[2]})
	}
	return c
}

// shade evaluates the material of triangle tri at barycentrics (u, v) and
// builds the shading point seen from direction wo. channel is the colour
// channel a dispersive path has been narrowed to (-1: none).
func shade(s *surface, f *scenes.Frame, textured []bool, tri int32, u, v float32, p, wo vec, channel int) {
	sh := &f.Shading[tri]
	m := &f.Materials[sh.Material]
	var a hitAttrs
	tx := textured[sh.Material]
	if tx {
		a = attrs(f, tri, u, v)
	} else {
		a.color = [4]float32{1, 1, 1, 1}
	}
	w := 1 - u - v
	*s = surface{
		p:        p,
		ng:       sh.Ng,
		n:        sh.N[0].Scale(w).Add(sh.N[1].Scale(u)).Add(sh.N[2].Scale(v)).Normalize(),
		front:    true,
		base:     vec{X: m.BaseColor[0] * a.color[0], Y: m.BaseColor[1] * a.color[1], Z: m.BaseColor[2] * a.color[2]},
		metallic: m.Metallic,
		specW:    m.SpecularWeight,
		emission: m.Emissive,
		trans:    m.Transmission,
		thin:     m.Thickness <= 0,
		cc:       m.Clearcoat,
		sheen:    m.SheenColor,
		irid:     m.Iridescence,
		iridIOR:  m.IridescenceIOR,
		iridThk:  m.IridescenceThkMax,
		ior:      m.IOR,
	}
	rough := m.Roughness
	specColor := m.SpecularColor
	t := &m.Tex
	if tx && t[scenes.TexBaseColor].Index >= 0 {
		c := a.tex(f, &t[scenes.TexBaseColor])
		s.base = s.base.Mul(vec{X: c[0], Y: c[1], Z: c[2]})
	}
	if tx && t[scenes.TexMetalRough].Index >= 0 {
		c := a.tex(f, &t[scenes.TexMetalRough])
		rough *= c[1]
		s.metallic *= c[2]
	}
	if tx && t[scenes.TexEmissive].Index >= 0 && s.emission.MaxComp() > 0 {
		c := a.tex(f, &t[scenes.TexEmissive])
		s.emission = s.emission.Mul(vec{X: c[0], Y: c[1], Z: c[2]})
	}
	if tx && t[scenes.TexSpecular].Index >= 0 {
		s.specW *= a.tex(f, &t[scenes.TexSpecular])[3]
	}
	if tx && t[scenes.TexSpecularColor].Index >= 0 {
		c := a.tex(f, &t[scenes.TexSpecularColor])
		specColor = specColor.Mul(vec{X: c[0], Y: c[1], Z: c[2]})
	}
	if s.trans > 0 && t[scenes.TexTransmission].Index >= 0 {
		s.trans *= a.tex(f, &t[scenes.TexTransmission])[0]
	}
	if !s.thin && t[scenes.TexThickness].Index >= 0 && a.tex(f, &t[scenes.TexThickness])[1] <= 0 {
		s.thin = true
	}
	if s.cc > 0 {
		ccRough := m.ClearcoatRoughness
		if t[scenes.TexClearcoat].Index >= 0 {
			s.cc *= a.tex(f, &t[scenes.TexClearcoat])[0]
		}
		if t[scenes.TexClearcoatRough].Index >= 0 {
			ccRough *= a.tex(f, &t[scenes.TexClearcoatRough])[1]
		}
		s.ccAlpha = max(ccRough*ccRough, minAlpha)
	}
	if s.sheen.MaxComp() > 0 {
		sr := m.SheenRoughness
		if t[scenes.TexSheenColor].Index >= 0 {
			c := a.tex(f, &t[scenes.TexSheenColor])
			s.sheen = s.sheen.Mul(vec{X: c[0], Y: c[1], Z: c[2]})
		}
		if t[scenes.TexSheenRough].Index >= 0 {
			sr *= a.tex(f, &t[scenes.TexSheenRough])[3]
		}
		s.sheenA = max(sr*sr, minSheenAlpha)
	}
	if s.irid > 0 {
		if t[scenes.TexIridescence].Index >= 0 {
			s.irid *= a.tex(f, &t[scenes.TexIridescence])[0]
		}
		if t[scenes.TexIridescenceThk].Index >= 0 {
			g := a.tex(f, &t[scenes.TexIridescenceThk])[1]
			s.iridThk = m.IridescenceThkMin + (m.IridescenceThkMax-m.IridescenceThkMin)*g
		}
	}
	s.alpha = max(rough*rough, minAlpha)
	if s.ng.Dot(wo) < 0 {
		s.ng, s.n = s.ng.Scale(-1), s.n.Scale(-1)
		s.front = false
		if !m.DoubleSided {
			s.emission = vec{} // single-sided emitters shine from their front face only
		}
	}
	ccN := s.n
	if tx && t[scenes.TexNormal].Index >= 0 {
		s.n = normalMap(f, &a, &t[scenes.TexNormal], m.NormalScale, sh, s.n)
	}
	if s.cc > 0 && t[scenes.TexClearcoatNormal].Index >= 0 {
		ccN = normalMap(f, &a, &t[scenes.TexClearcoatNormal], m.ClearcoatNormScale, sh, ccN)
	}
	if s.n.Dot(wo) <= 0 || !s.n.IsFinite() || s.n == (vec{}) {
		s.n = s.ng
	}
	if s.cc > 0 && (ccN.Dot(wo) <= 0 || !ccN.IsFinite() || ccN == (vec{})) {
		ccN = s.n
	}
	s.ccN = ccN
	// IOR: the far side's over the near side's; a dispersive path uses its
	// channel's IOR (the extension's spread around the green IOR).
	ior := s.ior
	if m.Dispersion > 0 && channel >= 0 && ior > 1 {
		half := (ior - 1) * 0.025 * m.Dispersion
		ior += half * float32(channel-1)
	}
	f0 := float32(m.F0)
	if ior > 0 {
		r := (ior - 1) / (ior + 1)
		f0 = r * r
	}
	s.f0 = vec{X: min(specColor.X*f0, 1) * s.specW, Y: min(specColor.Y*f0, 1) * s.specW, Z: min(specColor.Z*f0, 1) * s.specW}
	s.eta = max(ior, 1)
	if !s.front {
		s.eta = 1 / s.eta
	}
	if m.Anisotropy > 0 {
		strength := m.Anisotropy
		dir := [2]float32{1, 0}
		if t[scenes.TexAnisotropy].Index >= 0 {
			c := a.tex(f, &t[scenes.TexAnisotropy])
			dir = [2]float32{2*c[0] - 1, 2*c[1] - 1}
			strength *= c[2]
		}
		cr, sr := float32(math.Cos(float64(m.AnisotropyRotation))), float32(math.Sin(float64(m.AnisotropyRotation)))
		dx, dy := cr*dir[0]-sr*dir[1], sr*dir[0]+cr*dir[1]
		tg := sh.Tangent.Sub(s.n.Scale(s.n.Dot(sh.Tangent))).Normalize()
		bt := s.n.Cross(tg).Scale(sh.BitSign)
		at := tg.Scale(dx).Add(bt.Scale(dy))
		at = at.Sub(s.n.Scale(s.n.Dot(at))).Normalize()
		if strength > 0 && at.IsFinite() && at != (vec{}) {
			s.aniso = true
			s.t = at
			s.b = s.n.Cross(at)
			s.ay = s.alpha
			s.ax = s.alpha + (1-s.alpha)*strength*strength
		}
	}
	s.pr, s.prOK = s.probs(s.n.Dot(wo)), true
}

// normalMap perturbs n by a tangent-space normal texture.
func normalMap(f *scenes.Frame, a *hitAttrs, r *scenes.TexRef, scale float32, sh *scenes.TriShading, n vec) vec {
	c := a.tex(f, r)
	tx, ty, tz := (2*c[0]-1)*scale, (2*c[1]-1)*scale, 2*c[2]-1
	t := sh.Tangent.Sub(n.Scale(n.Dot(sh.Tangent))).Normalize()
	b := n.Cross(t).Scale(sh.BitSign)
	if nm := t.Scale(tx).Add(b.Scale(ty)).Add(n.Scale(tz)).Normalize(); nm.IsFinite() && nm != (vec{}) {
		return nm
	}
	return n
}
