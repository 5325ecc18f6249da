package coordinator

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ipfs/go-cid"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/chain"
	"github.com/rendergrid/rendergrid/coordinator/state"
	"github.com/rendergrid/rendergrid/ipfs"
	"github.com/rendergrid/rendergrid/scenes"
)

// testCluster is a real cluster of nodes on loopback in this process.
type testCluster struct {
	t     testing.TB
	nodes []*Node
	cfgs  []Config
	admin string
	hc    *http.Client // for TLS clusters
}

// testConfig is a node configuration with fast timers for tests.
func testConfig(dir, id string) Config {
	return Config{
		ID: id, DataDir: dir, RaftAddr: "127.0.0.1:0", HTTPAddr: "127.0.0.1:0",
		LeaseTTL: 3 * time.Second, RaftTimeout: 300 * time.Millisecond,
		Store: ipfs.Options{NoSync: true}, Log: io.Discard,
	}
}

// startCluster starts n nodes: the first bootstraps, the others join it.
func startCluster(t testing.TB, n int, tweak func(*Config)) *testCluster {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c := &testCluster{t: t}
	base := t.TempDir()
	for i := range n {
		cfg := testConfig(filepath.Join(base, fmt.Sprintf("n%d", i+1)), fmt.Sprintf("n%d", i+1))
		if tweak != nil {
			tweak(&cfg)
		}
		if i > 0 {
			cfg.Join = []string{c.nodes[0].URL()}
			cfg.JoinToken = c.admin
		}
		node, err := Start(ctx, cfg)
		if err != nil {
			t.Fatalf("starting node %d: %v", i+1, err)
		}
		// Restarts reuse the node's Raft address, which its peers know.
		cfg.RaftAddr = node.RaftAddr()
		cfg.HTTPAddr = strings.TrimPrefix(strings.TrimPrefix(node.URL(), "http://"), "https://")
		c.nodes = append(c.nodes, node)
		c.cfgs = append(c.cfgs, cfg)
		if i == 0 {
			if err := node.WaitReady(ctx); err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(AdminTokenFile(cfg.DataDir))
			if err != nil {
				t.Fatal(err)
			}
			c.admin = strings.TrimSpace(string(b))
		}
	}
	t.Cleanup(func() {
		for _, n := range c.nodes {
			if n != nil {
				n.Close()
			}
		}
	})
	c.waitMembers(n)
	return c
}

// waitMembers waits until every live node knows n members' API addresses.
func (c *testCluster) waitMembers(n int) {
	c.t.Helper()
	c.eventually(20*time.Second, func() bool {
		for _, node := range c.nodes {
			if node == nil {
				continue
			}
			var k int
			node.fsm.Read(func(s *state.State) { k = len(s.Nodes) })
			if k < n {
				return false
			}
		}
		return true
	}, fmt.Sprintf("%d members known", n))
}

func (c *testCluster) eventually(d time.Duration, cond func() bool, what string) {
	c.t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			c.t.Fatalf("timed out after %s waiting for: %s", d, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// leader returns the index of the leading node.
func (c *testCluster) leader() int {
	c.t.Helper()
	var idx int
	c.eventually(15*time.Second, func() bool {
		for i, n := range c.nodes {
			if n != nil && n.IsLeader() {
				idx = i
				return true
			}
		}
		return false
	}, "a leader")
	return idx
}

// kill stops node i abruptly (its data stays).
func (c *testCluster) kill(i int) {
	c.nodes[i].Close()
	c.nodes[i] = nil
}

// restart starts node i again on its data directory.
func (c *testCluster) restart(i int) {
	c.t.Helper()
	cfg := c.cfgs[i]
	cfg.Join = nil
	// The node's ports were free while it was down: an outgoing connection
	// of another node may hold one as its local port for a moment.
	deadline := time.Now().Add(10 * time.Second)
	for {
		node, err := Start(context.Background(), cfg)
		if err == nil {
			c.nodes[i] = node
			return
		}
		if !errors.Is(err, syscall.EADDRINUSE) || time.Now().After(deadline) {
			c.t.Fatalf("restarting node %d: %v", i+1, err)
		}
		time.Sleep(50 * time.Millisecond) // until that connection closes
	}
}

// urls are the API URLs of the live nodes.
func (c *testCluster) urls() []string {
	var out []string
	for _, n := range c.nodes {
		if n != nil {
			out = append(out, n.URL())
		}
	}
	return out
}

// client is an API client of every node with token tok.
func (c *testCluster) client(tok string) *api.Client {
	c.t.Helper()
	cl, err := api.NewClient(c.urls(), tok, c.hc)
	if err != nil {
		c.t.Fatal(err)
	}
	cl.RetryFor = 20 * time.Second
	return cl
}

// token makes a token with a role.
func (c *testCluster) token(user, role string) string {
	c.t.Helper()
	r, err := c.client(c.admin).CreateToken(context.Background(), api.TokenRequest{User: user, Role: role})
	if err != nil {
		c.t.Fatal(err)
	}
	return r.Token
}

// carOf adds data to a scratch store and returns its CID and CAR.
func carOf(t testing.TB, data []byte) (cid.Cid, []byte) {
	t.Helper()
	ctx := context.Background()
	st, err := ipfs.Open(ctx, t.TempDir(), ipfs.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	id, err := st.Add(ctx, bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := st.ExportCAR(ctx, id, &buf); err != nil {
		t.Fatal(err)
	}
	return id, buf.Bytes()
}

// upload stores data on the cluster.
func upload(t testing.TB, cl *api.Client, data []byte) cid.Cid {
	t.Helper()
	id, car := carOf(t, data)
	if _, err := cl.UploadCAR(context.Background(), func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(car)), nil }, id); err != nil {
		t.Fatal(err)
	}
	return id
}

// sampleScene uploads the built-in animation and returns a spec of n frames.
func sampleScene(t testing.TB, cl *api.Client, frames int) api.JobSpec {
	t.Helper()
	data, err := scenes.SampleBytes("anim")
	if err != nil {
		t.Fatal(err)
	}
	id := upload(t, cl, data)
	// The fake workers send no real images: no proof of render.
	return api.JobSpec{Scene: id.String(), SceneName: "anim.glb", FrameStart: 1, FrameEnd: frames, Width: 32, Height: 18, SPP: 1, Verify: "none"}
}

// registerWorker enrols a new worker key and returns the key and the
// worker's token.
func registerWorker(t testing.TB, cl *api.Client, name string) (*chain.Key, string) {
	t.Helper()
	k, err := chain.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	ch, err := cl.Challenge(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sig, _ := k.Sign(chain.MessageDigest(chain.RegisterMessage(k.Address, ch.ChainID, ch.Nonce)))
	r, err := cl.Register(ctx, api.RegisterRequest{Address: k.Address.Hex(), Nonce: ch.Nonce, Signature: sig, Caps: api.Capabilities{Name: name, Engines: []string{"cpu"}, SamplesSec: 1e6}})
	if err != nil {
		t.Fatal(err)
	}
	if r.ID != k.Address.Hex() {
		t.Fatalf("registered as %s, want the address %s", r.ID, k.Address.Hex())
	}
	return k, r.Token
}

// completion is a signed report of unit u of lease l with output out.
func completion(key *chain.Key, l *api.Lease, u api.Unit, out string) api.CompleteRequest {
	req, err := api.Complete(key, l.Receipt(u, key.Address, out, uint64(l.Spec.SPP)*uint64(l.Spec.Width*l.Spec.Height), 1, "cpu"), nil)
	if err != nil {
		panic(err)
	}
	return req
}

// fakeWorker registers and claims/completes units without rendering: the
// output of every unit is the same small file.
type fakeWorker struct {
	id     string
	key    *chain.Key
	cl     *api.Client
	output string
	delay  time.Duration // pretend render time per unit
	mu     sync.Mutex
	done   []string // job/frame/tile of each accepted completion
}

func newFakeWorker(t testing.TB, c *testCluster, enrol, name string, output cid.Cid) *fakeWorker {
	t.Helper()
	k, tok := registerWorker(t, c.client(enrol), name)
	return &fakeWorker{id: k.Address.Hex(), key: k, cl: c.client(tok), output: output.String()}
}

// run claims and completes until ctx ends.
func (w *fakeWorker) run(ctx context.Context) error {
	for ctx.Err() == nil {
		l, err := w.cl.Claim(ctx, 200*time.Millisecond)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		if l == nil {
			continue
		}
		for _, u := range l.Units {
			time.Sleep(w.delay)
			_, err := w.cl.Complete(ctx, completion(w.key, l, u, w.output))
			if err != nil {
				if ctx.Err() != nil {
					return nil
				}
				if e, ok := err.(*api.Error); ok && e.Code == state.CodeStaleLease {
					continue
				}
				return err
			}
			w.mu.Lock()
			w.done = append(w.done, fmt.Sprintf("%s/%d/%d", l.Job, u.Frame, u.Tile))
			w.mu.Unlock()
		}
	}
	return nil
}
