// Package job is what a job is and how it becomes renders: validation of
// a submitted spec (with its defaults), its pricing arithmetic (what a
// unit pays, how many renders it needs, what the whole job can cost), the
// file names its scene and environment map decode as, the posed frame of
// each unit and the render settings of each unit (resolution, samples,
// bounces, seed, lighting and tile region). The worker renders with it,
// the coordinator's verifier and `rendergrid verify` re-render with it,
// so proof of render always compares a unit with the same definition of
// that unit.
package job
