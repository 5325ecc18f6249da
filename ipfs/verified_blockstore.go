package ipfs

import (
	"context"

	"github.com/ipfs/boxo/blockstore"
	blocks "github.com/ipfs/go-block-format"
	"github.com/ipfs/go-cid"
)

// verifiedBlockstore hashes every block it reads, so what it serves (over
// the gateway or bitswap) is never a block corrupted on disk.
type verifiedBlockstore struct {
	blockstore.Blockstore
	source string
}

// Get returns the block under c after checking it against c.
func (v verifiedBlockstore) Get(ctx context.Context, c cid.Cid) (blocks.Block, error) {
	b, err := v.Blockstore.Get(ctx, c)
	if err != nil {
		return nil, err
	}
	return verifyBlock(c, b.RawData(), v.source)
}

// Verified is the store's blockstore with every read checked against its
// CID; the gateway and bitswap serve from it.
func (s *Store) Verified() blockstore.Blockstore {
	return verifiedBlockstore{Blockstore: s.bs, source: s.describe()}
}
