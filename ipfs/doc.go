// Package ipfs owns the content store on github.com/ipfs/boxo: add a file
// and get its CID (the same CID as ipfs add --cid-version=1 --raw-leaves),
// get by CID, the gateway and the Kubo RPC client. It lands with the IPFS
// issue.
package ipfs
