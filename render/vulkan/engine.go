package vulkan

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/rendergrid/rendergrid/render"
	"github.com/rendergrid/rendergrid/render/gpu"
	"github.com/rendergrid/rendergrid/scenes"
	"github.com/rendergrid/rendergrid/shaders"
)

// Engine renders with Vulkan compute. The zero value opens the best device
// (discrete GPU, then integrated, then virtual, then CPU) on first use.
type Engine struct {
	// Device is the index of the device to use (rendergrid devices lists
	// them), unless Best is set.
	Device int
	// Best picks the best device, ignoring Device.
	Best bool
	// Validation enables the Khronos validation layer; its warnings and
	// errors are counted (Messages).
	Validation bool

	mu      sync.Mutex
	ctx     *device
	err     error
	scene   *scenes.Frame // the frame whose buffers are on the device
	packed  *gpu.Scene
	env     *scenes.Environment // the environment on the device
	envSet  bool
	devName string
	devType string

	denoiser *Kernel // shaders/denoise.comp, built on first use
}

var _ render.Renderer = (*Engine)(nil)

// New returns an engine on the best device.
func New() *Engine { return &Engine{Best: true} }

// Name returns "vulkan".
func (e *Engine) Name() string { return "vulkan" }

// Open opens the device now (it is otherwise opened on first render) and
// returns its name.
func (e *Engine) Open() (string, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if err := e.openLocked(); err != nil {
		return "", err
	}
	return e.devName, nil
}

func (e *Engine) openLocked() error {
	if e.ctx != nil || e.err != nil {
		return e.err
	}
	dev := e.Device
	if e.Best {
		dev = -1
	}
	e.ctx, e.err = open(dev, e.Validation, shaders.PathTraceSPV)
	if e.err != nil {
		e.err = fmt.Errorf("vulkan: %w", e.err)
		return e.err
	}
	e.devName, e.devType = e.ctx.name(), e.ctx.kind()
	return nil
}

// DeviceName is the open device's name ("" before Open).
func (e *Engine) DeviceName() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.devName
}

// APIVersion is the Vulkan version the open device supports.
func (e *Engine) APIVersion() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.ctx == nil {
		return ""
	}
	return e.ctx.apiVersion()
}

// IsCPU reports whether the open device is a CPU implementation (such as
// lavapipe) rather than a GPU.
func (e *Engine) IsCPU() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.devType == "CPU"
}

// Messages returns how many warnings and errors the validation layer has
// reported, and the first of them.
func (e *Engine) Messages() (int, string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.ctx == nil {
		return 0, ""
	}
	return e.ctx.messages()
}

// Close releases the device.
func (e *Engine) Close() {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.ctx != nil {
		if e.denoiser != nil {
			(&Compute{d: e.ctx}).FreeKernel(e.denoiser)
			e.denoiser = nil
		}
		e.ctx.close()
		e.ctx, e.scene, e.packed, e.env, e.envSet = nil, nil, nil, nil, false
	}
}

// Render path-traces s.Bounds() of frame f on the device.
func (e *Engine) Render(ctx context.Context, f *scenes.Frame, s render.Settings, progress func(render.Progress)) (*render.Image, render.Stats, error) {
	if err := s.Validate(); err != nil {
		return nil, render.Stats{}, fmt.Errorf("render settings: %w", err)
	}
	if f == nil || len(f.Tris) == 0 {
		return nil, render.Stats{}, fmt.Errorf("frame has no triangles")
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if err := e.openLocked(); err != nil {
		return nil, render.Stats{}, err
	}
	start := time.Now()
	if e.scene != f {
		e.packed = gpu.Pack(f)
		for b, data := range e.packed.Buffers {
			if b == gpu.BindAccum || b == gpu.BindCounters || b == gpu.BindParams || b == gpu.BindEnv {
				continue // per render
			}
			if err := e.ctx.buffer(b, data, 0); err != nil {
				e.scene = nil
				return nil, render.Stats{}, fmt.Errorf("vulkan: uploading the scene (%.1f MiB): %w", float64(e.packed.Bytes())/(1<<20), err)
			}
		}
		e.scene = f
	}
	env := s.Environment(f)
	if !e.envSet || e.env != env {
		data := gpu.PackEnv(env)
		if err := e.ctx.buffer(gpu.BindEnv, data, 0); err != nil {
			e.envSet = false
			return nil, render.Stats{}, fmt.Errorf("vulkan: uploading the environment (%.1f MiB): %w", float64(len(data))/(1<<20), err)
		}
		e.env, e.envSet = env, true
	}
	reg := s.Bounds()
	w, h := reg.Dx(), reg.Dy()
	if err := e.ctx.buffer(gpu.BindAccum, nil, gpu.AccumBytes(w, h)); err != nil {
		return nil, render.Stats{}, fmt.Errorf("vulkan: the %dx%d accumulation buffer: %w", w, h, err)
	}
	rays, err := gpu.Progressive(ctx, f, s, e.packed, env, progress, func(params []byte, gx, gy int) (uint32, error) {
		n, err := e.ctx.dispatch(params, gx, gy)
		if err != nil {
			return 0, fmt.Errorf("vulkan: %w", err)
		}
		return n, nil
	})
	if err != nil {
		return nil, render.Stats{}, err
	}
	raw := make([]byte, gpu.AccumBytes(w, h))
	if err := e.ctx.read(gpu.BindAccum, raw); err != nil {
		return nil, render.Stats{}, fmt.Errorf("vulkan: reading the image back: %w", err)
	}
	img, total := gpu.Image(raw, w, h, s)
	return img, render.Stats{Samples: total, Rays: rays, Duration: time.Since(start)}, nil
}
