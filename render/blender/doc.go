// Package blender runs Blender (Cycles) to render .blend jobs: it finds
// the binary and the Cycles devices it has, lays a job's folder (the
// .blend and the files it reads) out on disk, and renders a region of a
// frame in a sandbox (factory settings, no auto-run scripts, no network,
// limits on time and memory). Workers render units with it; the
// coordinator's verifier re-renders small regions with it to check them.
package blender
