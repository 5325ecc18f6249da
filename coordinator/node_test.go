package coordinator

import (
	"context"
	"testing"
	"time"

	"github.com/rendergrid/rendergrid/api"
)

func TestSingleNodeJob(t *testing.T) {
	c := startCluster(t, 1, nil)
	ctx := context.Background()
	artist := c.client(c.token("ana", api.RoleArtist))
	spec := sampleScene(t, artist, 5)
	j, err := artist.Submit(ctx, spec)
	if err != nil {
		t.Fatal(err)
	}
	out := upload(t, artist, []byte("an image"))
	w := newFakeWorker(t, c, c.token("farm", api.RoleEnrol), "w1", out)
	wctx, stop := context.WithCancel(ctx)
	go w.run(wctx)
	defer stop()
	c.eventually(10*time.Second, func() bool {
		got, err := artist.Job(ctx, j.ID)
		return err == nil && got.State == api.JobDone
	}, "job done")
	frames, err := artist.Frames(ctx, j.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range frames {
		if f.State != api.FrameDone || f.Output != out.String() || f.Worker != w.id {
			t.Errorf("frame %d: %+v", f.Frame, f)
		}
	}
}
