package cpu

import (
	"math"

	"github.com/rendergrid/rendergrid/scenes"
)

const (
	minAlpha = 0.004 // GGX alpha floor: near-mirrors stay representable in float32
	invPi    = 1 / math.Pi
)

// surface is a shading point: position, normals facing the viewer and the
// material evaluated at the hit's texture coordinates.
type surface struct {
	p        vec
	ng, n    vec // geometric and shading normal, both on the side of wo
	base     vec // base colour (linear)
	metallic float32
	alpha    float32 // GGX alpha = roughness²
	specW    float32 // KHR_materials_specular weight
	f0       vec     // dielectric F0 colour (ior and specular colour)
	emission vec
}

// eval returns the BRDF value f(wo, wi) (without the cosine) and the pdf of
// sample choosing wi, in solid angle. Both are zero below the surface.
func (s *surface) eval(wo, wi vec) (vec, float32) {
	noV, noL := s.n.Dot(wo), s.n.Dot(wi)
	if noL <= 0 || noV <= 0 || s.ng.Dot(wi) <= 0 {
		return vec{}, 0
	}
	h := wo.Add(wi).Normalize()
	noH, voH := max(s.n.Dot(h), 0), max(wo.Dot(h), 0)
	a2 := s.alpha * s.alpha
	d := ggxD(noH, a2)
	vis := smithV(noV, noL, a2)
	spec := d * vis

	w := pow5(1 - voH)
	fd := vec{X: s.f0.X + (1-s.f0.X)*w, Y: s.f0.Y + (1-s.f0.Y)*w, Z: s.f0.Z + (1-s.f0.Z)*w}
	diffuse := s.base.Scale(invPi * (1 - s.specW*fd.MaxComp()))
	dielectric := diffuse.Add(fd.Scale(s.specW * spec))
	fm := vec{X: s.base.X + (1-s.base.X)*w, Y: s.base.Y + (1-s.base.Y)*w, Z: s.base.Z + (1-s.base.Z)*w}
	metal := fm.Scale(spec)
	f := dielectric.Scale(1 - s.metallic).Add(metal.Scale(s.metallic))

	pSpec := s.specProb(noV)
	pdfSpec := d * smithG1(noV, a2) / (4 * noV)
	pdfDiff := noL * invPi
	return f, pSpec*pdfSpec + (1-pSpec)*pdfDiff
}

// specProb is the probability of sampling the specular lobe, from an
// estimate of each lobe's albedo at this viewing angle.
func (s *surface) specProb(noV float32) float32 {
	w := pow5(1 - noV)
	f0 := s.f0.MaxComp()
	fd := f0 + (1-f0)*w
	specAlb := s.specW*fd*(1-s.metallic) + s.metallic
	diffAlb := (1 - s.metallic) * s.base.Luminance() * (1 - s.specW*fd)
	switch {
	case diffAlb <= 0:
		return 1
	case specAlb <= 0:
		return 0
	}
	return min(max(specAlb/(specAlb+diffAlb), 0.1), 0.9)
}

// sample draws wi from the mixture of the lobes (GGX visible normals or
// cosine-weighted diffuse) and returns it with f and the mixture pdf.
func (s *surface) sample(wo vec, uLobe, u1, u2 float32) (wi, f vec, pdf float32) {
	t, b := basis(s.n)
	noV := s.n.Dot(wo)
	if uLobe < s.specProb(noV) {
		vl := vec{X: wo.Dot(t), Y: wo.Dot(b), Z: noV}
		hl := sampleVNDF(vl, s.alpha, u1, u2)
		h := t.Scale(hl.X).Add(b.Scale(hl.Y)).Add(s.n.Scale(hl.Z))
		wi = h.Scale(2 * wo.Dot(h)).Sub(wo)
	} else {
		r := sqrt32(u1)
		phi := 2 * math.Pi * float64(u2)
		x, y := r*float32(math.Cos(phi)), r*float32(math.Sin(phi))
		z := sqrt32(max(0, 1-u1))
		wi = t.Scale(x).Add(b.Scale(y)).Add(s.n.Scale(z))
	}
	f, pdf = s.eval(wo, wi)
	return wi, f, pdf
}

// ggxD is the GGX (Trowbridge-Reitz) normal distribution.
func ggxD(noH, a2 float32) float32 {
	d := noH*noH*(a2-1) + 1
	return a2 * invPi / (d * d)
}

// smithV is the height-correlated Smith visibility term G/(4 N·L N·V).
func smithV(noV, noL, a2 float32) float32 {
	gv := noL * sqrt32(noV*noV*(1-a2)+a2)
	gl := noV * sqrt32(noL*noL*(1-a2)+a2)
	if gv+gl <= 0 {
		return 0
	}
	return 0.5 / (gv + gl)
}

// smithG1 is the Smith masking of one direction.
func smithG1(noV, a2 float32) float32 {
	return 2 * noV / (noV + sqrt32(a2+(1-a2)*noV*noV))
}

// sampleVNDF samples a GGX visible normal in the local frame (n = +Z) for the
// view direction v (Heitz, "Sampling the GGX Distribution of Visible
// Normals", JCGT 2018).
func sampleVNDF(v vec, alpha, u1, u2 float32) vec {
	vh := vec{X: alpha * v.X, Y: alpha * v.Y, Z: v.Z}.Normalize()
	lensq := vh.X*vh.X + vh.Y*vh.Y
	t1 := vec{X: 1}
	if lensq > 0 {
		inv := 1 / sqrt32(lensq)
		t1 = vec{X: -vh.Y * inv, Y: vh.X * inv}
	}
	t2 := vh.Cross(t1)
	r := sqrt32(u1)
	phi := 2 * math.Pi * float64(u2)
	p1, p2 := r*float32(math.Cos(phi)), r*float32(math.Sin(phi))
	sv := 0.5 * (1 + vh.Z)
	p2 = (1-sv)*sqrt32(max(0, 1-p1*p1)) + sv*p2
	nh := t1.Scale(p1).Add(t2.Scale(p2)).Add(vh.Scale(sqrt32(max(0, 1-p1*p1-p2*p2))))
	return vec{X: alpha * nh.X, Y: alpha * nh.Y, Z: max(0, nh.Z)}.Normalize()
}

// basis returns two unit vectors that make an orthonormal frame with n
// (Duff et al., "Building an Orthonormal Basis, Revisited", JCGT 2017).
func basis(n vec) (t, b vec) {
	sign := float32(math.Copysign(1, float64(n.Z)))
	a := -1 / (sign + n.Z)
	bb := n.X * n.Y * a
	t = vec{X: 1 + sign*n.X*n.X*a, Y: sign * bb, Z: -sign * n.X}
	b = vec{X: bb, Y: sign + n.Y*n.Y*a, Z: -n.Y}
	return t, b
}

func pow5(x float32) float32 {
	x2 := x * x
	return x2 * x2 * x
}

// shade evaluates the material of triangle tri at barycentrics (u, v) and
// builds the shading point seen from direction wo.
func shade(f *scenes.Frame, tri int32, u, v float32, p, wo vec) surface {
	sh := &f.Shading[tri]
	m := &f.Materials[sh.Material]
	w := 1 - u - v
	uv := scenes.Vec2{
		X: sh.UV[0].X*w + sh.UV[1].X*u + sh.UV[2].X*v,
		Y: sh.UV[0].Y*w + sh.UV[1].Y*u + sh.UV[2].Y*v,
	}
	s := surface{
		p:        p,
		ng:       sh.Ng,
		n:        sh.N[0].Scale(w).Add(sh.N[1].Scale(u)).Add(sh.N[2].Scale(v)).Normalize(),
		base:     vec{X: m.BaseColor[0], Y: m.BaseColor[1], Z: m.BaseColor[2]},
		metallic: m.Metallic,
		specW:    m.SpecularWeight,
		f0:       m.SpecularColor.Scale(m.F0),
		emission: m.Emissive,
	}
	s.f0 = vec{X: min(s.f0.X, 1), Y: min(s.f0.Y, 1), Z: min(s.f0.Z, 1)}
	rough := m.Roughness
	if m.BaseColorTex.Index >= 0 {
		c := f.Textures[m.BaseColorTex.Index].Sample(uv.X, uv.Y)
		s.base = s.base.Mul(vec{X: c[0], Y: c[1], Z: c[2]})
	}
	if m.MetalRoughTex.Index >= 0 {
		c := f.Textures[m.MetalRoughTex.Index].Sample(uv.X, uv.Y)
		rough *= c[1]
		s.metallic *= c[2]
	}
	if m.EmissiveTex.Index >= 0 && s.emission.MaxComp() > 0 {
		c := f.Textures[m.EmissiveTex.Index].Sample(uv.X, uv.Y)
		s.emission = s.emission.Mul(vec{X: c[0], Y: c[1], Z: c[2]})
	}
	s.alpha = max(rough*rough, minAlpha)
	if s.ng.Dot(wo) < 0 {
		s.ng, s.n = s.ng.Scale(-1), s.n.Scale(-1)
		if !m.DoubleSided {
			s.emission = vec{} // single-sided emitters shine from their front face only
		}
	}
	if m.NormalTex.Index >= 0 {
		c := f.Textures[m.NormalTex.Index].Sample(uv.X, uv.Y)
		tx, ty, tz := (2*c[0]-1)*m.NormalScale, (2*c[1]-1)*m.NormalScale, 2*c[2]-1
		t := sh.Tangent.Sub(s.n.Scale(s.n.Dot(sh.Tangent))).Normalize()
		b := s.n.Cross(t).Scale(sh.BitSign)
		if nm := t.Scale(tx).Add(b.Scale(ty)).Add(s.n.Scale(tz)).Normalize(); nm.IsFinite() && nm != (vec{}) {
			s.n = nm
		}
	}
	if s.n.Dot(wo) <= 0 || !s.n.IsFinite() || s.n == (vec{}) {
		s.n = s.ng
	}
	return s
}
