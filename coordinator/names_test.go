package coordinator

import (
	"strings"
	"testing"

	"github.com/rendergrid/rendergrid/api"
)

// TestFileNamesRefused: job and input names become the names of the files
// fetch writes, so a name that is a path is refused at submit.
func TestFileNamesRefused(t *testing.T) {
	const cid = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy"
	render := api.JobSpec{Scene: cid, FrameEnd: 1, Width: 8, Height: 8, SPP: 1}
	up := api.JobSpec{Type: api.JobUpscale, Scene: cid, Upscale: &api.UpscaleSpec{Scale: 2, Inputs: []api.ImageInput{{CID: cid}}}}
	for _, tc := range []struct {
		name string
		spec func() api.JobSpec
		want string
	}{
		{"job name ../../x", func() api.JobSpec { s := render; s.Name = "../../x"; return s }, "is a path"},
		{"job name with a backslash", func() api.JobSpec { s := render; s.Name = `a\b`; return s }, "is a path"},
		{"job name ..", func() api.JobSpec { s := render; s.Name = ".."; return s }, "is a path"},
		{"job name with a newline", func() api.JobSpec { s := render; s.Name = "a\nb"; return s }, "control character"},
		{"input name /etc/passwd", func() api.JobSpec {
			s := up
			s.Upscale = &api.UpscaleSpec{Scale: 2, Inputs: []api.ImageInput{{CID: cid, Name: "/etc/passwd"}}}
			return s
		}, "input 0 name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.spec()
			err := validateSpec(&s)
			if err == nil || !strings.Contains(err.Message, tc.want) {
				t.Fatalf("validateSpec = %v, want an error containing %q", err, tc.want)
			}
		})
	}
	s := render
	s.Name = "shot 12 (final).glb"
	if err := validateSpec(&s); err != nil {
		t.Fatalf("a plain name was refused: %v", err)
	}
}

// TestEarningsArePrivate: an artist cannot read a worker's earnings; the
// worker and an operator can.
func TestEarningsArePrivate(t *testing.T) {
	c := startCluster(t, 1, nil)
	ctx := t.Context()
	key, wtok := registerWorker(t, c.client(c.token("farm", api.RoleEnrol)), "w")
	if _, err := c.client(c.token("ana", api.RoleArtist)).Earnings(ctx, key.Address.Hex()); err == nil || !strings.Contains(err.Error(), "operator") {
		t.Errorf("an artist reading a worker's earnings: %v", err)
	}
	if _, err := c.client(wtok).Earnings(ctx, ""); err != nil {
		t.Errorf("the worker reading its own earnings: %v", err)
	}
	if _, err := c.client(c.admin).Earnings(ctx, key.Address.Hex()); err != nil {
		t.Errorf("an operator reading a worker's earnings: %v", err)
	}
}
