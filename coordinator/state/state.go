package state

import (
	"fmt"
	"maps"
	"slices"
	"sort"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/chain"
)

// Tunables of the state machine.
const (
	// logTail is how many log lines a frame keeps.
	LogTail = 50
	// requestWindowMS is how long an idempotency key is remembered: well
	// past api.DefaultRetryFor, the longest a client retries one call.
	requestWindowMS = 5 * 60 * 1000
	// maxRequests bounds the idempotency keys remembered past
	// minRequestMS: under load the window shrinks from five minutes to
	// one, still twice the longest a client retries one call.
	maxRequests  = 1 << 16
	minRequestMS = 60 * 1000
	// activeWorkerMS: a worker seen this recently counts for chunk auto.
	ActiveWorkerMS = 60 * 1000
	// targetTaskMS is what chunk auto aims a lease's render time at.
	targetTaskMS = 120 * 1000
	// maxAutoChunk caps chunk auto.
	maxAutoChunk = 16
)

// state is everything the cluster agrees on. It is changed only by apply
// (fsm.go), read under the FSM's lock, and serialized whole in snapshots.
// Jobs and Requests come first: a snapshot shares them and writes them in
// front of the rest (see Snapshot).
// Fields tagged json:"-" are derived and rebuilt by rebuild.
type State struct {
	Jobs      map[string]*Job              `json:"jobs"`
	Requests  map[string]Request           `json:"requests"` // idempotency keys
	JobSeq    uint64                       `json:"job_seq"`
	Leases    map[uint64]*Lease            `json:"leases"`
	NextLease uint64                       `json:"next_lease"`
	Workers   map[string]*Worker           `json:"workers"`
	Tokens    map[string]Token             `json:"tokens"`            // sha256 of the token, hex
	Revoked   map[string]int64             `json:"revoked,omitempty"` // token hash -> when: never let back in
	Nonces    map[string]int64             `json:"nonces,omitempty"`  // registration challenges used, by time
	Nodes     map[string]api.JoinRequest   `json:"nodes"`
	Now       int64                        `json:"now"` // time of the last command
	Ledger    *chain.Ledger                `json:"ledger"`
	Users     map[string]string            `json:"users"`              // user name -> bound account address
	Signers   map[string]string            `json:"signers"`            // coordinator signing address -> node id, never forgotten
	ChainID   uint64                       `json:"chain_id"`           // set once, by the first leader
	FeeBPS    uint64                       `json:"fee_bps"`            // network fee of jobs submitted from now on
	PeerKey   string                       `json:"peer_key,omitempty"` // see configBody.PeerKey
	Chain     *OnChain                     `json:"chain,omitempty"`
	NFTs      map[uint64]*api.NFT          `json:"nfts"`
	Minted    map[string]uint64            `json:"minted"` // FrameKey -> token id
	Archived  map[string]ArchivedJob       `json:"archived,omitempty"`
	Uploads   map[string]map[string]stored `json:"uploads,omitempty"` // user -> root CID: what counts against --quota-bytes
	Dropped   map[string]int64             `json:"dropped,omitempty"` // root CID -> when its last upload record was removed

	order    []string // active jobs by priority, then age
	reqOrder []string // idempotency keys, oldest first
	// gen counts snapshots taken. A job whose gen is older may be shared
	// with a snapshot still being written, and apply changes only a copy
	// of it (see job).
	gen uint64
}

// job is a submitted job and its units (frames × tiles).
type Job struct {
	ID        string          `json:"id"`
	Owner     string          `json:"owner"`
	Spec      api.JobSpec     `json:"spec"`
	Retry     api.RetryPolicy `json:"retry"`
	State     string          `json:"state"`
	Priority  int             `json:"priority"`
	Seq       uint64          `json:"seq"`
	Submitted int64           `json:"submitted"`
	Finished  int64           `json:"finished,omitempty"`
	Units     []unit          `json:"units"`
	Fails     map[string]int  `json:"fails,omitempty"`   // failed units per worker
	Blocked   map[string]bool `json:"blocked,omitempty"` // blocklisted workers
	DoneMS    int64           `json:"done_ms"`           // render time of done units
	Counts    api.Counts      `json:"counts"`
	Reason    string          `json:"reason,omitempty"`
	FeeBPS    uint64          `json:"fee_bps"`
	Log       []string        `json:"log,omitempty"`   // job events: verification verdicts
	Chain     *JobEscrow      `json:"chain,omitempty"` // evm mode: the job's escrow on chain

	queue unitHeap // queued unit indices, lowest first (lazy: entries may be stale)
	gen   uint64   // the state's gen when this copy was made
}

// unit is one frame, or one tile of a frame.
type unit struct {
	State       string   `json:"state"`
	Worker      string   `json:"worker,omitempty"`
	Lease       uint64   `json:"lease,omitempty"`
	Attempts    int      `json:"attempts,omitempty"`
	FailedOn    []string `json:"failed_on,omitempty"`
	Output      string   `json:"output,omitempty"`
	Samples     int64    `json:"samples,omitempty"`
	RenderMS    int64    `json:"render_ms,omitempty"`
	Engine      string   `json:"engine,omitempty"`
	Started     int64    `json:"started,omitempty"`
	Finished    int64    `json:"finished,omitempty"`
	Stuck       bool     `json:"stuck,omitempty"`
	Error       string   `json:"error,omitempty"`
	PHash       string   `json:"phash,omitempty"`    // an AI frame's perceptual hash
	Denoised    string   `json:"denoised,omitempty"` // CID of the denoised PNG
	Log         []string `json:"log,omitempty"`
	Completions int      `json:"completions,omitempty"` // accepted completions: 0 or 1
	// Need is 2 for a unit the redundant policy renders twice.
	Need int `json:"need,omitempty"`
	// Pending is the first of two renders, held unpaid until the second
	// agrees with it.
	Pending *chain.Signed `json:"pending,omitempty"`
	// PendingDenoised is the held render's denoised PNG.
	PendingDenoised string         `json:"pending_denoised,omitempty"`
	Receipts        []chain.Signed `json:"receipts,omitempty"`
}

// Lease is work granted to one worker.
type Lease struct {
	ID      uint64 `json:"id"`
	Job     string `json:"job"`
	Worker  string `json:"worker"`
	Units   []int  `json:"units"` // unit indices still open under this lease
	Granted int64  `json:"granted"`
}

// worker is a registered worker.
type Worker struct {
	Caps       api.Capabilities        `json:"caps"`
	Registered int64                   `json:"registered"`
	LastSeen   int64                   `json:"last_seen"`
	TokenHash  string                  `json:"token_hash"`
	Done       int                     `json:"done"`
	Failed     int                     `json:"failed"`
	Earnings   map[string]*api.Earning `json:"earnings,omitempty"` // by job
	// Owner is the user of the enrolment token that registered it: the GPU
	// owner, who sees it in the dashboard and may pause it.
	Owner string `json:"owner,omitempty"`
	// Paused: the farm gives it no new work (its running frames finish).
	Paused bool `json:"paused,omitempty"`
}

// principal is who a token belongs to.
type Principal struct {
	User string `json:"user"` // user name, or worker id for RoleWorker
	Role string `json:"role"`
}

// token is an API token's holder and limits. The embedded principal keeps
// the user and role at the top level of its JSON.
type Token struct {
	Principal
	Created int64 `json:"created,omitempty"` // unix ms
	Expires int64 `json:"expires,omitempty"` // unix ms; 0: never
	// Uses is how many more registrations an enrol token allows (0:
	// unlimited); the token is removed when its last use is spent.
	Uses int `json:"uses,omitempty"`
}

// expired reports whether t has expired at now (unix ms).
func (t Token) Expired(now int64) bool { return t.Expires != 0 && now >= t.Expires }

// tokenID is the short id a token is listed and revoked by: the first
// 12 hex digits of its hash.
func TokenID(hash string) string { return hash[:min(len(hash), 12)] }

// request remembers the outcome of an idempotent command.
type Request struct {
	At     int64  `json:"at"`
	Result []byte `json:"result,omitempty"`
	Err    *Error `json:"err,omitempty"`
	Bind   string `json:"bind,omitempty"` // see command.Bind
	// Unit stands for Result when the outcome was a frame: the answer is
	// that frame as it is now, so the table does not hold a copy of each
	// accepted frame's log and receipts.
	Unit *api.Unit `json:"unit,omitempty"`
	Job  string    `json:"job,omitempty"`
}

func newState() *State {
	return &State{
		Jobs:     map[string]*Job{},
		Leases:   map[uint64]*Lease{},
		Workers:  map[string]*Worker{},
		Tokens:   map[string]Token{},
		Revoked:  map[string]int64{},
		Archived: map[string]ArchivedJob{},
		Uploads:  map[string]map[string]stored{},
		Dropped:  map[string]int64{},
		Nonces:   map[string]int64{},
		Nodes:    map[string]api.JoinRequest{},
		Requests: map[string]Request{},
		Ledger:   chain.NewLedger(),
		Users:    map[string]string{},
		Signers:  map[string]string{},
		NFTs:     map[uint64]*api.NFT{},
		Minted:   map[string]uint64{},
	}
}

// job returns job id for apply to change, or nil. A job shared with a
// snapshot (its gen is older than the state's) is first replaced by a copy,
// so that Persist encodes the job as it was when the snapshot was taken
// while later commands apply. Readers use s.Jobs directly.
func (s *State) job(id string) *Job {
	j := s.Jobs[id]
	if j == nil || j.gen == s.gen {
		return j
	}
	c := j.clone()
	c.gen = s.gen
	s.Jobs[id] = c
	return c
}

// clone copies everything of j that apply changes in place: the units and
// the maps. Slices that apply only appends to or replaces (logs, receipts,
// failed-on lists) share their arrays: an append to the copy writes past
// the end the shared job sees.
func (j *Job) clone() *Job {
	c := *j
	c.Units = slices.Clone(j.Units)
	c.Fails = maps.Clone(j.Fails)
	c.Blocked = maps.Clone(j.Blocked)
	c.queue = slices.Clone(j.queue)
	if j.Chain != nil {
		ch := *j.Chain
		ch.Owed = maps.Clone(j.Chain.Owed)
		ch.Paid = maps.Clone(j.Chain.Paid)
		c.Chain = &ch
	}
	return &c
}

// rebuild recomputes the derived fields after a restore.
func (s *State) rebuild() {
	if s.Archived == nil {
		s.Archived = map[string]ArchivedJob{}
	}
	if s.Revoked == nil {
		s.Revoked = map[string]int64{}
	}
	if s.Uploads == nil {
		s.Uploads = map[string]map[string]stored{}
	}
	if s.Dropped == nil {
		s.Dropped = map[string]int64{}
	}
	if s.Nonces == nil {
		s.Nonces = map[string]int64{}
	}
	if s.NFTs == nil {
		s.NFTs = map[uint64]*api.NFT{}
	}
	if s.Minted == nil {
		s.Minted = map[string]uint64{}
	}
	s.order = s.order[:0]
	for id, j := range s.Jobs {
		j.queue = j.queue[:0]
		for i := range j.Units {
			if j.Units[i].State == api.FrameQueued {
				j.queue = append(j.queue, i)
			}
		}
		j.queue.init()
		if Active(j.State) {
			s.order = append(s.order, id)
		}
	}
	s.sortOrder()
	s.reqOrder = s.reqOrder[:0]
	for k := range s.Requests {
		s.reqOrder = append(s.reqOrder, k)
	}
	sort.Slice(s.reqOrder, func(a, b int) bool {
		ra, rb := s.Requests[s.reqOrder[a]], s.Requests[s.reqOrder[b]]
		if ra.At != rb.At {
			return ra.At < rb.At
		}
		return s.reqOrder[a] < s.reqOrder[b]
	})
}

// remember records the outcome of a keyed command, and forgets the keys
// older than the window, or past maxRequests: oldest first, so each apply
// does only the work of the keys that expire.
func (s *State) remember(key string, r Request) {
	s.Requests[key] = r
	s.reqOrder = append(s.reqOrder, key)
	for len(s.reqOrder) > 0 {
		old, ok := s.Requests[s.reqOrder[0]]
		age := s.Now - old.At
		if ok && age <= requestWindowMS && (len(s.Requests) <= maxRequests || age <= minRequestMS) {
			break
		}
		delete(s.Requests, s.reqOrder[0])
		s.reqOrder = s.reqOrder[1:]
	}
}

// active reports whether a job in this state can still get work done.
func Active(st string) bool {
	return st == api.JobQueued || st == api.JobRunning || st == api.JobPaused
}

// sortOrder sorts the active jobs by priority (higher first), then age.
func (s *State) sortOrder() {
	sort.Slice(s.order, func(a, b int) bool {
		ja, jb := s.Jobs[s.order[a]], s.Jobs[s.order[b]]
		if ja.Priority != jb.Priority {
			return ja.Priority > jb.Priority
		}
		return ja.Seq < jb.Seq
	})
}

// dropOrder removes a job that is no longer active from the order.
func (s *State) dropOrder(id string) {
	if i := slices.Index(s.order, id); i >= 0 {
		s.order = slices.Delete(s.order, i, i+1)
	}
}

// tiles is how many units each frame of j has.
func (j *Job) Tiles() int { return j.Spec.Tiles() }

// unitOf maps a unit's frame and tile to its index, or -1.
func (j *Job) UnitOf(u api.Unit) int {
	t := j.Tiles()
	if u.Frame < j.Spec.FrameStart || u.Frame > j.Spec.FrameEnd || u.Tile < 0 || u.Tile >= t {
		return -1
	}
	return (u.Frame-j.Spec.FrameStart)*t + u.Tile
}

// unitAt is the frame and tile of unit index i.
func (j *Job) unitAt(i int) api.Unit {
	t := j.Tiles()
	return api.Unit{Frame: j.Spec.FrameStart + i/t, Tile: i % t}
}

// region is the pixel rectangle of a tile, or zero for a whole frame.
func (j *Job) region(tile int) [4]int { return j.Spec.TileRegion(tile) }

// setUnit moves unit i to a new state, keeping the counts.
func (j *Job) setUnit(i int, st string) {
	u := &j.Units[i]
	j.Counts = adjust(j.Counts, u.State, -1)
	if u.Stuck {
		j.Counts.Stuck--
		u.Stuck = false
	}
	u.State = st
	j.Counts = adjust(j.Counts, st, +1)
	if st == api.FrameQueued {
		j.queue.push(i)
	}
}

func adjust(c api.Counts, st string, d int) api.Counts {
	switch st {
	case api.FrameQueued:
		c.Queued += d
	case api.FrameLeased:
		c.Leased += d
	case api.FrameDone:
		c.Done += d
	case api.FrameFailed:
		c.Failed += d
	case api.FrameCanceled:
		c.Canceled += d
	}
	return c
}

// logf appends a line to a unit's log tail.
func (u *unit) logf(now int64, format string, args ...any) {
	u.appendLog([]string{fmt.Sprintf("%s "+format, append([]any{stamp(now)}, args...)...)})
}

func (u *unit) appendLog(lines []string) {
	u.Log = append(u.Log, lines...)
	if n := len(u.Log) - LogTail; n > 0 {
		u.Log = slices.Clone(u.Log[n:])
	}
}

// logf appends a line to the job's log tail.
func (j *Job) logf(now int64, format string, args ...any) {
	j.Log = append(j.Log, fmt.Sprintf("%s "+format, append([]any{stamp(now)}, args...)...))
	if n := len(j.Log) - LogTail; n > 0 {
		j.Log = slices.Clone(j.Log[n:])
	}
}

// view renders a job for the API, with its escrow from l.
func (j *Job) View(l *chain.Ledger) api.Job {
	v := api.Job{
		ID: j.ID, Owner: j.Owner, Spec: j.Spec, Retry: j.Retry, State: j.State, Priority: j.Priority,
		Submitted: j.Submitted, Finished: j.Finished, Units: len(j.Units), Counts: j.Counts, Reason: j.Reason,
		FeeBPS: j.FeeBPS, Log: slices.Clone(j.Log), Funding: j.fundingView(),
	}
	if e := l.Escrows[j.ID]; e != nil {
		v.Escrow = &api.Escrow{Payer: e.Payer, Locked: e.Locked, Paid: e.Paid, Fees: e.Fees, Refunded: e.Refunded, Left: e.Left()}
	}
	for w, b := range j.Blocked {
		if b {
			v.Blocklist = append(v.Blocklist, w)
		}
	}
	sort.Strings(v.Blocklist)
	return v
}

// frameView renders unit i of j for the API.
func (j *Job) FrameView(i int) api.Frame {
	u := &j.Units[i]
	at := j.unitAt(i)
	f := api.Frame{
		Job: j.ID, Frame: at.Frame, Tile: at.Tile, Region: j.region(at.Tile), State: u.State, Worker: u.Worker,
		Lease: u.Lease, Attempts: u.Attempts, FailedOn: slices.Clone(u.FailedOn), Output: u.Output, Denoised: u.Denoised,
		Samples: u.Samples, RenderMS: u.RenderMS, Engine: u.Engine, Started: u.Started, Finished: u.Finished,
		Stuck: u.Stuck, Error: u.Error, Receipts: slices.Clone(u.Receipts), Meta: j.Spec.FrameMeta(at.Frame),
	}
	if f.Meta != nil && u.PHash != "" {
		f.Meta["phash"] = u.PHash
	}
	return f
}

// unitHeap is a min-heap of unit indices.
type unitHeap []int

func (h *unitHeap) init() {
	for i := len(*h)/2 - 1; i >= 0; i-- {
		h.down(i)
	}
}

func (h *unitHeap) push(v int) {
	*h = append(*h, v)
	i := len(*h) - 1
	for i > 0 {
		p := (i - 1) / 2
		if (*h)[p] <= (*h)[i] {
			break
		}
		(*h)[p], (*h)[i] = (*h)[i], (*h)[p]
		i = p
	}
}

func (h *unitHeap) pop() (int, bool) {
	n := len(*h)
	if n == 0 {
		return 0, false
	}
	v := (*h)[0]
	(*h)[0] = (*h)[n-1]
	*h = (*h)[:n-1]
	h.down(0)
	return v, true
}

func (h unitHeap) down(i int) {
	n := len(h)
	for {
		l := 2*i + 1
		if l >= n {
			return
		}
		m := l
		if r := l + 1; r < n && h[r] < h[l] {
			m = r
		}
		if h[i] <= h[m] {
			return
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
}
