package worker

import (
	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/chain"
	"github.com/rendergrid/rendergrid/render"
)

// Tamper is what a test plugs into a worker (Config.Tamper) to make it
// cheat, so that the farm can be shown to catch every kind of lie. The
// lies themselves live in internal/systemtest; a production worker has
// none, and nothing here changes what an honest worker does.
type Tamper interface {
	// Frame is the frame the worker makes when told to make frame (the
	// frame it poses, the input it upscales, the seed it asks for).
	Frame(frame int) int
	// Render may change the settings of a render, and returns what the
	// samples it claims are multiplied by (1 for the truth).
	Render(s *render.Settings) uint64
	// Output is the image the worker sends instead of data (its output,
	// and a denoised job's denoised PNG).
	Output(data []byte) []byte
	// Signer is the key the worker signs receipts with instead of its own.
	Signer(own *chain.Key) (*chain.Key, error)
	// Report is the report the worker sends instead of honest; Accepted
	// hears every report the coordinator accepted.
	Report(honest api.CompleteRequest) api.CompleteRequest
	Accepted(req api.CompleteRequest)
}
