package coordinator_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/internal/systemtest"
)

// TestGatewayAccess is the audit's finding that the gateway served any
// artist's unreleased scene to anyone with its CID. Content is now served
// to the owner of a job that references it, operators, workers and the
// other coordinators; a public job's files to anyone; all else is 404.
func TestGatewayAccess(t *testing.T) {
	c := systemtest.StartCluster(t, 1, nil)
	ctx := context.Background()
	aliceTok, bobTok := c.Token("alice", api.RoleArtist), c.Token("bob", api.RoleArtist)
	alice := c.Client(aliceTok)
	private := systemtest.SampleScene(t, alice, 2)
	if _, err := alice.Submit(ctx, private); err != nil {
		t.Fatal(err)
	}
	_, workerTok := systemtest.RegisterWorker(t, c.Client(c.Token("owner", api.RoleEnrol)), "w")
	unreferenced := systemtest.Upload(t, alice, []byte("uploaded but in no job"))

	get := func(cid, tok string) int {
		req, _ := http.NewRequest(http.MethodGet, c.Nodes[0].URL()+"/ipfs/"+cid, nil)
		if tok != "" {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	tests := []struct {
		who, tok, cid string
		want          int
	}{
		{"the owner", aliceTok, private.Scene, http.StatusOK},
		{"another artist", bobTok, private.Scene, http.StatusNotFound},
		{"anyone", "", private.Scene, http.StatusNotFound},
		{"an operator", c.Admin, private.Scene, http.StatusOK},
		{"a worker", workerTok, private.Scene, http.StatusOK},
		{"a coordinator", c.Nodes[0].Content().PeerToken(), private.Scene, http.StatusOK},
		{"a forged peer token", "peer.00", private.Scene, http.StatusUnauthorized},
		{"the uploader, in no job", aliceTok, unreferenced.String(), http.StatusNotFound},
	}
	for _, tt := range tests {
		if got := get(tt.cid, tt.tok); got != tt.want {
			t.Errorf("%s reading %s: %d, want %d", tt.who, tt.cid, got, tt.want)
		}
	}
	// Once a job that uses the scene is public, anyone may read it.
	if _, err := c.Client(bobTok).Submit(ctx, api.JobSpec{Scene: private.Scene, SceneName: "anim.glb", FrameStart: 1, FrameEnd: 1,
		Width: 8, Height: 8, SPP: 1, Verify: "none", Public: true}); err != nil {
		t.Fatal(err)
	}
	if got := get(private.Scene, ""); got != http.StatusOK {
		t.Errorf("anyone reading a public job's scene: %d, want 200", got)
	}
}
