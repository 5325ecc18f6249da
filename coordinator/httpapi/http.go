package httpapi

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httputil"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/coordinator/dashboard"
	"github.com/rendergrid/rendergrid/coordinator/state"
)

// Headers of the API.
const (
	HeaderIdempotency = "Idempotency-Key"
	hdrForwarded      = "X-Rendergrid-Forwarded" // set on requests a follower forwards
)

// maxBody bounds JSON request bodies.
const maxBody = 1 << 20

// maxClaimWait bounds a claim's long poll.
const maxClaimWait = 60 * time.Second

// Handler is the node's HTTP API: /api/v1, the IPFS gateway at /ipfs/,
// /metrics, and the dashboard at / (coordinator/dashboard). Requests that change or must read current state are forwarded
// to the leader.
func (n *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v1/status", n.handleStatus)
	mux.HandleFunc("GET /api/v1/openapi.yaml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/yaml")
		w.Write(OpenAPI)
	})
	mux.Handle("GET /metrics", n.operatorsOnly(n.metrics.handler))
	mux.Handle("GET /ipfs/", n.gateway)
	mux.Handle("HEAD /ipfs/", n.gateway)
	mux.HandleFunc("POST /api/v1/ipfs/car", n.uploads(n.handleUploadCAR))
	mux.HandleFunc("POST /api/v1/ipfs/add", n.local(rolesUpload, n.handleUploadFile))
	dash := dashboard.Handler(n.peerOrigins)
	mux.Handle("GET /{$}", dash)
	mux.Handle("GET /assets/", dash)
	mux.HandleFunc("GET /api/v1/uploads", n.api(rolesArtist, n.handleStorage))
	mux.HandleFunc("POST /api/v1/uploads/remove", n.api(rolesArtist, n.handleRemoveUpload))
	mux.HandleFunc("POST /api/v1/uploads/record", n.handleRecordUpload)

	mux.HandleFunc("POST /api/v1/jobs", n.api(rolesArtist, n.handleSubmit))
	mux.HandleFunc("GET /api/v1/jobs", n.api(rolesArtist, n.handleJobs))
	mux.HandleFunc("GET /api/v1/jobs/{id}", n.api(rolesArtist, n.handleJob))
	mux.HandleFunc("POST /api/v1/jobs/{id}/actions", n.api(rolesArtist, n.handleAction))
	mux.HandleFunc("GET /api/v1/jobs/{id}/frames", n.api(rolesArtist, n.handleFrames))
	mux.HandleFunc("GET /api/v1/jobs/{id}/frames/{frame}/log", n.api(rolesArtist, n.handleLog))
	mux.HandleFunc("POST /api/v1/jobs/{id}/frames/{frame}/verify", n.api(rolesArtist, n.handleVerifyFrame))
	mux.HandleFunc("GET /api/v1/jobs/{id}/car", n.stream(rolesArtist, n.handleJobCAR))
	mux.HandleFunc("GET /api/v1/jobs/{id}/events", n.stream(rolesArtist, n.handleEvents))

	mux.HandleFunc("GET /api/v1/workers/challenge", n.local(rolesEnrol, n.handleChallenge))
	mux.HandleFunc("POST /api/v1/workers/register", n.api(rolesEnrol, n.handleRegister))
	mux.HandleFunc("GET /api/v1/workers", n.api(rolesArtist, n.handleWorkers))
	mux.HandleFunc("POST /api/v1/workers/{id}/pause", n.api(rolesArtist, n.handlePauseWorker(true)))
	mux.HandleFunc("POST /api/v1/workers/{id}/resume", n.api(rolesArtist, n.handlePauseWorker(false)))
	mux.HandleFunc("POST /api/v1/workers/claim", n.api(rolesWorker, n.handleClaim))
	mux.HandleFunc("POST /api/v1/workers/heartbeat", n.api(rolesWorker, n.handleHeartbeat))
	mux.HandleFunc("POST /api/v1/workers/complete", n.api(rolesWorker, n.handleComplete))
	mux.HandleFunc("POST /api/v1/workers/fail", n.api(rolesWorker, n.handleFail))
	mux.HandleFunc("POST /api/v1/workers/release", n.api(rolesWorker, n.handleRelease))

	mux.HandleFunc("GET /api/v1/cluster", n.api(rolesAny, n.handleCluster))
	mux.HandleFunc("POST /api/v1/cluster/join", n.api(rolesAdmin, n.handleJoin))
	mux.HandleFunc("GET /api/v1/cluster/secret", n.api(rolesAdmin, n.handleSecret))
	mux.HandleFunc("POST /api/v1/cluster/remove", n.api(rolesAdmin, n.handleRemove))
	mux.HandleFunc("POST /api/v1/cluster/transfer", n.api(rolesAdmin, n.handleTransfer))
	mux.HandleFunc("POST /api/v1/tokens", n.api(rolesAdmin, n.handleToken))
	mux.HandleFunc("GET /api/v1/tokens", n.api(rolesAdmin, n.handleTokens))
	mux.HandleFunc("POST /api/v1/tokens/revoke", n.api(rolesAdmin, n.handleRevoke))

	mux.HandleFunc("GET /api/v1/whoami", n.api(rolesAny, n.handleWhoami))
	mux.HandleFunc("GET /api/v1/wallet", n.api(rolesAccount, n.handleWallet))
	mux.HandleFunc("POST /api/v1/wallet/bind", n.api(rolesArtist, n.handleBind))
	mux.HandleFunc("POST /api/v1/wallet/mint", n.api(rolesAdmin, n.handleMint))
	mux.HandleFunc("POST /api/v1/wallet/transfer", n.api(rolesAccount, n.handlePay))
	mux.HandleFunc("GET /api/v1/earnings", n.api(rolesAccount, n.handleEarnings))
	mux.HandleFunc("POST /api/v1/quote", n.api(rolesArtist, n.handleQuote))
	mux.HandleFunc("GET /api/v1/chain", n.api(rolesAny, n.handleChain))
	mux.HandleFunc("POST /api/v1/wallet/withdraw", n.api(rolesAccount, n.handleWithdraw))
	mux.HandleFunc("GET /api/v1/wallet/withdrawals", n.api(rolesAccount, n.handleWithdrawals))
	mux.HandleFunc("POST /api/v1/jobs/{id}/funded", n.api(rolesArtist, n.handleFunded))
	mux.HandleFunc("POST /api/v1/jobs/{id}/mint", n.api(rolesArtist, n.handleMintNFT))
	mux.HandleFunc("GET /api/v1/nfts/{id}", n.api(rolesAny, n.handleNFT))
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, notFound("no API endpoint %s %s; see /api/v1/openapi.yaml", r.Method, r.URL.Path))
	})
	return withDeadlines(n.countRequests(n.cors(mux)), n.cfg.RequestTimeout, n.cfg.StreamIdle)
}

// Who may call what.
var (
	rolesAny     = []string{api.RoleAdmin, api.RoleArtist, api.RoleWorker, api.RoleEnrol}
	rolesAdmin   = []string{api.RoleAdmin}
	rolesArtist  = []string{api.RoleAdmin, api.RoleArtist}
	rolesEnrol   = []string{api.RoleAdmin, api.RoleEnrol}
	rolesWorker  = []string{api.RoleWorker}
	rolesUpload  = []string{api.RoleAdmin, api.RoleArtist, api.RoleWorker}
	rolesAccount = []string{api.RoleAdmin, api.RoleArtist, api.RoleWorker}
)

// handlerFunc is an API handler: it returns the value to send as JSON, or
// an error.
type handlerFunc func(r *http.Request, p state.Principal) (int, any, *api.Error)

// api wraps a handler that runs on the leader: a follower forwards the
// request (GETs with ?stale=true are answered from local state).
func (n *Server) api(roles []string, h handlerFunc) http.HandlerFunc {
	here := n.local(roles, h)
	return func(w http.ResponseWriter, r *http.Request) {
		if !(r.Method == http.MethodGet && r.URL.Query().Get("stale") == "true") && n.forward(w, r) {
			return
		}
		here(w, r)
	}
}

// operatorsOnly serves h to admin tokens only: /metrics names workers,
// jobs and the cluster's load (scrape it with an operator's bearer token).
func (n *Server) operatorsOnly(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := n.authorize(r, rolesAdmin); err != nil {
			writeError(w, err)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// local wraps a handler that any node answers itself.
func (n *Server) local(roles []string, h handlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p, err := n.authorize(r, roles)
		if err != nil {
			writeError(w, err)
			return
		}
		if r, err = bindIdempotency(r); err != nil {
			writeError(w, err)
			return
		}
		serve(w, r, p, h)
	}
}

// serve runs h for p and writes its answer.
func serve(w http.ResponseWriter, r *http.Request, p state.Principal, h handlerFunc) {
	status, v, err := h(r, p)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, status, v)
}

// stream wraps a streaming handler (SSE) that runs on the leader.
func (n *Server) stream(roles []string, h func(w http.ResponseWriter, r *http.Request, p state.Principal)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if n.forward(w, r) {
			return
		}
		p, err := n.authorize(r, roles)
		if err != nil {
			writeError(w, err)
			return
		}
		h(w, r, p)
	}
}

// forward proxies r to the leader when this node is not it, and reports
// whether it did.
func (n *Server) forward(w http.ResponseWriter, r *http.Request) bool {
	if n.IsLeader() {
		return false
	}
	if by := r.Header.Get(hdrForwarded); by != "" {
		writeError(w, unavailable("coordinator %s was forwarded this request by %s but is not the leader either; retry", n.id, by))
		return true
	}
	_, id := n.raft.LeaderWithID()
	if id == "" {
		writeError(w, unavailable("the cluster has no leader right now (an election is under way); retry in a second"))
		return true
	}
	var target string
	n.fsm.Read(func(s *state.State) { target = s.Nodes[string(id)].HTTP })
	u, err := url.Parse(target)
	if target == "" || err != nil {
		writeError(w, unavailable("the leader %s has not published its API address yet; retry", id))
		return true
	}
	proxy := &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			pr.SetURL(u)
			pr.Out.Header.Set(hdrForwarded, n.id)
		},
		Transport:     n.client.Transport,
		FlushInterval: -1,
		ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
			writeError(w, unavailable("forwarding to the leader %s at %s: %v; retry", id, target, err))
		},
	}
	proxy.ServeHTTP(w, r)
	return true
}

// authorize finds the caller's token and checks its role.
func (n *Server) authorize(r *http.Request, roles []string) (state.Principal, *api.Error) {
	if n.isPeer(r) {
		return state.Principal{User: "coordinator", Role: api.RoleAdmin}, nil
	}
	h := bearerHash(r)
	if h == "" {
		return state.Principal{}, errorf(http.StatusUnauthorized, state.CodeUnauthorized,
			"missing API token: set RENDERGRID_TOKEN or --token (an operator makes one with rendergrid coordinator token create --user NAME)")
	}
	var t state.Token
	var ok bool
	n.fsm.Read(func(s *state.State) { t, ok = s.Tokens[h] })
	if !ok {
		return state.Principal{}, errorf(http.StatusUnauthorized, state.CodeUnauthorized, "the API token is not valid on this cluster (it may have been revoked or used up)")
	}
	if t.Expired(time.Now().UnixMilli()) {
		return state.Principal{}, errorf(http.StatusUnauthorized, state.CodeUnauthorized, "the API token expired at %s; ask the farm's operator for a new one",
			time.UnixMilli(t.Expires).UTC().Format(time.RFC3339))
	}
	p := t.Principal
	for _, role := range roles {
		if p.Role == role {
			return p, nil
		}
	}
	return state.Principal{}, forbidden("a %s token may not %s %s", p.Role, r.Method, r.URL.Path)
}

// bearerHash is the hash of the request's bearer token ("" when none).
func bearerHash(r *http.Request) string {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || strings.TrimSpace(tok) == "" {
		return ""
	}
	return state.HashToken(strings.TrimSpace(tok))
}

// readIndex makes a read linearizable (see raftnode.Node.ReadIndex).
func (n *Server) readIndex(ctx context.Context) *api.Error {
	if err := n.raft.ReadIndex(ctx); err != nil {
		return raftError(err)
	}
	return nil
}

// decode reads a JSON body into v, refusing unknown fields.
func decode(r *http.Request, v any) *api.Error {
	dec := json.NewDecoder(io.LimitReader(r.Body, maxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return badRequest("request body: %v", err)
	}
	if dec.More() {
		return badRequest("request body: more than one JSON value")
	}
	return nil
}

// requestCommand builds a command from a request: the caller, and the
// Idempotency-Key that makes a retry harmless.
func requestCommand(op string, r *http.Request, p state.Principal, body any) state.Command {
	b, _ := json.Marshal(body)
	bind, _ := r.Context().Value(bindKey{}).(string)
	return state.Command{Op: op, Key: r.Header.Get(HeaderIdempotency), Bind: bind, Caller: p.User, Role: p.Role, Body: b}
}

// maxIdempotencyKey bounds the length of an Idempotency-Key.
const maxIdempotencyKey = 128

// bindKey is the context key of a request's binding hash.
type bindKey struct{}

// bindIdempotency checks r's Idempotency-Key and binds it to the request:
// the hash of its method, path and body goes into its context, and the
// state machine answers 422 when the key comes back with another request.
func bindIdempotency(r *http.Request) (*http.Request, *api.Error) {
	key := r.Header.Get(HeaderIdempotency)
	if key == "" {
		return r, nil
	}
	if len(key) > maxIdempotencyKey {
		return r, badRequest("the Idempotency-Key is %d bytes; at most %d are allowed", len(key), maxIdempotencyKey)
	}
	for _, ch := range key {
		if ch < 0x21 || ch > 0x7e {
			return r, badRequest("the Idempotency-Key must be printable ASCII without spaces")
		}
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s\n", r.Method, r.URL.Path)
	if r.Body != nil && !isStream(r) {
		body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
		if err != nil {
			return r, badRequest("reading the request: %v", err)
		}
		if len(body) > maxBody {
			return r, errorf(http.StatusRequestEntityTooLarge, state.CodeTooLarge, "the request body is over %d bytes", maxBody)
		}
		h.Write(body)
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	return r.WithContext(context.WithValue(r.Context(), bindKey{}, hex.EncodeToString(h.Sum(nil)[:16]))), nil
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	if status == http.StatusNoContent {
		w.WriteHeader(status)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, e *api.Error) {
	if e.Code == "" {
		e.Code = state.CodeInternal
	}
	writeJSON(w, httpStatus(e), e)
}

// countRequests counts answers by status for /metrics.
func (n *Server) countRequests(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		h.ServeHTTP(rec, r)
		n.metrics.countRequest(rec.status)
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Flush() {
	if f, ok := s.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// handleStatus answers from this node alone: is it up, who leads.
func (n *Server) handleStatus(w http.ResponseWriter, r *http.Request) {
	addr, id := n.raft.LeaderWithID()
	st := api.Status{ID: n.id, State: n.raft.State().String(), Leader: string(id), LeaderRaft: string(addr),
		AppliedIndex: n.raft.AppliedIndex(), Address: n.key.Address.Hex()}
	n.fsm.Read(func(s *state.State) { st.LeaderHTTP, st.ChainID = s.Nodes[string(id)].HTTP, s.ChainID })
	writeJSON(w, http.StatusOK, st)
}

func (n *Server) handleJobs(r *http.Request, p state.Principal) (int, any, *api.Error) {
	if err := n.currentRead(r); err != nil {
		return 0, nil, err
	}
	want := r.URL.Query().Get("state")
	out := []api.Job{}
	n.fsm.Read(func(s *state.State) {
		for _, j := range s.Jobs {
			if (p.Role == api.RoleAdmin || j.Owner == p.User) && (want == "" || j.State == want) {
				out = append(out, j.View(s.Ledger))
			}
		}
		if r.URL.Query().Get("archived") != "true" {
			return
		}
		for id, a := range s.Archived {
			if (p.Role == api.RoleAdmin || a.Owner == p.User) && (want == "" || a.State == want) {
				out = append(out, a.View(id))
			}
		}
	})
	sort.Slice(out, func(a, b int) bool { return state.JobSeq(out[a].ID) > state.JobSeq(out[b].ID) })
	return http.StatusOK, out, nil
}

func (n *Server) handleJob(r *http.Request, p state.Principal) (int, any, *api.Error) {
	if err := n.currentRead(r); err != nil {
		return 0, nil, err
	}
	var out api.Job
	var found bool
	n.fsm.Read(func(s *state.State) {
		if j := state.JobFor(s, r.PathValue("id"), p); j != nil {
			out, found = j.View(s.Ledger), true
		}
	})
	if !found {
		doc, err := n.archive(r.Context(), r.PathValue("id"), p)
		if err != nil {
			return 0, nil, err
		}
		if doc == nil {
			return 0, nil, notFound("job %s not found", r.PathValue("id"))
		}
		return http.StatusOK, doc.Job, nil
	}
	return http.StatusOK, out, nil
}

// currentRead is readIndex unless the caller asked for a stale read.
func (n *Server) currentRead(r *http.Request) *api.Error {
	if r.URL.Query().Get("stale") == "true" {
		return nil
	}
	return n.readIndex(r.Context())
}

func (n *Server) handleFrames(r *http.Request, p state.Principal) (int, any, *api.Error) {
	if err := n.currentRead(r); err != nil {
		return 0, nil, err
	}
	want := r.URL.Query().Get("state")
	var out []api.Frame
	var found bool
	n.fsm.Read(func(s *state.State) {
		j := state.JobFor(s, r.PathValue("id"), p)
		if j == nil {
			return
		}
		found = true
		out = make([]api.Frame, 0, len(j.Units))
		for i := range j.Units {
			if want == "" || j.Units[i].State == want || (want == "stuck" && j.Units[i].Stuck) {
				out = append(out, j.FrameView(i))
			}
		}
	})
	if !found {
		doc, err := n.archive(r.Context(), r.PathValue("id"), p)
		if err != nil {
			return 0, nil, err
		}
		if doc == nil {
			return 0, nil, notFound("job %s not found", r.PathValue("id"))
		}
		out = []api.Frame{}
		for _, f := range doc.Frames {
			if want == "" || f.State == want || (want == "stuck" && f.Stuck) {
				out = append(out, f)
			}
		}
	}
	return http.StatusOK, out, nil
}

func (n *Server) handleLog(r *http.Request, p state.Principal) (int, any, *api.Error) {
	frame, err1 := strconv.Atoi(r.PathValue("frame"))
	tile, err2 := strconv.Atoi(orDefault(r.URL.Query().Get("tile"), "0"))
	if err1 != nil || err2 != nil {
		return 0, nil, badRequest("frame %q and tile %q must be integers", r.PathValue("frame"), r.URL.Query().Get("tile"))
	}
	if err := n.currentRead(r); err != nil {
		return 0, nil, err
	}
	var out api.Log
	var e *api.Error
	n.fsm.Read(func(s *state.State) {
		j := state.JobFor(s, r.PathValue("id"), p)
		if j == nil {
			e = notFound("job %s not found", r.PathValue("id"))
			return
		}
		i := j.UnitOf(api.Unit{Frame: frame, Tile: tile})
		if i < 0 {
			e = notFound("job %s has no frame %d tile %d (frames %d-%d, %d tiles)", j.ID, frame, tile, j.Spec.FrameStart, j.Spec.FrameEnd, j.Tiles())
			return
		}
		out = api.Log{Job: j.ID, Frame: frame, Tile: tile, Lines: append([]string{}, j.Units[i].Log...)}
	})
	if e != nil {
		return 0, nil, e
	}
	return http.StatusOK, out, nil
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

func (n *Server) handleAction(r *http.Request, p state.Principal) (int, any, *api.Error) {
	var req api.ActionRequest
	if err := decode(r, &req); err != nil {
		return 0, nil, err
	}
	res := n.propose(r.Context(), requestCommand(state.OpAction, r, p, state.ActionBody{Job: r.PathValue("id"), ActionRequest: req}))
	if res.Err != nil {
		return 0, nil, res.Err
	}
	return http.StatusOK, res.Value, nil
}

// handleEvents streams a job's events as Server-Sent Events, starting with
// the job as it is, until the job ends or the client goes.
func (n *Server) handleEvents(w http.ResponseWriter, r *http.Request, p state.Principal) {
	sub, err := n.events.subscribe(r.PathValue("id"), p.User)
	if err != nil {
		writeError(w, tooMany("%v", err))
		return
	}
	defer n.events.unsubscribe(sub)
	var first api.Job
	var found bool
	n.fsm.Read(func(s *state.State) {
		if j := state.JobFor(s, r.PathValue("id"), p); j != nil {
			first, found = j.View(s.Ledger), true
		}
	})
	if !found {
		writeError(w, notFound("job %s not found", r.PathValue("id")))
		return
	}
	flusher, ok := w.(http.Flusher)
	if !ok {
		writeError(w, errorf(http.StatusInternalServerError, state.CodeInternal, "streaming is not supported here"))
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	send := func(e api.Event) {
		b, _ := json.Marshal(e)
		fmt.Fprintf(w, "event: %s\ndata: %s\n\n", e.Type, b)
		flusher.Flush()
	}
	c := first.Counts
	send(api.Event{Type: "job", Job: first.ID, State: first.State, Counts: &c})
	if !state.Active(first.State) {
		return
	}
	keepalive := time.NewTicker(15 * time.Second)
	defer keepalive.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-keepalive.C:
			fmt.Fprint(w, ": keepalive\n\n")
			flusher.Flush()
		case e, ok := <-sub.C:
			if !ok {
				return // fell behind, or the node is closing: the client reconnects
			}
			send(e)
			if e.Type == "job" && !state.Active(e.State) {
				return
			}
		}
	}
}

func (n *Server) handleWorkers(r *http.Request, p state.Principal) (int, any, *api.Error) {
	if err := n.currentRead(r); err != nil {
		return 0, nil, err
	}
	// Operators see every worker; others the workers they own (registered
	// with their enrolment token).
	out := []api.Worker{}
	n.fsm.Read(func(s *state.State) {
		for id, w := range s.Workers {
			if p.Role == api.RoleAdmin || w.Owner == p.User {
				out = append(out, state.WorkerView(s, id))
			}
		}
	})
	sort.Slice(out, func(a, b int) bool { return out[a].ID < out[b].ID })
	return http.StatusOK, out, nil
}

func (n *Server) handleToken(r *http.Request, p state.Principal) (int, any, *api.Error) {
	var req api.TokenRequest
	if err := decode(r, &req); err != nil {
		return 0, nil, err
	}
	if req.Role == "" {
		req.Role = api.RoleArtist
	}
	if req.Role != api.RoleAdmin && req.Role != api.RoleArtist && req.Role != api.RoleEnrol {
		return 0, nil, badRequest("role %q: use artist, admin or enrol", req.Role)
	}
	if req.User == "" || len(req.User) > 100 || strings.ContainsAny(req.User, " \t\n/:") {
		return 0, nil, badRequest("user %q: give a name of 1 to 100 characters without spaces, '/' or ':'", req.User)
	}
	if req.TTLSeconds < 0 || req.TTLSeconds > 100*365*24*3600 {
		return 0, nil, badRequest("ttl_s %d: give 0 (the default) or a life of up to 100 years in seconds", req.TTLSeconds)
	}
	if req.Uses < 0 || req.Uses > 0 && req.Role != api.RoleEnrol {
		return 0, nil, badRequest("uses %d: only an enrol token has a count of uses (0: any number)", req.Uses)
	}
	ttl := time.Duration(req.TTLSeconds) * time.Second
	if ttl == 0 && req.Role == api.RoleEnrol {
		ttl = DefaultEnrolTTL
	}
	var expires int64
	if ttl > 0 {
		expires = time.Now().Add(ttl).UnixMilli()
	}
	tok, err := NewToken()
	if err != nil {
		return 0, nil, errorf(http.StatusInternalServerError, state.CodeInternal, "%v", err)
	}
	h := state.HashToken(tok)
	c := requestCommand(state.OpToken, r, p, state.TokenBody{Hash: h, User: req.User, Role: req.Role, Expires: expires, Uses: req.Uses})
	c.Key = "" // a retry makes a new token; the first is never shown
	if res := n.propose(r.Context(), c); res.Err != nil {
		return 0, nil, res.Err
	}
	return http.StatusOK, api.TokenResponse{ID: state.TokenID(h), User: req.User, Role: req.Role, Token: tok, Expires: expires}, nil
}

// peerOrigins are the origins (scheme://host:port) of the cluster's other
// coordinators, as their HTTP addresses in the state say.
func (n *Server) peerOrigins() []string {
	var out []string
	n.fsm.Read(func(s *state.State) {
		for id, node := range s.Nodes {
			if id == n.id || node.HTTP == "" {
				continue
			}
			if u, err := url.Parse(node.HTTP); err == nil && u.Host != "" {
				out = append(out, u.Scheme+"://"+u.Host)
			}
		}
	})
	sort.Strings(out)
	return out
}

// cors lets the dashboard of another coordinator of the cluster call this
// one (when its own stops answering): requests from a peer's origin get
// that origin allowed, with the bearer header; preflights are answered
// here. Other origins get no CORS headers, so browsers refuse them.
func (n *Server) cors(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		origin := r.Header.Get("Origin")
		if origin != "" && slices.Contains(n.peerOrigins(), origin) {
			hd := w.Header()
			hd.Set("Access-Control-Allow-Origin", origin)
			hd.Add("Vary", "Origin")
			if r.Method == http.MethodOptions {
				hd.Set("Access-Control-Allow-Methods", "GET, POST")
				hd.Set("Access-Control-Allow-Headers", "Authorization, Content-Type")
				hd.Set("Access-Control-Max-Age", "600")
				w.WriteHeader(http.StatusNoContent)
				return
			}
		}
		h.ServeHTTP(w, r)
	})
}
