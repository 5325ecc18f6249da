// Package denoise removes the noise of a path-traced image, guided by its
// passes: an edge-avoiding à-trous wavelet filter (Dammertz et al. 2010)
// whose luminance edges are scaled by each pixel's variance, as in SVGF
// (Schied et al. 2017), run on the reflected light divided by its albedo so that
// texture is kept sharp and only lighting is smoothed.
//
// It owns the filter's definition (Filter, in pure Go, deterministic:
// every pixel of every pass is a fixed sum in a fixed order, whatever the
// number of goroutines) and the check that an image carries the passes it
// needs. render/vulkan runs the same filter on the GPU (shaders/denoise.comp);
// the verifier recomputes a denoised frame with this one.
package denoise
