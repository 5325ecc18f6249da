// Package render defines what every rendering engine shares: the Renderer
// interface, render Settings and their limits (including the environment
// that lights a render and transparent film), the linear-light Image with
// its optional alpha, and the encoders for its outputs (8-bit sRGB PNG with
// the standard view transform, linear float32 OpenEXR).
//
// The engines live in sub-packages: render/cpu is the pure-Go reference path
// tracer, which the coordinator's verifier also uses. All engines draw their
// random numbers from the same pure function of (seed, frame, pixel, sample),
// so any pixel can be re-rendered alone and compared.
//
// The AI-image engines stand beside them: render/upscale (the built-in
// upscaling networks, pure Go; render/vulkan runs them on the GPU) and
// render/diffusion (the clients of the diffusion servers workers forward
// to).
package render
