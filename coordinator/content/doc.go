// Package content is a coordinator's view of the farm's files: reading
// scenes, environment maps, models and images from its IPFS store (with
// the limits a hostile file cannot pass), fetching what it lacks from the
// other coordinators as verified CARs, copying uploads to them, and the
// peer token coordinators show each other's gateways.
package content
