package leader

import (
	"context"
	"io"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/rendergrid/rendergrid/chain"
	"github.com/rendergrid/rendergrid/chain/evm"
	"github.com/rendergrid/rendergrid/coordinator/state"
)

// Config is what the leader's duties need.
type Config struct {
	ID string // this node's id: the caller of its commands
	// Key is the node's key: receipts it countersigns must settle on
	// chain, so in evm mode the leader makes it a signer of the escrow.
	Key *chain.Key
	// ChainID is the chain the farm's contracts must be on; 0 follows
	// the chain.
	ChainID     uint64
	Chain       ChainConfig
	LeaseTTL    time.Duration // a lease without a heartbeat this long expires
	FailoverTTL time.Duration // a new leader's grace for every lease
	Log         io.Writer
	// OnExpired, when set, is told how many leases each sweep expired.
	OnExpired func(n int)
	// Retain is how long finished jobs stay in the state before they are
	// archived, and how long a worker may be away before it is forgotten.
	Retain time.Duration
	// Archive stores a finished job's archive document on a majority of
	// the coordinators and returns its CID.
	Archive func(ctx context.Context, doc []byte) (string, error)
	// Seen reports whether a worker called this node after t (an idle
	// worker's long polls change no state).
	Seen func(worker string, t time.Time) bool
}

// Proposer commits a command through Raft.
type Proposer interface {
	Propose(ctx context.Context, c state.Command) (state.Result, error)
}

// Leader does what only the leader does, while it leads: it expires
// leases (their deadlines live in its memory, renewed by heartbeats,
// not in the log), flags stuck frames, archives finished jobs, forgets
// workers long gone, and works the farm's contracts on an EVM chain
// (deposits, funded jobs, batches of settlements).
type Leader struct {
	cfg      Config
	chain    *ChainConfig
	fsm      *state.Machine
	raft     Proposer
	evm      *evm.Chain
	treasury common.Address
	clock    *LeaseClock
}

// New is a leader for a node whose state machine is m; with cfg.Chain
// linking the farm to contracts, it connects to the chain and checks its
// key.
func New(ctx context.Context, cfg Config, m *state.Machine, p Proposer) (*Leader, error) {
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	if cfg.Seen == nil {
		cfg.Seen = func(string, time.Time) bool { return false }
	}
	l := &Leader{cfg: cfg, fsm: m, raft: p, clock: NewLeaseClock()}
	l.chain = &l.cfg.Chain
	if err := l.openChain(ctx); err != nil {
		return nil, err
	}
	return l, nil
}

// EVM is the farm's contracts, or nil when it keeps its money in the
// embedded ledger only.
func (l *Leader) EVM() *evm.Chain { return l.evm }

// ChainMode is api.ChainEmbedded or api.ChainEVM.
func (l *Leader) ChainMode() string { return l.chain.Mode }

// Clock holds the leases' deadlines and progress.
func (l *Leader) Clock() *LeaseClock { return l.clock }

// Run does the leader's duties for one term, until ctx ends; it returns
// once every loop it started has.
func (l *Leader) Run(ctx context.Context) {
	l.clock.Reset(time.Now().Add(l.cfg.FailoverTTL))
	var loops sync.WaitGroup
	defer loops.Wait()
	loops.Add(2)
	go func() { defer loops.Done(); l.chainLoop(ctx) }()
	go func() { defer loops.Done(); l.housekeep(ctx) }()
	l.sweep(ctx)
}

// result is a command's outcome: the state machine's value, or why it was
// refused or never applied.
type result struct {
	Value any
	Err   error
}

func (l *Leader) propose(ctx context.Context, c state.Command) result {
	r, err := l.raft.Propose(ctx, c)
	if err != nil {
		return result{Err: err}
	}
	if r.Err != nil {
		return result{Err: r.Err}
	}
	return result{Value: r.Value}
}

// system is a command the node itself issues.
func (l *Leader) system(op string, body any) state.Command {
	return state.System(l.cfg.ID, op, body)
}
