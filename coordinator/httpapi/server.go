package httpapi

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"fmt"
	"image"
	"io"
	"net/http"
	"time"

	"github.com/hashicorp/raft"
	"github.com/ipfs/go-cid"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/chain"
	"github.com/rendergrid/rendergrid/chain/evm"
	"github.com/rendergrid/rendergrid/coordinator/leader"
	"github.com/rendergrid/rendergrid/coordinator/raftnode"
	"github.com/rendergrid/rendergrid/coordinator/state"
	"github.com/rendergrid/rendergrid/coordinator/verifier"
	"github.com/rendergrid/rendergrid/ipfs"
	"github.com/rendergrid/rendergrid/render/blender"
	"github.com/rendergrid/rendergrid/render/upscale"
	"github.com/rendergrid/rendergrid/scenes"
)

// Config is what the API needs to know of its node.
type Config struct {
	ID      string    // the node's id
	URL     string    // the node's API base URL
	DataDir string    // uploads are spooled under DataDir/tmp
	Log     io.Writer // refusals worth an operator's eye
	// LeaseTTL is how long a lease lives without a heartbeat.
	LeaseTTL time.Duration
	// Quota is the leader's per-artist quota, checked again in apply.
	Quota state.Quota
	// RaftTLS is set when the Raft port uses mutual TLS (then there is no
	// cluster secret to hand a joining node).
	RaftTLS *tls.Config
	// RequestTimeout and StreamIdle bound a request and an idle event
	// stream.
	RequestTimeout time.Duration
	StreamIdle     time.Duration
	Store          ipfs.Options       // MaxUpload bounds a CAR upload
	Chain          leader.ChainConfig // its Key signs withdrawal vouchers
	// Blender is the coordinators' Blender, which re-renders regions of
	// .blend units under the sample policy; nil without one.
	Blender *blender.Blender
}

// Files is what the handlers need of the node's content (a
// *content.Content).
type Files interface {
	Peers() ([]string, int)
	Replicate(ctx context.Context, peer, file string, root cid.Cid, p state.Principal) error
	Ensure(ctx context.Context, c cid.Cid) error
	LoadScene(ctx context.Context, spec api.JobSpec) (*scenes.Scene, error)
	LoadEnv(ctx context.Context, spec api.JobSpec) (*scenes.Environment, error)
	ReadStored(ctx context.Context, c cid.Cid, limit int) ([]byte, error)
	ReadImage(ctx context.Context, id string) (image.Image, error)
	SetOwned(root string, owned bool)
	PeerToken() string
	PeerClient() *http.Client
}

// Verifier checks completions on the leader (a *verifier.Verifier).
type Verifier interface {
	Prove(ctx context.Context, pu verifier.Pending, output string) (verifier.Verdict, error)
	Model(ctx context.Context, id string) (*upscale.Model, error)
}

// Leader is what the handlers need of the leader's loops (a
// *leader.Leader).
type Leader interface {
	Clock() *leader.LeaseClock
	CheckFunding(ctx context.Context, id string) error
}

// Parts are the node's pieces the API serves from.
type Parts struct {
	Raft     *raftnode.Node
	Machine  *state.Machine
	Store    *ipfs.Store
	Content  Files
	Verifier Verifier
	Leader   Leader
	Events   *Events
	Metrics  *Metrics
	Key      *chain.Key // the node's key: countersigns accepted receipts
	EVM      *evm.Chain // the farm's contracts, or nil
	Client   *http.Client
}

// Server is a node's HTTP API: the routes under /api/v1, the gateway at
// /ipfs, /metrics and the OpenAPI description. It authorizes every call,
// forwards writes to the leader, reads linearizably when asked, and is
// the one place HTTP statuses are given to the state machine's errors.
type Server struct {
	cfg     Config
	id      string
	url     string
	ctx     context.Context
	raft    *raftnode.Node
	fsm     *state.Machine
	store   *ipfs.Store
	gateway http.Handler
	events  *Events
	arch    archives
	seen    contacts
	metrics *Metrics
	client  *http.Client
	key     *chain.Key
	evm     *evm.Chain
	verify  Verifier
	content Files
	leader  Leader
	// verifying bounds the dashboard's verify actions running at once.
	verifying chan struct{}
}

// New is the API of a node; ctx ends its long polls when the node stops.
func New(ctx context.Context, cfg Config, p Parts) (*Server, error) {
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	n := &Server{cfg: cfg, id: cfg.ID, url: cfg.URL, ctx: ctx, raft: p.Raft, fsm: p.Machine, store: p.Store,
		events: p.Events, metrics: p.Metrics, client: p.Client, key: p.Key, evm: p.EVM,
		verify: p.Verifier, content: p.Content, leader: p.Leader, verifying: make(chan struct{}, 2)}
	gw, err := ipfs.Gateway(p.Store)
	if err != nil {
		return nil, err
	}
	n.gateway = n.guardGateway(gw)
	return n, nil
}

// IsLeader reports whether this node leads the cluster now.
func (n *Server) IsLeader() bool { return n.raft.State() == raft.Leader }

// Seen reports whether a worker called this node (claims, heartbeats)
// after t.
func (n *Server) Seen(worker string, t time.Time) bool { return n.seen.since(worker, t) }

// system is a command the node itself issues.
func (n *Server) system(op string, body any) state.Command {
	return state.System(n.id, op, body)
}

// NewToken returns a random API token.
func NewToken() (string, error) {
	var b [24]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("making a token: %w", err)
	}
	return "rg_" + hex.EncodeToString(b[:]), nil
}
