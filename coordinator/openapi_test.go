package coordinator_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/chain"
	"github.com/rendergrid/rendergrid/coordinator/httpapi"
	"github.com/rendergrid/rendergrid/internal/systemtest"
)

// specChecker is an http.RoundTripper that checks every request and
// response against openapi.yaml.
type specChecker struct {
	t      *testing.T
	router routers.Router
	mu     sync.Mutex
	seen   map[string]bool // "METHOD path-template status"
}

func newSpecChecker(t *testing.T) *specChecker {
	t.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(httpapi.OpenAPI)
	if err != nil {
		t.Fatalf("openapi.yaml does not parse: %v", err)
	}
	if err := doc.Validate(loader.Context); err != nil {
		t.Fatalf("openapi.yaml is not valid httpapi.OpenAPI 3: %v", err)
	}
	doc.Servers = nil
	r, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	openapi3filter.RegisterBodyDecoder("application/vnd.ipld.car", openapi3filter.FileBodyDecoder)
	openapi3filter.RegisterBodyDecoder("text/event-stream", openapi3filter.FileBodyDecoder)
	openapi3filter.RegisterBodyDecoder("application/yaml", openapi3filter.FileBodyDecoder)
	return &specChecker{t: t, router: r, seen: map[string]bool{}}
}

func (s *specChecker) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		body, _ = io.ReadAll(req.Body)
		req.Body = io.NopCloser(bytes.NewReader(body))
	}
	route, params, err := s.router.FindRoute(req)
	if err != nil {
		s.t.Errorf("%s %s is not in openapi.yaml: %v", req.Method, req.URL.Path, err)
		return http.DefaultTransport.RoundTrip(req)
	}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}}
	if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
		s.t.Errorf("request %s %s does not match openapi.yaml: %v", req.Method, req.URL.Path, err)
	}
	req.Body = io.NopCloser(bytes.NewReader(body))
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		return resp, err
	}
	if resp.Header.Get("Content-Type") == "text/event-stream" {
		s.note(route, resp.StatusCode)
		return resp, nil
	}
	data, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(data))
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: resp.StatusCode, Header: resp.Header,
		Body: io.NopCloser(bytes.NewReader(data)), Options: &openapi3filter.Options{IncludeResponseStatus: true}}
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		s.t.Errorf("response %d to %s %s does not match openapi.yaml: %v\n%s", resp.StatusCode, req.Method, req.URL.Path, err, data)
	}
	s.note(route, resp.StatusCode)
	return resp, nil
}

// clients returns a maker of API clients of cluster c, for a token, whose
// every exchange s checks.
func (s *specChecker) clients(c *systemtest.Cluster) func(tok string) *api.Client {
	hc := &http.Client{Transport: s}
	return func(tok string) *api.Client {
		cl, err := api.NewClient(c.URLs(), tok, hc)
		if err != nil {
			s.t.Fatal(err)
		}
		cl.RetryFor = 5 * time.Second
		return cl
	}
}

func (s *specChecker) note(route *routers.Route, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seen[fmt.Sprintf("%s %s", route.Method, route.Path)] = true
}

// TestAPIMatchesOpenAPI walks every endpoint through a client whose every
// request and response is checked against openapi.yaml.
func TestAPIMatchesOpenAPI(t *testing.T) {
	c := systemtest.StartCluster(t, 1, nil)
	ctx := context.Background()
	check := newSpecChecker(t)
	hc := &http.Client{Transport: check}
	mk := check.clients(c)
	admin := mk(c.Admin)
	art, err := admin.CreateToken(ctx, api.TokenRequest{User: "ana"})
	if err != nil {
		t.Fatal(err)
	}
	enrolTok, err := admin.CreateToken(ctx, api.TokenRequest{User: "farm", Role: api.RoleEnrol})
	if err != nil {
		t.Fatal(err)
	}
	artist := mk(art.Token)
	akey, _ := chain.NewKey()
	if _, err := artist.Bind(ctx, akey); err != nil {
		t.Fatal(err)
	}
	admin.Mint(ctx, api.MintRequest{To: "ana", Amount: 1000})
	artist.Transfer(ctx, api.TransferRequest{To: chain.Treasury, Amount: 1})
	artist.Balance(ctx, "", true)
	spec := systemtest.SampleScene(t, artist, 3)
	spec.Price.PerFrame = 10
	artist.Quote(ctx, spec)
	j, err := artist.Submit(ctx, spec)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := artist.Submit(ctx, api.JobSpec{Scene: spec.Scene, FrameStart: 5, FrameEnd: 1, Width: 1, Height: 1, SPP: 1}); err == nil {
		t.Error("a reversed range was accepted")
	}
	artist.Jobs(ctx, "")
	artist.Job(ctx, j.ID)
	artist.Job(ctx, "j999")
	artist.Action(ctx, j.ID, api.ActionRequest{Action: api.ActionPriority, Priority: 3})
	artist.Events(ctx, j.ID, func(api.Event) error { return errors.New("one is enough") })
	key, wtok := systemtest.RegisterWorker(t, mk(enrolTok.Token), "w")
	wk := mk(wtok)
	out := systemtest.Upload(t, wk, []byte("png"))
	l, err := wk.Claim(ctx, time.Second)
	if err != nil || l == nil {
		t.Fatalf("claim: %v", err)
	}
	wk.Heartbeat(ctx, api.HeartbeatRequest{Lease: l.ID, Unit: l.Units[0], Progress: 0.5})
	wk.Complete(ctx, systemtest.Completion(key, l, l.Units[0], out.String()))
	wk.Complete(ctx, systemtest.Completion(key, l, l.Units[0], "bafkqaaa")) // the lease is spent: 409
	wk.Earnings(ctx, "")
	admin.Earnings(ctx, key.Address.Hex())
	l, _ = wk.Claim(ctx, time.Second)
	if l == nil || len(l.Units) != 2 {
		t.Fatalf("second claim (chunk auto after a 1 ms frame): %+v", l)
	}
	wk.Fail(ctx, api.FailRequest{Lease: l.ID, Unit: l.Units[0], Error: "boom", Log: []string{"line"}})
	wk.Release(ctx, l.ID)
	artist.Frames(ctx, j.ID, "")
	artist.Log(ctx, j.ID, 1, 0)
	admin.Workers(ctx)
	admin.Cluster(ctx)
	admin.TransferLeadership(ctx, "")
	admin.RemoveNode(ctx, "nobody")
	sreq, _ := http.NewRequest(http.MethodGet, c.URLs()[0]+"/api/v1/cluster/secret", nil)
	sreq.Header.Set("Authorization", "Bearer "+c.Admin)
	if resp, err := hc.Do(sreq); err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("the cluster secret: %v %v", err, resp)
	} else {
		resp.Body.Close()
	}
	artist.ChainInfo(ctx)
	artist.Withdraw(ctx, api.WithdrawRequest{Amount: 1}) // no escrow contract: 400
	artist.Withdrawals(ctx)
	artist.Funded(ctx, j.ID) // not an evm farm: 400
	if nft, err := artist.MintNFT(ctx, j.ID, api.MintRequestNFT{Frame: 1}); err != nil {
		t.Errorf("mint frame 1: %v", err)
	} else {
		artist.NFT(ctx, nft.ID)
	}
	artist.Action(ctx, j.ID, api.ActionRequest{Action: api.ActionCancel})
	hc.Get(c.URLs()[0] + "/api/v1/status")
	hc.Get(c.URLs()[0] + "/api/v1/openapi.yaml")
	for _, want := range []string{
		"POST /api/v1/jobs", "GET /api/v1/jobs", "GET /api/v1/jobs/{id}", "POST /api/v1/jobs/{id}/actions",
		"GET /api/v1/jobs/{id}/frames", "GET /api/v1/jobs/{id}/frames/{frame}/log", "GET /api/v1/jobs/{id}/events",
		"POST /api/v1/ipfs/car", "POST /api/v1/workers/register", "GET /api/v1/workers", "POST /api/v1/workers/claim",
		"POST /api/v1/workers/heartbeat", "POST /api/v1/workers/complete", "POST /api/v1/workers/fail",
		"POST /api/v1/workers/release", "GET /api/v1/cluster", "POST /api/v1/cluster/transfer", "POST /api/v1/cluster/remove",
		"GET /api/v1/cluster/secret",
		"POST /api/v1/tokens", "GET /api/v1/status", "GET /api/v1/openapi.yaml",
		"GET /api/v1/wallet", "POST /api/v1/wallet/bind", "POST /api/v1/wallet/mint", "POST /api/v1/wallet/transfer",
		"GET /api/v1/earnings", "POST /api/v1/quote", "GET /api/v1/whoami",
		"GET /api/v1/chain", "POST /api/v1/wallet/withdraw", "GET /api/v1/wallet/withdrawals", "POST /api/v1/jobs/{id}/funded",
		"POST /api/v1/jobs/{id}/mint", "GET /api/v1/nfts/{id}",
	} {
		if !check.seen[want] {
			t.Errorf("the walk did not reach %s", want)
		}
	}
}
