package cids

import (
	"errors"
	"fmt"

	"github.com/ipfs/go-cid"
	"github.com/multiformats/go-multicodec"
	mh "github.com/multiformats/go-multihash"
)

// ErrUnsupported is wrapped by the errors for CIDs whose codec or hash
// function rendergrid does not store.
var ErrUnsupported = errors.New("unsupported CID")

// Parse decodes s as a CID and checks that it names content rendergrid
// can store: raw or dag-pb (UnixFS) blocks hashed with SHA2-256.
func Parse(s string) (cid.Cid, error) {
	c, err := cid.Decode(s)
	if err != nil {
		return cid.Undef, fmt.Errorf("malformed CID %q: %w", s, err)
	}
	if err := Check(c); err != nil {
		return cid.Undef, err
	}
	return c, nil
}

// Check rejects CIDs whose codec or hash function is not one of ours.
func Check(c cid.Cid) error {
	p := c.Prefix()
	switch p.Codec {
	case cid.Raw, cid.DagProtobuf:
	default:
		return fmt.Errorf("%w: %s uses codec %s; rendergrid stores only raw and dag-pb (UnixFS) content", ErrUnsupported, c, multicodec.Code(p.Codec))
	}
	if p.MhType != mh.SHA2_256 {
		return fmt.Errorf("%w: %s uses hash %s; rendergrid stores only sha2-256 content", ErrUnsupported, c, multicodec.Code(p.MhType))
	}
	return nil
}
