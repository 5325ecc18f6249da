package scenes

import (
	"errors"
	"fmt"
	"math"
	"sort"
)

// DefaultFPS is the frame rate at which frame numbers sample animation time
// when none is given: frame n is at time n/fps seconds.
const DefaultFPS = 24

// Path is the node property an animation channel drives.
type Path int

// Animatable node properties.
const (
	PathTranslation Path = iota
	PathRotation
	PathScale
	PathWeights // morph target weights
)

// Interpolation is a keyframe interpolation mode.
type Interpolation int

// glTF interpolation modes.
const (
	InterpLinear Interpolation = iota
	InterpStep
	InterpCubic
)

// Animation is a named set of channels played together.
type Animation struct {
	Name     string
	Channels []Channel
}

// Channel animates one property of one node.
type Channel struct {
	Node   int
	Path   Path
	Interp Interpolation
	// Comps is the number of values per key: 3 (translation, scale), 4
	// (rotation) or the mesh's morph target count (weights).
	Comps int
	Times []float32
	// Values has 3 (translation, scale) or 4 (rotation) components per key;
	// for cubic splines each key stores in-tangent, value, out-tangent.
	Values []float32
}

// Range returns the time span covered by all animations ([0, 0] if none).
func (s *Scene) Range() (start, end float64) {
	first := true
	for _, a := range s.Animations {
		for _, c := range a.Channels {
			lo, hi := float64(c.Times[0]), float64(c.Times[len(c.Times)-1])
			if first || lo < start {
				start = lo
			}
			if first || hi > end {
				end = hi
			}
			first = false
		}
	}
	return start, end
}

// sample evaluates the channel at time t; before the first key it holds the
// first value, after the last it holds the last (the end pose).
func (c *Channel) sample(t float64) []float64 {
	n := c.Comps
	keys := len(c.Times)
	value := func(k int) []float64 {
		off := k * n
		if c.Interp == InterpCubic {
			off = (3*k + 1) * n
		}
		out := make([]float64, n)
		for i := range out {
			out[i] = float64(c.Values[off+i])
		}
		return out
	}
	if t <= float64(c.Times[0]) || keys == 1 {
		return value(0)
	}
	if t >= float64(c.Times[keys-1]) {
		return value(keys - 1)
	}
	// k is the last key at or before t.
	k := sort.Search(keys, func(i int) bool { return float64(c.Times[i]) > t }) - 1
	t0, t1 := float64(c.Times[k]), float64(c.Times[k+1])
	u := (t - t0) / (t1 - t0)
	switch c.Interp {
	case InterpStep:
		return value(k)
	case InterpCubic:
		dt := t1 - t0
		out := make([]float64, n)
		u2, u3 := u*u, u*u*u
		for i := 0; i < n; i++ {
			p0 := float64(c.Values[(3*k+1)*n+i])
			m0 := float64(c.Values[(3*k+2)*n+i]) * dt // out-tangent of k
			p1 := float64(c.Values[(3*(k+1)+1)*n+i])
			m1 := float64(c.Values[(3*(k+1))*n+i]) * dt // in-tangent of k+1
			out[i] = (2*u3-3*u2+1)*p0 + (u3-2*u2+u)*m0 + (-2*u3+3*u2)*p1 + (u3-u2)*m1
		}
		if c.Path == PathRotation {
			q := Quat{out[0], out[1], out[2], out[3]}.Normalize()
			return q[:]
		}
		return out
	}
	a, b := value(k), value(k+1)
	if c.Path == PathRotation {
		q := Slerp(Quat(a), Quat(b), u)
		return q[:]
	}
	for i := range a {
		a[i] += (b[i] - a[i]) * u
	}
	return a
}

func (l *loader) loadAnimations() error {
	for ai, ga := range l.doc.Animations {
		anim := Animation{Name: ga.Name}
		for ci, gc := range ga.Channels {
			el := fmt.Sprintf("animations[%d] (%s).channels[%d]", ai, ga.Name, ci)
			if gc.Target.Node == nil {
				continue // the spec allows channels targeting nothing (extensions)
			}
			node := *gc.Target.Node
			if node < 0 || node >= len(l.scene.Nodes) {
				return l.fail(el, fmt.Errorf("target node %d does not exist", node))
			}
			var path Path
			var comps int
			switch gc.Target.Path {
			case "translation":
				path, comps = PathTranslation, 3
			case "rotation":
				path, comps = PathRotation, 4
			case "scale":
				path, comps = PathScale, 3
			case "weights":
				path, comps = PathWeights, l.targetCount(l.scene.Nodes[node].Mesh)
				if comps == 0 {
					return l.fail(el, fmt.Errorf("animates the weights of node %d, whose mesh has no morph targets", node))
				}
			default:
				return l.fail(el, fmt.Errorf("unknown target path %q", gc.Target.Path))
			}
			if l.scene.Nodes[node].Matrix != nil {
				return l.fail(el, fmt.Errorf("animates node %d, which has a matrix (glTF forbids animating such nodes)", node))
			}
			if gc.Sampler < 0 || gc.Sampler >= len(ga.Samplers) {
				return l.fail(el, fmt.Errorf("sampler %d does not exist", gc.Sampler))
			}
			gs := ga.Samplers[gc.Sampler]
			ch := Channel{Node: node, Path: path, Comps: comps}
			switch gs.Interpolation {
			case "", "LINEAR":
				ch.Interp = InterpLinear
			case "STEP":
				ch.Interp = InterpStep
			case "CUBICSPLINE":
				ch.Interp = InterpCubic
			default:
				return l.fail(el, fmt.Errorf("unknown interpolation %q", gs.Interpolation))
			}
			if err := l.channelData(&ch, gs.Input, gs.Output, comps); err != nil {
				return l.fail(el, err)
			}
			anim.Channels = append(anim.Channels, ch)
		}
		l.scene.Animations = append(l.scene.Animations, anim)
	}
	return nil
}

func (l *loader) channelData(ch *Channel, input, output, comps int) error {
	times, _, err := l.readAccessor(input, "SCALAR")
	if err != nil {
		return fmt.Errorf("input: %w", err)
	}
	if len(times) == 0 {
		return errors.New("input has no keyframes")
	}
	for i, t := range times {
		if math.IsNaN(float64(t)) || math.IsInf(float64(t), 0) || t < 0 {
			return fmt.Errorf("input time %d is %v (must be finite and non-negative)", i, t)
		}
		if i > 0 && t <= times[i-1] {
			return fmt.Errorf("input times must increase: key %d is %v after %v", i, t, times[i-1])
		}
	}
	want := "VEC3"
	switch {
	case ch.Path == PathWeights:
		want = "SCALAR"
	case comps == 4:
		want = "VEC4"
	}
	vals, _, err := l.readAccessor(output, want)
	if err != nil {
		return fmt.Errorf("output: %w", err)
	}
	perKey := comps
	if ch.Interp == InterpCubic {
		perKey *= 3
	}
	if len(vals) != len(times)*perKey {
		return fmt.Errorf("output has %d values, want %d for %d keys", len(vals), len(times)*perKey, len(times))
	}
	for i, v := range vals {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return fmt.Errorf("output value %d is NaN or infinite", i)
		}
	}
	ch.Times, ch.Values = times, vals
	return nil
}
