// Package chain owns receipts (sign and verify), the ledger and escrow
// rules, settlement, the EVM contracts and their Go bindings, and NFT
// metadata. It lands with the receipts and on-chain issues.
package chain
