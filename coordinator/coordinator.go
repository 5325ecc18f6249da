package coordinator

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/raft"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/chain"
	"github.com/rendergrid/rendergrid/chain/evm"
	"github.com/rendergrid/rendergrid/coordinator/content"
	"github.com/rendergrid/rendergrid/coordinator/httpapi"
	"github.com/rendergrid/rendergrid/coordinator/leader"
	"github.com/rendergrid/rendergrid/coordinator/raftnode"
	"github.com/rendergrid/rendergrid/coordinator/state"
	"github.com/rendergrid/rendergrid/coordinator/verifier"
	"github.com/rendergrid/rendergrid/ipfs"
	"github.com/rendergrid/rendergrid/render/blender"
	"github.com/rendergrid/rendergrid/render/proof"
	"github.com/rendergrid/rendergrid/scenes"
)

// Defaults of Config.
const (
	DefaultRaftAddr = "127.0.0.1:7070"
	DefaultHTTPAddr = "127.0.0.1:8080"
	// DefaultLeaseTTL is how long a lease lives without a heartbeat.
	DefaultLeaseTTL = 30 * time.Second
	// DefaultRaftTimeout is the heartbeat and election timeout: short
	// enough to fail over in about a second on a LAN.
	DefaultRaftTimeout = 500 * time.Millisecond
	// DefaultBatch is how many commands one log entry may carry.
	DefaultBatch = raftnode.DefaultBatch
)

// Config configures a coordinator node.
type Config struct {
	ID            string        // node id; default "node1", kept in DataDir
	DataDir       string        // Raft log, snapshots, the IPFS store, the admin token
	RaftAddr      string        // Raft bind address
	RaftAdvertise string        // address peers dial, when RaftAddr is a wildcard
	HTTPAddr      string        // API bind address
	HTTPAdvertise string        // URL peers, workers and the CLI use
	Join          []string      // URLs of cluster members to join; empty bootstraps
	JoinToken     string        // an admin token of the cluster being joined
	TLS           *tls.Config   // serve HTTPS with this
	RaftTLS       *tls.Config   // mutual TLS on the Raft port
	ClientTLS     *tls.Config   // for forwarding to peers over HTTPS
	LeaseTTL      time.Duration // lease life without a heartbeat
	FailoverTTL   time.Duration // grace a new leader gives every lease; default 2×LeaseTTL
	RaftTimeout   time.Duration // Raft heartbeat and election timeout
	Batch         int           // commands per log entry; 1 turns batching off
	// RaftRedial is how long a Raft dial waits out a peer that refuses
	// connections (restarting); 0: 2 s, negative: not at all.
	RaftRedial    time.Duration
	SnapshotEvery uint64       // log entries between snapshots; default 8192
	Store         ipfs.Options // the node's content store
	Log           io.Writer    // diagnostics; default stderr
	// ChainID is the chain id receipts are signed for; the first leader
	// fixes it for the cluster. Default DefaultChainID.
	ChainID uint64
	// FeeBPS is the network fee, in basis points of each frame's price,
	// of jobs submitted while this node leads.
	FeeBPS uint64
	// Proof tunes proof-of-render checks.
	Proof proof.Config
	// Chain links the farm to its contracts on an EVM chain (optional).
	Chain ChainConfig
	// SceneLimits bound what a submitted scene may make the leader and
	// its verifier allocate; a scene over them is refused at submit.
	SceneLimits scenes.Limits
	// Blender, when set, re-renders a region of every unit of .blend jobs
	// under the sample policy; give every node of a cluster the same.
	Blender *blender.Blender
	// MaxStreams and MaxStreamsPerUser cap the event streams this node
	// serves; defaults DefaultMaxStreams and DefaultMaxStreamsPerUser.
	MaxStreams, MaxStreamsPerUser int
	// Retain is how long a finished job stays in the state before it is
	// archived to IPFS, and how long a worker may stay away before it is
	// forgotten; default DefaultRetain.
	Retain time.Duration
	// Quota bounds what one artist may have queued and stored; zero fields
	// take the defaults (DefaultQuota).
	Quota state.Quota
	// ReclaimEvery is how often the node unpins uploads their owners
	// removed (see storage.go); default one minute.
	ReclaimEvery time.Duration
	// RequestTimeout bounds a plain API call, and StreamIdle how long an
	// upload, download or event stream may go without a byte moving;
	// defaults DefaultRequestTimeout and DefaultStreamIdle.
	RequestTimeout, StreamIdle time.Duration
}

// DefaultChainID is the chain id of the embedded ledger.
const DefaultChainID = 1337

func (c *Config) defaults() error {
	if c.DataDir == "" {
		return errors.New("coordinator: no data directory")
	}
	if c.RaftAddr == "" {
		c.RaftAddr = DefaultRaftAddr
	}
	if c.HTTPAddr == "" {
		c.HTTPAddr = DefaultHTTPAddr
	}
	if c.LeaseTTL <= 0 {
		c.LeaseTTL = DefaultLeaseTTL
	}
	if c.FailoverTTL <= 0 {
		c.FailoverTTL = 2 * c.LeaseTTL
	}
	if c.RaftTimeout <= 0 {
		c.RaftTimeout = DefaultRaftTimeout
	}
	if c.ChainID == 0 {
		c.ChainID = DefaultChainID
	}
	if c.FeeBPS > chain.MaxFeeBPS {
		return fmt.Errorf("coordinator: network fee %d bps is over 100%%", c.FeeBPS)
	}
	if c.Batch <= 0 {
		c.Batch = DefaultBatch
	}
	if c.Retain <= 0 {
		c.Retain = state.DefaultRetain
	}
	if c.Quota.Jobs <= 0 {
		c.Quota.Jobs = state.DefaultQuota.Jobs
	}
	if c.Quota.Frames <= 0 {
		c.Quota.Frames = state.DefaultQuota.Frames
	}
	if c.Quota.Bytes <= 0 {
		c.Quota.Bytes = state.DefaultQuota.Bytes
	}
	if c.ReclaimEvery <= 0 {
		c.ReclaimEvery = content.ReclaimEvery
	}
	if c.RequestTimeout <= 0 {
		c.RequestTimeout = httpapi.DefaultRequestTimeout
	}
	if c.StreamIdle <= 0 {
		c.StreamIdle = httpapi.DefaultStreamIdle
	}
	if c.Log == nil {
		c.Log = os.Stderr
	}
	return nil
}

// Defaults of the API's limits in Config.
const (
	DefaultMaxStreams        = httpapi.DefaultMaxStreams
	DefaultMaxStreamsPerUser = httpapi.DefaultMaxStreamsPerUser
	DefaultRequestTimeout    = httpapi.DefaultRequestTimeout
	DefaultStreamIdle        = httpapi.DefaultStreamIdle
)

// ChainConfig links a coordinator to the farm's contracts on an EVM chain
// (see leader.ChainConfig).
type ChainConfig = leader.ChainConfig

// proposer lets the leader's loops propose through the node's Raft,
// which opens after the leader.
type proposer struct{ n *Node }

func (p proposer) Propose(ctx context.Context, c state.Command) (state.Result, error) {
	return p.n.raft.Propose(ctx, c)
}

// ErrJoinRefused is wrapped by Start's error when the cluster refused to
// let the node join: its JoinToken is not an admin token of the cluster.
var ErrJoinRefused = errors.New("the join token is not an admin token of the cluster")

// Quota is what one artist may hold at once (see state.Quota).
type Quota = state.Quota

// DefaultQuota is the default of Config.Quota.
var DefaultQuota = state.DefaultQuota

// DefaultRetain is how long finished jobs stay before they are archived.
const DefaultRetain = state.DefaultRetain

// Node is one coordinator: a Raft member with its state machine, its
// content store and its HTTP API.
type Node struct {
	cfg     Config
	id      string
	raft    *raftnode.Node
	fsm     *state.Machine
	store   *ipfs.Store
	api     *httpapi.Server
	srv     *http.Server
	httpLn  net.Listener
	url     string
	events  *httpapi.Events
	leader  *leader.Leader
	metrics *httpapi.Metrics
	client  *http.Client
	key     *chain.Key // signs acceptances of receipts
	// evm is the farm's contracts, when it has them.
	evm     *evm.Chain
	verify  *verifier.Verifier
	content *content.Content

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	closeOnce sync.Once
	closeErr  error
}

// Start opens (or creates) a node's data and starts Raft and the API. With
// no Join and no existing state it bootstraps a one-node cluster and writes
// an admin token to DataDir/admin.token.
func Start(ctx context.Context, cfg Config) (_ *Node, err error) {
	if err := cfg.defaults(); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Join(cfg.DataDir, "raft", "wal"), 0o700); err != nil {
		return nil, fmt.Errorf("creating data directory: %w", err)
	}
	id, err := nodeID(cfg.DataDir, cfg.ID)
	if err != nil {
		return nil, err
	}
	n := &Node{cfg: cfg, id: id}
	if n.key, err = chain.LoadKey(filepath.Join(cfg.DataDir, "node.key")); err != nil {
		return nil, err
	}
	n.ctx, n.cancel = context.WithCancel(context.Background())
	defer func() {
		if err != nil {
			n.Close()
		}
	}()
	n.events = httpapi.NewEvents(cfg.MaxStreams, cfg.MaxStreamsPerUser)
	n.fsm = state.NewMachine(n.events.Publish)
	n.metrics = httpapi.NewMetrics(n.fsm)
	n.client = &http.Client{Transport: &http.Transport{TLSClientConfig: cfg.ClientTLS, MaxIdleConnsPerHost: 64}}

	chainID := cfg.ChainID
	if chainID == DefaultChainID {
		chainID = 0 // the default follows the chain
	}
	n.leader, err = leader.New(ctx, leader.Config{
		ID: id, Key: n.key, ChainID: chainID, Chain: cfg.Chain, LeaseTTL: cfg.LeaseTTL, FailoverTTL: cfg.FailoverTTL,
		Log: cfg.Log, OnExpired: n.metrics.Expired,
		Retain: cfg.Retain, Archive: n.archiveDocument, Seen: n.seen,
	}, n.fsm, proposer{n})
	if err != nil {
		return nil, err
	}
	n.cfg.Chain.Mode = n.leader.ChainMode()
	if n.evm = n.leader.EVM(); n.evm != nil {
		n.cfg.ChainID = n.evm.ChainID
	}
	if n.store, err = ipfs.Open(ctx, filepath.Join(cfg.DataDir, "ipfs"), cfg.Store); err != nil {
		return nil, err
	}
	n.raft, err = raftnode.Open(raftnode.Config{
		ID: id, Dir: cfg.DataDir, Addr: cfg.RaftAddr, Advertise: cfg.RaftAdvertise, TLS: cfg.RaftTLS,
		Timeout: cfg.RaftTimeout, SnapshotEvery: cfg.SnapshotEvery, Batch: cfg.Batch,
		Redial: cfg.RaftRedial, Joining: len(cfg.Join) > 0, Log: cfg.Log,
		Observe: n.metrics.ObserveApply,
	}, n.fsm)
	if err != nil {
		return nil, err
	}
	n.metrics.SetRaft(n.raft)
	if !n.raft.Existing() && len(cfg.Join) == 0 {
		if err := n.writeAdminToken(); err != nil {
			return nil, err
		}
	}
	if n.content, err = content.Open(content.Config{ID: id, DataDir: cfg.DataDir, Log: cfg.Log, SceneLimits: cfg.SceneLimits, Client: n.client}, n.store, n.raft, n.fsm); err != nil {
		return nil, err
	}
	n.verify = verifier.New(n.content, cfg.Proof)
	if cfg.Blender != nil {
		n.verify.UseBlender(cfg.Blender, filepath.Join(cfg.DataDir, "blend-verify"))
	}

	if n.httpLn, err = net.Listen("tcp", cfg.HTTPAddr); err != nil {
		return nil, fmt.Errorf("http address %s: %w", cfg.HTTPAddr, err)
	}
	n.url = cfg.HTTPAdvertise
	if n.url == "" {
		scheme := "http"
		if cfg.TLS != nil {
			scheme = "https"
		}
		n.url = scheme + "://" + n.httpLn.Addr().String()
	}
	n.url = strings.TrimRight(n.url, "/")
	n.api, err = httpapi.New(n.ctx, httpapi.Config{
		ID: id, URL: n.url, DataDir: cfg.DataDir, Log: cfg.Log, LeaseTTL: cfg.LeaseTTL, Quota: cfg.Quota,
		RaftTLS: cfg.RaftTLS, RequestTimeout: cfg.RequestTimeout, StreamIdle: cfg.StreamIdle,
		Store: cfg.Store, Chain: n.cfg.Chain, Blender: cfg.Blender,
	}, httpapi.Parts{
		Raft: n.raft, Machine: n.fsm, Store: n.store, Content: n.content, Verifier: n.verify, Leader: n.leader,
		Events: n.events, Metrics: n.metrics, Key: n.key, EVM: n.evm, Client: n.client,
	})
	if err != nil {
		return nil, err
	}
	n.srv = n.api.HTTPServer(cfg.TLS, log.New(cfg.Log, "coordinator "+id+": http: ", 0))
	n.wg.Add(1)
	go func() {
		defer n.wg.Done()
		var err error
		if cfg.TLS != nil {
			err = n.srv.ServeTLS(n.httpLn, "", "")
		} else {
			err = n.srv.Serve(n.httpLn)
		}
		if err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintf(cfg.Log, "coordinator %s: http: %v\n", id, err)
		}
	}()
	n.wg.Add(2)
	go n.leaderLoop()
	go func() { defer n.wg.Done(); n.content.Reclaim(n.ctx, cfg.ReclaimEvery) }()
	if len(cfg.Join) > 0 && !n.raft.Existing() {
		if err := n.join(ctx); err != nil {
			return nil, err
		}
	}
	return n, nil
}

// nodeID returns the node's id: the one recorded in dir, or want (default
// node1), which is then recorded. A data directory keeps its id for life.
func nodeID(dir, want string) (string, error) {
	file := filepath.Join(dir, "node-id")
	if b, err := os.ReadFile(file); err == nil {
		have := strings.TrimSpace(string(b))
		if want != "" && want != have {
			return "", fmt.Errorf("data directory %s belongs to node %q, not %q", dir, have, want)
		}
		return have, nil
	}
	if want == "" {
		want = "node1"
	}
	if err := os.WriteFile(file, []byte(want+"\n"), 0o600); err != nil {
		return "", fmt.Errorf("recording node id: %w", err)
	}
	return want, nil
}

// AdminTokenFile is where a bootstrapping node writes the cluster's first
// admin token.
func AdminTokenFile(dataDir string) string { return filepath.Join(dataDir, "admin.token") }

// tokenGraceAttempts is how many join attempts (500 ms apart) treat a 401
// as "not applied yet" before taking it as a wrong token.
const tokenGraceAttempts = 20

// fetchSecret asks the cluster for its Raft secret (with the join token)
// and keeps it: a node must hold it before it is added as a voter.
func (n *Node) fetchSecret(ctx context.Context) error {
	var last error
	for attempt := 0; attempt < 60; attempt++ {
		for _, u := range n.cfg.Join {
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimRight(u, "/")+"/api/v1/cluster/secret", nil)
			if err != nil {
				return fmt.Errorf("join %s: %w", u, err)
			}
			req.Header.Set("Authorization", "Bearer "+n.cfg.JoinToken)
			resp, err := n.client.Do(req)
			if err != nil {
				last = err
				continue
			}
			msg, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				var cs api.ClusterSecret
				if err := json.Unmarshal(msg, &cs); err != nil {
					return fmt.Errorf("joining the cluster: %s answered an unreadable cluster secret: %w", u, err)
				}
				key, err := hex.DecodeString(cs.RaftSecret)
				if err != nil || len(key) < 16 {
					return fmt.Errorf("joining the cluster: %s answered an invalid cluster secret", u)
				}
				return n.raft.SetSecret(key)
			}
			last = fmt.Errorf("%s answered %s: %s", u, resp.Status, bytes.TrimSpace(msg))
			switch {
			case resp.StatusCode == http.StatusUnauthorized && attempt < tokenGraceAttempts:
				// A token read from a new cluster's admin.token can reach a
				// node before the token's command is applied there.
			case resp.StatusCode == http.StatusUnauthorized, resp.StatusCode == http.StatusForbidden, resp.StatusCode == http.StatusBadRequest:
				return fmt.Errorf("joining the cluster: %w: %w", ErrJoinRefused, last)
			case resp.StatusCode == http.StatusConflict:
				return fmt.Errorf("joining the cluster: %w", last)
			}
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("joining the cluster: %w", ctx.Err())
		case <-time.After(500 * time.Millisecond):
		}
	}
	return fmt.Errorf("fetching the cluster secret from %s: %w", strings.Join(n.cfg.Join, ", "), last)
}

// RaftSecretFile is where a node keeps the cluster secret that
// authenticates its Raft connections (when they do not use mutual TLS).
func RaftSecretFile(dataDir string) string { return raftnode.SecretFile(dataDir) }

func (n *Node) writeAdminToken() error {
	tok, err := httpapi.NewToken()
	if err != nil {
		return err
	}
	if err := os.WriteFile(AdminTokenFile(n.cfg.DataDir), []byte(tok+"\n"), 0o600); err != nil {
		return fmt.Errorf("writing admin token: %w", err)
	}
	return nil
}

// ID is the node's id.
func (n *Node) ID() string { return n.id }

// URL is the node's API base URL.
func (n *Node) URL() string { return n.url }

// RaftAddr is the address of the node's Raft port.
func (n *Node) RaftAddr() string { return n.raft.Addr() }

// Store is the node's content store.
func (n *Node) Store() *ipfs.Store { return n.store }

// IsLeader reports whether this node leads the cluster now.
func (n *Node) IsLeader() bool { return n.raft.State() == raft.Leader }

// WaitLeader waits until the cluster has a leader this node knows of, and
// returns its id.
func (n *Node) WaitLeader(ctx context.Context) (string, error) { return n.raft.WaitLeader(ctx) }

// WaitReady waits until the cluster has a leader and, on a node that
// bootstrapped it, until its admin token is in the replicated state.
func (n *Node) WaitReady(ctx context.Context) error {
	if _, err := n.WaitLeader(ctx); err != nil {
		return err
	}
	b, err := os.ReadFile(AdminTokenFile(n.cfg.DataDir))
	if err != nil {
		return nil
	}
	h := state.HashToken(strings.TrimSpace(string(b)))
	t := time.NewTicker(10 * time.Millisecond)
	defer t.Stop()
	for {
		var ok bool
		n.fsm.Read(func(s *state.State) { _, ok = s.Tokens[h] })
		if ok {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for the admin token to be committed: %w", ctx.Err())
		case <-t.C:
		}
	}
}

// Close leaves the cluster running without this node: it stops the API
// and Raft and closes the stores.
func (n *Node) Close() error {
	n.closeOnce.Do(func() {
		var errs []error
		if n.srv != nil {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			n.srv.Shutdown(ctx)
			cancel()
			n.srv.Close()
		} else if n.httpLn != nil {
			n.httpLn.Close()
		}
		n.events.Close()
		if n.cancel != nil {
			n.cancel()
		}
		if n.raft != nil {
			errs = append(errs, n.raft.Close())
		}
		n.wg.Wait()
		if n.store != nil {
			errs = append(errs, n.store.Close())
		}
		n.closeErr = errors.Join(errs...)
	})
	return n.closeErr
}

// join asks the cluster at cfg.Join to add this node, retrying until one
// member (forwarding to its leader) accepts.
func (n *Node) join(ctx context.Context) error {
	if n.cfg.RaftTLS == nil && len(n.raft.Secret()) == 0 {
		if err := n.fetchSecret(ctx); err != nil {
			return err
		}
	}
	body, _ := json.Marshal(api.JoinRequest{ID: n.id, Raft: n.RaftAddr(), HTTP: n.url})
	var last error
	for attempt := 0; attempt < 60; attempt++ {
		for _, u := range n.cfg.Join {
			req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(u, "/")+"/api/v1/cluster/join", bytes.NewReader(body))
			if err != nil {
				return fmt.Errorf("join %s: %w", u, err)
			}
			req.Header.Set("Authorization", "Bearer "+n.cfg.JoinToken)
			req.Header.Set("Content-Type", "application/json")
			resp, err := n.client.Do(req)
			if err != nil {
				last = err
				continue
			}
			msg, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
			last = fmt.Errorf("%s answered %s: %s", u, resp.Status, bytes.TrimSpace(msg))
			if resp.StatusCode == http.StatusUnauthorized && attempt < tokenGraceAttempts {
				continue // the token may not be applied on this node yet
			}
			if resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden || resp.StatusCode == http.StatusBadRequest {
				return fmt.Errorf("joining the cluster: %w: %w", ErrJoinRefused, last)
			}
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("joining the cluster: %w", ctx.Err())
		case <-time.After(500 * time.Millisecond):
		}
	}
	return fmt.Errorf("joining the cluster at %s: %w", strings.Join(n.cfg.Join, ", "), last)
}

// leaderLoop runs the leader's duties while this node leads: it records
// the node's address, installs the admin token, and sweeps leases.
func (n *Node) leaderLoop() {
	defer n.wg.Done()
	ch := n.raft.LeaderCh()
	var stop context.CancelFunc
	var done chan struct{}
	for {
		select {
		case <-n.ctx.Done():
			if stop != nil {
				stop()
				<-done
			}
			return
		case leading := <-ch:
			if stop != nil {
				stop()
				<-done
				stop = nil
			}
			if !leading {
				n.metrics.SetLeader(false)
				continue
			}
			n.metrics.SetLeader(true)
			var ctx context.Context
			ctx, stop = context.WithCancel(n.ctx)
			done = make(chan struct{})
			go func() {
				defer close(done)
				n.lead(ctx)
			}()
		}
	}
}

// lead is one term of leadership.
func (n *Node) lead(ctx context.Context) {
	// Apply everything committed by earlier leaders before judging leases.
	if err := n.raft.CatchUp(); err != nil {
		return
	}
	// The term's loops end with it: lead returns only once they have.
	var loops sync.WaitGroup
	defer loops.Wait()
	loops.Add(1)
	go func() { defer loops.Done(); n.leader.Run(ctx) }()
	var known api.JoinRequest
	var cfgOK bool
	n.fsm.Read(func(s *state.State) {
		known = s.Nodes[n.id]
		cfgOK = s.ChainID != 0 && s.FeeBPS == n.cfg.FeeBPS && s.Signers[n.key.Address.Hex()] == n.id &&
			(n.evm == nil || s.Chain != nil) && s.PeerKey != ""
	})
	if !cfgOK {
		pk := make([]byte, 32)
		_, _ = rand.Read(pk)
		b := state.ConfigBody{ChainID: n.cfg.ChainID, FeeBPS: n.cfg.FeeBPS, Node: n.id, Signer: n.key.Address.Hex(), PeerKey: hex.EncodeToString(pk)}
		n.leader.FillConfig(&b)
		n.raft.Propose(ctx, n.system(state.OpConfig, b))
	}
	self := api.JoinRequest{ID: n.id, Raft: n.RaftAddr(), HTTP: n.url}
	if known != self {
		n.raft.Propose(ctx, n.system(state.OpNode, self))
	}
	if b, err := os.ReadFile(AdminTokenFile(n.cfg.DataDir)); err == nil {
		h := state.HashToken(strings.TrimSpace(string(b)))
		var have bool
		n.fsm.Read(func(s *state.State) {
			_, have = s.Tokens[h]
			_, revoked := s.Revoked[h]
			have = have || revoked // an operator revoked it: keep it out
		})
		if !have {
			n.raft.Propose(ctx, n.system(state.OpToken, state.TokenBody{Hash: h, User: "admin", Role: api.RoleAdmin}))
		}
	}
}

// system is a command the node itself issues.
func (n *Node) system(op string, body any) state.Command {
	return state.System(n.id, op, body)
}

// Failed is closed when the node hit an error it cannot recover from while
// running (a failed write of its Raft log); FailErr says which. Its owner
// should Close it and exit: a restart recovers.
func (n *Node) Failed() <-chan struct{} { return n.raft.Failed() }

// FailErr is the error that closed Failed, or nil.
func (n *Node) FailErr() error { return n.raft.FailErr() }

// archiveDocument stores a finished job's archive and copies it to a
// majority of the coordinators (the leader's housekeeping).
func (n *Node) archiveDocument(ctx context.Context, doc []byte) (string, error) {
	c, err := n.store.Add(ctx, bytes.NewReader(doc))
	if err != nil {
		return "", fmt.Errorf("storing the archive: %w", err)
	}
	if err := n.content.ReplicateStored(ctx, c); err != nil {
		return "", err
	}
	return c.String(), nil
}

// seen reports whether a worker called this node after t (see
// httpapi.Server.Seen); before the API is up, none has.
func (n *Node) seen(worker string, t time.Time) bool {
	return n.api != nil && n.api.Seen(worker, t)
}

// Handler is the node's HTTP API.
func (n *Node) Handler() http.Handler { return n.api.Handler() }

// Cluster describes the cluster as this node sees it.
func (n *Node) Cluster() (api.Cluster, error) { return n.api.Cluster() }
