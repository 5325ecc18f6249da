package coordinator_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/coordinator"
	"github.com/rendergrid/rendergrid/coordinator/httpapi"
	"github.com/rendergrid/rendergrid/coordinator/state"
	"github.com/rendergrid/rendergrid/internal/systemtest"
	"github.com/rendergrid/rendergrid/ipfs"
)

// fuzzEndpoints are the POST endpoints whose bodies are fuzzed, with the
// role that calls them.
var fuzzEndpoints = []struct{ path, role string }{
	{"/api/v1/jobs", api.RoleArtist},
	{"/api/v1/jobs/j1/actions", api.RoleArtist},
	{"/api/v1/workers/register", api.RoleEnrol},
	{"/api/v1/workers/claim", api.RoleWorker},
	{"/api/v1/workers/heartbeat", api.RoleWorker},
	{"/api/v1/workers/complete", api.RoleWorker},
	{"/api/v1/workers/fail", api.RoleWorker},
	{"/api/v1/workers/release", api.RoleWorker},
	{"/api/v1/tokens", api.RoleAdmin},
	{"/api/v1/cluster/remove", api.RoleAdmin},
	{"/api/v1/ipfs/car", api.RoleArtist},
	{"/api/v1/wallet/bind", api.RoleArtist},
	{"/api/v1/wallet/mint", api.RoleAdmin},
	{"/api/v1/wallet/transfer", api.RoleArtist},
	{"/api/v1/quote", api.RoleArtist},
}

// comparable state: the replicated state without the clock.
func stableState(t testing.TB, n *coordinator.Node) string {
	var b []byte
	n.Machine().Read(func(s *state.State) {
		c := *s
		c.Now, c.Requests = 0, nil
		b, _ = json.Marshal(&c)
	})
	return string(b)
}

// ledgerState is the ledger alone.
func ledgerState(n *coordinator.Node) string {
	var b []byte
	n.Machine().Read(func(s *state.State) {
		b, _ = json.Marshal(s.Ledger)
	})
	return string(b)
}

// FuzzAPIBodies posts arbitrary bodies to the API: every answer is 2xx or
// a 4xx with a message, never a 5xx, and a 4xx changes nothing.
func FuzzAPIBodies(f *testing.F) {
	// No lease may expire while an input runs: an expiry applied between
	// the two reads of the state would look like the input's change (seen
	// on a loaded machine, for a 400 from /api/v1/cluster/remove).
	c := systemtest.StartCluster(f, 1, func(cfg *coordinator.Config) { cfg.LeaseTTL = time.Hour })
	toks := map[string]string{api.RoleAdmin: c.Admin, api.RoleArtist: c.Token("ana", api.RoleArtist), api.RoleEnrol: c.Token("farm", api.RoleEnrol)}
	spec := systemtest.SampleScene(f, c.Client(toks[api.RoleArtist]), 3)
	w := systemtest.NewFakeWorker(f, c, toks[api.RoleEnrol], "w", must(ipfs.ParseCID(spec.Scene)))
	toks[api.RoleWorker] = w.Client.Token
	good, _ := json.Marshal(spec)
	seeds := [][]byte{good, []byte(`{"action":"pause"}`), []byte(`{"address":"0x0000000000000000000000000000000000000001","signature":"0x00","caps":{"name":"x","engines":["cpu"]}}`),
		[]byte(`{"wait_ms":0}`), []byte(`{"lease":1,"unit":{"frame":1,"tile":0},"progress":0.5}`),
		[]byte(`{"lease":1,"unit":{"frame":1},"output":"` + spec.Scene + `"}`), []byte(`{"lease":1,"unit":{"frame":1},"error":"x"}`),
		[]byte(`{"user":"bob","role":"artist"}`), []byte(`{"id":"n9"}`), []byte("\x0a\xa1\x67roots"), []byte(`{"frame_start":5,"frame_end":1}`),
		[]byte(`{"scene":"` + spec.Scene + `","frame_start":0,"frame_end":1000000,"width":1,"height":1,"spp":1}`),
		[]byte(`{"address":"0x0000000000000000000000000000000000000001","signature":"0x1234"}`),
		[]byte(`{"to":"ana","amount":18446744073709551615}`), []byte(`{"to":"treasury","amount":1}`),
		[]byte(`{"receipt":{"job":"j1","frame":1,"leaseEpoch":1,"worker":"` + w.ID + `"},"signature":"0x00"}`),
		[]byte(`{"scene":"` + spec.Scene + `","frame_start":1,"frame_end":2,"width":8,"height":8,"spp":1,"price":{"per_frame":18446744073709551615}}`)}
	for i, s := range seeds {
		f.Add(uint8(i), s)
	}
	// AI job specs, to /api/v1/jobs: a model that is not a model, a good
	// txt2img grid, a size off the latent grid.
	for _, s := range []string{
		`{"type":"upscale","scene":"` + spec.Scene + `","upscale":{"scale":2,"inputs":[{"cid":"` + spec.Scene + `"}]}}`,
		`{"type":"txt2img","scene":"` + spec.Scene + `","txt2img":{"prompts":["a","b"],"width":64,"height":64,"steps":1,"cfg":1,"seed":0,"count":2}}`,
		`{"type":"txt2img","scene":"` + spec.Scene + `","txt2img":{"prompts":["a"],"width":65,"height":64,"steps":1,"cfg":1,"seed":0}}`,
	} {
		f.Add(uint8(0), []byte(s))
	}
	node := c.Nodes[0]
	f.Fuzz(func(t *testing.T, which uint8, body []byte) {
		ep := fuzzEndpoints[int(which)%len(fuzzEndpoints)]
		before, ledgerBefore := stableState(t, node), ledgerState(node)
		req, _ := http.NewRequest(http.MethodPost, node.URL()+ep.path, bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+toks[ep.role])
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode >= 500 {
			t.Fatalf("%s answered %d to %q: %s", ep.path, resp.StatusCode, body, data)
		}
		if resp.StatusCode >= 400 {
			var e api.Error
			if json.Unmarshal(data, &e) != nil || e.Message == "" || e.Code == "" {
				t.Fatalf("%s answered %d without an error message: %s", ep.path, resp.StatusCode, data)
			}
			if e.Code == httpapi.CodeVerification {
				// A receipt caught lying blocklists its worker; it never
				// moves money.
				if ledgerState(node) != ledgerBefore {
					t.Fatalf("%s rejected a lie (%s) but moved money", ep.path, e.Message)
				}
				return
			}
			if after := stableState(t, node); after != before {
				t.Fatalf("%s answered %d to %q but changed the state", ep.path, resp.StatusCode, body)
			}
		}
	})
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
