package worker

import (
	"crypto/sha256"
	"encoding/hex"
)

// workerID is the coordinator's id for a worker's public key: "w" and
// the first 16 hex digits of its SHA-256 (as coordinator.WorkerID).
func workerID(pub []byte) string {
	h := sha256.Sum256(pub)
	return "w" + hex.EncodeToString(h[:8])
}
