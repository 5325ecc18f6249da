package worker

import (
	"path/filepath"

	"github.com/rendergrid/rendergrid/chain"
)

// loadKey reads the worker's secp256k1 key from dir, creating it on first
// use. Its Ethereum address is the worker's id and the account it is paid
// into, so it survives restarts and re-registration.
func loadKey(dir string) (*chain.Key, error) {
	return chain.LoadKey(filepath.Join(dir, "worker.key"))
}

// tokenFile keeps the worker's own API token, issued at registration.
func tokenFile(dir string) string { return filepath.Join(dir, "worker.token") }

// receiptDir keeps the worker's countersigned receipts, one JSON file per
// accepted frame.
func receiptDir(dir string) string { return filepath.Join(dir, "receipts") }
