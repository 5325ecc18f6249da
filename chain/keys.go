package chain

import (
	"crypto/ecdsa"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/ethereum/go-ethereum/accounts"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// Key is a secp256k1 private key and its Ethereum address, which is the
// account it owns on the farm's ledger and on EVM chains.
type Key struct {
	Private *ecdsa.PrivateKey
	Address common.Address
}

// NewKey makes a fresh random key.
func NewKey() (*Key, error) {
	k, err := crypto.GenerateKey()
	if err != nil {
		return nil, fmt.Errorf("making a key: %w", err)
	}
	return &Key{Private: k, Address: crypto.PubkeyToAddress(k.PublicKey)}, nil
}

// KeyFromHex parses a 32-byte private key in hex (with or without 0x).
func KeyFromHex(s string) (*Key, error) {
	k, err := crypto.HexToECDSA(strings.TrimPrefix(strings.TrimSpace(s), "0x"))
	if err != nil {
		return nil, fmt.Errorf("parsing a secp256k1 private key: %w", err)
	}
	return &Key{Private: k, Address: crypto.PubkeyToAddress(k.PublicKey)}, nil
}

// LoadKey reads the key in file (hex, as geth's and foundry's tools write
// it), making and saving a new one when the file does not exist.
func LoadKey(file string) (*Key, error) {
	b, err := os.ReadFile(file)
	if err == nil {
		k, err := KeyFromHex(string(b))
		if err != nil {
			return nil, fmt.Errorf("key file %s is damaged (%w); restore it from a backup, or move it away to make a new account", file, err)
		}
		return k, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("reading key file: %w", err)
	}
	k, err := NewKey()
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o700); err != nil {
		return nil, fmt.Errorf("creating the key's directory: %w", err)
	}
	if err := crypto.SaveECDSA(file, k.Private); err != nil {
		return nil, fmt.Errorf("saving key file: %w", err)
	}
	return k, nil
}

// Sign signs a 32-byte digest; the signature is r || s || v with v 27 or
// 28, as eth_signTypedData_v4 and personal_sign return it.
func (k *Key) Sign(digest []byte) ([]byte, error) {
	sig, err := crypto.Sign(digest, k.Private)
	if err != nil {
		return nil, fmt.Errorf("signing: %w", err)
	}
	sig[64] += 27
	return sig, nil
}

// Recover returns the address that signed digest with sig (v 0/1 or
// 27/28).
func Recover(digest, sig []byte) (common.Address, error) {
	if len(sig) != 65 {
		return common.Address{}, fmt.Errorf("signature is %d bytes; want 65 (r, s, v)", len(sig))
	}
	s := make([]byte, 65)
	copy(s, sig)
	if s[64] >= 27 {
		s[64] -= 27
	}
	if s[64] > 1 {
		return common.Address{}, fmt.Errorf("signature has recovery id %d; want 27 or 28", sig[64])
	}
	pub, err := crypto.SigToPub(digest, s)
	if err != nil {
		return common.Address{}, fmt.Errorf("recovering the signer: %w", err)
	}
	return crypto.PubkeyToAddress(*pub), nil
}

// MessageDigest is the EIP-191 (personal_sign) digest of a text message.
func MessageDigest(msg string) []byte { return accounts.TextHash([]byte(msg)) }

// RegisterMessage is what a worker signs to prove it holds the key of the
// address it registers with; nonce is the coordinator's challenge, so a
// recorded registration cannot be replayed.
func RegisterMessage(addr common.Address, chainID uint64, nonce string) string {
	return fmt.Sprintf("rendergrid: register worker %s on chain %d, challenge %s", addr.Hex(), chainID, nonce)
}

// BindMessage is what a user signs to make an address their account.
func BindMessage(user string, addr common.Address, chainID uint64) string {
	return fmt.Sprintf("rendergrid: bind user %q to account %s on chain %d", user, addr.Hex(), chainID)
}

// ParseAddress parses a 0x-prefixed 20-byte hex address and returns it in
// its checksummed form; a mixed-case address must have a valid checksum.
func ParseAddress(s string) (common.Address, error) {
	if !common.IsHexAddress(s) || !strings.HasPrefix(s, "0x") && !strings.HasPrefix(s, "0X") {
		return common.Address{}, fmt.Errorf("%q is not an address: want 0x and 40 hex digits", s)
	}
	a := common.HexToAddress(s)
	body := s[2:]
	if strings.ToLower(body) != body && strings.ToUpper(body) != body && a.Hex()[2:] != body {
		return common.Address{}, fmt.Errorf("address %s has a bad checksum (did you mean %s?)", s, a.Hex())
	}
	return a, nil
}

// MustAddress parses a checked address and panics on a malformed one: for
// constants and tests.
func MustAddress(s string) common.Address {
	a, err := ParseAddress(s)
	if err != nil {
		panic(err)
	}
	return a
}
