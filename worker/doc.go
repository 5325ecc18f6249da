// Package worker owns the worker daemon GPU owners run: register, claim a
// lease, fetch inputs by CID, render, store the output, sign the receipt and
// heartbeat. It lands with the coordinator issue.
package worker
