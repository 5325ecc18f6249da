// Package shaders owns the GLSL compute shaders of the path tracer and
// their compiled SPIR-V, embedded with go:embed. They follow render/cpu name
// for name and land with the Vulkan issue.
package shaders
