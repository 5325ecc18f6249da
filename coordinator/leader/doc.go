// Package leader is what a coordinator does while it leads the cluster:
// the lease sweeper (lease deadlines live in the leader's memory and are
// renewed by heartbeats; only an expiry is written to the log), the stuck
// frame check, and the chain loop that credits deposits, starts jobs
// funded on chain and settles evm-mode jobs in batches. Every change it
// makes goes through the Raft log as a system command.
package leader
