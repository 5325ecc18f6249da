//go:build !p2p

package cli

import (
	"context"
	"errors"

	"github.com/ipfs/boxo/blockstore"
)

// startP2P fails: libp2p is left out of the default build, where it would
// add 18 MB to the binary. `task build:p2p` (go build -tags p2p) has it.
func startP2P(context.Context, []string, string, blockstore.Blockstore) (p2pNode, error) {
	return nil, errors.New("--ipfs-p2p: this rendergrid was built without libp2p; build it with `task build:p2p` (go build -tags p2p ./cmd/rendergrid)")
}
