package raftnode

import (
	"errors"
	"fmt"

	"github.com/hashicorp/raft"
)

// ErrNotMember: the node named is not in the cluster's configuration.
var ErrNotMember = errors.New("not in the cluster")

// ErrLastVoter: the cluster cannot remove its only voter.
var ErrLastVoter = errors.New("the cluster's only voter")

// Join adds node id at Raft address addr as a voter. A member that comes
// back under a new address, or an address reused by a new node, replaces
// the old entry; joining again as the same member is harmless.
func (n *Node) Join(id, addr string) error {
	f := n.GetConfiguration()
	if err := f.Error(); err != nil {
		return unavailablef("reading the cluster configuration: %v", err)
	}
	for _, srv := range f.Configuration().Servers {
		if srv.ID == raft.ServerID(id) && srv.Address == raft.ServerAddress(addr) {
			return nil
		}
		if srv.ID == raft.ServerID(id) || srv.Address == raft.ServerAddress(addr) {
			if err := n.RemoveServer(srv.ID, 0, ApplyTimeout).Error(); err != nil {
				return unavailablef("removing the old entry of %s: %v", srv.ID, err)
			}
		}
	}
	if err := n.AddVoter(raft.ServerID(id), raft.ServerAddress(addr), 0, ApplyTimeout).Error(); err != nil {
		return unavailablef("adding %s: %v", id, err)
	}
	return nil
}

// Remove takes node id out of the cluster. Removing this node, the
// leader, first hands leadership on and answers ErrUnavailable: the new
// leader does the removal when it is asked again.
func (n *Node) Remove(id string) error {
	if id == n.cfg.ID {
		others := 0
		if f := n.GetConfiguration(); f.Error() == nil {
			for _, srv := range f.Configuration().Servers {
				if srv.ID != raft.ServerID(n.cfg.ID) && srv.Suffrage == raft.Voter {
					others++
				}
			}
		}
		if others == 0 {
			return fmt.Errorf("%s is %w: a cluster cannot remove its last node", n.cfg.ID, ErrLastVoter)
		}
		if err := n.LeadershipTransfer().Error(); err != nil {
			return unavailablef("handing leadership on before removing %s: %v", n.cfg.ID, err)
		}
		return unavailablef("leadership moved off %s; retry the removal, which the new leader will do", n.cfg.ID)
	}
	if n.addressOf(id) == "" {
		return fmt.Errorf("node %s is %w", id, ErrNotMember)
	}
	if err := n.RemoveServer(raft.ServerID(id), 0, ApplyTimeout).Error(); err != nil {
		return unavailablef("removing %s: %v", id, err)
	}
	return nil
}

// Transfer hands leadership to node id, or to any voter when id is "".
func (n *Node) Transfer(id string) error {
	var err error
	if id == "" {
		err = n.LeadershipTransfer().Error()
	} else {
		addr := n.addressOf(id)
		if addr == "" {
			return fmt.Errorf("node %s is %w", id, ErrNotMember)
		}
		err = n.LeadershipTransferToServer(raft.ServerID(id), addr).Error()
	}
	if err != nil {
		return unavailablef("transferring leadership: %v", err)
	}
	return nil
}

// Voters returns the ids of the cluster's voters, or why the
// configuration could not be read.
func (n *Node) Voters() ([]string, error) {
	f := n.GetConfiguration()
	if err := f.Error(); err != nil {
		return nil, err
	}
	var ids []string
	for _, srv := range f.Configuration().Servers {
		if srv.Suffrage == raft.Voter {
			ids = append(ids, string(srv.ID))
		}
	}
	return ids, nil
}

func (n *Node) addressOf(id string) raft.ServerAddress {
	if f := n.GetConfiguration(); f.Error() == nil {
		for _, srv := range f.Configuration().Servers {
			if srv.ID == raft.ServerID(id) {
				return srv.Address
			}
		}
	}
	return ""
}
