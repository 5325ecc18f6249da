package systemtest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ipfs/go-cid"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/chain"
	"github.com/rendergrid/rendergrid/coordinator"
	"github.com/rendergrid/rendergrid/coordinator/state"
	"github.com/rendergrid/rendergrid/ipfs"
	"github.com/rendergrid/rendergrid/scenes"
)

// Cluster is a real cluster of nodes on loopback in this process.
type Cluster struct {
	T     testing.TB
	Nodes []*coordinator.Node // nil while killed
	Cfgs  []coordinator.Config
	Admin string       // the cluster's admin token
	HC    *http.Client // for TLS clusters
}

// NodeConfig is a node configuration with fast timers for tests.
func NodeConfig(dir, id string) coordinator.Config {
	return coordinator.Config{
		ID: id, DataDir: dir, RaftAddr: "127.0.0.1:0", HTTPAddr: "127.0.0.1:0",
		LeaseTTL: 3 * time.Second, RaftTimeout: 300 * time.Millisecond,
		Store: ipfs.Options{NoSync: true}, Log: io.Discard,
	}
}

// StartCluster starts n nodes: the first bootstraps, the others join it.
func StartCluster(t testing.TB, n int, tweak func(*coordinator.Config)) *Cluster {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c := &Cluster{T: t}
	base := t.TempDir()
	for i := range n {
		cfg := NodeConfig(filepath.Join(base, fmt.Sprintf("n%d", i+1)), fmt.Sprintf("n%d", i+1))
		if tweak != nil {
			tweak(&cfg)
		}
		if i > 0 {
			cfg.Join = []string{c.Nodes[0].URL()}
			cfg.JoinToken = c.Admin
		}
		node, err := coordinator.Start(ctx, cfg)
		if err != nil {
			t.Fatalf("starting node %d: %v", i+1, err)
		}
		// Restarts reuse the node's Raft address, which its peers know.
		cfg.RaftAddr = node.RaftAddr()
		cfg.HTTPAddr = strings.TrimPrefix(strings.TrimPrefix(node.URL(), "http://"), "https://")
		c.Nodes = append(c.Nodes, node)
		c.Cfgs = append(c.Cfgs, cfg)
		if i == 0 {
			if err := node.WaitReady(ctx); err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(coordinator.AdminTokenFile(cfg.DataDir))
			if err != nil {
				t.Fatal(err)
			}
			c.Admin = strings.TrimSpace(string(b))
		}
	}
	t.Cleanup(func() {
		for _, n := range c.Nodes {
			if n != nil {
				n.Close()
			}
		}
	})
	c.WaitMembers(n)
	return c
}

// WaitMembers waits until every live node knows n members' API addresses.
func (c *Cluster) WaitMembers(n int) {
	c.T.Helper()
	c.Eventually(20*time.Second, func() bool {
		for _, node := range c.Nodes {
			if node == nil {
				continue
			}
			cl, err := node.Cluster()
			if err != nil {
				return false
			}
			k := 0
			for _, m := range cl.Nodes {
				if m.HTTP != "" {
					k++
				}
			}
			if k < n {
				return false
			}
		}
		return true
	}, fmt.Sprintf("%d members known", n))
}

// Eventually waits up to d for cond, failing the test with what.
func (c *Cluster) Eventually(d time.Duration, cond func() bool, what string) {
	c.T.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			c.T.Fatalf("timed out after %s waiting for: %s", d, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Leader returns the index of the leading node.
func (c *Cluster) Leader() int {
	c.T.Helper()
	var idx int
	c.Eventually(15*time.Second, func() bool {
		for i, n := range c.Nodes {
			if n != nil && n.IsLeader() {
				idx = i
				return true
			}
		}
		return false
	}, "a leader")
	return idx
}

// Kill stops node i abruptly (its data stays).
func (c *Cluster) Kill(i int) {
	c.Nodes[i].Close()
	c.Nodes[i] = nil
}

// Restart starts node i again on its data directory.
func (c *Cluster) Restart(i int) {
	c.T.Helper()
	cfg := c.Cfgs[i]
	cfg.Join = nil
	// The node's ports were free while it was down: an outgoing connection
	// of another node may hold one as its local port for a moment.
	deadline := time.Now().Add(10 * time.Second)
	for {
		node, err := coordinator.Start(context.Background(), cfg)
		if err == nil {
			c.Nodes[i] = node
			return
		}
		if !errors.Is(err, syscall.EADDRINUSE) || time.Now().After(deadline) {
			c.T.Fatalf("restarting node %d: %v", i+1, err)
		}
		time.Sleep(50 * time.Millisecond) // until that connection closes
	}
}

// URLs are the API URLs of the live nodes.
func (c *Cluster) URLs() []string {
	var out []string
	for _, n := range c.Nodes {
		if n != nil {
			out = append(out, n.URL())
		}
	}
	return out
}

// Client is an API client of every node with token tok.
func (c *Cluster) Client(tok string) *api.Client {
	c.T.Helper()
	cl, err := api.NewClient(c.URLs(), tok, c.HC)
	if err != nil {
		c.T.Fatal(err)
	}
	cl.RetryFor = 20 * time.Second
	return cl
}

// Token makes a token with a role.
func (c *Cluster) Token(user, role string) string {
	c.T.Helper()
	r, err := c.Client(c.Admin).CreateToken(context.Background(), api.TokenRequest{User: user, Role: role})
	if err != nil {
		c.T.Fatal(err)
	}
	return r.Token
}

// CAROf adds data to a scratch store and returns its CID and CAR.
func CAROf(t testing.TB, data []byte) (cid.Cid, []byte) {
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

// Upload stores data on the cluster.
func Upload(t testing.TB, cl *api.Client, data []byte) cid.Cid {
	t.Helper()
	id, car := CAROf(t, data)
	if _, err := cl.UploadCAR(context.Background(), func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(car)), nil }, id); err != nil {
		t.Fatal(err)
	}
	return id
}

// SampleScene uploads the built-in animation and returns a spec of n frames.
func SampleScene(t testing.TB, cl *api.Client, frames int) api.JobSpec {
	t.Helper()
	data, err := scenes.SampleBytes("anim")
	if err != nil {
		t.Fatal(err)
	}
	id := Upload(t, cl, data)
	// The fake workers send no real images: no proof of render.
	return api.JobSpec{Scene: id.String(), SceneName: "anim.glb", FrameStart: 1, FrameEnd: frames, Width: 32, Height: 18, SPP: 1, Verify: "none"}
}

// RegisterWorker enrols a new worker key and returns the key and the
// worker's Token.
func RegisterWorker(t testing.TB, cl *api.Client, name string) (*chain.Key, string) {
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

// Completion is a signed report of unit u of lease l with output out.
func Completion(key *chain.Key, l *api.Lease, u api.Unit, out string) api.CompleteRequest {
	req, err := api.Complete(key, l.Receipt(u, key.Address, out, uint64(l.Spec.SPP)*uint64(l.Spec.Width*l.Spec.Height), 1, "cpu"), nil)
	if err != nil {
		panic(err)
	}
	return req
}

// FakeWorker registers and claims/completes units without rendering: the
// output of every unit is the same small file.
type FakeWorker struct {
	ID     string
	Key    *chain.Key
	Client *api.Client
	Output string
	Delay  time.Duration // pretend render time per unit
	mu     sync.Mutex
	done   []string // job/frame/tile of each accepted completion
}

// Done is the job/frame/tile of each completion w had accepted.
func (w *FakeWorker) Done() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.done)
}

// NewFakeWorker registers a fake worker through enrol token enrol.
func NewFakeWorker(t testing.TB, c *Cluster, enrol, name string, output cid.Cid) *FakeWorker {
	t.Helper()
	k, tok := RegisterWorker(t, c.Client(enrol), name)
	return &FakeWorker{ID: k.Address.Hex(), Key: k, Client: c.Client(tok), Output: output.String()}
}

// Run claims and completes until ctx ends.
func (w *FakeWorker) Run(ctx context.Context) error {
	for ctx.Err() == nil {
		l, err := w.Client.Claim(ctx, 200*time.Millisecond)
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
			time.Sleep(w.Delay)
			_, err := w.Client.Complete(ctx, Completion(w.Key, l, u, w.Output))
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
