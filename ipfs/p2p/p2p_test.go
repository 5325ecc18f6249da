package p2p

import (
	"bytes"
	"context"
	"crypto/sha256"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rendergrid/rendergrid/ipfs"
	"github.com/rendergrid/rendergrid/ipfs/internal/kubotest"
)

func testBytes(n int) []byte {
	out := make([]byte, 0, n)
	for i := 0; len(out) < n; i++ {
		s := sha256.Sum256([]byte{byte(i), byte(i >> 8), byte(i >> 16)})
		out = append(out, s[:]...)
	}
	return out[:n]
}

func openStore(t *testing.T) *ipfs.Store {
	t.Helper()
	s, err := ipfs.Open(context.Background(), t.TempDir(), ipfs.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func startNode(t *testing.T, s *ipfs.Store, keyFile string) *Node {
	t.Helper()
	n, err := Start(context.Background(), []string{"/ip4/127.0.0.1/tcp/0"}, keyFile, s.Verified())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { n.Close() })
	return n
}

// TestBitswapServerToClient fetches a multi-level DAG from one in-process
// node to another over bitswap on 127.0.0.1.
func TestBitswapServerToClient(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	src, dst := openStore(t), openStore(t)
	data := testBytes(3*ipfs.ChunkSize + 1234)
	c, err := src.Add(ctx, bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	server := startNode(t, src, filepath.Join(t.TempDir(), "server.key"))
	client := startNode(t, dst, filepath.Join(t.TempDir(), "client.key"))
	if err := client.Connect(ctx, server.Addrs()[0]); err != nil {
		t.Fatal(err)
	}
	if err := dst.Fetch(ctx, client.Exchange(), c, "peer "+server.ID().String()); err != nil {
		t.Fatal(err)
	}
	r, err := dst.Get(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	got, _ := io.ReadAll(r)
	if !bytes.Equal(got, data) {
		t.Fatalf("fetched %d bytes over bitswap, differ from the %d added", len(got), len(data))
	}
}

func TestPeerKeyPersists(t *testing.T) {
	key := filepath.Join(t.TempDir(), "p2p", "peer.key")
	s := openStore(t)
	a := startNode(t, s, key)
	id := a.ID()
	a.Close()
	b := startNode(t, s, key)
	if b.ID() != id {
		t.Fatalf("peer ID changed across restarts: %s then %s", id, b.ID())
	}
	if _, err := Start(context.Background(), []string{"127.0.0.1:4001"}, key, s.Verified()); err == nil || !strings.Contains(err.Error(), "multiaddr") {
		t.Fatalf("a host:port listen address: err = %v, want one about multiaddrs", err)
	}
}

// TestKuboCatsFromUs has a real Kubo daemon connect to our node and
// `ipfs cat` a file only we hold.
func TestKuboCatsFromUs(t *testing.T) {
	d := kubotest.Start(t)
	s := openStore(t)
	data := testBytes(2*ipfs.ChunkSize + 77)
	c, err := s.Add(context.Background(), bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	n := startNode(t, s, filepath.Join(t.TempDir(), "peer.key"))
	if out, err := d.Run("swarm", "connect", n.Addrs()[0]); err != nil {
		t.Fatalf("ipfs swarm connect: %v\n%s", err, out)
	}
	out, err := d.Run("cat", "--timeout=30s", c.String())
	if err != nil {
		t.Fatalf("ipfs cat: %v\n%s", err, out)
	}
	if !bytes.Equal(out, data) {
		t.Fatalf("ipfs cat gave %d bytes, differ from the %d we hold", len(out), len(data))
	}
}
