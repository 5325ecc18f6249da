package raftnode

import (
	"context"
	"errors"
	"io"
	"net"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/raft"
	"github.com/rendergrid/rendergrid/coordinator/state"
)

// TestRaftRejectsStrangers plays the attack the audit found: a client that
// speaks hashicorp/raft's protocol on the Raft port, without the cluster
// secret, sends AppendEntries (with a command, at a higher term),
// RequestVote and InstallSnapshot. Every one is refused, and the node's
// term, log and leadership are unchanged. A peer with a wrong secret is
// refused too; one with the right secret is answered (so the refusals are
// the authentication's doing).
func TestRaftRejectsStrangers(t *testing.T) {
	dir := t.TempDir()
	n, err := Open(Config{ID: "n1", Dir: dir, Addr: "127.0.0.1:0", Timeout: 200 * time.Millisecond}, state.NewMachine(nil))
	if err != nil {
		t.Fatal(err)
	}
	defer n.Close()
	deadline := time.Now().Add(10 * time.Second)
	for n.State() != raft.Leader {
		if time.Now().After(deadline) {
			t.Fatalf("node 1 did not lead within 10 s: %v", n.State())
		}
		time.Sleep(10 * time.Millisecond)
	}
	if _, err := n.Propose(context.Background(), state.Command{Op: state.OpNode, Caller: "test", Body: []byte(`{"id":"n1"}`)}); err != nil {
		t.Fatal(err)
	}
	termBefore := n.CurrentTerm()
	lastBefore := n.LastIndex()
	target := raft.ServerAddress(n.Addr())
	id := raft.ServerID("n1")

	dial := func(key []byte) *raft.NetworkTransport {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		layer := newStreamLayer(ln, nil, nil)
		if key != nil {
			layer.setSecret(key)
		}
		tr := raft.NewNetworkTransport(layer, 1, 2*time.Second, io.Discard)
		t.Cleanup(func() { tr.Close() })
		return tr
	}
	// A stranger's plain transport: no handshake at all.
	plain, err := raft.NewTCPTransport("127.0.0.1:0", nil, 1, 2*time.Second, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	wrong := dial([]byte("0123456789abcdef0123456789abcdef"))
	key, err := os.ReadFile(SecretFile(dir))
	if err != nil {
		t.Fatal(err)
	}
	right := dial(key)

	header := raft.RPCHeader{ProtocolVersion: raft.ProtocolVersionMax, ID: []byte("mallory"), Addr: []byte("127.0.0.1:1")}
	attacks := func(tr raft.Transport) map[string]error {
		out := map[string]error{}
		var ae raft.AppendEntriesResponse
		out["AppendEntries"] = tr.AppendEntries(id, target, &raft.AppendEntriesRequest{
			RPCHeader: header, Term: termBefore + 10, PrevLogEntry: lastBefore, PrevLogTerm: termBefore,
			Entries:           []*raft.Log{{Index: lastBefore + 1, Term: termBefore + 10, Type: raft.LogCommand, Data: []byte(`{"op":"token"}`)}},
			LeaderCommitIndex: lastBefore + 1,
		}, &ae)
		var rv raft.RequestVoteResponse
		out["RequestVote"] = tr.RequestVote(id, target, &raft.RequestVoteRequest{
			RPCHeader: header, Term: termBefore + 10, LastLogIndex: lastBefore + 100, LastLogTerm: termBefore + 10,
		}, &rv)
		var is raft.InstallSnapshotResponse
		out["InstallSnapshot"] = tr.InstallSnapshot(id, target, &raft.InstallSnapshotRequest{
			RPCHeader: header, SnapshotVersion: raft.SnapshotVersionMax, Term: termBefore + 10,
			LastLogIndex: lastBefore + 100, LastLogTerm: termBefore + 10, Size: 2,
		}, &is, io.NopCloser(bytesReader("{}")))
		return out
	}
	for name, tr := range map[string]raft.Transport{"no handshake": plain, "wrong secret": wrong} {
		for rpc, err := range attacks(tr) {
			if err == nil {
				t.Errorf("%s: %s was answered", name, rpc)
			}
		}
	}
	if got := n.CurrentTerm(); got != termBefore {
		t.Errorf("term moved from %d to %d", termBefore, got)
	}
	if got := n.LastIndex(); got != lastBefore {
		t.Errorf("log moved from index %d to %d", lastBefore, got)
	}
	if n.State() != raft.Leader {
		t.Errorf("node 1 lost leadership to strangers: %v", n.State())
	}
	// The right secret gets an answer: a vote request at an old term is
	// refused by Raft itself, not by the handshake.
	var rv raft.RequestVoteResponse
	if err := right.RequestVote(id, target, &raft.RequestVoteRequest{RPCHeader: header, Term: 0}, &rv); err != nil {
		t.Fatalf("a peer holding the secret: %v", err)
	}
	if rv.Granted {
		t.Error("a vote at term 0 was granted")
	}
	if !errors.Is(serverHandshake(&nopConn{}, nil), errRaftAuth) {
		t.Error("a node without a secret accepted a connection")
	}
}

type nopConn struct{ net.Conn }

func bytesReader(s string) io.Reader { return strings.NewReader(s) }
