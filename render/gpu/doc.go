// Package gpu lays a posed scene frame out in the buffers the compute
// shaders of package shaders read (triangles, shading data, BVH nodes,
// materials, lights, emitters, textures) and writes their per-dispatch
// parameters. The Vulkan engine (render/vulkan) uploads what it builds.
package gpu
