package httpapi

import (
	"context"
	"errors"
	"net/http"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/coordinator/raftnode"
	"github.com/rendergrid/rendergrid/coordinator/state"
)

// result is the outcome of one proposed command, as the API answers it.
type result struct {
	Value any
	Err   *api.Error
}

// propose appends a command through Raft (raftnode batches it with
// others) and returns its result as the API answers it.
func (n *Server) propose(ctx context.Context, c state.Command) result {
	r, err := n.raft.Propose(ctx, c)
	if err != nil {
		return result{Err: raftError(err)}
	}
	return result{Value: r.Value, Err: apiError(r.Err)}
}

// raftError is a Raft node's failure as the API answers it: 503 when a
// retry may succeed, else 500.
func raftError(err error) *api.Error {
	if errors.Is(err, raftnode.ErrUnavailable) {
		return unavailable("%v", err)
	}
	return errorf(http.StatusInternalServerError, state.CodeInternal, "%v", err)
}

func unavailable(format string, args ...any) *api.Error {
	return errorf(http.StatusServiceUnavailable, state.CodeUnavailable, format, args...)
}
