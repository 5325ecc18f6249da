// Package coordinator wires one coordinator together: the Raft node
// (hashicorp/raft on raft-wal, file snapshots, TCP or mutual-TLS
// transport) that feeds committed commands to the deterministic state
// machine in package state, the leader's lease sweeper and chain loop,
// the HTTP API under /api/v1 (openapi.yaml), the IPFS gateway and CAR
// uploads replicated to a majority, /metrics, and the verifier that checks
// every completion (re-rendered pixels, a re-run upscale tile, perceptual
// hashes of diffusion frames) before it is paid. HTTP statuses are given
// to the state machine's error codes here (errors.go) and nowhere else. It
// does not import the worker; both share package api.
package coordinator
