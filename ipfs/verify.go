package ipfs

import (
	"bytes"
	"fmt"

	blocks "github.com/ipfs/go-block-format"
	"github.com/ipfs/go-cid"
	"github.com/rendergrid/rendergrid/ipfs/cids"
)

// MismatchError reports content that does not hash to the CID it was
// offered under: a lying gateway or peer, or a corrupted block on disk.
type MismatchError struct {
	CID cid.Cid
	// Source says where the content came from (a file, a URL, a peer).
	Source string
}

func (e *MismatchError) Error() string {
	return fmt.Sprintf("content from %s does not match its CID %s: refusing it", e.Source, e.CID)
}

// ErrUnsupportedCID is wrapped by the errors for CIDs whose codec or hash
// function rendergrid does not store.
var ErrUnsupportedCID = cids.ErrUnsupported

// ParseCID decodes s as a CID and checks that it names content rendergrid
// can store (see package cids).
func ParseCID(s string) (cid.Cid, error) { return cids.Parse(s) }

// checkCID rejects CIDs whose codec or hash function is not one of ours.
func checkCID(c cid.Cid) error { return cids.Check(c) }

// verifyBlock hashes data and returns it as a block under c, or a
// *MismatchError when the hash differs.
func verifyBlock(c cid.Cid, data []byte, source string) (blocks.Block, error) {
	if err := checkCID(c); err != nil {
		return nil, err
	}
	got, err := c.Prefix().Sum(data)
	if err != nil {
		return nil, fmt.Errorf("hash block %s: %w", c, err)
	}
	if !bytes.Equal(got.Hash(), c.Hash()) {
		return nil, &MismatchError{CID: c, Source: source}
	}
	return blocks.NewBlockWithCid(data, c)
}
