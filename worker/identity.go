package worker

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// loadKey reads the worker's Ed25519 identity key from dir, creating it
// on first use. The worker's id is derived from its public half, so it
// survives restarts and re-registration.
func loadKey(dir string) (ed25519.PrivateKey, error) {
	file := filepath.Join(dir, "worker.key")
	b, err := os.ReadFile(file)
	if err == nil {
		seed, err := hex.DecodeString(strings.TrimSpace(string(b)))
		if err != nil || len(seed) != ed25519.SeedSize {
			return nil, fmt.Errorf("identity key %s is damaged: delete it to make a new identity", file)
		}
		return ed25519.NewKeyFromSeed(seed), nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("reading identity key: %w", err)
	}
	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("making identity key: %w", err)
	}
	if err := os.WriteFile(file, []byte(hex.EncodeToString(key.Seed())+"\n"), 0o600); err != nil {
		return nil, fmt.Errorf("writing identity key: %w", err)
	}
	return key, nil
}

// tokenFile keeps the worker's own API token, issued at registration.
func tokenFile(dir string) string { return filepath.Join(dir, "worker.token") }
