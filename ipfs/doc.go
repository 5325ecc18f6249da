// Package ipfs owns rendergrid's content store. Every scene uploaded and
// every frame rendered is added here and named by its CID, built with
// explicit import parameters (CIDv1, raw leaves, 262144-byte chunks, 174
// links per node, balanced layout) so the CID is the one Kubo's
// `ipfs add --cid-version=1 --raw-leaves --chunker=size-262144
// --max-file-links=174` gives for the same bytes.
//
// Store is the embedded default on github.com/ipfs/boxo: a flatfs blockstore
// under a data directory, pins in a separate LevelDB datastore, garbage
// collection of unpinned blocks and CAR import and export. Kubo talks to an
// existing Kubo node through its HTTP RPC with the same import flags.
// Gateway serves a Store over HTTP at /ipfs/<cid> (files, trustless CAR and
// raw blocks) and FetchCAR pulls a DAG from such a gateway, checking every
// block against its CID. Whatever the source, content that does not match
// its CID is rejected with a *MismatchError naming the CID.
//
// The libp2p host and bitswap server live apart, in package ipfs/p2p, so a
// binary that does not need them does not link them.
package ipfs
