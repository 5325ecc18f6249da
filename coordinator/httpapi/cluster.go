package httpapi

import (
	"context"
	"encoding/hex"
	"errors"
	"net/http"
	"sort"
	"time"

	"github.com/hashicorp/raft"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/coordinator/raftnode"
	"github.com/rendergrid/rendergrid/coordinator/state"
)

func (n *Server) handleCluster(r *http.Request, p state.Principal) (int, any, *api.Error) {
	c, err := n.Cluster()
	if err != nil {
		return 0, nil, unavailable("reading the cluster configuration: %v", err)
	}
	return http.StatusOK, c, nil
}

// Cluster describes the cluster's members as this node sees them.
func (n *Server) Cluster() (api.Cluster, error) {
	f := n.raft.GetConfiguration()
	if err := f.Error(); err != nil {
		return api.Cluster{}, err
	}
	_, leader := n.raft.LeaderWithID()
	out := api.Cluster{Leader: string(leader)}
	n.fsm.Read(func(s *state.State) {
		for _, srv := range f.Configuration().Servers {
			out.Nodes = append(out.Nodes, api.Node{
				ID: string(srv.ID), Raft: string(srv.Address), HTTP: s.Nodes[string(srv.ID)].HTTP,
				Voter: srv.Suffrage == raft.Voter, Leader: srv.ID == leader,
			})
		}
		for a := range s.Signers {
			out.Signers = append(out.Signers, a)
		}
		out.ChainID = s.ChainID
	})
	sort.Strings(out.Signers)
	sort.Slice(out.Nodes, func(a, b int) bool { return out.Nodes[a].ID < out.Nodes[b].ID })
	return out, nil
}

// handleJoin adds a node as a voter and records its API address.
func (n *Server) handleJoin(r *http.Request, p state.Principal) (int, any, *api.Error) {
	var req api.JoinRequest
	if err := decode(r, &req); err != nil {
		return 0, nil, err
	}
	if req.ID == "" || req.Raft == "" || req.HTTP == "" {
		return 0, nil, badRequest("a join needs the node's id, raft address and http URL")
	}
	if err := n.raft.Join(req.ID, req.Raft); err != nil {
		return 0, nil, raftError(err)
	}
	if res := n.propose(r.Context(), n.system(state.OpNode, req)); res.Err != nil {
		return 0, nil, res.Err
	}
	c, _ := n.Cluster()
	return http.StatusOK, c, nil
}

// handleSecret hands the cluster secret to a node about to join (admin):
// it must hold the secret before it is added, since adding a voter waits
// for the new voter to answer.
func (n *Server) handleSecret(r *http.Request, p state.Principal) (int, any, *api.Error) {
	if n.cfg.RaftTLS != nil {
		return 0, nil, conflict("this cluster's Raft port uses mutual TLS: a joining node needs a certificate from its CA, not a secret")
	}
	key := n.raft.Secret()
	if len(key) == 0 {
		return 0, nil, unavailable("this node has no cluster secret yet; ask a member that has joined")
	}
	return http.StatusOK, api.ClusterSecret{RaftSecret: hex.EncodeToString(key)}, nil
}

// handleRemove takes a node out of the cluster (a node leaving, or one
// that is gone for good). Removing the leader first hands leadership on.
func (n *Server) handleRemove(r *http.Request, p state.Principal) (int, any, *api.Error) {
	var req struct {
		ID string `json:"id"`
	}
	if err := decode(r, &req); err != nil {
		return 0, nil, err
	}
	if err := n.raft.Remove(req.ID); err != nil {
		switch {
		case errors.Is(err, raftnode.ErrLastVoter):
			return 0, nil, conflict("%v", err)
		case errors.Is(err, raftnode.ErrNotMember):
			return 0, nil, notFound("%v", err)
		}
		return 0, nil, raftError(err)
	}
	if res := n.propose(r.Context(), n.system(state.OpRemoveNode, api.JoinRequest{ID: req.ID})); res.Err != nil {
		return 0, nil, res.Err
	}
	c, _ := n.Cluster()
	return http.StatusOK, c, nil
}

// handleTransfer hands leadership to another node (any, or the one named).
func (n *Server) handleTransfer(r *http.Request, p state.Principal) (int, any, *api.Error) {
	var req struct {
		ID string `json:"id,omitempty"`
	}
	if err := decode(r, &req); err != nil {
		return 0, nil, err
	}
	if _, total := n.content.Peers(); total < 2 {
		return 0, nil, conflict("this cluster has one coordinator: there is no one to hand leadership to")
	}
	if err := n.raft.Transfer(req.ID); err != nil {
		if errors.Is(err, raftnode.ErrNotMember) {
			return 0, nil, notFound("%v", err)
		}
		return 0, nil, raftError(err)
	}
	ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
	defer cancel()
	n.raft.WaitLeader(ctx)
	c, _ := n.Cluster()
	return http.StatusOK, c, nil
}
