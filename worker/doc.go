// Package worker owns the worker daemon GPU owners run: it keeps an
// identity key, registers the machine's engines and the AI models it holds
// (by CID) with the coordinator, claims leases, fetches scenes and inputs
// by CID (verified, cached), renders frames with render/*, upscales images
// with render/upscale and forwards text-to-image frames to a diffusion
// server (render/diffusion) while heartbeating progress, stores each
// output on IPFS and reports it with a signed receipt. The owner keeps
// control: a concurrency limit, a sleep schedule, pause and resume, and a
// graceful drain on shutdown.
package worker
