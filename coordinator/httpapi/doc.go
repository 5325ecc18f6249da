// Package httpapi is a coordinator's HTTP API: the routes under /api/v1
// (openapi.yaml describes them), authorization by hashed bearer token,
// forwarding of writes to the leader, linearizable reads, the SSE event
// stream, CAR uploads and the guarded IPFS gateway, and /metrics. Its
// handlers change the state only by proposing commands through the Raft
// node; they read it under state.Machine.Read. The state machine's error
// codes get their HTTP statuses here (errors.go) and nowhere else.
package httpapi
