package scenes

import (
	"errors"
	"fmt"
	"math"
)

// maxJoints bounds a skin's joints (glTF sets no limit; characters have
// tens to a few hundred).
const maxJoints = 4096

// targetCount is the number of morph targets of mesh m's primitives.
func (l *loader) targetCount(m int) int {
	if m < 0 || m >= len(l.doc.Meshes) {
		return 0
	}
	n := 0
	for _, p := range l.doc.Meshes[m].Primitives {
		n = max(n, len(p.Targets))
	}
	return n
}

func (l *loader) loadSkins() error {
	for i, g := range l.doc.Skins {
		el := fmt.Sprintf("skins[%d] (%s)", i, g.Name)
		if len(g.Joints) == 0 || len(g.Joints) > maxJoints {
			return l.fail(el, fmt.Errorf("has %d joints, want 1..%d", len(g.Joints), maxJoints))
		}
		sk := Skin{Name: g.Name, Joints: g.Joints, InverseBind: make([]Mat4, len(g.Joints))}
		for k, j := range g.Joints {
			if j < 0 || j >= len(l.scene.Nodes) {
				return l.fail(el, fmt.Errorf("joint %d is node %d, which does not exist", k, j))
			}
			sk.InverseBind[k] = Identity
		}
		if g.InverseBindMatrices != nil {
			v, _, err := l.readAccessor(*g.InverseBindMatrices, "MAT4")
			if err != nil {
				return l.fail(el, fmt.Errorf("inverseBindMatrices: %w", err))
			}
			if len(v) != 16*len(g.Joints) {
				return l.fail(el, fmt.Errorf("inverseBindMatrices has %d matrices for %d joints", len(v)/16, len(g.Joints)))
			}
			for k := range sk.InverseBind {
				for e := 0; e < 16; e++ {
					x := float64(v[16*k+e])
					if math.IsNaN(x) || math.IsInf(x, 0) {
						return l.fail(el, errors.New("inverseBindMatrices has a NaN or infinite element"))
					}
					sk.InverseBind[k][e] = x
				}
				if m := sk.InverseBind[k]; m[3] != 0 || m[7] != 0 || m[11] != 0 || m[15] != 1 {
					return l.fail(el, fmt.Errorf("inverse bind matrix %d is not affine (its last row is %v, %v, %v, %v; want 0, 0, 0, 1: written row-major?)",
						k, m[3], m[7], m[11], m[15]))
				}
			}
		}
		l.scene.Skins = append(l.scene.Skins, sk)
	}
	// Every skinned primitive's joint indices must name a joint of its skin.
	for ni, n := range l.scene.Nodes {
		if n.Skin < 0 {
			continue
		}
		joints := len(l.scene.Skins[n.Skin].Joints)
		for pi, p := range l.scene.Meshes[n.Mesh].Primitives {
			for _, j := range p.Joints {
				if int(j) >= joints {
					return l.fail(fmt.Sprintf("nodes[%d] (%s)", ni, n.Name),
						fmt.Errorf("mesh %d primitive %d names joint %d, but skin %d has %d joints", n.Mesh, pi, j, n.Skin, joints))
				}
			}
		}
	}
	return nil
}

// skinMatrices returns the joint matrices of skin sk for the world
// matrices of one frame: jointWorld × inverseBind. A joint outside the
// displayed scene keeps its inverse bind (as if at the origin).
func (s *Scene) skinMatrices(sk *Skin, world []*Mat4) []Mat4 {
	out := make([]Mat4, len(sk.Joints))
	for k, j := range sk.Joints {
		w := Identity
		if world[j] != nil {
			w = *world[j]
		}
		out[k] = w.Mul(sk.InverseBind[k])
	}
	return out
}

// morphWeights returns node n's current morph weights: animated, else the
// node's, else the mesh's.
func (s *Scene) morphWeights(n int, animated map[int][]float64) []float64 {
	if w, ok := animated[n]; ok {
		return w
	}
	if w := s.Nodes[n].Weights; w != nil {
		return w
	}
	return s.Meshes[s.Nodes[n].Mesh].Weights
}

// posedVertices applies morph weights and, when joints is not nil, skinning
// to primitive p. It returns model-space (morph only) or world-space
// (skinned) positions, normals and tangents.
func posedVertices(p *Primitive, weights []float64, joints []Mat4) (pos, nrm []Vec3, tan [][4]float32) {
	n := len(p.Positions)
	pos = append([]Vec3(nil), p.Positions...)
	if p.Normals != nil {
		nrm = append([]Vec3(nil), p.Normals...)
	}
	if p.Tangents != nil {
		tan = append([][4]float32(nil), p.Tangents...)
	}
	for t, mt := range p.Targets {
		if t >= len(weights) || weights[t] == 0 {
			continue
		}
		w := float32(weights[t])
		for i := 0; i < n; i++ {
			if mt.Positions != nil {
				pos[i] = pos[i].Add(mt.Positions[i].Scale(w))
			}
			if nrm != nil && mt.Normals != nil {
				nrm[i] = nrm[i].Add(mt.Normals[i].Scale(w))
			}
			if tan != nil && mt.Tangents != nil {
				d := mt.Tangents[i].Scale(w)
				tan[i][0] += d.X
				tan[i][1] += d.Y
				tan[i][2] += d.Z
			}
		}
	}
	if joints == nil || p.JointsPerVertex == 0 {
		return pos, nrm, tan
	}
	k := p.JointsPerVertex
	for i := 0; i < n; i++ {
		var m Mat4
		var sum float64
		for c := 0; c < k; c++ {
			w := float64(p.Weights[i*k+c])
			if w == 0 {
				continue
			}
			jm := &joints[p.Joints[i*k+c]]
			for e := range m {
				m[e] += w * jm[e]
			}
			sum += w
		}
		if sum <= 0 {
			m = Identity // unweighted vertex: left where it is
		} else if math.Abs(sum-1) > 1e-6 {
			for e := range m {
				m[e] /= sum // exporters leave small normalisation errors
			}
		}
		pos[i] = v3(m.Point([3]float64{float64(pos[i].X), float64(pos[i].Y), float64(pos[i].Z)}))
		if nrm != nil {
			nm, _ := m.NormalMatrix()
			nrm[i] = v3(nm.Dir([3]float64{float64(nrm[i].X), float64(nrm[i].Y), float64(nrm[i].Z)})).Normalize()
		}
		if tan != nil {
			d := v3(m.Dir([3]float64{float64(tan[i][0]), float64(tan[i][1]), float64(tan[i][2])}))
			tan[i] = [4]float32{d.X, d.Y, d.Z, tan[i][3]}
		}
	}
	return pos, nrm, tan
}
