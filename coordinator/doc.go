// Package coordinator owns the Raft-replicated coordinator: the node
// (hashicorp/raft on raft-wal, file snapshots, TCP or mutual-TLS
// transport), the deterministic state machine of jobs, frames and tiles,
// leases, workers, tokens and idempotency keys, the scheduler, the
// leader's lease sweeper, the HTTP API under /api/v1 (openapi.yaml), the
// IPFS gateway and CAR uploads replicated to a majority, and /metrics;
// the ledger of escrows and settled receipts, and the verifier that checks
// every completion (re-rendered pixels, a re-run upscale tile, perceptual
// hashes of diffusion frames) before it is paid. It does not import the
// worker; both share package api.
package coordinator
