package raftnode

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"syscall"
	"time"

	"github.com/hashicorp/raft"
)

// streamLayer is the Raft transport's TCP listener and dialer: with mutual
// TLS when configured (only peers with a certificate from the cluster's CA
// may reach the Raft port), else authenticated by the cluster secret. Tests
// cut it to partition a node.
type streamLayer struct {
	net.Listener
	advertise net.Addr
	tls       *tls.Config

	mu     sync.Mutex
	cut    bool
	conns  map[net.Conn]struct{}
	secret []byte // without TLS; empty refuses every connection

	redialFor time.Duration
	done      chan struct{} // closed by Close: redials stop
	closeOnce sync.Once
}

var _ raft.StreamLayer = (*streamLayer)(nil)

// errPartitioned is what a cut stream layer answers.
var errPartitioned = errors.New("raft transport cut off (partition)")

func newStreamLayer(ln net.Listener, advertise net.Addr, cfg *tls.Config) *streamLayer {
	return &streamLayer{Listener: ln, advertise: advertise, tls: cfg, conns: map[net.Conn]struct{}{}, done: make(chan struct{})}
}

// Close stops accepting peers and ends any redial in progress.
func (s *streamLayer) Close() error {
	s.closeOnce.Do(func() { close(s.done) })
	return s.Listener.Close()
}

// Accept waits for the next peer; with TLS the handshake, which checks
// the peer's certificate, happens on first use.
func (s *streamLayer) Accept() (net.Conn, error) {
	for {
		c, err := s.Listener.Accept()
		if err != nil {
			return nil, err
		}
		if s.tls != nil {
			c = tls.Server(c, s.tls)
		} else {
			c = &authConn{Conn: c, key: s.key()}
		}
		if tc := s.track(c); tc != nil {
			return tc, nil
		}
		c.Close()
	}
}

// Dial connects to a peer's Raft port.
func (s *streamLayer) Dial(addr raft.ServerAddress, timeout time.Duration) (net.Conn, error) {
	s.mu.Lock()
	cut := s.cut
	s.mu.Unlock()
	if cut {
		return nil, errPartitioned
	}
	d := &net.Dialer{Timeout: timeout, LocalAddr: s.source()}
	c, err := s.redial(d, string(addr), timeout)
	if err != nil {
		return nil, err
	}
	if s.tls != nil {
		cfg := s.tls
		if cfg.ServerName == "" {
			cfg = cfg.Clone()
			cfg.ServerName, _, _ = net.SplitHostPort(string(addr))
		}
		tc := tls.Client(c, cfg)
		tc.SetDeadline(time.Now().Add(timeout))
		if err := tc.Handshake(); err != nil {
			c.Close()
			return nil, err
		}
		tc.SetDeadline(time.Time{})
		c = tc
	} else if err := clientHandshake(c, s.key()); err != nil {
		c.Close()
		return nil, err
	}
	tc := s.track(c)
	if tc == nil {
		c.Close()
		return nil, errPartitioned
	}
	return tc, nil
}

// DefaultRedial is how long a dial waits out a peer that refuses
// connections (its process restarting), trying every redialEvery.
// hashicorp/raft backs off exponentially after each failed RPC to a peer,
// up to 10 s, and a fast refusal is a failure every few milliseconds: a
// follower down for 3 s otherwise waited several seconds more, after it
// was back, for the leader to try again (BenchmarkFollowerRestart).
const DefaultRedial = 2 * time.Second

const redialEvery = 50 * time.Millisecond

// redial dials addr, trying again while the peer refuses the connection,
// for up to s.redialFor (within timeout), until the layer closes.
func (s *streamLayer) redial(d *net.Dialer, addr string, timeout time.Duration) (net.Conn, error) {
	deadline := time.Now().Add(min(timeout, s.redialFor))
	for {
		c, err := d.Dial("tcp", addr)
		if err == nil || !errors.Is(err, syscall.ECONNREFUSED) || time.Now().Add(redialEvery).After(deadline) {
			return c, err
		}
		select {
		case <-s.done:
			return nil, err
		case <-time.After(redialEvery):
		}
	}
}

// source is the address to dial peers from: a node bound to a loopback
// address (127.0.0.2, say) dials from that address too, so that nodes
// sharing one host can be told apart by their peers' source address (the
// chaos suite partitions them by it). Otherwise the kernel chooses.
func (s *streamLayer) source() net.Addr {
	if a, ok := s.Listener.Addr().(*net.TCPAddr); ok && a.IP.IsLoopback() {
		return &net.TCPAddr{IP: a.IP}
	}
	return nil
}

// Addr is the address peers dial.
func (s *streamLayer) Addr() net.Addr {
	if s.advertise != nil {
		return s.advertise
	}
	return s.Listener.Addr()
}

// track records c so that a partition can close it; nil when cut.
func (s *streamLayer) track(c net.Conn) net.Conn {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cut {
		return nil
	}
	tc := &trackedConn{Conn: c, s: s}
	s.conns[tc] = struct{}{}
	return tc
}

type trackedConn struct {
	net.Conn
	s *streamLayer
}

func (c *trackedConn) Close() error {
	c.s.mu.Lock()
	delete(c.s.conns, c)
	c.s.mu.Unlock()
	return c.Conn.Close()
}

// partition cuts (or heals) this node's Raft traffic: every open
// connection closes, and no new one is made or accepted until healed.
func (s *streamLayer) partition(cut bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cut = cut
	if cut {
		for c := range s.conns {
			c.(*trackedConn).Conn.Close()
		}
		clear(s.conns)
	}
}

// Without mutual TLS, every Raft connection is authenticated with the
// cluster secret (made at bootstrap, handed to joiners with the join, kept
// in DataDir/raft.secret): each side proves it holds the secret by an HMAC
// over both sides' fresh nonces, so a stranger on the Raft port can neither
// append entries, ask for votes nor install a snapshot, and a recorded
// handshake cannot be replayed. The traffic itself is not encrypted; mutual
// TLS does that.

// raftMagic opens every authenticated Raft connection.
const raftMagic = "rendergrid-raft/1\n"

// handshakeTimeout bounds the authentication of one connection.
const handshakeTimeout = 5 * time.Second

// errRaftAuth is returned when a peer fails (or does not attempt) the
// cluster-secret handshake.
var errRaftAuth = errors.New("raft peer failed the cluster-secret handshake")

// setSecret installs the cluster secret (nil: refuse every connection).
func (s *streamLayer) setSecret(key []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.secret = append([]byte(nil), key...)
}

func (s *streamLayer) key() []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.secret
}

func handshakeMAC(key []byte, side string, nc, ns []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(side))
	m.Write(nc)
	m.Write(ns)
	return m.Sum(nil)
}

// clientHandshake authenticates a dialled connection.
func clientHandshake(c net.Conn, key []byte) error {
	if len(key) == 0 {
		return fmt.Errorf("%w: this node has no cluster secret yet", errRaftAuth)
	}
	c.SetDeadline(time.Now().Add(handshakeTimeout))
	defer c.SetDeadline(time.Time{})
	nc := make([]byte, 16)
	rand.Read(nc)
	if _, err := c.Write(append([]byte(raftMagic), nc...)); err != nil {
		return err
	}
	reply := make([]byte, 16+sha256.Size)
	if _, err := io.ReadFull(c, reply); err != nil {
		return fmt.Errorf("%w: %v", errRaftAuth, err)
	}
	ns := reply[:16]
	if !hmac.Equal(reply[16:], handshakeMAC(key, "server", nc, ns)) {
		return fmt.Errorf("%w: the peer does not hold this cluster's secret", errRaftAuth)
	}
	_, err := c.Write(handshakeMAC(key, "client", nc, ns))
	return err
}

// serverHandshake authenticates an accepted connection.
func serverHandshake(c net.Conn, key []byte) error {
	if len(key) == 0 {
		return fmt.Errorf("%w: this node has no cluster secret yet", errRaftAuth)
	}
	c.SetDeadline(time.Now().Add(handshakeTimeout))
	defer c.SetDeadline(time.Time{})
	hello := make([]byte, len(raftMagic)+16)
	if _, err := io.ReadFull(c, hello); err != nil {
		return fmt.Errorf("%w: %v", errRaftAuth, err)
	}
	if string(hello[:len(raftMagic)]) != raftMagic {
		return fmt.Errorf("%w: the peer did not start one (an unauthenticated Raft client?)", errRaftAuth)
	}
	nc := hello[len(raftMagic):]
	ns := make([]byte, 16)
	rand.Read(ns)
	if _, err := c.Write(append(ns, handshakeMAC(key, "server", nc, ns)...)); err != nil {
		return err
	}
	mac := make([]byte, sha256.Size)
	if _, err := io.ReadFull(c, mac); err != nil {
		return fmt.Errorf("%w: %v", errRaftAuth, err)
	}
	if !hmac.Equal(mac, handshakeMAC(key, "client", nc, ns)) {
		return fmt.Errorf("%w: the peer does not hold this cluster's secret", errRaftAuth)
	}
	return nil
}

// authConn runs the server handshake on first use, in the transport's
// per-connection goroutine, so a slow or silent stranger cannot stall the
// accept loop.
type authConn struct {
	net.Conn
	key  []byte
	once sync.Once
	err  error
}

func (c *authConn) auth() error {
	c.once.Do(func() {
		if c.err = serverHandshake(c.Conn, c.key); c.err != nil {
			c.Conn.Close()
		}
	})
	return c.err
}

func (c *authConn) Read(b []byte) (int, error) {
	if err := c.auth(); err != nil {
		return 0, err
	}
	return c.Conn.Read(b)
}

func (c *authConn) Write(b []byte) (int, error) {
	if err := c.auth(); err != nil {
		return 0, err
	}
	return c.Conn.Write(b)
}
