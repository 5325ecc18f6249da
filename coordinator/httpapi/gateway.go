package httpapi

import (
	"crypto/subtle"
	"net/http"
	"strings"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/coordinator/state"
)

// guardGateway serves /ipfs/CID only to callers who may read CID:
// operators, workers (they fetch scenes, maps and inputs as verified
// CARs), the other coordinators, the owner of a job that references it
// (its scene, environment map, inputs and outputs) and, without a token,
// anyone for what an owner published: a public job's files and minted
// NFTs with their images. Anything else is answered 404, as if absent,
// so that a CID's presence is not revealed.
func (n *Server) guardGateway(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		root, _, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/ipfs/"), "/")
		user, role := "", ""
		if bearerHash(r) != "" {
			p, err := n.authorize(r, rolesAny)
			if err != nil {
				writeError(w, err)
				return
			}
			user, role = p.User, p.Role
		}
		if role != api.RoleAdmin && role != api.RoleWorker {
			var ok bool
			n.fsm.Read(func(s *state.State) { ok = s.MayRead(root, user) })
			if !ok {
				ok = n.mayReadArchived(r.Context(), root, user)
			}
			if !ok {
				msg := "%s is not content of a job of yours, nor published; give the token of its job's owner"
				if user == "" {
					msg = "%s is not published; give an API token (Authorization: Bearer) of its job's owner"
				}
				writeError(w, notFound(msg, root))
				return
			}
		}
		h.ServeHTTP(w, r)
	})
}

// isPeer reports whether r carries the peer token. Only a token shaped
// like one is checked, so ordinary requests cost no MAC.
func (n *Server) isPeer(r *http.Request) bool {
	got, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	got = strings.TrimSpace(got)
	if !strings.HasPrefix(got, "peer.") {
		return false
	}
	want := n.content.PeerToken()
	return want != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}
