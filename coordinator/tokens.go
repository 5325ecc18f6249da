package coordinator

import (
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/rendergrid/rendergrid/api"
)

// Token and registration limits.
const (
	// DefaultEnrolTTL is how long an enrol token lives unless its creator
	// says otherwise.
	DefaultEnrolTTL = 7 * 24 * time.Hour
	// nonceTTL is how long a registration challenge may be used.
	nonceTTL = 10 * time.Minute
	// maxNonces bounds the challenges remembered (those used in the last
	// nonceTTL): past it registrations wait.
	maxNonces = 10000
)

// useNonce spends a registration challenge: it must be one this cluster
// handed out (well formed, issued within nonceTTL of now) and not used
// before. Challenges older than nonceTTL are forgotten here, so the set
// stays small and a recorded registration cannot be replayed.
func (s *state) useNonce(nonce string, now int64) *api.Error {
	ttl := nonceTTL.Milliseconds()
	for n, at := range s.Nonces {
		if now-at > ttl {
			delete(s.Nonces, n)
		}
	}
	msText, _, ok := strings.Cut(nonce, ".")
	ms, err := strconv.ParseInt(msText, 10, 64)
	if !ok || err != nil || len(nonce) > 64 {
		return badRequest("the registration carries no valid challenge: ask GET /api/v1/workers/challenge for one and sign it (this worker may be older than the coordinator)")
	}
	if now-ms > ttl || ms-now > ttl {
		return forbidden("the registration challenge is older than %v; register again", nonceTTL)
	}
	if _, used := s.Nonces[nonce]; used {
		return forbidden("the registration challenge was already used: a registration cannot be replayed")
	}
	if len(s.Nonces) >= maxNonces {
		return tooMany("%d workers registered in the last %v, the most this cluster takes; retry later", maxNonces, nonceTTL)
	}
	s.Nonces[nonce] = ms
	return nil
}

// useEnrolToken counts one registration against the enrol token with
// hash h, removing it with its last use. An admin token has no count.
func (s *state) useEnrolToken(h string, now int64) *api.Error {
	if h == "" {
		return nil
	}
	t, ok := s.Tokens[h]
	if !ok || t.expired(now) {
		return errorf(http.StatusUnauthorized, codeUnauthorized, "the enrolment token is used up, revoked or expired; ask the farm's operator for a new one")
	}
	if t.Role != api.RoleEnrol || t.Uses == 0 {
		return nil
	}
	if t.Uses--; t.Uses == 0 {
		delete(s.Tokens, h)
	} else {
		s.Tokens[h] = t
	}
	return nil
}

// revoke removes the token whose id (a prefix of its hash, at least 8 hex
// digits) is id, for good. The cluster's last admin token stays.
func (s *state) revoke(id string, now int64) result {
	if len(id) < 8 {
		return result{Err: badRequest("token id %q is too short: give at least 8 characters of the id rendergrid coordinator token ls shows", id)}
	}
	var match []string
	for h := range s.Tokens {
		if strings.HasPrefix(h, id) {
			match = append(match, h)
		}
	}
	switch len(match) {
	case 0:
		return result{Err: notFound("no token has id %s", id)}
	case 1:
	default:
		return result{Err: conflict("%d tokens have ids starting %s; give more of the id", len(match), id)}
	}
	h := match[0]
	t := s.Tokens[h]
	if t.Role == api.RoleAdmin {
		admins := 0
		for _, o := range s.Tokens {
			if o.Role == api.RoleAdmin && !o.expired(now) {
				admins++
			}
		}
		if admins <= 1 {
			return result{Err: conflict("%s is the cluster's last admin token; create another admin token before revoking it", id)}
		}
	}
	delete(s.Tokens, h)
	s.Revoked[h] = now
	if t.Role == api.RoleWorker {
		if w := s.Workers[t.User]; w != nil && w.TokenHash == h {
			w.TokenHash = ""
		}
	}
	return result{Value: tokenInfo(h, t)}
}

// tokenInfo is how a token is listed.
func tokenInfo(h string, t token) api.TokenInfo {
	return api.TokenInfo{ID: tokenID(h), User: t.User, Role: t.Role, Created: t.Created, Expires: t.Expires, Uses: t.Uses}
}

// handleTokens lists every token (operators only): ids, holders, roles,
// expiry and uses left; never the tokens themselves.
func (n *Node) handleTokens(r *http.Request, p principal) (int, any, *api.Error) {
	if err := n.currentRead(r); err != nil {
		return 0, nil, err
	}
	out := []api.TokenInfo{}
	n.fsm.read(func(s *state) {
		for h, t := range s.Tokens {
			out = append(out, tokenInfo(h, t))
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
func (n *Node) handleRevoke(r *http.Request, p principal) (int, any, *api.Error) {
	var req api.RevokeRequest
	if err := decode(r, &req); err != nil {
		return 0, nil, err
	}
	res := n.propose(r.Context(), requestCommand(opRevoke, r, p, revokeBody{ID: req.ID}))
	if res.Err != nil {
		return 0, nil, res.Err
	}
	return http.StatusOK, res.Value, nil
}

// handleChallenge hands out a registration challenge: the worker signs it
// with its key, and it can be used once within nonceTTL.
func (n *Node) handleChallenge(r *http.Request, p principal) (int, any, *api.Error) {
	tok, err := newToken()
	if err != nil {
		return 0, nil, errorf(http.StatusInternalServerError, codeInternal, "%v", err)
	}
	var chainID uint64
	n.fsm.read(func(s *state) { chainID = s.ChainID })
	return http.StatusOK, api.Challenge{Nonce: strconv.FormatInt(time.Now().UnixMilli(), 10) + "." + tok[3:], ChainID: chainID}, nil
}
