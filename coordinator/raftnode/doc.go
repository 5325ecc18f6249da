// Package raftnode is a coordinator's membership in the Raft cluster:
// hashicorp/raft on raft-wal (a failed log write stops the node),
// file snapshots, the transport (mutual TLS, or connections
// authenticated by the cluster secret), the batching proposer that packs
// concurrent commands into one log entry, linearizable reads (read
// index) and membership changes. It feeds committed entries to a
// state.Machine and knows nothing of HTTP.
package raftnode
