// Package scenestest builds scenes in code for the renderers' tests and
// benchmarks: scenes the samples do not cover, such as a floor under many
// small lamps (Lamps), which the light tree is measured on.
package scenestest
