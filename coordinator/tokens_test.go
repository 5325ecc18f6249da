package coordinator_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/chain"
	"github.com/rendergrid/rendergrid/coordinator/httpapi"
	"github.com/rendergrid/rendergrid/internal/systemtest"
)

// apiStatus is the HTTP status of err (0 when it is not an *api.Error).
func apiStatus(err error) int {
	var ae *api.Error
	if errors.As(err, &ae) {
		return ae.Status
	}
	return 0
}

// TestTokenLifecycle: tokens are listed without their secret, revoked for
// good, expire, and enrol tokens count their uses; the last admin token
// cannot be revoked.
func TestTokenLifecycle(t *testing.T) {
	c := systemtest.StartCluster(t, 1, nil)
	ctx := context.Background()
	admin := c.Client(c.Admin)

	art, err := admin.CreateToken(ctx, api.TokenRequest{User: "alice", Role: api.RoleArtist})
	if err != nil {
		t.Fatal(err)
	}
	list, err := admin.Tokens(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, ti := range list {
		found = found || ti.ID == art.ID && ti.User == "alice" && ti.Role == api.RoleArtist && ti.Expires == 0
		if strings.Contains(art.Token, ti.ID) {
			t.Errorf("listed id %s is part of the token itself", ti.ID)
		}
	}
	if !found {
		t.Fatalf("token ls %+v does not list alice's token %s", list, art.ID)
	}
	if _, err := c.Client(art.Token).Tokens(ctx); apiStatus(err) != http.StatusForbidden {
		t.Errorf("an artist listing tokens: %v, want 403", err)
	}

	// Revoked: refused at once, and gone for good.
	if _, err := c.Client(art.Token).Whoami(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.RevokeToken(ctx, art.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Client(art.Token).Whoami(ctx); apiStatus(err) != http.StatusUnauthorized {
		t.Errorf("a revoked token: %v, want 401", err)
	}
	if _, err := admin.RevokeToken(ctx, art.ID); apiStatus(err) != http.StatusNotFound {
		t.Errorf("revoking twice: %v, want 404", err)
	}
	if _, err := admin.RevokeToken(ctx, "abc"); apiStatus(err) != http.StatusBadRequest {
		t.Errorf("a short id: %v, want 400", err)
	}
	var adminID string
	for _, ti := range list {
		if ti.Role == api.RoleAdmin {
			adminID = ti.ID
		}
	}
	if _, err := admin.RevokeToken(ctx, adminID); apiStatus(err) != http.StatusConflict || !strings.Contains(err.Error(), "last admin token") {
		t.Errorf("revoking the last admin token: %v, want 409", err)
	}

	// Expiry.
	short, err := admin.CreateToken(ctx, api.TokenRequest{User: "bob", Role: api.RoleArtist, TTLSeconds: 1})
	if err != nil {
		t.Fatal(err)
	}
	if short.Expires == 0 {
		t.Fatal("a token with ttl_s 1 has no expiry")
	}
	c.Eventually(30*time.Second, func() bool {
		_, err := c.Client(short.Token).Whoami(ctx)
		return apiStatus(err) == http.StatusUnauthorized && strings.Contains(err.Error(), "expired")
	}, "a 1-second token to be refused as expired")

	// An enrol token of two uses registers two workers, then is gone.
	enrol, err := admin.CreateToken(ctx, api.TokenRequest{User: "gpu-owner", Role: api.RoleEnrol, Uses: 2})
	if err != nil {
		t.Fatal(err)
	}
	if enrol.Expires == 0 {
		t.Error("an enrol token has no default expiry")
	}
	cl := c.Client(enrol.Token)
	systemtest.RegisterWorker(t, cl, "w1")
	systemtest.RegisterWorker(t, cl, "w2")
	k, _ := chain.NewKey()
	if _, err := register(ctx, cl, k); apiStatus(err) != http.StatusUnauthorized {
		t.Errorf("a third registration on a two-use token: %v, want 401", err)
	}
	if _, err := admin.CreateToken(ctx, api.TokenRequest{User: "x", Role: api.RoleArtist, Uses: 3}); apiStatus(err) != http.StatusBadRequest {
		t.Errorf("uses on an artist token: %v, want 400", err)
	}
}

// register enrols key k through cl with a fresh challenge.
func register(ctx context.Context, cl *api.Client, k *chain.Key) (api.RegisterRequest, error) {
	ch, err := cl.Challenge(ctx)
	if err != nil {
		return api.RegisterRequest{}, err
	}
	sig, err := k.Sign(chain.MessageDigest(chain.RegisterMessage(k.Address, ch.ChainID, ch.Nonce)))
	if err != nil {
		return api.RegisterRequest{}, err
	}
	req := api.RegisterRequest{Address: k.Address.Hex(), Nonce: ch.Nonce, Signature: sig, Caps: api.Capabilities{Name: "w", Engines: []string{"cpu"}}}
	_, err = cl.Register(ctx, req)
	return req, err
}

// TestRegistrationReplay is the audit's identity theft: a recorded
// registration, sent again, used to rotate the worker's token to the
// attacker's. The signed challenge is spent by the first use, and a
// signature without a challenge, or over another one, is refused.
func TestRegistrationReplay(t *testing.T) {
	c := systemtest.StartCluster(t, 1, nil)
	ctx := context.Background()
	enrol := c.Client(c.Token("owner", api.RoleEnrol))
	k, _ := chain.NewKey()
	req, err := register(ctx, enrol, k)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := enrol.Register(ctx, req); apiStatus(err) != http.StatusForbidden || !strings.Contains(err.Error(), "already used") {
		t.Errorf("replayed registration: %v, want 403 already used", err)
	}
	// The old message (no challenge) and a signature over another nonce.
	ch, _ := enrol.Challenge(ctx)
	old := req
	old.Nonce = ch.Nonce
	if _, err := enrol.Register(ctx, old); apiStatus(err) != http.StatusForbidden {
		t.Errorf("a signature over another challenge: %v, want 403", err)
	}
	noNonce := req
	noNonce.Nonce = ""
	noNonce.Signature, _ = k.Sign(chain.MessageDigest("rendergrid: register worker " + k.Address.Hex() + " on chain 1337"))
	if _, err := enrol.Register(ctx, noNonce); apiStatus(err) != http.StatusBadRequest || !strings.Contains(err.Error(), "upgraded") {
		t.Errorf("a registration without a challenge (an older worker): %v, want 400 saying to upgrade", err)
	}
}

// TestIdempotencyKeyBound is the audit's case: a cancel sent with a
// submit's Idempotency-Key used to get the submit's answer and cancel
// nothing. The key is bound to method, path and body: reuse with another
// request is 422 and changes nothing, a true retry gets the first answer,
// and keys over 128 bytes are refused.
func TestIdempotencyKeyBound(t *testing.T) {
	c := systemtest.StartCluster(t, 1, nil)
	tok := c.Token("alice", api.RoleArtist)
	spec := systemtest.SampleScene(t, c.Client(tok), 2)
	send := func(method, path, key string, body any) (int, string) {
		b, _ := json.Marshal(body)
		req, _ := http.NewRequest(method, c.Nodes[0].URL()+path, bytes.NewReader(b))
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set(httpapi.HeaderIdempotency, key)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		out, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(out)
	}
	st, first := send(http.MethodPost, "/api/v1/jobs", "k1", spec)
	if st != http.StatusCreated {
		t.Fatalf("submit: %d %s", st, first)
	}
	var j api.Job
	if err := json.Unmarshal([]byte(first), &j); err != nil {
		t.Fatal(err)
	}
	if st, again := send(http.MethodPost, "/api/v1/jobs", "k1", spec); st != http.StatusCreated || again != first {
		t.Errorf("a retried submit: %d %s, want the first answer %s", st, again, first)
	}
	st, msg := send(http.MethodPost, "/api/v1/jobs/"+j.ID+"/actions", "k1", api.ActionRequest{Action: "cancel"})
	if st != http.StatusUnprocessableEntity || !strings.Contains(msg, "another request") {
		t.Errorf("a cancel under the submit's key: %d %s, want 422", st, msg)
	}
	got, err := c.Client(tok).Job(context.Background(), j.ID)
	if err != nil || got.State == api.JobCanceled {
		t.Errorf("the job after the refused cancel: %v %v; want it not canceled", got.State, err)
	}
	if st, msg := send(http.MethodPost, "/api/v1/jobs", strings.Repeat("k", 129), spec); st != http.StatusBadRequest || !strings.Contains(msg, "at most 128") {
		t.Errorf("a 129-byte key: %d %s, want 400", st, msg)
	}
}

// TestForgedReceiptWritesNothing is the audit's low finding: a worker that
// never had work of a job named it in a forged receipt and so wrote a
// "caught" line and a blocklist entry into another artist's job. It is
// still refused, and now the job is untouched.
func TestForgedReceiptWritesNothing(t *testing.T) {
	c := systemtest.StartCluster(t, 1, nil)
	ctx := context.Background()
	alice := c.Client(c.Token("alice", api.RoleArtist))
	spec := systemtest.SampleScene(t, alice, 2)
	j, err := alice.Submit(ctx, spec)
	if err != nil {
		t.Fatal(err)
	}
	k, tok := systemtest.RegisterWorker(t, c.Client(c.Token("owner", api.RoleEnrol)), "forger")
	other, _ := chain.NewKey()
	fake := &api.Lease{ID: 1, Job: j.ID, Spec: spec, ChainID: 1337}
	req, err := api.Complete(other, fake.Receipt(api.Unit{Frame: 1}, k.Address, "bafkqaaa", 1, 1, "cpu"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Client(tok).Complete(ctx, req); err == nil {
		t.Fatal("the forged receipt was accepted")
	}
	got, err := alice.Job(ctx, j.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range got.Log {
		if strings.Contains(line, "caught") || strings.Contains(line, k.Address.Hex()) {
			t.Errorf("alice's job log names the forger: %q", line)
		}
	}
}
