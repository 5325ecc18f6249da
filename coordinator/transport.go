package coordinator

import (
	"crypto/tls"
	"errors"
	"net"
	"sync"
	"time"

	"github.com/hashicorp/raft"
)

// streamLayer is the Raft transport's TCP listener and dialer, with mutual
// TLS when configured (only peers with a certificate from the cluster's CA
// may reach the Raft port). Tests cut it to partition a node.
type streamLayer struct {
	net.Listener
	advertise net.Addr
	tls       *tls.Config

	mu    sync.Mutex
	cut   bool
	conns map[net.Conn]struct{}
}

var _ raft.StreamLayer = (*streamLayer)(nil)

// errPartitioned is what a cut stream layer answers.
var errPartitioned = errors.New("raft transport cut off (partition)")

func newStreamLayer(ln net.Listener, advertise net.Addr, cfg *tls.Config) *streamLayer {
	return &streamLayer{Listener: ln, advertise: advertise, tls: cfg, conns: map[net.Conn]struct{}{}}
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
	d := &net.Dialer{Timeout: timeout}
	var c net.Conn
	var err error
	if s.tls != nil {
		c, err = tls.DialWithDialer(d, "tcp", string(addr), s.tls)
	} else {
		c, err = d.Dial("tcp", string(addr))
	}
	if err != nil {
		return nil, err
	}
	tc := s.track(c)
	if tc == nil {
		c.Close()
		return nil, errPartitioned
	}
	return tc, nil
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
