// Package cpu is rendergrid's reference renderer: a progressive
// unidirectional path tracer in pure Go that uses all cores.
//
// It implements next-event estimation on emissive triangles and
// KHR_lights_punctual lights with multiple importance sampling (power
// heuristic), the glTF metallic-roughness BRDF of the glTF 2.0 specification's
// appendix B (GGX distribution, height-correlated Smith visibility, Schlick
// Fresnel, Lambertian diffuse) with KHR_materials_specular and
// KHR_materials_ior folded in, visible-normal sampling of GGX, Russian
// roulette and a bounce limit.
//
// Every random number is a pure function of (seed, frame, pixel, sample) and
// each pixel sums its samples in sample order, so rendering any region gives
// bit-identical pixels to the same pixels of a full render. The verifier and
// the GPU engines rely on this; the GLSL in package shaders follows this code
// name for name.
package cpu
