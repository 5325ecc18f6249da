// Package hdri decodes the high-dynamic-range images artists light scenes
// with: Radiance RGBE (.hdr) and scanline OpenEXR (.exr, half, float and
// uint channels; NONE, RLE, ZIPS, ZIP, PIZ, DWAA and DWAB compression,
// which covers what Blender writes and its bundled studio lights).
//
// It owns decoding only: every header is checked against Limits before any
// pixel buffer is allocated, every texel must be finite (negative values,
// which lossy codecs leave beside bright texels, become 0), and errors name
// the file's problem. Mapping an image onto the sky and
// sampling it belong to package scenes.
package hdri
