// Package scenes owns everything about a scene before it is rendered: the
// glTF 2.0 loader (.glb and .gltf with external, embedded and data-URI
// buffers), validation with errors that name the file and the element,
// materials with every ratified extension, node and morph-weight animation
// sampled at a frame number, skinning and morphing, the world-space
// triangles of one frame and the binned-SAH BVH over them, the environment
// that lights a scene from afar (an HDRI through package scenes/hdri, or
// the file's EXT_lights_image_based cube map) with its sampling
// distribution, and the sample scenes and sky embedded in the binary.
//
// It does not render (see package render) and imports nothing of ours but
// its own HDR image decoders (scenes/hdri), so
// the coordinator's verifier, the worker and the CLI all load scenes the same
// way. Features the renderer does not support (points and lines, Draco,
// KTX2, ...) are reported by name in Scene.Warnings or as errors when a file
// requires them; nothing is dropped silently.
package scenes
