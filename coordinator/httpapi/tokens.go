package httpapi

import (
	"net/http"
	"sort"
	"strconv"
	"time"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/coordinator/state"
)

// Token and registration limits.
const (
	// DefaultEnrolTTL is how long an enrol token lives unless its creator
	// says otherwise.
	DefaultEnrolTTL = 7 * 24 * time.Hour
)

// handleTokens lists every token (operators only): ids, holders, roles,
// expiry and uses left; never the tokens themselves.
func (n *Server) handleTokens(r *http.Request, p state.Principal) (int, any, *api.Error) {
	if err := n.currentRead(r); err != nil {
		return 0, nil, err
	}
	out := []api.TokenInfo{}
	n.fsm.Read(func(s *state.State) {
		for h, t := range s.Tokens {
			out = append(out, state.TokenInfo(h, t))
		}
	})
	sort.Slice(out, func(a, b int) bool {
		if out[a].Created != out[b].Created {
			return out[a].Created < out[b].Created
		}
		return out[a].ID < out[b].ID
	})
	return http.StatusOK, out, nil
}

// handleRevoke revokes a token by its id.
func (n *Server) handleRevoke(r *http.Request, p state.Principal) (int, any, *api.Error) {
	var req api.RevokeRequest
	if err := decode(r, &req); err != nil {
		return 0, nil, err
	}
	res := n.propose(r.Context(), requestCommand(state.OpRevoke, r, p, state.RevokeBody{ID: req.ID}))
	if res.Err != nil {
		return 0, nil, res.Err
	}
	return http.StatusOK, res.Value, nil
}

// handleChallenge hands out a registration challenge: the worker signs it
// with its key, and it can be used once within nonceTTL.
func (n *Server) handleChallenge(r *http.Request, p state.Principal) (int, any, *api.Error) {
	tok, err := NewToken()
	if err != nil {
		return 0, nil, errorf(http.StatusInternalServerError, state.CodeInternal, "%v", err)
	}
	var chainID uint64
	n.fsm.Read(func(s *state.State) { chainID = s.ChainID })
	return http.StatusOK, api.Challenge{Nonce: strconv.FormatInt(time.Now().UnixMilli(), 10) + "." + tok[3:], ChainID: chainID}, nil
}
