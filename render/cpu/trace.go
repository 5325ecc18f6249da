package cpu

import (
	"math"
	"sort"

	"github.com/rendergrid/rendergrid/scenes"
)

const (
	rouletteDepth = 3    // bounces before Russian roulette may end a path
	rouletteMax   = 0.95 // highest survival probability, so every path ends
)

// tracer holds what one rendering goroutine needs per path.
type tracer struct {
	f          *scenes.Frame
	maxBounces int
	background vec
	rays       int64
}

// radiance traces one camera path and returns its radiance estimate. The
// random numbers are drawn in a fixed order per bounce (emitter pick, two for
// the emitter point, punctual light pick, lobe, two for the direction,
// roulette) whether or not each is used, so the GLSL port stays in step.
func (tr *tracer) radiance(r ray, rnd *rng) vec {
	f := tr.f
	var l vec
	beta := vec{X: 1, Y: 1, Z: 1}
	var prevPdf float32 // pdf of the BSDF sample that produced r
	for depth := 0; ; depth++ {
		tr.rays++
		h := intersect(f, &r, float32(math.Inf(1)))
		if h.tri < 0 {
			l = l.Add(beta.Mul(tr.background))
			break
		}
		p := r.o.Add(r.d.Scale(h.t))
		wo := r.d.Scale(-1)
		s := shade(f, h.tri, h.u, h.v, p, wo)

		if s.emission.MaxComp() > 0 {
			w := float32(1)
			if depth > 0 {
				w = powerHeuristic(prevPdf, tr.emitterPdf(h.tri, r.o, p))
			}
			l = l.Add(beta.Mul(s.emission).Scale(w))
		}

		uPick, uA, uB := rnd.float(), rnd.float(), rnd.float()
		uLight := rnd.float()
		uLobe, u1, u2 := rnd.float(), rnd.float(), rnd.float()
		uRR := rnd.float()
		if depth >= tr.maxBounces {
			break
		}
		l = l.Add(beta.Mul(tr.sampleEmitter(&s, wo, uPick, uA, uB)))
		l = l.Add(beta.Mul(tr.samplePunctual(&s, wo, uLight)))

		wi, fv, pdf := s.sample(wo, uLobe, u1, u2)
		if pdf <= 0 || fv.MaxComp() <= 0 {
			break
		}
		beta = beta.Mul(fv.Scale(s.n.Dot(wi) / pdf))
		prevPdf = pdf
		if depth+1 >= rouletteDepth {
			q := min(beta.MaxComp(), rouletteMax)
			if uRR >= q {
				break
			}
			beta = beta.Scale(1 / q)
		}
		r = newRay(offset(p, s.ng), wi)
	}
	return l
}

// emitterPdf is the solid-angle pdf with which sampleEmitter, at point from,
// would have chosen point p on triangle tri.
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
	return sh.LightPdf * dist2 / (sh.Area * cos)
}

// sampleEmitter is next-event estimation on one emissive triangle picked in
// proportion to its power, weighted against BSDF sampling by MIS.
func (tr *tracer) sampleEmitter(s *surface, wo vec, uPick, uA, uB float32) vec {
	f := tr.f
	if len(f.Emitters) == 0 {
		return vec{}
	}
	k := sort.Search(len(f.EmitterCDF), func(i int) bool { return f.EmitterCDF[i] > uPick })
	k = min(k, len(f.Emitters)-1)
	tri := f.Emitters[k]
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
	tr.rays++
	o := offset(s.p, s.ng)
	sr := newRay(o, wi)
	if occluded(f, &sr, dist*(1-1e-3)) {
		return vec{}
	}
	lightPdf := sh.LightPdf * dist2 / (sh.Area * cosL)
	w := powerHeuristic(lightPdf, bsdfPdf)
	return fv.Mul(le).Scale(s.n.Dot(wi) * w / lightPdf)
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
	if m.EmissiveTex.Index >= 0 {
		w := 1 - u - v
		uu := sh.UV[0].X*w + sh.UV[1].X*u + sh.UV[2].X*v
		vv := sh.UV[0].Y*w + sh.UV[1].Y*u + sh.UV[2].Y*v
		c := f.Textures[m.EmissiveTex.Index].Sample(uu, vv)
		e = e.Mul(vec{X: c[0], Y: c[1], Z: c[2]})
	}
	return e
}

// samplePunctual adds the light of one punctual light picked uniformly.
func (tr *tracer) samplePunctual(s *surface, wo vec, u float32) vec {
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
	tr.rays++
	sr := newRay(offset(s.p, s.ng), wi)
	if occluded(tr.f, &sr, dist*(1-1e-3)) {
		return vec{}
	}
	return fv.Mul(li).Scale(s.n.Dot(wi) * float32(len(lights)))
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
