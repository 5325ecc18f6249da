package vulkan

import (
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"sync"
	"time"

	"github.com/rendergrid/rendergrid/render"
	"github.com/rendergrid/rendergrid/render/gpu"
	"github.com/rendergrid/rendergrid/scenes"
	"github.com/rendergrid/rendergrid/shaders"
)

// Dispatch sizing: each dispatch covers at most tileSide² pixels and as
// many samples as fit in targetDispatch at the speed measured so far, so
// that no single dispatch runs long enough to trip a desktop GPU watchdog.
const (
	tileSide       = 256
	targetDispatch = 30 * time.Millisecond
	maxBatch       = 64 // samples per pixel per dispatch, at most
	group          = 8  // the shader's local size
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
	devName string
	devType string
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
		e.ctx.close()
		e.ctx, e.scene, e.packed = nil, nil, nil
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
			if err := e.ctx.buffer(b, data, 0); err != nil {
				e.scene = nil
				return nil, render.Stats{}, fmt.Errorf("vulkan: uploading the scene (%.1f MiB): %w", float64(e.packed.Bytes())/(1<<20), err)
			}
		}
		e.scene = f
	}
	reg := s.Bounds()
	w, h := reg.Dx(), reg.Dy()
	if err := e.ctx.buffer(gpu.BindAccum, nil, 12*w*h); err != nil {
		return nil, render.Stats{}, fmt.Errorf("vulkan: the %dx%d accumulation buffer: %w", w, h, err)
	}
	total := int64(w) * int64(h) * int64(s.SPP)
	var done, rays int64
	batch := 1
	for s0 := 0; s0 < s.SPP; {
		s1 := min(s0+batch, s.SPP)
		var slowest time.Duration
		for ty := reg.Y0; ty < reg.Y1; ty += tileSide {
			for tx := reg.X0; tx < reg.X1; tx += tileSide {
				if err := ctx.Err(); err != nil {
					return nil, render.Stats{}, fmt.Errorf("render canceled after %d of %d samples: %w", done, total, err)
				}
				d := gpu.Dispatch{X0: tx, Y0: ty, X1: min(tx+tileSide, reg.X1), Y1: min(ty+tileSide, reg.Y1), S0: s0, S1: s1}
				td := time.Now()
				n, err := e.ctx.dispatch(gpu.Params(f, s, e.packed, d), (d.X1-d.X0+group-1)/group, (d.Y1-d.Y0+group-1)/group)
				if err != nil {
					return nil, render.Stats{}, fmt.Errorf("vulkan: %w", err)
				}
				slowest = max(slowest, time.Since(td))
				rays += int64(n)
				done += int64(d.X1-d.X0) * int64(d.Y1-d.Y0) * int64(s1-s0)
				if progress != nil {
					progress(render.Progress{Done: done, Total: total, Elapsed: time.Since(start)})
				}
			}
		}
		// Grow or shrink the batch so the slowest dispatch nears the target.
		if slowest > 0 {
			scale := float64(targetDispatch) / float64(slowest)
			batch = int(math.Max(1, math.Min(float64(maxBatch), float64(s1-s0)*math.Min(scale, 2))))
		}
		s0 = s1
	}
	raw := make([]byte, 12*w*h)
	if err := e.ctx.read(gpu.BindAccum, raw); err != nil {
		return nil, render.Stats{}, fmt.Errorf("vulkan: reading the image back: %w", err)
	}
	img := render.NewImage(w, h)
	inv := 1 / float64(s.SPP)
	for i := range img.Pix {
		img.Pix[i] = float32(float64(math.Float32frombits(binary.LittleEndian.Uint32(raw[4*i:]))) * inv)
	}
	return img, render.Stats{Samples: total, Rays: rays, Duration: time.Since(start)}, nil
}
