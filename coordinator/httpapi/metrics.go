package httpapi

import (
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/rendergrid/rendergrid/coordinator/raftnode"
	"github.com/rendergrid/rendergrid/coordinator/state"
)

// Metrics are the node's Prometheus metrics, on a registry of its own so
// that several nodes can share a process (tests, the demo).
type Metrics struct {
	reg      *prometheus.Registry
	fsm      *state.Machine
	raft     atomic.Pointer[raftnode.Node] // set once Raft is open
	leader   prometheus.Gauge
	claims   *prometheus.CounterVec // by outcome: granted, empty
	claimLat prometheus.Histogram
	receipts *prometheus.CounterVec // by outcome: accepted, rejected
	applies  prometheus.Histogram
	batch    prometheus.Histogram
	expired  prometheus.Counter
	requests *prometheus.CounterVec // by code
	handler  http.Handler
}

// NewMetrics are the metrics of a node whose state is m; SetRaft adds
// its Raft node's once open.
func NewMetrics(fsm *state.Machine) *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry(), fsm: fsm}
	m.leader = prometheus.NewGauge(prometheus.GaugeOpts{Name: "rendergrid_raft_leader", Help: "1 while this node leads the cluster."})
	m.claims = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "rendergrid_claims_total", Help: "Claims answered, by outcome (granted, empty)."}, []string{"outcome"})
	m.claimLat = prometheus.NewHistogram(prometheus.HistogramOpts{Name: "rendergrid_claim_seconds", Help: "Time to grant a lease, from request to answer.", Buckets: prometheus.ExponentialBuckets(0.0005, 2, 16)})
	m.applies = prometheus.NewHistogram(prometheus.HistogramOpts{Name: "rendergrid_raft_apply_seconds", Help: "Time to commit and apply one log entry.", Buckets: prometheus.ExponentialBuckets(0.0005, 2, 16)})
	m.batch = prometheus.NewHistogram(prometheus.HistogramOpts{Name: "rendergrid_raft_batch_commands", Help: "Commands packed into one log entry.", Buckets: prometheus.ExponentialBuckets(1, 2, 11)})
	m.expired = prometheus.NewCounter(prometheus.CounterOpts{Name: "rendergrid_leases_expired_total", Help: "Leases that expired without a heartbeat."})
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "rendergrid_http_requests_total", Help: "API requests answered, by status code."}, []string{"code"})
	m.receipts = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "rendergrid_receipts_total", Help: "Receipts answered by this leader, by outcome (accepted, rejected as lies)."}, []string{"outcome"})
	m.reg.MustRegister(m.receipts)
	m.reg.MustRegister(m.leader, m.claims, m.claimLat, m.applies, m.batch, m.expired, m.requests, stateCollector{m})
	m.handler = promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
	return m
}

// stateCollector reports the replicated state at scrape time.
type stateCollector struct{ m *Metrics }

var (
	descJobs    = prometheus.NewDesc("rendergrid_jobs", "Jobs by state.", []string{"state"}, nil)
	descFrames  = prometheus.NewDesc("rendergrid_frames", "Frames (tiles) of active jobs by state.", []string{"state"}, nil)
	descWorkers = prometheus.NewDesc("rendergrid_workers", "Registered workers.", nil, nil)
	descLeases  = prometheus.NewDesc("rendergrid_leases", "Open leases.", nil, nil)
	descApplied = prometheus.NewDesc("rendergrid_raft_applied_index", "Last log index applied to the state machine.", nil, nil)
	descPeers   = prometheus.NewDesc("rendergrid_raft_peers", "Servers in the Raft configuration.", nil, nil)
)

func (stateCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descJobs, descFrames, descWorkers, descLeases, descApplied, descPeers} {
		ch <- d
	}
}

func (c stateCollector) Collect(ch chan<- prometheus.Metric) {
	jobs := map[string]int{}
	var frames [6]int
	var workers, leases int
	var applied uint64
	c.m.fsm.Read(func(s *state.State) {
		for _, j := range s.Jobs {
			jobs[j.State]++
			if state.Active(j.State) {
				frames[0] += j.Counts.Queued
				frames[1] += j.Counts.Leased
				frames[2] += j.Counts.Done
				frames[3] += j.Counts.Failed
				frames[4] += j.Counts.Canceled
				frames[5] += j.Counts.Stuck
			}
		}
		workers, leases = len(s.Workers), len(s.Leases)
	})
	rn := c.m.raft.Load()
	if rn != nil {
		applied = rn.AppliedIndex()
	}
	for _, st := range []string{"queued", "running", "paused", "done", "failed", "canceled"} {
		ch <- prometheus.MustNewConstMetric(descJobs, prometheus.GaugeValue, float64(jobs[st]), st)
	}
	for i, st := range []string{"queued", "leased", "done", "failed", "canceled", "stuck"} {
		ch <- prometheus.MustNewConstMetric(descFrames, prometheus.GaugeValue, float64(frames[i]), st)
	}
	ch <- prometheus.MustNewConstMetric(descWorkers, prometheus.GaugeValue, float64(workers))
	ch <- prometheus.MustNewConstMetric(descLeases, prometheus.GaugeValue, float64(leases))
	ch <- prometheus.MustNewConstMetric(descApplied, prometheus.CounterValue, float64(applied))
	peers := 0
	if rn != nil {
		if f := rn.GetConfiguration(); f.Error() == nil {
			peers = len(f.Configuration().Servers)
		}
	}
	ch <- prometheus.MustNewConstMetric(descPeers, prometheus.GaugeValue, float64(peers))
}

// countRequest records an answered request's status.
func (m *Metrics) countRequest(code int) { m.requests.WithLabelValues(strconv.Itoa(code)).Inc() }

// SetRaft adds the Raft node's figures (applied index, peers).
func (m *Metrics) SetRaft(r *raftnode.Node) { m.raft.Store(r) }

// SetLeader records whether this node leads.
func (m *Metrics) SetLeader(leading bool) {
	v := 0.0
	if leading {
		v = 1
	}
	m.leader.Set(v)
}

// ObserveApply records one committed log entry.
func (m *Metrics) ObserveApply(took time.Duration, commands int) {
	m.applies.Observe(took.Seconds())
	m.batch.Observe(float64(commands))
}

// Expired counts leases that expired without a heartbeat.
func (m *Metrics) Expired(n int) { m.expired.Add(float64(n)) }
