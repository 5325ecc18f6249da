// Package proof checks that a rendered image is honest without rendering
// it again: sanity checks (it decodes, has the right size, is not a flat
// fill), then a re-render of a few random pixels with the reference engine
// (render/cpu), whose random numbers are a pure function of (seed, frame,
// pixel, sample) so that a pixel rendered alone equals the same pixel of
// a whole frame. It also compares two renders of one frame, for the
// redundant policy.
package proof
