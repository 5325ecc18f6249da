// Package shaders holds the GLSL compute shaders of the GPU engines and
// their SPIR-V, compiled by glslc (go generate) and embedded. The path
// tracer is render/cpu's algorithm, random numbers included.
package shaders

import _ "embed"

//go:generate glslc --target-env=vulkan1.1 -O pathtrace.comp -o pathtrace.spv

// PathTraceSPV is pathtrace.comp compiled to SPIR-V for Vulkan 1.1.
//
//go:embed pathtrace.spv
var PathTraceSPV []byte

// PathTraceGLSL is the shader's source, for OpenGL.
//
//go:embed pathtrace.comp
var PathTraceGLSL string
