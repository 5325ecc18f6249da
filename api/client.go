package api

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ipfs/go-cid"

	"github.com/rendergrid/rendergrid/chain"
)

// DefaultRetryFor is how long a Client keeps retrying a call that no
// coordinator could answer (a failover takes a second or two).
const DefaultRetryFor = 30 * time.Second

// Client calls the coordinator API. It knows several coordinator URLs and
// moves to the next when one is down or has no leader; every POST carries
// an Idempotency-Key, so a retry after an unknown outcome is safe.
type Client struct {
	Token    string
	HTTP     *http.Client
	RetryFor time.Duration

	mu   sync.Mutex
	urls []string
	cur  int
}

// NewClient returns a client of the coordinators at urls.
func NewClient(urls []string, token string, hc *http.Client) (*Client, error) {
	var clean []string
	for _, u := range urls {
		for _, part := range strings.Split(u, ",") {
			part = strings.TrimRight(strings.TrimSpace(part), "/")
			if part == "" {
				continue
			}
			p, err := url.Parse(part)
			if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
				return nil, fmt.Errorf("coordinator URL %q: want http://host:port or https://host:port", part)
			}
			clean = append(clean, part)
		}
	}
	if len(clean) == 0 {
		return nil, errors.New("no coordinator URL given")
	}
	if hc == nil {
		hc = &http.Client{}
	}
	return &Client{Token: token, HTTP: hc, RetryFor: DefaultRetryFor, urls: clean}, nil
}

// URLs are the coordinators the client knows.
func (c *Client) URLs() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.urls)
}

// URL is the coordinator the client talks to now.
func (c *Client) URL() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.urls[c.cur]
}

func (c *Client) next(failed string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.urls[c.cur] == failed {
		c.cur = (c.cur + 1) % len(c.urls)
	}
}

// Discover adds the API URLs of every cluster member to the client's list,
// so that it can fail over to nodes it was not told about.
func (c *Client) Discover(ctx context.Context) error {
	cl, err := c.Cluster(ctx)
	if err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, n := range cl.Nodes {
		if n.HTTP != "" && !slices.Contains(c.urls, n.HTTP) {
			c.urls = append(c.urls, n.HTTP)
		}
	}
	return nil
}

// ErrUnreachable is what a call returns when no coordinator answered it
// within the client's RetryFor.
var ErrUnreachable = errors.New("no coordinator answered")

// retryable reports whether another coordinator might answer: one that is
// down or behind a proxy that is, or one whose disk is full (another may
// have room).
func retryable(status int) bool {
	return status == http.StatusServiceUnavailable || status == http.StatusBadGateway || status == http.StatusGatewayTimeout ||
		status == http.StatusInsufficientStorage
}

// newKey returns a fresh idempotency key.
func newKey() string {
	var b [12]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// do sends one call, retrying on other coordinators while none can answer.
// body, when not nil, makes the request body anew for each try.
func (c *Client) do(ctx context.Context, method, path string, body func() (io.Reader, error), contentType string, out any) (int, error) {
	key := ""
	if method == http.MethodPost {
		key = newKey()
	}
	start := time.Now()
	backoff := 50 * time.Millisecond
	var last error
	for {
		base := c.URL()
		status, err := c.once(ctx, method, base+path, key, body, contentType, out)
		if err == nil {
			return status, nil
		}
		var apiErr *Error
		if errors.As(err, &apiErr) && !retryable(apiErr.Status) {
			return status, err
		}
		if ctx.Err() != nil {
			return 0, ctx.Err()
		}
		last = err
		c.next(base)
		if time.Since(start) > c.RetryFor {
			return 0, fmt.Errorf("%w for %s (tried %s): %w", ErrUnreachable, c.RetryFor, strings.Join(c.URLs(), ", "), last)
		}
		select {
		case <-ctx.Done():
			return 0, ctx.Err()
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, time.Second)
	}
}

func (c *Client) once(ctx context.Context, method, u, key string, body func() (io.Reader, error), contentType string, out any) (int, error) {
	var rd io.Reader
	if body != nil {
		var err error
		if rd, err = body(); err != nil {
			return 0, &Error{Status: 400, Code: "bad_request", Message: err.Error()}
		}
		if cl, ok := rd.(io.Closer); ok {
			defer cl.Close()
		}
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return 0, &Error{Status: 400, Code: "bad_request", Message: err.Error()}
	}
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		e := &Error{Status: resp.StatusCode}
		data, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
		if json.Unmarshal(data, e) != nil || e.Message == "" {
			e.Message = fmt.Sprintf("%s answered %s: %s", u, resp.Status, bytes.TrimSpace(data))
		}
		return resp.StatusCode, e
	}
	if out != nil && resp.StatusCode != http.StatusNoContent {
		if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
			return resp.StatusCode, fmt.Errorf("decoding the answer of %s: %w", u, err)
		}
	}
	return resp.StatusCode, nil
}

func jsonBody(v any) func() (io.Reader, error) {
	b, err := json.Marshal(v)
	return func() (io.Reader, error) { return bytes.NewReader(b), err }
}

func (c *Client) get(ctx context.Context, path string, out any) error {
	_, err := c.do(ctx, http.MethodGet, path, nil, "", out)
	return err
}

func (c *Client) post(ctx context.Context, path string, in, out any) (int, error) {
	return c.do(ctx, http.MethodPost, path, jsonBody(in), "application/json", out)
}

// Submit submits a job.
func (c *Client) Submit(ctx context.Context, spec JobSpec) (Job, error) {
	var j Job
	_, err := c.post(ctx, "/api/v1/jobs", spec, &j)
	return j, err
}

// Jobs lists the caller's jobs (every job for an admin), newest first,
// optionally only those in one state.
func (c *Client) Jobs(ctx context.Context, state string) ([]Job, error) {
	var out []Job
	q := ""
	if state != "" {
		q = "?state=" + url.QueryEscape(state)
	}
	return out, c.get(ctx, "/api/v1/jobs"+q, &out)
}

// JobsWithArchived is Jobs with the archived jobs too (summaries: their
// Archive field names the CID that Job reads).
func (c *Client) JobsWithArchived(ctx context.Context, state string) ([]Job, error) {
	var out []Job
	q := "?archived=true"
	if state != "" {
		q += "&state=" + url.QueryEscape(state)
	}
	return out, c.get(ctx, "/api/v1/jobs"+q, &out)
}

// Job returns one job.
func (c *Client) Job(ctx context.Context, id string) (Job, error) {
	var j Job
	return j, c.get(ctx, "/api/v1/jobs/"+url.PathEscape(id), &j)
}

// Action pauses, resumes, cancels, retries or reprioritizes a job.
func (c *Client) Action(ctx context.Context, id string, a ActionRequest) (Job, error) {
	var j Job
	_, err := c.post(ctx, "/api/v1/jobs/"+url.PathEscape(id)+"/actions", a, &j)
	return j, err
}

// Frames lists a job's frames (tiles), optionally those in one state.
func (c *Client) Frames(ctx context.Context, id, state string) ([]Frame, error) {
	var out []Frame
	q := ""
	if state != "" {
		q = "?state=" + url.QueryEscape(state)
	}
	return out, c.get(ctx, "/api/v1/jobs/"+url.PathEscape(id)+"/frames"+q, &out)
}

// Log returns the tail of a frame's log.
func (c *Client) Log(ctx context.Context, id string, frame, tile int) (Log, error) {
	var l Log
	return l, c.get(ctx, fmt.Sprintf("/api/v1/jobs/%s/frames/%d/log?tile=%d", url.PathEscape(id), frame, tile), &l)
}

// Events streams a job's Server-Sent Events to fn until the job ends, the
// stream drops, fn returns an error or ctx ends.
func (c *Client) Events(ctx context.Context, id string, fn func(Event) error) error {
	u := c.URL() + "/api/v1/jobs/" + url.PathEscape(id) + "/events"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.Token)
	req.Header.Set("Accept", "text/event-stream")
	resp, err := c.HTTP.Do(req)
	if err != nil {
		c.next(c.URL())
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		e := &Error{Status: resp.StatusCode}
		data, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
		if json.Unmarshal(data, e) != nil {
			e.Message = fmt.Sprintf("%s answered %s", u, resp.Status)
		}
		if retryable(resp.StatusCode) {
			c.next(c.URL())
		}
		return e
	}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	for sc.Scan() {
		data, ok := strings.CutPrefix(sc.Text(), "data: ")
		if !ok {
			continue
		}
		var e Event
		if err := json.Unmarshal([]byte(data), &e); err != nil {
			return fmt.Errorf("decoding event: %w", err)
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return sc.Err()
}

// Challenge asks for a registration challenge to sign.
func (c *Client) Challenge(ctx context.Context) (Challenge, error) {
	var out Challenge
	err := c.get(ctx, "/api/v1/workers/challenge", &out)
	return out, err
}

// Tokens lists the cluster's tokens (operators only).
func (c *Client) Tokens(ctx context.Context) ([]TokenInfo, error) {
	var out []TokenInfo
	err := c.get(ctx, "/api/v1/tokens", &out)
	return out, err
}

// RevokeToken revokes the token with the given id for good.
func (c *Client) RevokeToken(ctx context.Context, id string) (TokenInfo, error) {
	var out TokenInfo
	_, err := c.post(ctx, "/api/v1/tokens/revoke", RevokeRequest{ID: id}, &out)
	return out, err
}

// Storage lists the caller's uploads and what they count against the
// stored-bytes quota.
func (c *Client) Storage(ctx context.Context) (Storage, error) {
	var out Storage
	err := c.get(ctx, "/api/v1/uploads", &out)
	return out, err
}

// RemoveUpload stops counting an upload against the caller's quota; the
// coordinators drop its blocks once no job needs them.
func (c *Client) RemoveUpload(ctx context.Context, cid string) (Storage, error) {
	var out Storage
	_, err := c.post(ctx, "/api/v1/uploads/remove", UploadRef{CID: cid}, &out)
	return out, err
}

// Register enrols a worker (with an enrolment token).
func (c *Client) Register(ctx context.Context, r RegisterRequest) (RegisterResponse, error) {
	var out RegisterResponse
	_, err := c.post(ctx, "/api/v1/workers/register", r, &out)
	return out, err
}

// Workers lists registered workers.
func (c *Client) Workers(ctx context.Context) ([]Worker, error) {
	var out []Worker
	return out, c.get(ctx, "/api/v1/workers", &out)
}

// Claim asks for a lease, waiting up to wait; nil means no work came.
func (c *Client) Claim(ctx context.Context, wait time.Duration) (*Lease, error) {
	var l Lease
	status, err := c.post(ctx, "/api/v1/workers/claim", ClaimRequest{WaitMS: int(wait.Milliseconds())}, &l)
	if err != nil || status == http.StatusNoContent {
		return nil, err
	}
	return &l, nil
}

// Heartbeat renews a lease and reports progress.
func (c *Client) Heartbeat(ctx context.Context, r HeartbeatRequest) (HeartbeatResponse, error) {
	return postFor[HeartbeatResponse](ctx, c, "/api/v1/workers/heartbeat", r)
}

// Complete reports a rendered unit.
func (c *Client) Complete(ctx context.Context, r CompleteRequest) (Frame, error) {
	return postFor[Frame](ctx, c, "/api/v1/workers/complete", r)
}

// Fail reports a unit that could not be rendered.
func (c *Client) Fail(ctx context.Context, r FailRequest) (Frame, error) {
	return postFor[Frame](ctx, c, "/api/v1/workers/fail", r)
}

// Release hands a lease's open units back.
func (c *Client) Release(ctx context.Context, lease uint64) error {
	_, err := c.post(ctx, "/api/v1/workers/release", ReleaseRequest{Lease: lease}, nil)
	return err
}

// ReleaseAll hands back every lease the calling worker holds and returns
// how many frames went back.
func (c *Client) ReleaseAll(ctx context.Context) (int, error) {
	var out struct {
		Released int `json:"released"`
	}
	_, err := c.post(ctx, "/api/v1/workers/release", ReleaseRequest{All: true}, &out)
	return out.Released, err
}

// UploadCAR stores a CAR on the cluster; open makes its bytes anew for each
// try. want, when defined, is the root the CAR must have.
func (c *Client) UploadCAR(ctx context.Context, open func() (io.ReadCloser, error), want cid.Cid) (Upload, error) {
	var out Upload
	q := ""
	if want.Defined() {
		q = "?cid=" + want.String()
	}
	_, err := c.do(ctx, http.MethodPost, "/api/v1/ipfs/car"+q, func() (io.Reader, error) { return open() }, "application/vnd.ipld.car", &out)
	return out, err
}

// CARFetcher fetches the DAG under a CID from a gateway as a CAR,
// verifying every block, into a store (*ipfs.Store is one).
type CARFetcher interface {
	FetchCAR(ctx context.Context, hc *http.Client, gateway string, id cid.Cid) error
}

// FetchCAR fetches c from the cluster's gateways into dst, verifying every
// block, trying each coordinator in turn.
func (c *Client) FetchCAR(ctx context.Context, id cid.Cid, dst CARFetcher) error {
	var errs []error
	urls := c.URLs()
	// The gateways serve a job's files to its owner (and operators and
	// workers): send the token.
	hc := BearerClient(c.HTTP, c.Token)
	for i := range urls {
		u := urls[(i+c.index())%len(urls)]
		err := dst.FetchCAR(ctx, hc, u, id)
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		errs = append(errs, err)
	}
	return fmt.Errorf("fetching %s: %w", id, errors.Join(errs...))
}

func (c *Client) index() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.cur
}

// Cluster describes the coordinator cluster.
func (c *Client) Cluster(ctx context.Context) (Cluster, error) {
	var out Cluster
	return out, c.get(ctx, "/api/v1/cluster", &out)
}

// RemoveNode takes a coordinator out of the cluster.
func (c *Client) RemoveNode(ctx context.Context, id string) (Cluster, error) {
	var out Cluster
	_, err := c.post(ctx, "/api/v1/cluster/remove", map[string]string{"id": id}, &out)
	return out, err
}

// TransferLeadership hands leadership to node id, or to any node when id
// is empty.
func (c *Client) TransferLeadership(ctx context.Context, id string) (Cluster, error) {
	var out Cluster
	body := map[string]string{}
	if id != "" {
		body["id"] = id
	}
	_, err := c.post(ctx, "/api/v1/cluster/transfer", body, &out)
	return out, err
}

// CreateToken makes an API token (admins only).
func (c *Client) CreateToken(ctx context.Context, r TokenRequest) (TokenResponse, error) {
	var out TokenResponse
	_, err := c.post(ctx, "/api/v1/tokens", r, &out)
	return out, err
}

// Status is what one node says of itself, without forwarding.
func (c *Client) Status(ctx context.Context, base string) (map[string]any, error) {
	var out map[string]any
	_, err := c.once(ctx, http.MethodGet, strings.TrimRight(base, "/")+"/api/v1/status", "", nil, "", &out)
	return out, err
}

// ParseFrames parses a frame range: "N" or "A-B".
func ParseFrames(s string) (start, end int, err error) {
	a, b, found := strings.Cut(strings.TrimSpace(s), "-")
	if start, err = strconv.Atoi(strings.TrimSpace(a)); err != nil {
		return 0, 0, fmt.Errorf("frame range %q: want N or A-B", s)
	}
	end = start
	if found {
		if end, err = strconv.Atoi(strings.TrimSpace(b)); err != nil {
			return 0, 0, fmt.Errorf("frame range %q: want N or A-B", s)
		}
	}
	return start, end, nil
}

// ChainID asks the cluster which chain id its receipts and account
// proofs are signed for.
func (c *Client) ChainID(ctx context.Context) (uint64, error) {
	var st Status
	if err := c.get(ctx, "/api/v1/status", &st); err != nil {
		return 0, err
	}
	return st.ChainID, nil
}

// Whoami says who the client's token belongs to.
func (c *Client) Whoami(ctx context.Context) (Whoami, error) {
	var out Whoami
	return out, c.get(ctx, "/api/v1/whoami", &out)
}

// Bind makes key's address the caller's account, proving that the caller
// holds the key.
func (c *Client) Bind(ctx context.Context, key *chain.Key) (Balance, error) {
	id, err := c.ChainID(ctx)
	if err != nil {
		return Balance{}, err
	}
	me, err := c.Whoami(ctx)
	if err != nil {
		return Balance{}, err
	}
	d := chain.MessageDigest(chain.BindMessage(me.User, key.Address, id))
	sig, err := key.Sign(d)
	if err != nil {
		return Balance{}, err
	}
	return postFor[Balance](ctx, c, "/api/v1/wallet/bind", BindRequest{Address: key.Address.Hex(), Signature: sig})
}

// Balance returns the caller's balance (or, for operators, account's),
// with its history when asked.
func (c *Client) Balance(ctx context.Context, account string, history bool) (Balance, error) {
	q := url.Values{}
	if account != "" {
		q.Set("account", account)
	}
	if history {
		q.Set("history", "true")
	}
	var out Balance
	return out, c.get(ctx, "/api/v1/wallet?"+q.Encode(), &out)
}

// Mint creates tokens in an account (operators; embedded ledger).
func (c *Client) Mint(ctx context.Context, r MintRequest) (Balance, error) {
	return postFor[Balance](ctx, c, "/api/v1/wallet/mint", r)
}

// Transfer moves tokens from the caller's account.
func (c *Client) Transfer(ctx context.Context, r TransferRequest) (Balance, error) {
	return postFor[Balance](ctx, c, "/api/v1/wallet/transfer", r)
}

// postFor posts in and decodes the answer as a T.
func postFor[T any](ctx context.Context, c *Client, path string, in any) (T, error) {
	var out T
	_, err := c.post(ctx, path, in, &out)
	return out, err
}

// Earnings are the calling worker's (or, for operators, worker's)
// earnings per job.
func (c *Client) Earnings(ctx context.Context, worker string) (Earnings, error) {
	var out Earnings
	q := ""
	if worker != "" {
		q = "?worker=" + url.QueryEscape(worker)
	}
	return out, c.get(ctx, "/api/v1/earnings"+q, &out)
}

// Quote estimates a job's cost and time without submitting it.
func (c *Client) Quote(ctx context.Context, spec JobSpec) (Quote, error) {
	return postFor[Quote](ctx, c, "/api/v1/quote", spec)
}

// BearerClient is hc (nil: the default client) sending token as a bearer
// token on every request that carries no Authorization; with no token it
// is hc.
func BearerClient(hc *http.Client, token string) *http.Client {
	if token == "" {
		return hc
	}
	base := http.DefaultTransport
	if hc != nil && hc.Transport != nil {
		base = hc.Transport
	}
	authed := &http.Client{Transport: bearer{base: base, token: token}}
	if hc != nil {
		authed.Timeout, authed.Jar, authed.CheckRedirect = hc.Timeout, hc.Jar, hc.CheckRedirect
	}
	return authed
}

// bearer adds a bearer token to every request that carries none.
type bearer struct {
	base  http.RoundTripper
	token string
}

func (b bearer) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Header.Get("Authorization") == "" {
		r = r.Clone(r.Context())
		r.Header.Set("Authorization", "Bearer "+b.token)
	}
	return b.base.RoundTrip(r)
}
