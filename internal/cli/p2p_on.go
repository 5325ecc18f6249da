//go:build p2p

package cli

import (
	"context"

	"github.com/ipfs/boxo/blockstore"

	"github.com/rendergrid/rendergrid/ipfs/p2p"
)

// startP2P serves bs over libp2p bitswap. This build includes libp2p.
func startP2P(ctx context.Context, listen []string, keyFile string, bs blockstore.Blockstore) (p2pNode, error) {
	return p2p.Start(ctx, listen, keyFile, bs)
}
