// Package gl is the OpenGL 4.3 compute engine, for hosts without a Vulkan
// driver: the same GLSL path tracer as render/vulkan (package shaders),
// compiled by the driver, in a surfaceless EGL context (no window, no X).
// It is built only with the build tag egl (task build:gl), which also
// switches github.com/go-gl/gl to EGL; without the tag, New says how to get
// it.
package gl
