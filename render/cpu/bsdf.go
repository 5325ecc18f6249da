package cpu

import (
	"math"
)

const (
	minAlpha = 0.004 // GGX alpha floor: near-mirrors stay representable in float32
	invPi    = 1 / math.Pi
	lobeMin  = 0.02 // least probability of a lobe that can contribute
)

// surface is a shading point: position, normals facing the viewer and the
// material evaluated at the hit's texture coordinates. The model is the
// glTF 2.0 specification's appendix B with the KHR_materials_* extensions
// layered as their specifications describe:
//
//	material = mix(dielectric, metal, metallic)
//	dielectric = F·specular + (1-max F)·mix(diffuse, base·btdf, transmission)
//	sheen:     material·(1 - max(sheenColor)·E) + sheen_brdf
//	clearcoat: material·(1 - clearcoat·Fc) + clearcoat·coat_brdf
type surface struct {
	p        vec
	ng, n    vec  // geometric and shading normal, both on the side of wo
	front    bool // the ray hit the triangle's front face
	base     vec  // base colour (linear), × COLOR_0
	metallic float32
	alpha    float32 // GGX alpha = roughness²
	aniso    bool    // ax, ay and the frame t, b are anisotropic
	ax, ay   float32
	t, b     vec
	specW    float32 // KHR_materials_specular weight (= F90)
	f0       vec     // dielectric F0 colour (ior and specular colour), × specW
	eta      float32 // IOR on the far side of the surface over the near side
	trans    float32 // KHR_materials_transmission
	thin     bool    // transmission without a volume
	cc       float32 // clearcoat weight
	ccAlpha  float32
	ccN      vec
	sheen    vec
	sheenA   float32 // sheen roughness², floored
	irid     float32
	iridThk  float32 // nanometres
	iridIOR  float32
	ior      float32
	emission vec
	// pr caches probs for the wo the surface was shaded for (prOK).
	pr   [4]float32
	prOK bool
}

// lobes returns the lobe probabilities at N·V = noV: cached by shade,
// which knows wo, else computed.
func (s *surface) lobes(noV float32) [4]float32 {
	if s.prOK {
		return s.pr
	}
	return s.probs(noV)
}

// fresnel returns the dielectric Fresnel colour at cosθ = w·h on this
// surface (the specular extension's F0/F90, the thin film's interference),
// and total internal reflection for volumes seen from inside.
func (s *surface) fresnel(voh float32) vec {
	c := voh
	if !s.thin && s.eta < 1 { // inside a denser volume: use the transmitted angle
		sin2 := (1 - voh*voh) / (s.eta * s.eta)
		if sin2 >= 1 {
			return vec{X: s.specW, Y: s.specW, Z: s.specW}
		}
		c = sqrt32(1 - sin2)
	}
	w := pow5(1 - c)
	f := vec{X: s.f0.X + (s.specW-s.f0.X)*w, Y: s.f0.Y + (s.specW-s.f0.Y)*w, Z: s.f0.Z + (s.specW-s.f0.Z)*w}
	if s.irid > 0 {
		f = lerpVec(f, iridescence(1, s.iridIOR, voh, s.iridThk, s.f0).Scale(s.specW), s.irid)
	}
	return f
}

// metalFresnel is the conductor Fresnel: Schlick with the base colour as F0.
func (s *surface) metalFresnel(voh float32) vec {
	w := pow5(1 - voh)
	f := vec{X: s.base.X + (1-s.base.X)*w, Y: s.base.Y + (1-s.base.Y)*w, Z: s.base.Z + (1-s.base.Z)*w}
	if s.irid > 0 {
		f = lerpVec(f, iridescence(1, s.iridIOR, voh, s.iridThk, s.base), s.irid)
	}
	return f
}

// probs returns the probabilities of sampling the clearcoat, specular
// reflection, dielectric (reflect or transmit by Fresnel) and diffuse lobes.
func (s *surface) probs(noV float32) [4]float32 {
	f0 := s.f0.MaxComp()
	fa := f0 + (s.specW-f0)*pow5(1-noV)
	d := 1 - s.metallic
	if s.cc <= 0 && s.trans <= 0 && s.sheen.MaxComp() <= 0 {
		// The common case: specular and diffuse only.
		ws, wd := s.metallic+d*fa, d*(1-fa)*s.base.Luminance()
		switch {
		case wd <= 0:
			return [4]float32{0, 1, 0, 0}
		case ws <= 0:
			return [4]float32{0, 0, 0, 1}
		}
		ws, wd = max(ws, lobeMin), max(wd, lobeMin)
		inv := 1 / (ws + wd)
		return [4]float32{0, ws * inv, 0, wd * inv}
	}
	var wcc float32
	if s.cc > 0 {
		wcc = s.cc * schlick(0.04, 1, noV)
	}
	rest := 1 - wcc
	w := [4]float32{
		wcc,
		rest * (s.metallic + d*(1-s.trans)*fa),
		rest * d * s.trans,
		rest * d * (1 - s.trans) * ((1-fa)*s.base.Luminance() + s.sheen.MaxComp()),
	}
	var sum float32
	for i := range w {
		if w[i] > 0 {
			w[i] = max(w[i], lobeMin)
		}
		sum += w[i]
	}
	if sum <= 0 {
		return [4]float32{0, 0, 0, 1}
	}
	inv := 1 / sum
	for i := range w {
		w[i] *= inv
	}
	return w
}

// ggx returns D and the visibility term V = G2/(4 N·L N·V) of the specular
// lobe for half vector h, with G1(wo) for the sampling pdf.
func (s *surface) ggx(wo, wi, h vec, noV, noL float32) (d, v, g1 float32) {
	noH := s.n.Dot(h)
	if !s.aniso {
		a2 := s.alpha * s.alpha
		return ggxD(noH, a2), smithV(noV, noL, a2), smithG1(noV, a2)
	}
	th, bh := s.t.Dot(h), s.b.Dot(h)
	ax, ay := s.ax, s.ay
	k := (th*th)/(ax*ax) + (bh*bh)/(ay*ay) + noH*noH
	d = 1 / (math.Pi * ax * ay * k * k)
	lv := sqrt32(sq(ax*s.t.Dot(wo)) + sq(ay*s.b.Dot(wo)) + noV*noV)
	ll := sqrt32(sq(ax*s.t.Dot(wi)) + sq(ay*s.b.Dot(wi)) + noL*noL)
	if den := noL*lv + noV*ll; den > 0 {
		v = 0.5 / den
	}
	g1 = 2 * noV / (noV + lv)
	return d, v, g1
}

// eval returns the BSDF value f(wo, wi) (without the cosine) and the pdf of
// sample choosing wi, in solid angle. wi may be on either side.
func (s *surface) eval(wo, wi vec) (vec, float32) {
	noV, noL := s.n.Dot(wo), s.n.Dot(wi)
	if noV <= 0 || noL == 0 {
		return vec{}, 0
	}
	pr := s.lobes(noV)
	if noL > 0 && s.ng.Dot(wi) > 0 {
		return s.evalReflect(wo, wi, noV, noL, pr)
	}
	if noL < 0 && s.ng.Dot(wi) < 0 && pr[2] > 0 {
		return s.evalTransmit(wo, wi, noV, -noL, pr)
	}
	return vec{}, 0
}

func (s *surface) evalReflect(wo, wi vec, noV, noL float32, pr [4]float32) (vec, float32) {
	h := wo.Add(wi).Normalize()
	voh := max(wo.Dot(h), 0)
	d, v, g1 := s.ggx(wo, wi, h, noV, noL)
	spec := d * v
	fd := s.fresnel(voh)
	diffuse := s.base.Scale(invPi * (1 - s.trans) * (1 - fd.MaxComp()))
	dielectric := diffuse.Add(fd.Scale(spec))
	f := dielectric
	if s.metallic > 0 {
		f = dielectric.Scale(1 - s.metallic).Add(s.metalFresnel(voh).Scale(spec * s.metallic))
	}
	pdfH := d * g1 / (4 * noV) // VNDF pdf of the reflected direction
	pdf := pr[1]*pdfH + pr[3]*noL*invPi
	if pr[2] > 0 {
		pdf += pr[2] * pdfH * (1 - s.transmitProb(fd)) // the dielectric lobe reflects with probability F
	}
	if s.sheen.MaxComp() > 0 {
		f = f.Scale(s.sheenScale(noV, noL)).Add(s.sheen.Scale(charlieD(s.n.Dot(h), s.sheenA) * ashikhminV(noV, noL)))
	}
	if s.cc > 0 {
		cnv, cnl := max(s.ccN.Dot(wo), 1e-4), s.ccN.Dot(wi)
		f = f.Scale(1 - s.cc*schlick(0.04, 1, cnv))
		if cnl > 0 {
			a2 := s.ccAlpha * s.ccAlpha
			cnh := s.ccN.Dot(h)
			dc := ggxD(cnh, a2)
			f = f.Add(vec{X: 1, Y: 1, Z: 1}.Scale(s.cc * schlick(0.04, 1, voh) * dc * smithV(cnv, cnl, a2)))
			pdf += pr[0] * dc * smithG1(cnv, a2) / (4 * cnv)
		}
	}
	return f, pdf
}

// evalTransmit is the dielectric lobe's transmission: thin-walled (the
// mirrored reflection lobe passes straight through) or refracting into or
// out of a volume (Walter et al. 2007, normalised so that a sampled
// direction carries (1-F)·G2/G1, whatever the IORs).
func (s *surface) evalTransmit(wo, wi vec, noV, noL float32, pr [4]float32) (vec, float32) {
	var h vec
	var jac float32 // dωh/dωi
	if s.thin {
		m := wi.Sub(s.n.Scale(2 * s.n.Dot(wi))) // mirrored to wo's side
		h = wo.Add(m).Normalize()
		jac = 1 / (4 * max(wo.Dot(h), 1e-8))
	} else {
		h = wo.Add(wi.Scale(s.eta)).Scale(-1).Normalize()
		if s.n.Dot(h) < 0 {
			h = h.Scale(-1)
		}
		woh, wih := wo.Dot(h), wi.Dot(h)
		if woh <= 0 || wih >= 0 {
			return vec{}, 0
		}
		den := woh + s.eta*wih
		jac = s.eta * s.eta * -wih / (den * den)
	}
	voh := wo.Dot(h)
	if voh <= 0 {
		return vec{}, 0
	}
	d, _, g1 := s.ggx(wo, h, h, noV, noV)
	g2 := s.g2(wo, wi, noV, noL)
	fd := s.fresnel(voh)
	pdfH := d * g1 * voh / noV
	pdf := pr[2] * pdfH * s.transmitProb(fd) * jac
	// f·cos/pdf = base·(1-F)·G2/G1 with pdf the lobe's: f = that × pdf/cos.
	w := (1 - s.metallic) * s.trans * (1 - fd.MaxComp()) * d * g2 * voh / noV * jac / noL
	f := s.base.Scale(w)
	if s.cc > 0 {
		f = f.Scale(1 - s.cc*schlick(0.04, 1, max(s.ccN.Dot(wo), 1e-4)))
	}
	return f, pdf
}

// transmitProb is the probability that the dielectric lobe transmits for
// Fresnel colour fd: 1 - max(F)/F90.
func (s *surface) transmitProb(fd vec) float32 {
	if s.specW <= 0 {
		return 1
	}
	return max(1-fd.MaxComp()/s.specW, 0)
}

// g2 is the height-correlated Smith masking-shadowing of the specular lobe.
func (s *surface) g2(wo, wi vec, noV, noL float32) float32 {
	var lv, ll float32
	if s.aniso {
		lv = sqrt32(sq(s.ax*s.t.Dot(wo)) + sq(s.ay*s.b.Dot(wo)) + noV*noV)
		ll = sqrt32(sq(s.ax*s.t.Dot(wi)) + sq(s.ay*s.b.Dot(wi)) + noL*noL)
	} else {
		a2 := s.alpha * s.alpha
		lv = sqrt32(noV*noV*(1-a2) + a2)
		ll = sqrt32(noL*noL*(1-a2) + a2)
	}
	return 2 * noV * noL / (noL*lv + noV*ll)
}

// sheenScale is the sheen layer's albedo scaling of the material below.
func (s *surface) sheenScale(noV, noL float32) float32 {
	return 1 - s.sheen.MaxComp()*max(sheenAlbedo(noV, s.sheenA), sheenAlbedo(noL, s.sheenA))
}

// sample draws wi from the mixture of the lobes and returns it with f and
// the mixture pdf. uLobe picks the lobe, uSel the dielectric lobe's
// reflection or transmission.
func (s *surface) sample(wo vec, uLobe, u1, u2, uSel float32) (wi, f vec, pdf float32) {
	noV := s.n.Dot(wo)
	pr := s.lobes(noV)
	switch {
	case uLobe < pr[0]:
		t, b := basis(s.ccN)
		vl := vec{X: wo.Dot(t), Y: wo.Dot(b), Z: s.ccN.Dot(wo)}
		hl := sampleVNDF(vl, s.ccAlpha, s.ccAlpha, u1, u2)
		h := t.Scale(hl.X).Add(b.Scale(hl.Y)).Add(s.ccN.Scale(hl.Z))
		wi = h.Scale(2 * wo.Dot(h)).Sub(wo)
		if s.n.Dot(wi) <= 0 {
			return vec{}, vec{}, 0
		}
	case uLobe < pr[0]+pr[1]+pr[2]:
		t, b := s.t, s.b
		ax, ay := s.ax, s.ay
		if !s.aniso {
			t, b = basis(s.n)
			ax, ay = s.alpha, s.alpha
		}
		vl := vec{X: wo.Dot(t), Y: wo.Dot(b), Z: noV}
		hl := sampleVNDF(vl, ax, ay, u1, u2)
		h := t.Scale(hl.X).Add(b.Scale(hl.Y)).Add(s.n.Scale(hl.Z))
		voh := wo.Dot(h)
		wi = h.Scale(2 * voh).Sub(wo)
		if uLobe >= pr[0]+pr[1] && uSel < s.transmitProb(s.fresnel(max(voh, 0))) {
			// Transmission: the direction must end on the far side, or the
			// sample belongs to no lobe that eval knows of.
			if s.thin {
				if s.n.Dot(wi) <= 0 {
					return vec{}, vec{}, 0
				}
				wi = wi.Sub(s.n.Scale(2 * s.n.Dot(wi)))
			} else if r, ok := refract(wo, h, s.eta); ok && s.n.Dot(r) < 0 {
				wi = r
			} else {
				return vec{}, vec{}, 0
			}
		} else if s.n.Dot(wi) <= 0 {
			return vec{}, vec{}, 0
		}
	default:
		t, b := basis(s.n)
		r := sqrt32(u1)
		phi := 2 * math.Pi * float64(u2)
		x, y := r*float32(math.Cos(phi)), r*float32(math.Sin(phi))
		z := sqrt32(max(0, 1-u1))
		wi = t.Scale(x).Add(b.Scale(y)).Add(s.n.Scale(z))
	}
	f, pdf = s.eval(wo, wi)
	return wi, f, pdf
}

// refract bends wo (pointing away from the surface) through microfacet
// normal h into the far medium; eta is far IOR over near IOR.
func refract(wo, h vec, eta float32) (vec, bool) {
	c := wo.Dot(h)
	inv := 1 / eta
	k := 1 - inv*inv*(1-c*c)
	if k <= 0 {
		return vec{}, false
	}
	return wo.Scale(-inv).Add(h.Scale(inv*c - sqrt32(k))).Normalize(), true
}

func schlick(f0, f90, c float32) float32 { return f0 + (f90-f0)*pow5(1-c) }

func sq(x float32) float32 { return x * x }

func lerpVec(a, b vec, t float32) vec { return a.Add(b.Sub(a).Scale(t)) }

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
// Normals", JCGT 2018), with roughnesses ax along X and ay along Y.
func sampleVNDF(v vec, ax, ay, u1, u2 float32) vec {
	vh := vec{X: ax * v.X, Y: ay * v.Y, Z: v.Z}.Normalize()
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
	return vec{X: ax * nh.X, Y: ay * nh.Y, Z: max(0, nh.Z)}.Normalize()
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
