package state

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"

	"github.com/rendergrid/rendergrid/api"
)

// Registration limits.
const (
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
func (s *State) useNonce(nonce string, now int64) *Error {
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
func (s *State) useEnrolToken(h string, now int64) *Error {
	if h == "" {
		return nil
	}
	t, ok := s.Tokens[h]
	if !ok || t.Expired(now) {
		return errorf(CodeUnauthorized, "the enrolment token is used up, revoked or expired; ask the farm's operator for a new one")
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
func (s *State) revoke(id string, now int64) Result {
	if len(id) < 8 {
		return Result{Err: badRequest("token id %q is too short: give at least 8 characters of the id rendergrid coordinator token ls shows", id)}
	}
	var match []string
	for h := range s.Tokens {
		if strings.HasPrefix(h, id) {
			match = append(match, h)
		}
	}
	switch len(match) {
	case 0:
		return Result{Err: notFound("no token has id %s", id)}
	case 1:
	default:
		return Result{Err: conflict("%d tokens have ids starting %s; give more of the id", len(match), id)}
	}
	h := match[0]
	t := s.Tokens[h]
	if t.Role == api.RoleAdmin {
		admins := 0
		for _, o := range s.Tokens {
			if o.Role == api.RoleAdmin && !o.Expired(now) {
				admins++
			}
		}
		if admins <= 1 {
			return Result{Err: conflict("%s is the cluster's last admin token; create another admin token before revoking it", id)}
		}
	}
	delete(s.Tokens, h)
	s.Revoked[h] = now
	if t.Role == api.RoleWorker {
		if w := s.Workers[t.User]; w != nil && w.TokenHash == h {
			w.TokenHash = ""
		}
	}
	return Result{Value: TokenInfo(h, t)}
}

// tokenInfo is how a token is listed.
func TokenInfo(h string, t Token) api.TokenInfo {
	return api.TokenInfo{ID: TokenID(h), User: t.User, Role: t.Role, Created: t.Created, Expires: t.Expires, Uses: t.Uses}
}

// HashToken is how tokens are stored: tokens are random, so a plain hash
// is enough to make a leaked snapshot useless as credentials.
func HashToken(tok string) string {
	h := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(h[:])
}
