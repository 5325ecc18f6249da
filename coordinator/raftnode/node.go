package raftnode

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/raft"
	wal "github.com/hashicorp/raft-wal"
	"github.com/hashicorp/raft-wal/metadb"

	"github.com/rendergrid/rendergrid/coordinator/state"
)

// Tunables.
const (
	// DefaultBatch is how many commands one log entry may carry.
	DefaultBatch = 512
	// proposers is how many batches may be in flight at once.
	proposers = 8
	// ApplyTimeout bounds one Raft apply or membership change.
	ApplyTimeout = 10 * time.Second
	// shutdownTimeout bounds how long Close waits for Raft to stop.
	shutdownTimeout = 30 * time.Second
)

// Config configures a node's Raft membership.
type Config struct {
	ID        string // the node's id in the cluster
	Dir       string // the data directory: raft/ and raft.secret live here
	Addr      string // bind address of the Raft port
	Advertise string // the address peers dial; default Addr
	// TLS, when set, is mutual TLS on the Raft port; without it
	// connections are authenticated by the cluster secret.
	TLS           *tls.Config
	Timeout       time.Duration // heartbeat and election timeout
	SnapshotEvery uint64        // entries between snapshots; 0: Raft's default
	Batch         int           // commands per log entry; 0: DefaultBatch
	// Redial is how long a dial waits out a peer that refuses
	// connections; 0: DefaultRedial, negative: not at all.
	Redial time.Duration
	// Joining says the node will join an existing cluster (it does not
	// bootstrap one, and waits for the cluster's secret).
	Joining bool
	Log     io.Writer
	// Observe, when set, is told of every log entry the proposer commits:
	// how long the commit took and how many commands it carried.
	Observe func(took time.Duration, commands int)
}

// Node is one member of the Raft cluster. It embeds the raft.Raft for
// queries (State, LeaderWithID, GetConfiguration, ...); commands go
// through Propose, which batches them.
type Node struct {
	*raft.Raft
	cfg      Config
	machine  *state.Machine
	wal      *wal.WAL
	meta     *metadb.BoltMetaDB
	trans    *raft.NetworkTransport
	layer    *streamLayer
	existing bool
	props    chan *proposal
	failure  *failure
	// readyTerm is the term in which this node, leading, applied a barrier:
	// from then its commit index covers what earlier leaders committed
	// (see ReadIndex).
	readyTerm atomic.Uint64

	ctx       context.Context
	cancel    context.CancelFunc
	wg        sync.WaitGroup
	closeOnce sync.Once
	closeErr  error
}

// SecretFile is where a node keeps the cluster secret that authenticates
// its Raft connections (when they do not use mutual TLS).
func SecretFile(dir string) string { return filepath.Join(dir, "raft.secret") }

// Open opens (or creates) the node's Raft log and snapshots and starts
// Raft over m. With no existing state and cfg.Joining unset it bootstraps
// a one-node cluster (Bootstrapped then reports it).
func Open(cfg Config, m *state.Machine) (_ *Node, err error) {
	if cfg.Batch <= 0 {
		cfg.Batch = DefaultBatch
	}
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	if err := os.MkdirAll(filepath.Join(cfg.Dir, "raft", "wal"), 0o700); err != nil {
		return nil, fmt.Errorf("creating data directory: %w", err)
	}
	n := &Node{cfg: cfg, machine: m, props: make(chan *proposal, 4*cfg.Batch), failure: newFailure()}
	n.ctx, n.cancel = context.WithCancel(context.Background())
	defer func() {
		if err != nil {
			n.Close()
		}
	}()
	logger := hclog.New(&hclog.LoggerOptions{Name: "raft", Level: hclog.Warn, Output: cfg.Log})
	// raft-wal rather than raft-boltdb: measured here, 2.3× the applies of
	// a single client and 1.4× under load, and no B-tree free-list growth.
	// raft-wal's Close leaves its metadata database open (and locked), so
	// the node owns it and closes it after the log.
	n.meta = &metadb.BoltMetaDB{}
	if n.wal, err = wal.Open(filepath.Join(cfg.Dir, "raft", "wal"), wal.WithMetaStore(n.meta)); err != nil {
		return nil, fmt.Errorf("opening raft log: %w", err)
	}
	snaps, err := raft.NewFileSnapshotStoreWithLogger(filepath.Join(cfg.Dir, "raft"), 2, logger)
	if err != nil {
		return nil, fmt.Errorf("opening snapshots: %w", err)
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return nil, fmt.Errorf("raft address %s: %w", cfg.Addr, err)
	}
	adv := ln.Addr()
	if cfg.Advertise != "" {
		if adv, err = net.ResolveTCPAddr("tcp", cfg.Advertise); err != nil {
			ln.Close()
			return nil, fmt.Errorf("raft advertise address %s: %w", cfg.Advertise, err)
		}
	} else if ip := adv.(*net.TCPAddr).IP; ip.IsUnspecified() {
		ln.Close()
		return nil, fmt.Errorf("raft address %s listens on every interface: give the address peers dial (Config.Advertise)", cfg.Addr)
	}
	n.layer = newStreamLayer(ln, adv, cfg.TLS)
	switch {
	case cfg.Redial == 0:
		n.layer.redialFor = DefaultRedial
	case cfg.Redial > 0:
		n.layer.redialFor = cfg.Redial
	}
	if cfg.TLS == nil {
		key, err := os.ReadFile(SecretFile(cfg.Dir))
		switch {
		case err == nil && len(key) >= 16:
			n.layer.setSecret(key)
		case err == nil:
			return nil, fmt.Errorf("%s is too short to be a cluster secret; copy it from a member of the cluster", SecretFile(cfg.Dir))
		case !errors.Is(err, os.ErrNotExist):
			return nil, fmt.Errorf("reading the cluster secret: %w", err)
		}
	}
	n.trans = raft.NewNetworkTransportWithConfig(&raft.NetworkTransportConfig{
		Stream: n.layer, MaxPool: 5, Timeout: 10 * time.Second, Logger: logger,
	})

	rc := raft.DefaultConfig()
	rc.LocalID = raft.ServerID(cfg.ID)
	rc.HeartbeatTimeout = cfg.Timeout
	rc.ElectionTimeout = cfg.Timeout
	rc.LeaderLeaseTimeout = cfg.Timeout / 2
	rc.CommitTimeout = 5 * time.Millisecond
	rc.Logger = logger
	if cfg.SnapshotEvery > 0 {
		rc.SnapshotThreshold = cfg.SnapshotEvery
		rc.TrailingLogs = cfg.SnapshotEvery
	}
	if n.existing, err = raft.HasExistingState(n.wal, n.wal, snaps); err != nil {
		return nil, fmt.Errorf("reading raft state: %w", err)
	}
	logs := failStopLog{LogStore: n.wal, fail: func(err error) {
		fmt.Fprintf(cfg.Log, "coordinator %s: %v\n", cfg.ID, err)
		n.failure.set(err)
	}}
	if n.Raft, err = raft.NewRaft(rc, raftFSM{m}, logs, n.wal, snaps, n.trans); err != nil {
		return nil, fmt.Errorf("starting raft: %w", err)
	}
	if cfg.TLS == nil && len(n.layer.key()) == 0 && (n.existing || !cfg.Joining) {
		// A new cluster makes its secret. A data directory from before
		// Raft authentication gets one too: every other member needs a
		// copy of the same file.
		if n.existing {
			fmt.Fprintf(cfg.Log, "coordinator %s: made a new cluster secret in %s; copy it to every other member's data directory before they restart\n", cfg.ID, SecretFile(cfg.Dir))
		}
		key := make([]byte, 32)
		if _, err := rand.Read(key); err != nil {
			return nil, fmt.Errorf("making the cluster secret: %w", err)
		}
		if err := n.SetSecret(key); err != nil {
			return nil, err
		}
	}
	if !n.existing && !cfg.Joining {
		boot := raft.Configuration{Servers: []raft.Server{{ID: rc.LocalID, Address: n.trans.LocalAddr()}}}
		if err := n.BootstrapCluster(boot).Error(); err != nil {
			return nil, fmt.Errorf("bootstrapping: %w", err)
		}
	}
	for range proposers {
		n.wg.Add(1)
		go n.proposer()
	}
	return n, nil
}

// Existing reports whether the node found Raft state on disk: it was a
// member before this start.
func (n *Node) Existing() bool { return n.existing }

// Addr is the address peers dial for this node's Raft port.
func (n *Node) Addr() string { return string(n.trans.LocalAddr()) }

// SetSecret installs the cluster secret and keeps it for restarts.
func (n *Node) SetSecret(key []byte) error {
	if err := os.WriteFile(SecretFile(n.cfg.Dir), key, 0o600); err != nil {
		return fmt.Errorf("writing the cluster secret: %w", err)
	}
	n.layer.setSecret(key)
	return nil
}

// Secret is the cluster secret, or nil before the node has one (or with
// mutual TLS).
func (n *Node) Secret() []byte { return n.layer.key() }

// Partition cuts the node's Raft connections, both ways, or mends them:
// for tests of partitions.
func (n *Node) Partition(cut bool) { n.layer.partition(cut) }

// Close stops Raft (bounded: a replication stream stuck on a peer cannot
// hold it) and closes the log.
func (n *Node) Close() error {
	n.closeOnce.Do(func() {
		var errs []error
		n.cancel()
		if n.Raft != nil {
			f := n.Raft.Shutdown()
			// Cut the Raft connections: a replication stream stuck writing
			// to a peer that stopped reading (hashicorp/raft's pipeline
			// waits on it without a deadline) held Shutdown for ten minutes
			// once; a closed connection frees it.
			if n.layer != nil {
				n.layer.partition(true)
			}
			done := make(chan error, 1)
			go func() { done <- f.Error() }()
			select {
			case err := <-done:
				errs = append(errs, err)
			case <-time.After(shutdownTimeout):
				errs = append(errs, fmt.Errorf("raft did not stop within %s", shutdownTimeout))
			}
		}
		if n.trans != nil {
			errs = append(errs, n.trans.Close())
		} else if n.layer != nil {
			errs = append(errs, n.layer.Close())
		}
		n.wg.Wait()
		if n.wal != nil {
			errs = append(errs, n.wal.Close())
		}
		if n.meta != nil {
			errs = append(errs, n.meta.Close())
		}
		n.closeErr = errors.Join(errs...)
	})
	return n.closeErr
}

// WaitLeader waits until the cluster has a leader this node knows of, and
// returns its id.
func (n *Node) WaitLeader(ctx context.Context) (string, error) {
	t := time.NewTicker(20 * time.Millisecond)
	defer t.Stop()
	for {
		if _, id := n.LeaderWithID(); id != "" {
			return string(id), nil
		}
		select {
		case <-ctx.Done():
			return "", fmt.Errorf("waiting for a leader: %w", ctx.Err())
		case <-t.C:
		}
	}
}
