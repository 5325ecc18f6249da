// Package worker owns the worker daemon GPU owners run: it keeps an
// identity key, registers the machine's engines with the coordinator,
// claims leases, fetches scenes by CID (verified, cached), renders with
// render/* while heartbeating progress, stores each output on IPFS and
// reports it. The owner keeps control: a concurrency limit, a sleep
// schedule, pause and resume, and a graceful drain on shutdown.
package worker
