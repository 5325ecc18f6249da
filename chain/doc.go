// Package chain owns the money side of the farm: secp256k1 identities
// whose Ethereum addresses are accounts, EIP-712 completion receipts (the
// worker's signature and the coordinator's countersignature), job pricing
// with overflow checks, and the ledger rules (mint, transfer, escrow,
// settle, refund) that the coordinator's state machine applies. Nothing
// here does I/O except loading and saving key files.
package chain
