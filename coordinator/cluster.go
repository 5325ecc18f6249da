package coordinator

import (
	"context"
	"encoding/hex"
	"net/http"
	"sort"
	"time"

	"github.com/hashicorp/raft"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/coordinator/state"
)

func (n *Node) handleCluster(r *http.Request, p state.Principal) (int, any, *api.Error) {
	c, err := n.Cluster()
	if err != nil {
		return 0, nil, unavailable("reading the cluster configuration: %v", err)
	}
	return http.StatusOK, c, nil
}

// Cluster describes the cluster's members as this node sees them.
func (n *Node) Cluster() (api.Cluster, error) {
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
func (n *Node) handleJoin(r *http.Request, p state.Principal) (int, any, *api.Error) {
	var req api.JoinRequest
	if err := decode(r, &req); err != nil {
		return 0, nil, err
	}
	if req.ID == "" || req.Raft == "" || req.HTTP == "" {
		return 0, nil, badRequest("a join needs the node's id, raft address and http URL")
	}
	f := n.raft.GetConfiguration()
	if err := f.Error(); err != nil {
		return 0, nil, unavailable("reading the cluster configuration: %v", err)
	}
	for _, srv := range f.Configuration().Servers {
		if srv.ID == raft.ServerID(req.ID) && srv.Address == raft.ServerAddress(req.Raft) {
			goto record // already a member: joining again is harmless
		}
		if srv.ID == raft.ServerID(req.ID) || srv.Address == raft.ServerAddress(req.Raft) {
			// A node that comes back under a new address, or an address
			// reused by a new node: replace the old entry.
			if err := n.raft.RemoveServer(srv.ID, 0, applyTimeout).Error(); err != nil {
				return 0, nil, unavailable("removing the old entry of %s: %v", srv.ID, err)
			}
		}
	}
	if err := n.raft.AddVoter(raft.ServerID(req.ID), raft.ServerAddress(req.Raft), 0, applyTimeout).Error(); err != nil {
		return 0, nil, unavailable("adding %s: %v", req.ID, err)
	}
record:
	if res := n.propose(r.Context(), n.system(state.OpNode, req)); res.Err != nil {
		return 0, nil, res.Err
	}
	c, _ := n.Cluster()
	return http.StatusOK, c, nil
}

// handleSecret hands the cluster secret to a node about to join (admin):
// it must hold the secret before it is added, since adding a voter waits
// for the new voter to answer.
func (n *Node) handleSecret(r *http.Request, p state.Principal) (int, any, *api.Error) {
	if n.cfg.RaftTLS != nil {
		return 0, nil, conflict("this cluster's Raft port uses mutual TLS: a joining node needs a certificate from its CA, not a secret")
	}
	key := n.layer.key()
	if len(key) == 0 {
		return 0, nil, unavailable("this node has no cluster secret yet; ask a member that has joined")
	}
	return http.StatusOK, api.ClusterSecret{RaftSecret: hex.EncodeToString(key)}, nil
}

// handleRemove takes a node out of the cluster (a node leaving, or one
// that is gone for good). Removing the leader first hands leadership on.
func (n *Node) handleRemove(r *http.Request, p state.Principal) (int, any, *api.Error) {
	var req struct {
		ID string `json:"id"`
	}
	if err := decode(r, &req); err != nil {
		return 0, nil, err
	}
	if req.ID == n.id {
		others := 0
		if f := n.raft.GetConfiguration(); f.Error() == nil {
			for _, srv := range f.Configuration().Servers {
				if srv.ID != raft.ServerID(n.id) && srv.Suffrage == raft.Voter {
					others++
				}
			}
		}
		if others == 0 {
			return 0, nil, conflict("%s is the cluster's only voter: a cluster cannot remove its last node", n.id)
		}
		if err := n.raft.LeadershipTransfer().Error(); err != nil {
			return 0, nil, unavailable("handing leadership on before removing %s: %v", n.id, err)
		}
		return 0, nil, unavailable("leadership moved off %s; retry the removal, which the new leader will do", n.id)
	}
	found := false
	if f := n.raft.GetConfiguration(); f.Error() == nil {
		for _, srv := range f.Configuration().Servers {
			found = found || srv.ID == raft.ServerID(req.ID)
		}
	}
	if !found {
		return 0, nil, notFound("node %s is not in the cluster", req.ID)
	}
	if err := n.raft.RemoveServer(raft.ServerID(req.ID), 0, applyTimeout).Error(); err != nil {
		return 0, nil, unavailable("removing %s: %v", req.ID, err)
	}
	if res := n.propose(r.Context(), n.system(state.OpRemoveNode, api.JoinRequest{ID: req.ID})); res.Err != nil {
		return 0, nil, res.Err
	}
	c, _ := n.Cluster()
	return http.StatusOK, c, nil
}

// handleTransfer hands leadership to another node (any, or the one named).
func (n *Node) handleTransfer(r *http.Request, p state.Principal) (int, any, *api.Error) {
	var req struct {
		ID string `json:"id,omitempty"`
	}
	if err := decode(r, &req); err != nil {
		return 0, nil, err
	}
	if _, total := n.peers(); total < 2 {
		return 0, nil, conflict("this cluster has one coordinator: there is no one to hand leadership to")
	}
	var err error
	if req.ID == "" {
		err = n.raft.LeadershipTransfer().Error()
	} else {
		var addr raft.ServerAddress
		if f := n.raft.GetConfiguration(); f.Error() == nil {
			for _, srv := range f.Configuration().Servers {
				if srv.ID == raft.ServerID(req.ID) {
					addr = srv.Address
				}
			}
		}
		if addr == "" {
			return 0, nil, notFound("node %s is not in the cluster", req.ID)
		}
		err = n.raft.LeadershipTransferToServer(raft.ServerID(req.ID), addr).Error()
	}
	if err != nil {
		return 0, nil, unavailable("transferring leadership: %v", err)
	}
	ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
	defer cancel()
	n.WaitLeader(ctx)
	c, _ := n.Cluster()
	return http.StatusOK, c, nil
}
