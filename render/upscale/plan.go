package upscale

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
)

// plan turns the Keras layer graph into steps over numbered tensors,
// checking every layer on the way; an activation that is the only
// consumer of a convolution is fused into it.
func plan(km *kerasModel, weights map[string][]float32) (*Model, error) {
	m := &Model{Name: km.Config.Name, InMax: 255, OutMax: 255, input: -1}
	tensor := map[string]int{}
	var rad []float64
	newTensor := func(name string, c, s int, r float64) int {
		tensor[name] = len(m.chans)
		m.chans = append(m.chans, c)
		m.scales = append(m.scales, s)
		rad = append(rad, r)
		return tensor[name]
	}
	for _, l := range km.Config.Layers {
		var cfg layerConfig
		if err := json.Unmarshal(l.Config, &cfg); err != nil {
			return nil, fmt.Errorf("%w: layer %q config: %v", ErrBadModel, l.Name, err)
		}
		name := l.Name
		if name == "" {
			name = cfg.Name
		}
		var ins []int
		if len(l.InboundNodes) > 1 {
			return nil, fmt.Errorf("%w: layer %q is called %d times; rendergrid runs layers used once", ErrBadModel, name, len(l.InboundNodes))
		}
		for _, node := range l.InboundNodes {
			for _, ref := range node {
				src, _ := ref[0].(string)
				t, ok := tensor[src]
				if !ok {
					return nil, fmt.Errorf("%w: layer %q reads %q, which no earlier layer makes", ErrBadModel, name, src)
				}
				ins = append(ins, t)
			}
		}
		need := func(n int) error {
			if len(ins) != n && !(n < 0 && len(ins) >= 2) {
				return fmt.Errorf("%w: layer %q (%s) has %d inputs", ErrBadModel, name, l.ClassName, len(ins))
			}
			return nil
		}
		class := l.ClassName
		switch {
		case class == "InputLayer":
			if m.input >= 0 {
				return nil, fmt.Errorf("%w: more than one input layer; rendergrid runs single-image models", ErrBadModel)
			}
			m.input = newTensor(name, 3, 1, 0)
		case class == "Conv2D":
			if err := need(1); err != nil {
				return nil, err
			}
			in := ins[0]
			if len(cfg.KernelSize) != 2 || cfg.Filters < 1 || cfg.Filters > 4096 {
				return nil, fmt.Errorf("%w: Conv2D %q has kernel %v and %d filters", ErrBadModel, name, cfg.KernelSize, cfg.Filters)
			}
			for _, s := range append(append([]int{}, cfg.Strides...), cfg.DilationRate...) {
				if s != 1 {
					return nil, fmt.Errorf("%w: Conv2D %q has strides %v and dilation %v; rendergrid runs stride 1 without dilation", ErrBadModel, name, cfg.Strides, cfg.DilationRate)
				}
			}
			if cfg.Padding != "same" && !(cfg.Padding == "valid" && len(cfg.KernelSize) == 2 && cfg.KernelSize[0] == 1 && cfg.KernelSize[1] == 1) {
				return nil, fmt.Errorf("%w: Conv2D %q has padding %q; rendergrid runs \"same\" padding (or \"valid\" for 1x1 kernels)", ErrBadModel, name, cfg.Padding)
			}
			if cfg.DataFormat != "" && cfg.DataFormat != "channels_last" {
				return nil, fmt.Errorf("%w: Conv2D %q is %s; rendergrid runs channels_last", ErrBadModel, name, cfg.DataFormat)
			}
			if cfg.Groups > 1 {
				return nil, fmt.Errorf("%w: Conv2D %q has %d groups", ErrBadModel, name, cfg.Groups)
			}
			act, alpha, err := activation(name, cfg.Activation, 0)
			if err != nil {
				return nil, err
			}
			kh, kw, cin, cout := cfg.KernelSize[0], cfg.KernelSize[1], m.chans[in], cfg.Filters
			if kh < 1 || kw < 1 || kh > 15 || kw > 15 || kh%2 == 0 || kw%2 == 0 {
				return nil, fmt.Errorf("%w: Conv2D %q has a %dx%d kernel; rendergrid runs odd kernels up to 15x15", ErrBadModel, name, kh, kw)
			}
			kernel, err := weight(weights, name, "kernel", kh*kw*cin*cout)
			if err != nil {
				return nil, err
			}
			bias := make([]float32, cout)
			if cfg.UseBias == nil || *cfg.UseBias {
				if bias, err = weight(weights, name, "bias", cout); err != nil {
					return nil, err
				}
			}
			res := m.scales[in]
			out := newTensor(name, cout, res, rad[in]+float64(max(kh, kw)/2)/float64(res))
			m.steps = append(m.steps, Step{Op: OpConv, Layer: name, In: ins, Out: out, OutC: cout, KH: kh, KW: kw, Cin: cin, Kernel: kernel, Bias: bias, Act: act, Alpha: alpha})
			m.MACs += int64(kh*kw*cin*cout) * int64(res*res)
		case class == "Activation" || class == "ReLU" || class == "LeakyReLU":
			if err := need(1); err != nil {
				return nil, err
			}
			a := cfg.Activation
			switch class {
			case "ReLU":
				if cfg.MaxValue != nil {
					return nil, fmt.Errorf("%w: ReLU %q has max_value; rendergrid does not implement capped ReLU", ErrBadModel, name)
				}
				a = "relu"
			case "LeakyReLU":
				a = "leaky"
			}
			act, alpha, err := activation(name, a, cfg.Alpha)
			if err != nil {
				return nil, err
			}
			in := ins[0]
			out := newTensor(name, m.chans[in], m.scales[in], rad[in])
			m.steps = append(m.steps, Step{Op: OpAct, Layer: name, In: ins, Out: out, OutC: m.chans[in], Act: act, Alpha: alpha})
		case class == "Add" || class == "Concatenate":
			if err := need(-1); err != nil {
				return nil, err
			}
			c, r := 0, 0.0
			for _, t := range ins {
				if m.scales[t] != m.scales[ins[0]] {
					return nil, fmt.Errorf("%w: %s %q joins tensors of different sizes", ErrBadModel, class, name)
				}
				if class == "Add" && m.chans[t] != m.chans[ins[0]] {
					return nil, fmt.Errorf("%w: Add %q adds %d and %d channels", ErrBadModel, name, m.chans[ins[0]], m.chans[t])
				}
				c += m.chans[t]
				r = max(r, rad[t])
			}
			op := OpConcat
			if class == "Add" {
				op, c = OpAdd, m.chans[ins[0]]
			} else if cfg.Axis != nil && *cfg.Axis != -1 && *cfg.Axis != 3 {
				return nil, fmt.Errorf("%w: Concatenate %q joins along axis %d; rendergrid joins channels (axis -1 or 3)", ErrBadModel, name, *cfg.Axis)
			}
			out := newTensor(name, c, m.scales[ins[0]], r)
			m.steps = append(m.steps, Step{Op: op, Layer: name, In: ins, Out: out, OutC: c})
		case class == "UpSampling2D":
			if err := need(1); err != nil {
				return nil, err
			}
			if len(cfg.Size) != 2 || cfg.Size[0] != cfg.Size[1] || cfg.Size[0] < 1 || cfg.Size[0] > 8 {
				return nil, fmt.Errorf("%w: UpSampling2D %q has size %v; rendergrid runs equal sides up to 8", ErrBadModel, name, cfg.Size)
			}
			if cfg.Interp != "" && cfg.Interp != "nearest" {
				return nil, fmt.Errorf("%w: UpSampling2D %q interpolates %q; rendergrid runs nearest", ErrBadModel, name, cfg.Interp)
			}
			in, s := ins[0], cfg.Size[0]
			out := newTensor(name, m.chans[in], m.scales[in]*s, rad[in])
			m.steps = append(m.steps, Step{Op: OpUpsample, Layer: name, In: ins, Out: out, OutC: m.chans[in], Size: s})
		case strings.HasPrefix(class, "PixelShuffle"):
			if err := need(1); err != nil {
				return nil, err
			}
			var s int
			if _, err := fmt.Sscanf(class, "PixelShuffle%dx", &s); err != nil || s < 1 || s > 8 {
				return nil, fmt.Errorf("%w: layer %q is a %s, which rendergrid does not implement (it runs %s)", ErrBadModel, name, class, strings.Join(Supported, ", "))
			}
			in := ins[0]
			if m.chans[in]%(s*s) != 0 {
				return nil, fmt.Errorf("%w: %s %q has %d channels, not a multiple of %d", ErrBadModel, class, name, m.chans[in], s*s)
			}
			out := newTensor(name, m.chans[in]/(s*s), m.scales[in]*s, rad[in])
			m.steps = append(m.steps, Step{Op: OpDepth2Space, Layer: name, In: ins, Out: out, OutC: m.chans[in] / (s * s), Size: s})
		case class == "MultiplyBeta":
			if err := need(1); err != nil {
				return nil, err
			}
			in := ins[0]
			out := newTensor(name, m.chans[in], m.scales[in], rad[in])
			m.steps = append(m.steps, Step{Op: OpScale, Layer: name, In: ins, Out: out, OutC: m.chans[in], Alpha: 0.2})
		default:
			return nil, fmt.Errorf("%w: layer %q is a %s, which rendergrid does not implement (it runs %s)", ErrBadModel, name, class, strings.Join(Supported, ", "))
		}
	}
	if m.input < 0 {
		return nil, fmt.Errorf("%w: the model has no InputLayer", ErrBadModel)
	}
	outName := km.Config.Layers[len(km.Config.Layers)-1].Name
	if len(km.Config.Outputs) > 1 {
		return nil, fmt.Errorf("%w: %d outputs; rendergrid runs single-image models", ErrBadModel, len(km.Config.Outputs))
	}
	if len(km.Config.Outputs) == 1 && len(km.Config.Outputs[0]) > 0 {
		outName, _ = km.Config.Outputs[0][0].(string)
	}
	t, ok := tensor[outName]
	if !ok {
		return nil, fmt.Errorf("%w: output layer %q does not exist", ErrBadModel, outName)
	}
	m.output = t
	if m.chans[t] != 3 {
		return nil, fmt.Errorf("%w: the output has %d channels; an upscaler makes RGB (3)", ErrBadModel, m.chans[t])
	}
	m.Scale = m.scales[t]
	m.Radius = int(math.Ceil(rad[t] - 1e-9))
	if m.Radius > MaxRadius {
		return nil, fmt.Errorf("%w: the model sees %d pixels around each pixel; rendergrid runs models that see at most %d", ErrBadModel, m.Radius, MaxRadius)
	}
	m.fuse()
	m.peak = m.peakValues()
	return m, nil
}

// peakValues simulates Run's allocations: the most float32 values per
// input pixel held at once by the live tensors (each freed after its last
// reader) and a convolution's padded copy of its input.
func (m *Model) peakValues() int64 {
	size := func(t int) int64 { return int64(m.chans[t]) * int64(m.scales[t]) * int64(m.scales[t]) }
	last := make([]int, len(m.chans))
	for i, s := range m.steps {
		for _, t := range s.In {
			last[t] = i
		}
	}
	live := size(m.input)
	peak := live
	for i, s := range m.steps {
		live += size(s.Out)
		extra := int64(0)
		if s.Op == OpConv {
			extra = size(s.In[0]) // the padded input, about the input's size
		}
		peak = max(peak, live+extra)
		for _, t := range s.In {
			if last[t] == i && t != m.input {
				live -= size(t)
			}
		}
	}
	return peak
}

func activation(layer, a string, alpha float32) (int, float32, error) {
	switch a {
	case "", "linear":
		return ActLinear, 0, nil
	case "relu":
		return ActReLU, 0, nil
	case "sigmoid":
		return ActSigmoid, 0, nil
	case "tanh":
		return ActTanh, 0, nil
	case "leaky":
		if alpha == 0 {
			alpha = 0.3 // Keras' default
		}
		return ActLeaky, alpha, nil
	}
	return 0, 0, fmt.Errorf("%w: layer %q uses activation %q, which rendergrid does not implement (linear, relu, sigmoid, tanh, LeakyReLU)", ErrBadModel, layer, a)
}

// weight finds layer/part among the weights and checks its size.
func weight(weights map[string][]float32, layer, part string, n int) ([]float32, error) {
	w, ok := weights[layer+"/"+part]
	if !ok {
		for k, v := range weights {
			if strings.HasSuffix(k, "/"+layer+"/"+part) {
				w, ok = v, true
				break
			}
		}
	}
	if !ok {
		return nil, fmt.Errorf("%w: the weights have no %s/%s", ErrBadModel, layer, part)
	}
	if len(w) != n {
		return nil, fmt.Errorf("%w: %s/%s has %d values; the layer needs %d", ErrBadModel, layer, part, len(w), n)
	}
	return w, nil
}

// fuse folds an activation into the convolution before it when nothing
// else reads the convolution's output.
func (m *Model) fuse() {
	readers := make([]int, len(m.chans))
	for _, s := range m.steps {
		for _, t := range s.In {
			readers[t]++
		}
	}
	readers[m.output]++
	producer := map[int]int{}
	var out []Step
	for _, s := range m.steps {
		if s.Op == OpAct {
			if p, ok := producer[s.In[0]]; ok && readers[s.In[0]] == 1 && out[p].Act == ActLinear {
				out[p].Act, out[p].Alpha = s.Act, s.Alpha
				out[p].Out = s.Out
				producer[s.Out] = p
				continue
			}
		}
		if s.Op == OpConv {
			producer[s.Out] = len(out)
		}
		out = append(out, s)
	}
	m.steps = out
}
