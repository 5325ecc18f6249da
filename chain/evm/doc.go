// Package evm talks to rendergrid's contracts on an EVM chain over
// JSON-RPC: it deploys them, funds and settles jobs (one receipt at a time
// or in signed cumulative batches), moves deposits and withdrawals across
// the bridge to the embedded ledger, and mints frames as NFTs. Every
// transaction waits for its receipt and the configured confirmations, and
// a revert comes back as an error that names the contract's reason.
package evm
