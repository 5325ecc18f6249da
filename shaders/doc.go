// Package shaders holds the GLSL compute shaders of the GPU engines and
// their SPIR-V, compiled by glslc (go generate) and embedded. The path
// tracer is render/cpu's algorithm, random numbers included; the nn_*
// kernels run render/upscale's networks in fp32; denoise.comp is
// render/denoise's filter.
package shaders

import _ "embed"

//go:generate glslc --target-env=vulkan1.1 -O pathtrace.comp -o pathtrace.spv
//go:generate glslc --target-env=vulkan1.1 -O nn_conv.comp -o nn_conv.spv
//go:generate glslc --target-env=vulkan1.1 -O nn_eltwise.comp -o nn_eltwise.spv
//go:generate glslc --target-env=vulkan1.1 -O nn_gather.comp -o nn_gather.spv
//go:generate glslc --target-env=vulkan1.1 -O denoise.comp -o denoise.spv

// PathTraceSPV is pathtrace.comp compiled to SPIR-V for Vulkan 1.1.
//
//go:embed pathtrace.spv
var PathTraceSPV []byte

// The upscaling networks' kernels (render/upscale's plan on Vulkan):
// convolution with bias and activation, element-wise steps, and data
// movement (concatenation, upsampling, depth-to-space).
var (
	//go:embed nn_conv.spv
	NNConvSPV []byte
	//go:embed nn_eltwise.spv
	NNEltwiseSPV []byte
	//go:embed nn_gather.spv
	NNGatherSPV []byte
)

// DenoiseSPV is one pass of render/denoise's à-trous filter.
//
//go:embed denoise.spv
var DenoiseSPV []byte

// PathTraceGLSL is the shader's source, for OpenGL.
//
//go:embed pathtrace.comp
var PathTraceGLSL string
