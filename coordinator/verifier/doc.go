// Package verifier is proof of render on the leader: Admit checks a
// worker's receipt against the replicated state (its signature, its
// lease, the job's scene and parameters, replays), and Prove applies the
// job's policy to the output (re-rendered pixels of 3-D frames, a re-run
// tile of upscaled ones, perceptual hashes of diffusion frames, or a
// second render under redundancy). It runs in the handlers' goroutines,
// never in apply, at most GOMAXPROCS checks at once, with decoded scenes
// and models cached. The checks themselves are package verify's, shared
// with `rendergrid verify`.
package verifier
