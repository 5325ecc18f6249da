// Package coordinator owns the Raft-replicated coordinator: the state
// machine of jobs, frames, leases, workers and ledger entries, the scheduler,
// the verifier and the HTTP API. It lands with the coordinator issue; today
// the farm renders locally through cmd/rendergrid.
package coordinator
