//go:build egl

package gl

/*
#cgo pkg-config: egl
#include <EGL/egl.h>
#include <EGL/eglext.h>
#include <stdlib.h>

// rg_egl_open makes a surfaceless OpenGL 4.3 core context current on the
// calling thread. It returns 0, or an EGL error code with *stage set.
static int rg_egl_open(EGLDisplay *out_dpy, EGLContext *out_ctx, const char **stage) {
	PFNEGLGETPLATFORMDISPLAYEXTPROC getPlatformDisplay = (PFNEGLGETPLATFORMDISPLAYEXTPROC)eglGetProcAddress("eglGetPlatformDisplayEXT");
	EGLDisplay dpy = EGL_NO_DISPLAY;
	if (getPlatformDisplay) dpy = getPlatformDisplay(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, NULL);
	if (dpy == EGL_NO_DISPLAY) dpy = eglGetDisplay(EGL_DEFAULT_DISPLAY);
	*stage = "eglGetDisplay";
	if (dpy == EGL_NO_DISPLAY) return eglGetError();
	EGLint major, minor;
	*stage = "eglInitialize";
	if (!eglInitialize(dpy, &major, &minor)) return eglGetError();
	*stage = "eglBindAPI";
	if (!eglBindAPI(EGL_OPENGL_API)) return eglGetError();
	EGLint cfgAttrs[] = {EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT, EGL_SURFACE_TYPE, EGL_PBUFFER_BIT, EGL_NONE};
	EGLConfig cfg;
	EGLint n = 0;
	*stage = "eglChooseConfig";
	if (!eglChooseConfig(dpy, cfgAttrs, &cfg, 1, &n) || n == 0) {
		// Surfaceless displays may offer no config; contexts then need none.
		cfg = (EGLConfig)0;
	}
	EGLint ctxAttrs[] = {EGL_CONTEXT_MAJOR_VERSION, 4, EGL_CONTEXT_MINOR_VERSION, 3,
	                     EGL_CONTEXT_OPENGL_PROFILE_MASK, EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT, EGL_NONE};
	*stage = "eglCreateContext (OpenGL 4.3 core)";
	EGLContext ctx = eglCreateContext(dpy, cfg, EGL_NO_CONTEXT, ctxAttrs);
	if (ctx == EGL_NO_CONTEXT) return eglGetError();
	*stage = "eglMakeCurrent";
	if (!eglMakeCurrent(dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, ctx)) return eglGetError();
	*out_dpy = dpy;
	*out_ctx = ctx;
	return 0;
}

static void rg_egl_close(EGLDisplay dpy, EGLContext ctx) {
	eglMakeCurrent(dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
	eglDestroyContext(dpy, ctx);
	eglTerminate(dpy);
}
*/
import "C"

import "fmt"

// eglContext is a current surfaceless context.
type eglContext struct {
	dpy C.EGLDisplay
	ctx C.EGLContext
}

// openEGL makes an OpenGL 4.3 core context current on the calling (locked)
// thread.
func openEGL() (*eglContext, error) {
	var e eglContext
	var stage *C.char
	if rc := C.rg_egl_open(&e.dpy, &e.ctx, &stage); rc != 0 {
		return nil, fmt.Errorf("%s failed (EGL error 0x%x): no OpenGL 4.3 driver; install mesa (libegl1, libgl1-mesa-dri for llvmpipe) or your GPU's driver", C.GoString(stage), int(rc))
	}
	return &e, nil
}

func (e *eglContext) close() { C.rg_egl_close(e.dpy, e.ctx) }
