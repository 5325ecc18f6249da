//go:build egl

package gl

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"time"
	"unsafe"

	"github.com/go-gl/gl/v4.3-core/gl"

	"github.com/rendergrid/rendergrid/render"
	"github.com/rendergrid/rendergrid/render/gpu"
	"github.com/rendergrid/rendergrid/scenes"
	"github.com/rendergrid/rendergrid/shaders"
)

// Engine renders with OpenGL compute shaders. Its GL context lives on one
// locked OS thread; every GL call runs there.
type Engine struct {
	calls   chan func()
	done    chan struct{}
	program uint32
	bufs    [gpu.Bindings]uint32
	scene   *scenes.Frame
	packed  *gpu.Scene
	vendor  string
}

var _ render.Renderer = (*Engine)(nil)

// New creates the context and compiles the shader.
func New() (render.Renderer, error) {
	e := &Engine{calls: make(chan func()), done: make(chan struct{})}
	ready := make(chan error)
	go e.loop(ready)
	if err := <-ready; err != nil {
		return nil, err
	}
	return e, nil
}

func (e *Engine) loop(ready chan<- error) {
	runtime.LockOSThread()
	defer close(e.done)
	egl, err := openEGL()
	if err != nil {
		ready <- fmt.Errorf("opengl: %w", err)
		return
	}
	defer egl.close()
	if err := gl.Init(); err != nil {
		ready <- fmt.Errorf("opengl: loading functions: %w", err)
		return
	}
	e.vendor = gl.GoStr(gl.GetString(gl.RENDERER)) + ", OpenGL " + gl.GoStr(gl.GetString(gl.VERSION))
	if e.program, err = compile(); err != nil {
		ready <- fmt.Errorf("opengl: %w", err)
		return
	}
	gl.GenBuffers(int32(len(e.bufs)), &e.bufs[0])
	ready <- nil
	for f := range e.calls {
		f()
	}
	gl.DeleteBuffers(int32(len(e.bufs)), &e.bufs[0])
	gl.DeleteProgram(e.program)
}

// do runs f on the GL thread.
func (e *Engine) do(f func()) {
	ch := make(chan struct{})
	e.calls <- func() { f(); close(ch) }
	<-ch
}

// Close destroys the context.
func (e *Engine) Close() {
	close(e.calls)
	<-e.done
}

// Name returns "gl".
func (e *Engine) Name() string { return "gl" }

// Renderer is the driver's renderer and version string.
func (e *Engine) Renderer() string { return e.vendor }

// glslFor rewrites the Vulkan GLSL for OpenGL 4.3: no descriptor sets.
func glslFor(src string) string {
	src = strings.Replace(src, "#version 450", "#version 430", 1)
	return strings.ReplaceAll(src, "set = 0, ", "")
}

func compile() (uint32, error) {
	sh := gl.CreateShader(gl.COMPUTE_SHADER)
	src, free := gl.Strs(glslFor(shaders.PathTraceGLSL) + "\x00")
	gl.ShaderSource(sh, 1, src, nil)
	free()
	gl.CompileShader(sh)
	var ok int32
	gl.GetShaderiv(sh, gl.COMPILE_STATUS, &ok)
	if ok == gl.FALSE {
		return 0, fmt.Errorf("compiling the path tracer: %s", infoLog(sh, gl.GetShaderiv, gl.GetShaderInfoLog))
	}
	p := gl.CreateProgram()
	gl.AttachShader(p, sh)
	gl.LinkProgram(p)
	gl.DeleteShader(sh)
	gl.GetProgramiv(p, gl.LINK_STATUS, &ok)
	if ok == gl.FALSE {
		return 0, fmt.Errorf("linking the path tracer: %s", infoLog(p, gl.GetProgramiv, gl.GetProgramInfoLog))
	}
	return p, nil
}

func infoLog(o uint32, iv func(uint32, uint32, *int32), get func(uint32, int32, *int32, *uint8)) string {
	var n int32
	iv(o, gl.INFO_LOG_LENGTH, &n)
	if n == 0 {
		return "no log"
	}
	b := make([]byte, n)
	get(o, n, nil, &b[0])
	return strings.TrimRight(string(b), "\x00\n")
}

// upload fills buffer b with data (at least 16 bytes).
func (e *Engine) upload(b int, data []byte, size int) {
	target := uint32(gl.SHADER_STORAGE_BUFFER)
	if b == gpu.BindParams {
		target = gl.UNIFORM_BUFFER
	}
	gl.BindBuffer(target, e.bufs[b])
	n := max(len(data), size, 16)
	var p unsafe.Pointer
	if len(data) > 0 {
		p = gl.Ptr(data)
	}
	gl.BufferData(target, n, nil, gl.DYNAMIC_DRAW)
	if p != nil {
		gl.BufferSubData(target, 0, len(data), p)
	} else {
		zero := make([]byte, n)
		gl.BufferSubData(target, 0, n, gl.Ptr(zero))
	}
	gl.BindBufferBase(target, uint32(b), e.bufs[b])
}

// Render path-traces s.Bounds() of frame f.
func (e *Engine) Render(ctx context.Context, f *scenes.Frame, s render.Settings, progress func(render.Progress)) (*render.Image, render.Stats, error) {
	if err := s.Validate(); err != nil {
		return nil, render.Stats{}, fmt.Errorf("render settings: %w", err)
	}
	if f == nil || len(f.Tris) == 0 {
		return nil, render.Stats{}, errors.New("frame has no triangles")
	}
	start := time.Now()
	reg := s.Bounds()
	w, h := reg.Dx(), reg.Dy()
	env := s.Environment(f)
	var glErr error
	e.do(func() {
		if e.scene != f {
			e.packed = gpu.Pack(f)
			for b, data := range e.packed.Buffers {
				if b != gpu.BindAccum && b != gpu.BindCounters && b != gpu.BindParams && b != gpu.BindEnv {
					e.upload(b, data, 0)
				}
			}
			e.scene = f
		}
		e.upload(gpu.BindEnv, gpu.PackEnv(env), 0)
		e.upload(gpu.BindAccum, nil, gpu.AccumBytes(w, h))
		e.upload(gpu.BindCounters, nil, 16)
		e.upload(gpu.BindParams, nil, 256)
		if c := gl.GetError(); c != gl.NO_ERROR {
			glErr = fmt.Errorf("opengl: uploading the scene (%.1f MiB): error 0x%x (out of memory is 0x505)", float64(e.packed.Bytes())/(1<<20), c)
		}
	})
	if glErr != nil {
		return nil, render.Stats{}, glErr
	}
	rays, err := gpu.Progressive(ctx, f, s, e.packed, env, progress, func(params []byte, gx, gy int) (uint32, error) {
		var n uint32
		e.do(func() {
			gl.BindBuffer(gl.UNIFORM_BUFFER, e.bufs[gpu.BindParams])
			gl.BufferSubData(gl.UNIFORM_BUFFER, 0, len(params), gl.Ptr(params))
			gl.BindBuffer(gl.SHADER_STORAGE_BUFFER, e.bufs[gpu.BindCounters])
			zero := uint32(0)
			gl.BufferSubData(gl.SHADER_STORAGE_BUFFER, 0, 4, gl.Ptr(&zero))
			gl.UseProgram(e.program)
			gl.DispatchCompute(uint32(gx), uint32(gy), 1)
			gl.MemoryBarrier(gl.SHADER_STORAGE_BARRIER_BIT | gl.BUFFER_UPDATE_BARRIER_BIT)
			gl.GetBufferSubData(gl.SHADER_STORAGE_BUFFER, 0, 4, gl.Ptr(&n))
			if c := gl.GetError(); c != gl.NO_ERROR {
				glErr = fmt.Errorf("opengl: dispatch: error 0x%x", c)
			}
		})
		return n, glErr
	})
	if err != nil {
		return nil, render.Stats{}, err
	}
	raw := make([]byte, gpu.AccumBytes(w, h))
	e.do(func() {
		gl.BindBuffer(gl.SHADER_STORAGE_BUFFER, e.bufs[gpu.BindAccum])
		gl.GetBufferSubData(gl.SHADER_STORAGE_BUFFER, 0, len(raw), gl.Ptr(raw))
	})
	img, total := gpu.Image(raw, w, h, s)
	return img, render.Stats{Samples: total, Rays: rays, Duration: time.Since(start)}, nil
}
