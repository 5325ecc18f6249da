package p2p

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/ipfs/boxo/bitswap"
	bsnet "github.com/ipfs/boxo/bitswap/network/bsnet"
	"github.com/ipfs/boxo/blockstore"
	"github.com/ipfs/boxo/exchange"
	"github.com/libp2p/go-libp2p"
	"github.com/libp2p/go-libp2p/core/crypto"
	"github.com/libp2p/go-libp2p/core/host"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/p2p/muxer/yamux"
	"github.com/libp2p/go-libp2p/p2p/security/noise"
	"github.com/libp2p/go-libp2p/p2p/transport/tcp"
	ma "github.com/multiformats/go-multiaddr"
)

// Node is a libp2p host that serves a blockstore over bitswap and can
// fetch from the peers it is connected to.
type Node struct {
	host host.Host
	bs   *bitswap.Bitswap
}

// Start listens on the given multiaddrs (TCP only, for example
// /ip4/127.0.0.1/tcp/4001) with the identity in keyFile, created on first
// use, and serves bstore over bitswap. It does no routing, no relay and no
// NAT traversal: peers connect to it by address.
func Start(ctx context.Context, listen []string, keyFile string, bstore blockstore.Blockstore) (*Node, error) {
	key, err := LoadOrCreateKey(keyFile)
	if err != nil {
		return nil, err
	}
	for _, a := range listen {
		if _, err := ma.NewMultiaddr(a); err != nil {
			return nil, fmt.Errorf("p2p listen address %q is not a multiaddr (want /ip4/127.0.0.1/tcp/4001): %w", a, err)
		}
	}
	h, err := libp2p.New(
		libp2p.Identity(key),
		libp2p.ListenAddrStrings(listen...),
		libp2p.Transport(tcp.NewTCPTransport),
		libp2p.Security(noise.ID, noise.New),
		libp2p.Muxer(yamux.ID, yamux.DefaultTransport),
		libp2p.DisableRelay(),
	)
	if err != nil {
		return nil, fmt.Errorf("start libp2p host on %v: %w", listen, err)
	}
	net := bsnet.NewFromIpfsHost(h)
	bs := bitswap.New(ctx, net, nil, bstore)
	return &Node{host: h, bs: bs}, nil
}

// LoadOrCreateKey reads the Ed25519 peer key in path, or makes one and
// writes it there (mode 0600), so the node keeps its peer ID.
func LoadOrCreateKey(path string) (crypto.PrivKey, error) {
	data, err := os.ReadFile(path)
	if err == nil {
		k, err := crypto.UnmarshalPrivateKey(data)
		if err != nil {
			return nil, fmt.Errorf("peer key %s is damaged (delete it to make a new identity): %w", path, err)
		}
		return k, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("read peer key: %w", err)
	}
	k, _, err := crypto.GenerateEd25519Key(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("make peer key: %w", err)
	}
	data, err = crypto.MarshalPrivateKey(k)
	if err != nil {
		return nil, fmt.Errorf("encode peer key: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("write peer key: %w", err)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		return nil, fmt.Errorf("write peer key: %w", err)
	}
	return k, nil
}

// ID is the node's peer ID.
func (n *Node) ID() peer.ID { return n.host.ID() }

// Addrs are the node's listen addresses with its peer ID appended, ready
// for `ipfs swarm connect`.
func (n *Node) Addrs() []string {
	var out []string
	for _, a := range n.host.Addrs() {
		out = append(out, a.String()+"/p2p/"+n.host.ID().String())
	}
	return out
}

// Connect dials the peer at addr, a multiaddr ending in /p2p/<peer ID>.
func (n *Node) Connect(ctx context.Context, addr string) error {
	info, err := peer.AddrInfoFromString(addr)
	if err != nil {
		return fmt.Errorf("peer address %q (want /ip4/HOST/tcp/PORT/p2p/ID): %w", addr, err)
	}
	if err := n.host.Connect(ctx, *info); err != nil {
		return fmt.Errorf("connect to %s: %w", addr, err)
	}
	return nil
}

// Exchange fetches blocks from connected peers over bitswap; pass it to
// ipfs.Store.Fetch, which checks every block against its CID.
func (n *Node) Exchange() exchange.Interface { return n.bs }

// Close stops bitswap and the host.
func (n *Node) Close() error {
	return errors.Join(n.bs.Close(), n.host.Close())
}
