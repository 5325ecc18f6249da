// Package state is the coordinator's deterministic core: everything the
// cluster agrees on (jobs and their units, leases, workers, tokens, the
// ledger, uploads, idempotency keys) and the one way it changes, Machine.
// Apply, which the Raft node calls with each committed log entry.
//
// The rules a change must keep (docs/architecture.md has them in full):
//
//   - Only Apply writes. Everyone else reads under Machine.Read and keeps
//     nothing it read past the call.
//   - Apply is deterministic: the time is the leader's stamp in the
//     command (Command.Now), never the clock; no randomness, no map
//     iteration order, no I/O. Every node applies the same bytes to the
//     same result, errors included.
//   - Errors are *Error values with a code; what HTTP status a code gets
//     is the API's business, not this package's.
//   - A job is changed only through State.job, which copies a job a
//     pending Snapshot still shares (CheckSnapshots proves it in tests).
//
// The files are split by op family: jobs.go (submit, claim, complete,
// fail, release, actions), ledger.go (pricing, settlement, disputes),
// chain.go (the EVM bridge), tokens.go, storage.go (the stored-bytes
// quota), archive.go; snapshot.go is the snapshot codec.
package state
