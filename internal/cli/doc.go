// Package cli is rendergrid's command line: one file per command family
// (render.go, scene.go, bench.go, demo.go, farm.go for coordinator and
// worker, artist.go for submit, jobs, frames, wait, fetch and logs,
// wallet.go, chain.go, ai.go, ipfs.go, uploads.go), the client
// configuration (clientcfg.go) and the progress bars (progress.go).
// cmd/rendergrid's main calls Run. The package's tests include the farm
// end to end, real processes (process_test.go) and the chaos suite.
package cli
