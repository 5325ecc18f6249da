package vulkan

import (
	"context"
	"fmt"
	"math"
	"sync"

	"github.com/rendergrid/rendergrid/render/upscale"
	"github.com/rendergrid/rendergrid/shaders"
)

// Upscaler runs a render/upscale model's plan on a Vulkan device in fp32:
// the weights stay on the device, and each tile is one submission of all
// the network's dispatches. It is safe for concurrent use (tiles run one
// at a time).
type Upscaler struct {
	mu                sync.Mutex
	c                 *Compute
	m                 *upscale.Model
	conv, elt, gather *Kernel
	weights, bias     map[int]*Buffer // per conv step
	tensors           []*Buffer       // per plan tensor, for inputs of h×w
	h, w              int
}

// NewUpscaler opens device index (-1: the best) and uploads m's weights.
func NewUpscaler(index int, validation bool, m *upscale.Model) (*Upscaler, error) {
	c, err := OpenCompute(index, validation)
	if err != nil {
		return nil, err
	}
	u := &Upscaler{c: c, m: m, weights: map[int]*Buffer{}, bias: map[int]*Buffer{}}
	if err := u.setup(); err != nil {
		u.Close()
		return nil, err
	}
	return u, nil
}

func (u *Upscaler) setup() error {
	var err error
	if u.conv, err = u.c.Kernel(shaders.NNConvSPV, 4); err != nil {
		return err
	}
	if u.elt, err = u.c.Kernel(shaders.NNEltwiseSPV, 3); err != nil {
		return err
	}
	if u.gather, err = u.c.Kernel(shaders.NNGatherSPV, 2); err != nil {
		return err
	}
	for i, s := range u.m.Steps() {
		if s.Op != upscale.OpConv {
			continue
		}
		g := (s.OutC + 3) / 4
		w := make([]float32, 0, g*s.KH*s.KW*s.Cin*4)
		for gi := 0; gi < g; gi++ {
			for k := 0; k < s.KH*s.KW*s.Cin; k++ {
				for j := 0; j < 4; j++ {
					if co := 4*gi + j; co < s.OutC {
						w = append(w, s.Kernel[k*s.OutC+co])
					} else {
						w = append(w, 0)
					}
				}
			}
		}
		b := make([]float32, 4*g)
		copy(b, s.Bias)
		if u.weights[i], err = u.upload(w); err != nil {
			return err
		}
		if u.bias[i], err = u.upload(b); err != nil {
			return err
		}
	}
	return nil
}

func (u *Upscaler) upload(data []float32) (*Buffer, error) {
	b, err := u.c.Alloc(4 * len(data))
	if err != nil {
		return nil, err
	}
	return b, u.c.Write(b, data)
}

// Device names the device the upscaler runs on.
func (u *Upscaler) Device() string { return fmt.Sprintf("%s (%s)", u.c.Name(), u.c.Kind()) }

// Messages reports the validation layer's warnings and errors.
func (u *Upscaler) Messages() (int, string) { return u.c.Messages() }

// Close frees the device.
func (u *Upscaler) Close() {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.c == nil {
		return
	}
	u.c.Close() // frees every buffer and kernel with the device
	u.c = nil
}

// tensorsFor (re)allocates the plan's tensors for h×w inputs.
func (u *Upscaler) tensorsFor(h, w int) error {
	if u.h == h && u.w == w && u.tensors != nil {
		return nil
	}
	for _, b := range u.tensors {
		u.c.Free(b)
	}
	u.tensors = make([]*Buffer, u.m.Tensors())
	u.h, u.w = h, w
	for t := range u.tensors {
		r := u.m.Resolution(t)
		b, err := u.c.Alloc(4 * h * r * w * r * u.m.Channels(t))
		if err != nil {
			u.tensors, u.h, u.w = nil, 0, 0
			return fmt.Errorf("allocating the network's tensors for a %dx%d tile: %w", w, h, err)
		}
		u.tensors[t] = b
	}
	return nil
}

func groups1D(n int) [3]int {
	g := (n + 255) / 256
	x := min(g, 65535)
	return [3]int{x, (g + x - 1) / x, 1}
}

func f32(v float32) uint32 { return math.Float32bits(v) }

// Run runs the network on in; it is an upscale.Runner.
func (u *Upscaler) Run(ctx context.Context, in *upscale.Tensor) (*upscale.Tensor, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.c == nil {
		return nil, fmt.Errorf("the upscaler is closed")
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if in.C != 3 {
		return nil, fmt.Errorf("the input has %d channels; the model reads RGB", in.C)
	}
	if err := u.tensorsFor(in.H, in.W); err != nil {
		return nil, err
	}
	if err := u.c.Write(u.tensors[u.m.Input()], in.D); err != nil {
		return nil, err
	}
	var ds []Dispatch
	for i, s := range u.m.Steps() {
		r := u.m.Resolution(s.Out)
		h, w := in.H*r, in.W*r
		out := u.tensors[s.Out]
		a := u.tensors[s.In[0]]
		switch s.Op {
		case upscale.OpConv:
			ds = append(ds, Dispatch{K: u.conv, Bufs: []*Buffer{a, u.weights[i], u.bias[i], out},
				Push:   []uint32{uint32(h), uint32(w), uint32(s.Cin), uint32(s.OutC), uint32(s.KH), uint32(s.KW), uint32(s.Act), f32(s.Alpha)},
				Groups: [3]int{(w + 7) / 8, (h + 7) / 8, (s.OutC + 3) / 4}})
		case upscale.OpAct, upscale.OpScale:
			n := h * w * s.OutC
			op := uint32(0)
			if s.Op == upscale.OpScale {
				op = 1
			}
			ds = append(ds, Dispatch{K: u.elt, Bufs: []*Buffer{a, a, out}, Push: []uint32{uint32(n), op, uint32(s.Act), f32(s.Alpha)}, Groups: groups1D(n)})
		case upscale.OpAdd:
			n := h * w * s.OutC
			src := a
			for k, t := range s.In[1:] {
				ds = append(ds, Dispatch{K: u.elt, Bufs: []*Buffer{src, u.tensors[t], out}, Push: []uint32{uint32(n), 2, 0, 0}, Groups: groups1D(n)})
				if k == 0 {
					src = out
				}
			}
		case upscale.OpConcat:
			off := 0
			for _, t := range s.In {
				c := u.m.Channels(t)
				ds = append(ds, Dispatch{K: u.gather, Bufs: []*Buffer{u.tensors[t], out},
					Push: []uint32{uint32(h), uint32(w), uint32(s.OutC), uint32(off), uint32(c), uint32(c), 1, 0}, Groups: groups1D(h * w * c)})
				off += c
			}
		case upscale.OpUpsample, upscale.OpDepth2Space:
			mode := uint32(1)
			if s.Op == upscale.OpDepth2Space {
				mode = 2
			}
			ds = append(ds, Dispatch{K: u.gather, Bufs: []*Buffer{a, out},
				Push: []uint32{uint32(h), uint32(w), uint32(s.OutC), 0, uint32(s.OutC), uint32(u.m.Channels(s.In[0])), uint32(s.Size), mode}, Groups: groups1D(h * w * s.OutC)})
		}
	}
	if err := u.c.Run(ds); err != nil {
		return nil, fmt.Errorf("running the network on %s: %w", u.c.Name(), err)
	}
	s := u.m.Scale
	res := upscale.NewTensor(in.H*s, in.W*s, 3)
	if err := u.c.Read(u.tensors[u.m.Output()], res.D); err != nil {
		return nil, err
	}
	return res, nil
}
