// Package api holds the wire types of the coordinator's HTTP API under
// /api/v1 and a client for it. The coordinator, the worker daemon and the
// CLI share these types; the coordinator and the worker never import each
// other. The API itself is described in coordinator/openapi.yaml.
package api
