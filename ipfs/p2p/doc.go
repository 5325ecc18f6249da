// Package p2p owns rendergrid's optional libp2p presence: a host with a
// persistent peer key and a bitswap server (and client) over a Store's
// blockstore, so a Kubo daemon that `ipfs swarm connect`s to it can
// `ipfs cat` outputs. It is kept apart from package ipfs because libp2p
// triples the size and build time of whatever links it.
package p2p
