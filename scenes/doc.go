// Package scenes owns everything about a scene before it is rendered: the
// glTF 2.0 loader (.glb and .gltf with external, embedded and data-URI
// buffers), validation with errors that name the file and the element,
// node animation sampled at a frame number, the world-space triangles of one
// frame and the binned-SAH BVH over them, and the sample scenes embedded in
// the binary.
//
// It does not render (see package render) and imports nothing of ours, so
// the coordinator's verifier, the worker and the CLI all load scenes the same
// way. Features the renderer does not support (skins, morph targets, Draco,
// KTX2, ...) are reported by name in Scene.Warnings or as errors when a file
// requires them; nothing is dropped silently.
package scenes
