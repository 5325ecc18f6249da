// Package cids is which content identifiers rendergrid accepts: raw or
// dag-pb (UnixFS) blocks hashed with SHA2-256. It has no store and no
// network, so the state machine and job validation can check a CID
// without the IPFS stack.
package cids
