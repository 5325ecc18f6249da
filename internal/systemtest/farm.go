package systemtest

import (
	"context"
	"io"
	"testing"
	"time"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/coordinator"
	"github.com/rendergrid/rendergrid/ipfs"
	"github.com/rendergrid/rendergrid/render"
	"github.com/rendergrid/rendergrid/render/cpu"
	"github.com/rendergrid/rendergrid/worker"
)

// Farm is a one-coordinator cluster with an artist ("ana") and an
// enrolment token, for tests that drive the farm as its users do.
type Farm struct {
	*Cluster
	Node   *coordinator.Node
	Artist string // ana's API token
	Enrol  string // an enrolment token for workers
}

// StartFarm starts a one-node cluster (leases live 2 s) and makes the
// artist's and the enrolment tokens.
func StartFarm(t testing.TB, tweak ...func(*coordinator.Config)) *Farm {
	t.Helper()
	c := StartCluster(t, 1, func(cfg *coordinator.Config) {
		cfg.LeaseTTL = 2 * time.Second
		for _, f := range tweak {
			f(cfg)
		}
	})
	f := &Farm{Cluster: c, Node: c.Nodes[0]}
	f.Artist = c.Token("ana", api.RoleArtist)
	f.Enrol = c.Token("farm", api.RoleEnrol)
	return f
}

// StartWorker runs a real worker with the cpu engine, configured further
// by tweak, until the test ends. cancel stops it; done is closed once it
// has stopped and closed.
func (f *Farm) StartWorker(t testing.TB, tweak func(*worker.Config)) (w *worker.Worker, cancel context.CancelFunc, done chan struct{}) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	cfg := worker.Config{Coordinators: []string{f.Node.URL()}, EnrolToken: f.Enrol, DataDir: t.TempDir(),
		Engines: []render.Renderer{&cpu.Engine{}}, ClaimWait: 200 * time.Millisecond, DrainTimeout: time.Second,
		Store: ipfs.Options{NoSync: true}, Log: io.Discard}
	if tweak != nil {
		tweak(&cfg)
	}
	w, err := worker.New(ctx, cfg)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	done = make(chan struct{})
	go func() { w.Run(ctx); w.Close(); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return w, cancel, done
}
