package ipfs

import (
	"context"
	"fmt"

	blocks "github.com/ipfs/go-block-format"
	"github.com/ipfs/go-cid"
)

// BlockFetcher gets blocks from elsewhere: a bitswap exchange
// (p2p.Node.Exchange) satisfies it.
type BlockFetcher interface {
	GetBlocks(ctx context.Context, cids []cid.Cid) (<-chan blocks.Block, error)
}

// Fetch copies the DAG under c from f into the store, a level of the tree
// at a time, checks every block against its CID and pins c once the whole
// DAG is here. Blocks already in the store are not fetched again.
func (s *Store) Fetch(ctx context.Context, f BlockFetcher, c cid.Cid, source string) error {
	if err := checkCID(c); err != nil {
		return err
	}
	defer s.bs.PinLock(ctx).Unlock(ctx)
	level := []cid.Cid{c}
	for len(level) > 0 {
		var want []cid.Cid
		got := make(map[string]blocks.Block, len(level))
		for _, k := range level {
			if has, err := s.bs.Has(ctx, k); err != nil {
				return fmt.Errorf("fetch %s: %w", c, err)
			} else if has {
				b, err := s.bs.Get(ctx, k)
				if err != nil {
					return fmt.Errorf("fetch %s: %w", c, err)
				}
				got[k.KeyString()] = b
				continue
			}
			want = append(want, k)
		}
		if len(want) > 0 {
			ch, err := f.GetBlocks(ctx, want)
			if err != nil {
				return fmt.Errorf("fetch %s from %s: %w", c, source, err)
			}
			var fresh []blocks.Block
			for b := range ch {
				vb, err := verifyBlock(b.Cid(), b.RawData(), source)
				if err != nil {
					return fmt.Errorf("fetch %s: %w", c, err)
				}
				got[b.Cid().KeyString()] = vb
				fresh = append(fresh, vb)
			}
			if len(fresh) < len(want) {
				if err := ctx.Err(); err != nil {
					return fmt.Errorf("fetch %s from %s: got %d of %d blocks: %w", c, source, len(fresh), len(want), err)
				}
				return fmt.Errorf("fetch %s from %s: got %d of %d blocks", c, source, len(fresh), len(want))
			}
			if err := s.bs.PutMany(ctx, fresh); err != nil {
				return s.writeError("fetch "+c.String(), err)
			}
		}
		var next []cid.Cid
		for _, k := range level {
			if k.Prefix().Codec == cid.Raw {
				continue
			}
			n, err := decodeBlock(got[k.KeyString()])
			if err != nil {
				return err
			}
			for _, l := range n.Links() {
				next = append(next, l.Cid)
			}
		}
		level = next
	}
	return s.pinLocked(ctx, c)
}
