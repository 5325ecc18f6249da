package cpu

import (
	"math"

	"github.com/rendergrid/rendergrid/scenes"
)

const (
	rouletteDepth = 3    // bounces before Russian roulette may end a path
	rouletteMax   = 0.95 // highest survival probability, so every path ends
	maxPassThru   = 64   // transparent surfaces a ray may pass before it stops
)

// tracer holds what one rendering goroutine needs per path.
type tracer struct {
	f          *scenes.Frame
	env        *scenes.Environment // nil: black beyond the scene
	cutout     bool                // some material is alpha-tested, blended or unlit
	textured   []bool              // by material: shading reads texture coordinates
	maxBounces int
	forward    vec // the camera's view axis, for the depth pass
	rays       int64
}

// firstHit is what the passes record of the first surface a camera path
// sees (past surfaces it passes through).
type firstHit struct {
	hit            bool
	albedo, normal vec
	depth          float32
	emission       vec // light the camera ray saw directly: an emitter, unlit surface or the environment
}

// record keeps surface s at view depth z: its base colour (white for an
// emitter, whose light is not the albedo's to modulate) and its shading
// normal.
func (a *firstHit) record(s *surface, z float32) {
	a.hit = true
	a.albedo = s.base
	if s.emission.MaxComp() > 0 {
		a.albedo = vec{X: 1, Y: 1, Z: 1}
	}
	a.normal, a.depth = s.n, z
}

// newTracer prepares the tracing of frame f lit by env.
func newTracer(f *scenes.Frame, env *scenes.Environment, maxBounces int) tracer {
	return tracer{f: f, env: env, cutout: HasCutouts(f), textured: texturedMaterials(f), maxBounces: maxBounces, forward: f.Camera.Forward}
}

// HasCutouts reports whether any material of f lets rays pass through its
// surfaces (alpha MASK or BLEND, or unlit), which needs any-hit tests.
func HasCutouts(f *scenes.Frame) bool {
	for i := range f.Materials {
		if m := &f.Materials[i]; m.AlphaMode != scenes.AlphaOpaque || m.Unlit {
			return true
		}
	}
	return false
}

// passes reports whether a ray passes through triangle tri at (u, v): the
// surface's opacity against a uniform number; unlit surfaces are seen by
// camera rays only.
func (tr *tracer) passes(tri int32, u, v, rnd float32, camera bool) bool {
	m := &tr.f.Materials[tr.f.Shading[tri].Material]
	if m.Unlit && !camera {
		return true
	}
	if m.AlphaMode == scenes.AlphaOpaque {
		return false
	}
	a := attrs(tr.f, tri, u, v)
	return rnd >= opacity(tr.f, m, &a)
}

// radiance traces one camera path and returns its radiance estimate and
// its coverage (0 when the camera ray left the scene, for
// --film-transparent). Bounce d takes Sobol groups 1+3d to 3+3d: the
// BSDF direction, lobe and roulette; the emitter point, emitter pick and
// dielectric choice; the environment direction and punctual-light pick
// (see sampler), computing only the numbers it uses. Alpha tests at a
// surface that may let the ray through draw from the PCG stream. The GLSL
// port stays in step.
func (tr *tracer) radiance(r ray, rnd *sampler, transparentFilm bool, aux *firstHit) (vec, float32) {
	f := tr.f
	var l vec
	beta := vec{X: 1, Y: 1, Z: 1}
	var prevPdf float32 // pdf of the BSDF sample that produced r
	var prevP vec       // the shading point that sampled it
	channel := -1       // colour channel of a dispersive path
	coverage := float32(0)
	passed := 0
	for depth := 0; ; {
		tr.rays++
		h := intersect(f, &r, float32(math.Inf(1)))
		if h.tri < 0 {
			if tr.env != nil && !(depth == 0 && transparentFilm) {
				w := float32(1)
				if depth > 0 {
					w = powerHeuristic(prevPdf, envPdf(tr.env, r.d))
				}
				e := beta.Mul(envRadiance(tr.env, r.d)).Scale(w)
				l = l.Add(e)
				if depth == 0 && aux != nil {
					aux.emission = e
				}
			}
			break
		}
		p := r.o.Add(r.d.Scale(h.t))
		sh := &f.Shading[h.tri]
		m := &f.Materials[sh.Material]
		if tr.cutout && (m.AlphaMode != scenes.AlphaOpaque || m.Unlit) {
			if m.Unlit && depth == 0 {
				a := attrs(f, h.tri, h.u, h.v)
				op := float32(1)
				if m.AlphaMode != scenes.AlphaOpaque {
					op = opacity(f, m, &a)
				}
				uA := rnd.float()
				if uA < op {
					e := beta.Mul(unlitColor(f, m, &a))
					l = l.Add(e)
					if aux != nil && !aux.hit {
						aux.hit, aux.albedo, aux.emission = true, vec{X: 1, Y: 1, Z: 1}, e
						aux.normal, aux.depth = sh.Ng, h.t*r.d.Dot(tr.forward)
					}
					coverage = 1
					break
				}
			} else if tr.passes(h.tri, h.u, h.v, rnd.float(), depth == 0) {
				if passed++; passed >= maxPassThru {
					break
				}
				r = newRay(offset(p, r.d), r.d)
				continue
			}
			if m.Unlit {
				if passed++; passed >= maxPassThru {
					break
				}
				r = newRay(offset(p, r.d), r.d)
				continue
			}
		}
		if depth == 0 {
			coverage = 1
		}
		wo := r.d.Scale(-1)
		// A ray leaving a volume through its boundary was inside it for h.t.
		if m.AttenuationDistance > 0 && m.Thickness > 0 && sh.Ng.Dot(wo) < 0 {
			beta = beta.Mul(attenuation(m, h.t))
		}
		var s surface
		shade(&s, f, tr.textured, h.tri, h.u, h.v, p, wo, channel)
		if depth == 0 && aux != nil && !aux.hit {
			aux.record(&s, h.t*r.d.Dot(tr.forward))
		}

		if s.emission.MaxComp() > 0 {
			w := float32(1)
			if depth > 0 {
				w = powerHeuristic(prevPdf, tr.emitterPdf(h.tri, prevP, p))
			}
			e := beta.Mul(s.emission).Scale(w)
			l = l.Add(e)
			if depth == 0 && aux != nil {
				aux.emission = e
			}
		}

		if depth >= tr.maxBounces {
			break
		}
		g := 1 + 3*uint32(depth)
		bs, em, en := rnd.group(g), rnd.group(g+1), rnd.group(g+2)
		u1, u2, uLobe := bs.at(0), bs.at(1), bs.at(2)
		var uA, uB, uPick, uSel, uE1, uE2, uLight float32
		if len(f.Emitters) > 0 {
			uA, uB, uPick = em.at(0), em.at(1), em.at(2)
		}
		if s.trans > 0 || m.Dispersion > 0 {
			uSel = em.at(3)
		}
		if tr.env != nil {
			uE1, uE2 = en.at(0), en.at(1)
		}
		if len(f.Lights) > 0 {
			uLight = en.at(2)
		}
		l = l.Add(beta.Mul(tr.sampleEmitter(&s, wo, uPick, uA, uB, rnd.state)))
		l = l.Add(beta.Mul(tr.samplePunctual(&s, wo, uLight, rnd.state)))
		l = l.Add(beta.Mul(tr.sampleEnv(&s, wo, uE1, uE2, rnd.state)))

		wi, fv, pdf := s.sample(wo, uLobe, u1, u2, uSel)
		if pdf <= 0 || fv.MaxComp() <= 0 {
			break
		}
		beta = beta.Mul(fv.Scale(abs32(s.n.Dot(wi)) / pdf))
		// The first refraction through a dispersive volume narrows the path
		// to one colour channel, picked uniformly (weight 3 on it).
		if channel < 0 && m.Dispersion > 0 && !s.thin && s.n.Dot(wi) < 0 {
			channel = min(int(uSel*3), 2)
			c := [3]float32{beta.X, beta.Y, beta.Z}
			beta = vec{}
			switch channel {
			case 0:
				beta.X = 3 * c[0]
			case 1:
				beta.Y = 3 * c[1]
			default:
				beta.Z = 3 * c[2]
			}
		}
		prevPdf, prevP = pdf, p
		if depth+1 >= rouletteDepth {
			q := min(beta.MaxComp(), rouletteMax)
			if bs.at(3) >= q {
				break
			}
			beta = beta.Scale(1 / q)
		}
		r = newRay(offsetToward(p, s.ng, wi), wi)
		depth++
	}
	return l, coverage
}

// attenuation is Beer-Lambert transmittance over distance t in m's volume:
// attenuationColor^(t/attenuationDistance).
func attenuation(m *scenes.Material, t float32) vec {
	k := float64(t / m.AttenuationDistance)
	pw := func(c float32) float32 {
		if c <= 0 {
			return 0
		}
		return float32(math.Pow(float64(c), k))
	}
	return vec{X: pw(m.AttenuationColor.X), Y: pw(m.AttenuationColor.Y), Z: pw(m.AttenuationColor.Z)}
}

// offsetToward moves p off the surface to the side of w.
func offsetToward(p, ng, w vec) vec {
	if ng.Dot(w) < 0 {
		return offset(p, ng.Scale(-1))
	}
	return offset(p, ng)
}

// visible reports whether nothing blocks the segment from o along unit d
// for dist. Surfaces that let rays through (alpha, unlit) are tested with
// numbers hashed from the path's state, so the test does not depend on the
// order the BVH visits them in.
func (tr *tracer) visible(o, d vec, dist float32, state uint32) bool {
	tr.rays++
	r := newRay(o, d)
	if !tr.cutout {
		return !occluded(tr.f, &r, dist)
	}
	for k := 0; k < maxPassThru; k++ {
		h := intersect(tr.f, &r, dist)
		if h.tri < 0 {
			return true
		}
		if !tr.passes(h.tri, h.u, h.v, hashFloat(state^pcgHash(uint32(h.tri)+uint32(k))), false) {
			return false
		}
		p := r.o.Add(r.d.Scale(h.t))
		no := offset(p, d)
		dist -= no.Sub(r.o).Length()
		if dist <= 0 {
			return true
		}
		r = newRay(no, d)
	}
	return false
}

// emitterPdf is the solid-angle pdf with which sampleEmitter, at shading
// point from, would have chosen point p on triangle tri.
func (tr *tracer) emitterPdf(tri int32, from, p vec) float32 {
	sh := &tr.f.Shading[tri]
	if sh.LightPdf <= 0 {
		return 0
	}
	d := p.Sub(from)
	dist2 := d.Dot(d)
	cos := facing(tr.f, sh, d.Scale(-1/sqrt32(dist2)))
	if cos <= 0 {
		return 0
	}
	return lightPick(tr.f, tri, from) * dist2 / (sh.Area * cos)
}

// lightPick is the probability that the light tree, walked from point
// from, picks emitter tri: its share of its leaf times each choice on the
// way up.
func lightPick(f *scenes.Frame, tri int32, from vec) float32 {
	sh := &f.Shading[tri]
	pr := sh.LightPdf
	for c := sh.LightLeaf; c != 0; {
		parent := f.LightTree[c].Parent
		l := f.LightTree[parent].Child
		pl := lightChoice(f.LightTree, l, from)
		if c == l {
			pr *= pl
		} else {
			pr *= 1 - pl
		}
		c = parent
	}
	return pr
}

// lightByPower makes the light tree ignore where the shading point is and
// pick by power alone, which is what picking from one power CDF over every
// emitter did: the peer of the light tree's tests and benchmark.
var lightByPower = false

// lightChoice is the probability of taking child l (over l+1) from p.
func lightChoice(tree []scenes.LightNode, l uint32, p vec) float32 {
	if lightByPower {
		a, b := tree[l].Power, tree[l+1].Power
		if !(a+b > 0) {
			return 0.5
		}
		return a / (a + b)
	}
	return scenes.LightChoice(&tree[l], &tree[l+1], p)
}

// oneBelow is the largest float32 under 1: where a remapped random number
// is clamped.
const oneBelow = float32(0x1.fffffep-1)

// pickEmitter walks the light tree from point p with the random number u
// (reused, rescaled, at each choice) and returns the emitter triangle it
// picks and the probability of that pick.
func pickEmitter(f *scenes.Frame, p vec, u float32) (uint32, float32) {
	tree := f.LightTree
	ni, pr := uint32(0), float32(1)
	for tree[ni].Count == 0 {
		l := tree[ni].Child
		pl := lightChoice(tree, l, p)
		if u < pl {
			ni, u, pr = l, u/pl, pr*pl
		} else {
			ni, u, pr = l+1, (u-pl)/(1-pl), pr*(1-pl)
		}
		u = min(u, oneBelow)
	}
	n := &tree[ni]
	k := n.Child + n.Count - 1
	var acc float32
	for j := n.Child; j < n.Child+n.Count; j++ {
		acc += f.Shading[f.Emitters[j]].LightPdf
		if u < acc {
			k = j
			break
		}
	}
	tri := f.Emitters[k]
	return tri, pr * f.Shading[tri].LightPdf
}

// sampleEmitter is next-event estimation on one emissive triangle picked by
// the light tree (by power and distance), weighted against BSDF sampling by
// MIS.
func (tr *tracer) sampleEmitter(s *surface, wo vec, uPick, uA, uB float32, state uint32) vec {
	f := tr.f
	if len(f.Emitters) == 0 {
		return vec{}
	}
	tri, pick := pickEmitter(f, s.p, uPick)
	t := &f.Tris[tri]
	sa := sqrt32(uA)
	bu, bv := sa*(1-uB), sa*uB
	q := t.V0.Add(t.E1.Scale(bu)).Add(t.E2.Scale(bv))
	d := q.Sub(s.p)
	dist2 := d.Dot(d)
	if dist2 <= 0 {
		return vec{}
	}
	dist := sqrt32(dist2)
	wi := d.Scale(1 / dist)
	sh := &f.Shading[tri]
	cosL := facing(f, sh, wi.Scale(-1))
	if cosL <= 1e-6 {
		return vec{}
	}
	fv, bsdfPdf := s.eval(wo, wi)
	if fv.MaxComp() <= 0 {
		return vec{}
	}
	le := emission(f, int32(tri), bu, bv)
	if le.MaxComp() <= 0 {
		return vec{}
	}
	if !tr.visible(offsetToward(s.p, s.ng, wi), wi, dist*(1-1e-3), state) {
		return vec{}
	}
	lightPdf := pick * dist2 / (sh.Area * cosL)
	w := powerHeuristic(lightPdf, bsdfPdf)
	return fv.Mul(le).Scale(abs32(s.n.Dot(wi)) * w / lightPdf)
}

// sampleEnv is next-event estimation on the environment, weighted against
// BSDF sampling by MIS.
func (tr *tracer) sampleEnv(s *surface, wo vec, u1, u2 float32, state uint32) vec {
	if tr.env == nil {
		return vec{}
	}
	wi, pdf := envSample(tr.env, u1, u2)
	if pdf <= 0 {
		return vec{}
	}
	fv, bsdfPdf := s.eval(wo, wi)
	if fv.MaxComp() <= 0 {
		return vec{}
	}
	li := envRadiance(tr.env, wi)
	if li.MaxComp() <= 0 {
		return vec{}
	}
	if !tr.visible(offsetToward(s.p, s.ng, wi), wi, float32(math.Inf(1)), state) {
		return vec{}
	}
	w := powerHeuristic(pdf, bsdfPdf)
	return fv.Mul(li).Scale(abs32(s.n.Dot(wi)) * w / pdf)
}

// facing is the cosine between an emitter's normal and the direction out of
// it, w; zero when w leaves the back of a single-sided emitter.
func facing(f *scenes.Frame, sh *scenes.TriShading, w vec) float32 {
	c := sh.Ng.Dot(w)
	if f.Materials[sh.Material].DoubleSided {
		return abs32(c)
	}
	return max(c, 0)
}

// emission is the emitted radiance of triangle tri at barycentrics (u, v).
func emission(f *scenes.Frame, tri int32, u, v float32) vec {
	sh := &f.Shading[tri]
	m := &f.Materials[sh.Material]
	e := m.Emissive
	if r := &m.Tex[scenes.TexEmissive]; r.Index >= 0 {
		a := attrs(f, tri, u, v)
		c := a.tex(f, r)
		e = e.Mul(vec{X: c[0], Y: c[1], Z: c[2]})
	}
	return e
}

// samplePunctual adds the light of one punctual light picked uniformly.
func (tr *tracer) samplePunctual(s *surface, wo vec, u float32, state uint32) vec {
	lights := tr.f.Lights
	if len(lights) == 0 {
		return vec{}
	}
	lt := &lights[min(int(u*float32(len(lights))), len(lights)-1)]
	var wi vec
	var li vec
	dist := float32(math.Inf(1))
	if lt.Type == scenes.LightDirectional {
		wi = lt.Direction.Scale(-1)
		li = lt.Radiance
	} else {
		d := lt.Position.Sub(s.p)
		dist2 := d.Dot(d)
		if dist2 <= 0 {
			return vec{}
		}
		dist = sqrt32(dist2)
		wi = d.Scale(1 / dist)
		atten := 1 / dist2
		if lt.Range > 0 {
			x := dist / lt.Range
			x2 := x * x
			w := min(max(1-x2*x2, 0), 1)
			atten *= w * w
		}
		if lt.Type == scenes.LightSpot {
			cd := lt.Direction.Dot(wi.Scale(-1))
			t := min(max((cd-lt.CosOuter)/(lt.CosInner-lt.CosOuter), 0), 1)
			atten *= t * t
		}
		li = lt.Radiance.Scale(atten)
	}
	if li.MaxComp() <= 0 {
		return vec{}
	}
	fv, _ := s.eval(wo, wi)
	if fv.MaxComp() <= 0 {
		return vec{}
	}
	if !tr.visible(offsetToward(s.p, s.ng, wi), wi, dist*(1-1e-3), state) {
		return vec{}
	}
	return fv.Mul(li).Scale(abs32(s.n.Dot(wi)) * float32(len(lights)))
}

// powerHeuristic is Veach's power heuristic (β = 2) weight for a sample from
// the strategy with pdf a against one with pdf b.
func powerHeuristic(a, b float32) float32 {
	a2, b2 := a*a, b*b
	if a2+b2 <= 0 || math.IsInf(float64(a2), 0) {
		return 1
	}
	return a2 / (a2 + b2)
}
