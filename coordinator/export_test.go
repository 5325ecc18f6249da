package coordinator

import (
	"github.com/rendergrid/rendergrid/coordinator/content"
	"github.com/rendergrid/rendergrid/coordinator/httpapi"
	"github.com/rendergrid/rendergrid/coordinator/raftnode"
	"github.com/rendergrid/rendergrid/coordinator/state"
)

// The node's parts, for the package's tests (package coordinator_test,
// which share internal/systemtest's harness with the rest of the farm).

func (n *Node) Machine() *state.Machine   { return n.fsm }
func (n *Node) Raft() *raftnode.Node      { return n.raft }
func (n *Node) Content() *content.Content { return n.content }
func (n *Node) API() *httpapi.Server      { return n.api }
func (n *Node) Events() *httpapi.Events   { return n.events }
