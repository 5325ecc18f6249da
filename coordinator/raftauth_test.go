package coordinator_test

import (
	"os"
	"testing"

	"github.com/rendergrid/rendergrid/coordinator"
	"github.com/rendergrid/rendergrid/internal/systemtest"
)

// TestJoinerGetsClusterSecret: a node joining over the API fetches the
// cluster secret with its join token and keeps it in its data directory,
// so its Raft connections are authenticated (raftnode's
// TestRaftRejectsStrangers shows strangers without it are refused).
func TestJoinerGetsClusterSecret(t *testing.T) {
	c := systemtest.StartCluster(t, 2, nil)
	key, err := os.ReadFile(coordinator.RaftSecretFile(c.Cfgs[0].DataDir))
	if err != nil || len(key) < 16 {
		t.Fatalf("node 1's cluster secret: %v (%d bytes)", err, len(key))
	}
	joined, err := os.ReadFile(coordinator.RaftSecretFile(c.Cfgs[1].DataDir))
	if err != nil || string(joined) != string(key) {
		t.Errorf("node 2's cluster secret: %v (equal: %v)", err, string(joined) == string(key))
	}
}
