// Package coordinator owns the Raft-replicated coordinator: the node
// (hashicorp/raft on raft-wal, file snapshots, TCP or mutual-TLS
// transport), the deterministic state machine of jobs, frames and tiles,
// leases, workers, tokens and idempotency keys, the scheduler, the
// leader's lease sweeper, the HTTP API under /api/v1 (openapi.yaml), the
// IPFS gateway and CAR uploads replicated to a majority, and /metrics.
// Ledger entries and the verifier come with the receipts issue. It does
// not import the worker; both share package api.
package coordinator
