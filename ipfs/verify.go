package ipfs

import (
	"bytes"
	"errors"
	"fmt"

	blocks "github.com/ipfs/go-block-format"
	"github.com/ipfs/go-cid"
	"github.com/multiformats/go-multicodec"
	mh "github.com/multiformats/go-multihash"
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
var ErrUnsupportedCID = errors.New("unsupported CID")

// ParseCID decodes s as a CID and checks that it names content rendergrid
// can store: raw or dag-pb (UnixFS) blocks hashed with SHA2-256.
func ParseCID(s string) (cid.Cid, error) {
	c, err := cid.Decode(s)
	if err != nil {
		return cid.Undef, fmt.Errorf("malformed CID %q: %w", s, err)
	}
	if err := checkCID(c); err != nil {
		return cid.Undef, err
	}
	return c, nil
}

// checkCID rejects CIDs whose codec or hash function is not one of ours.
func checkCID(c cid.Cid) error {
	p := c.Prefix()
	switch p.Codec {
	case cid.Raw, cid.DagProtobuf:
	default:
		return fmt.Errorf("%w: %s uses codec %s; rendergrid stores only raw and dag-pb (UnixFS) content", ErrUnsupportedCID, c, multicodec.Code(p.Codec))
	}
	if p.MhType != mh.SHA2_256 {
		return fmt.Errorf("%w: %s uses hash %s; rendergrid stores only sha2-256 content", ErrUnsupportedCID, c, multicodec.Code(p.MhType))
	}
	return nil
}

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
