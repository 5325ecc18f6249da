// Package verify checks a unit's output the way the farm does, so that the
// coordinator's verifier and `rendergrid verify` give the same verdict:
// a render is re-rendered at sampled pixels with the job's own settings
// (proof of render, render/proof), an upscale is re-run on a sampled input
// tile with the pure-Go network, and a generated image is named by its
// perceptual hash. Receipt checks one countersigned receipt end to end
// for both rendergrid verify and the dashboard's verify action. It owns
// the tile size, the tolerances and the hash format.
package verify
