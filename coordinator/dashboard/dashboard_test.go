package dashboard_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/coordinator/dashboard"
	"github.com/rendergrid/rendergrid/internal/systemtest"
	"github.com/rendergrid/rendergrid/ipfs"
	"github.com/rendergrid/rendergrid/scenes"
)

// browser starts headless Chromium at width×height for the test, failing
// with what to install when there is none.
func browser(t *testing.T, width, height int) context.Context {
	t.Helper()
	path := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			path = p
			break
		}
	}
	if path == "" {
		t.Fatal("the dashboard tests drive a real browser: install Chromium (apt-get install chromium, as task deps does)")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.NoSandbox,
		chromedp.WindowSize(width, height), chromedp.Flag("disable-dev-shm-usage", true))
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(alloc)
	ctx, cancel := context.WithTimeout(ctx, 4*time.Minute)
	t.Cleanup(func() { cancel(); cancelCtx(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting %s: %v", path, err)
	}
	// Accept confirm() dialogs (cancelling a job asks).
	dialogs := chromedp.Events(ctx, page.JavascriptDialogOpening)
	go func() {
		for _, err := range dialogs {
			if err != nil {
				return
			}
			chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}
	}()
	return ctx
}

// run runs browser actions, failing the test with what was being done.
func run(t *testing.T, ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// wait polls a JavaScript condition until it holds or d passes.
func wait(t *testing.T, ctx context.Context, d time.Duration, what, expr string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(d), chromedp.WithPollingInterval(50*time.Millisecond))); err != nil {
		page, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('main').innerText.slice(0, 2000)`))
		t.Fatalf("waiting %s for %s: %v\nthe page reads:\n%s", d, what, err, page)
	}
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](t *testing.T, ctx context.Context, what, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return v
}

func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	return eval[string](t, ctx, "reading "+sel, fmt.Sprintf(`(document.querySelector(%q) || {}).textContent || ''`, sel))
}

// screenshots is where the pages' screenshots go: $RENDERGRID_SCREENSHOTS,
// else artifacts/screenshots at the repository root.
func screenshots(t *testing.T) string {
	dir := os.Getenv("RENDERGRID_SCREENSHOTS")
	if dir == "" {
		dir = filepath.Join("..", "..", "artifacts", "screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(screenshots(t), name+".png"), buf, 0o644); err != nil {
		t.Fatal(err)
	}
}

func signIn(t *testing.T, ctx context.Context, base, token string) {
	t.Helper()
	run(t, ctx, "opening the sign-in page",
		chromedp.Navigate(base+"/#/jobs"),
		chromedp.WaitVisible("#token"),
		chromedp.SetValue("#token", token),
		chromedp.Click("#signin-btn"))
	wait(t, ctx, 20*time.Second, "the jobs page after signing in", `!document.querySelector('#view-jobs').hidden`)
}

// TestDashboard drives the dashboard in Chromium against a real farm with
// a real worker: a wrong token is refused; the artist signs in, uploads a
// scene and submits it with a quote, watches the job reach 100% over the
// event stream, opens a frame (image, receipts with both signatures, log),
// cancels a second job, and sees every page; another artist sees none of
// her jobs; a revoked token ends the session with a message; a job of
// 100,000 frames opens with its grid virtualized. Screenshots of each page
// go to artifacts/screenshots.
func TestDashboard(t *testing.T) {
	f := systemtest.StartFarm(t)
	f.StartWorker(t, nil)
	base := f.Node.URL()
	ctx := browser(t, 1280, 800)

	// The page is served with the strict policy.
	res, err := http.Get(base + "/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.Header.Get("Content-Security-Policy") != dashboard.CSP(nil) || res.StatusCode != 200 {
		t.Fatalf("GET / answered %d with CSP %q", res.StatusCode, res.Header.Get("Content-Security-Policy"))
	}

	// A wrong token.
	run(t, ctx, "signing in with a wrong token",
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible("#token"),
		chromedp.SetValue("#token", "rg_not-a-token"),
		chromedp.Click("#signin-btn"))
	wait(t, ctx, 10*time.Second, "the wrong token's message", `document.querySelector('#signin-error').textContent.includes('refused')`)
	shot(t, ctx, "signin-wrong-token")

	signIn(t, ctx, base, f.Artist)

	// Submit from the browser: upload the sample animation, quote, submit.
	glb, err := scenes.SampleBytes("anim")
	if err != nil {
		t.Fatal(err)
	}
	scene := filepath.Join(t.TempDir(), "anim.glb")
	if err := os.WriteFile(scene, glb, 0o644); err != nil {
		t.Fatal(err)
	}
	run(t, ctx, "filling the submit form",
		chromedp.Navigate(base+"/#/submit"),
		chromedp.WaitVisible("#frames"),
		chromedp.SetUploadFiles("#scene-file", []string{scene}),
		chromedp.SetValue("#frames", "1-3"),
		chromedp.SetValue("#res", "32x18"),
		chromedp.SetValue("#spp", "2"),
		chromedp.Click("#quote-btn"))
	wait(t, ctx, 30*time.Second, "the quote", `document.querySelector('#quote').textContent.includes('3 units')`)
	shot(t, ctx, "submit-quote")
	run(t, ctx, "submitting", chromedp.Click("#submit-btn"))
	wait(t, ctx, 20*time.Second, "the new job's page", `!document.querySelector('#view-job').hidden && document.querySelector('#job-title').textContent.includes('anim')`)
	// The job page does not poll: 100% arrives over the event stream.
	wait(t, ctx, 60*time.Second, "the job to reach 3/3 over the event stream", `document.querySelector('#job-counts').textContent.startsWith('3/3 done') && document.querySelector('#job-state').textContent === 'done'`)
	wait(t, ctx, 20*time.Second, "the last rendered frame", `document.querySelector('#last-frame').src.startsWith('blob:') && document.querySelector('#last-frame').naturalWidth === 32`)
	jobURL := eval[string](t, ctx, "reading the URL", `location.href`)
	jobID := jobURL[strings.LastIndex(jobURL, "/")+1:]

	// Open a frame: its image, receipts and log.
	wait(t, ctx, 10*time.Second, "the done cells", `document.querySelectorAll('#grid .cell.done').length === 3`)
	run(t, ctx, "opening frame 2", chromedp.Click(`#grid .cell[data-i="1"]`))
	wait(t, ctx, 10*time.Second, "frame 2's panel", `document.querySelector('#frame-title').textContent === 'Frame 2: done' && document.querySelector('#frame-image').naturalWidth === 32 && document.querySelector('#frame-log').textContent.includes('rendered in')`)
	rc := text(t, ctx, "#frame-receipts")
	if !strings.Contains(rc, "Worker signature 0x") || !strings.Contains(rc, "signature 0x") || !strings.Contains(rc, "frame 2") {
		t.Errorf("frame 2's receipts show %q; want the worker's and the coordinator's signatures", rc)
	}
	// Verify it: the coordinator runs rendergrid verify's check.
	run(t, ctx, "verifying frame 2", chromedp.Click("#verify-btn"))
	wait(t, ctx, 60*time.Second, "the verdict", `document.querySelector('#verify-result').textContent.includes('honest: the signatures hold')`)
	if v := text(t, ctx, "#verify-result"); !strings.Contains(v, "pixels checked") || !strings.Contains(v, "re-rendered") {
		t.Errorf("the verdict shows %q; want the pixels re-rendered", v)
	}
	shot(t, ctx, "job-done-frame")

	// Fetch all: one CAR with every output as a root.
	req, _ := http.NewRequest("GET", base+"/api/v1/jobs/"+jobID+"/car", nil)
	req.Header.Set("Authorization", "Bearer "+f.Artist)
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	st, err := ipfs.Open(context.Background(), t.TempDir(), ipfs.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	roots, err := st.ImportCAR(context.Background(), res.Body, "the job's CAR")
	res.Body.Close()
	if err != nil || len(roots) != 3 {
		t.Fatalf("the job's CAR: %d roots, %v; want the 3 outputs", len(roots), err)
	}

	// The jobs list shows it done; other pages render.
	run(t, ctx, "the jobs list", chromedp.Navigate(base+"/#/jobs"))
	wait(t, ctx, 10*time.Second, "the job in the list", fmt.Sprintf(`(document.querySelector('tr[data-job=%q] .state') || {}).textContent === 'done'`, jobID))
	shot(t, ctx, "jobs")
	run(t, ctx, "the workers page", chromedp.Navigate(base+"/#/workers"))
	wait(t, ctx, 10*time.Second, "no workers of ana's", `document.querySelector('#workers-table tbody').textContent.includes('No workers of yours')`)
	run(t, ctx, "the wallet page", chromedp.Navigate(base+"/#/wallet"))
	wait(t, ctx, 10*time.Second, "the wallet", `document.querySelector('#balance').textContent !== '' || document.querySelector('#wallet-error').textContent !== ''`)
	shot(t, ctx, "wallet")

	// Cancel a long job from its page.
	cl := f.Client(f.Artist)
	long := systemtest.SampleScene(t, cl, 500)
	long.Tags = []string{"no-worker-has-this"}
	lj, err := cl.Submit(context.Background(), long)
	if err != nil {
		t.Fatal(err)
	}
	run(t, ctx, "opening the long job", chromedp.Navigate(base+"/#/jobs/"+lj.ID))
	wait(t, ctx, 10*time.Second, "the long job's page", `document.querySelector('#job-state').textContent === 'queued' && !document.querySelector('#act-cancel').disabled`)
	run(t, ctx, "cancelling", chromedp.Click("#act-cancel"))
	wait(t, ctx, 10*time.Second, "the job canceled", `document.querySelector('#job-state').textContent === 'canceled'`)
	if got, _ := cl.Job(context.Background(), lj.ID); got.State != api.JobCanceled {
		t.Errorf("after cancel in the page the job is %s", got.State)
	}

	// The stream drops (its coordinator restarts) and the page reconnects:
	// a cancel made elsewhere afterwards still reaches it.
	wj, err := cl.Submit(context.Background(), long)
	if err != nil {
		t.Fatal(err)
	}
	run(t, ctx, "opening a waiting job", chromedp.Navigate(base+"/#/jobs/"+wj.ID))
	wait(t, ctx, 10*time.Second, "its stream", `document.querySelector('#stream-status').textContent === 'live'`)
	f.Kill(0)
	wait(t, ctx, 10*time.Second, "the dropped stream", `document.querySelector('#stream-status').textContent.includes('reconnecting')`)
	f.Restart(0)
	f.Node = f.Nodes[0]
	wait(t, ctx, 30*time.Second, "the stream back", `document.querySelector('#stream-status').textContent === 'live'`)
	if _, err := f.Client(f.Artist).Action(context.Background(), wj.ID, api.ActionRequest{Action: api.ActionCancel}); err != nil {
		t.Fatal(err)
	}
	wait(t, ctx, 10*time.Second, "the cancel over the new stream", `document.querySelector('#job-state').textContent === 'canceled'`)
	cl = f.Client(f.Artist)

	// A job of 100,000 frames: the grid draws only what is in view.
	huge := systemtest.SampleScene(t, cl, api.MaxFrames)
	huge.Tags = []string{"no-worker-has-this"}
	hj, err := cl.Submit(context.Background(), huge)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	run(t, ctx, "opening the huge job", chromedp.Navigate(base+"/#/jobs/"+hj.ID))
	wait(t, ctx, 60*time.Second, "the huge job's grid", `document.querySelector('#grid-count').textContent === '(100,000)' && document.querySelectorAll('#grid .cell').length > 0`)
	opened := time.Since(start)
	cells := eval[int](t, ctx, "counting cells", `document.querySelectorAll('#grid .cell').length`)
	eval[int](t, ctx, "scrolling to the last frame", `(() => { const g = document.querySelector('#grid'); g.scrollTop = g.scrollHeight; return 0; })()`)
	wait(t, ctx, 10*time.Second, "the last cell after scrolling", `!!document.querySelector('#grid .cell[data-i="99999"]') && document.querySelectorAll('#grid .cell').length < 2000`)
	t.Logf("100,000-frame job: page ready in %v with %d cells in the DOM", opened.Round(time.Millisecond), cells)
	if cells > 2000 {
		t.Errorf("the grid drew %d cells for 100,000 frames; it should draw the rows in view", cells)
	}
	shot(t, ctx, "job-100k-frames")

	// A phone's width: no sideways scrolling.
	ctxPhone := browser(t, 390, 844)
	signIn(t, ctxPhone, base, f.Artist)
	run(t, ctxPhone, "the job on a phone", chromedp.Navigate(base+"/#/jobs/"+jobID))
	wait(t, ctxPhone, 20*time.Second, "the job on a phone", `document.querySelector('#job-state').textContent === 'done'`)
	if eval[bool](t, ctxPhone, "measuring", `document.documentElement.scrollWidth > window.innerWidth + 1`) {
		t.Error("the job page scrolls sideways at 390 px")
	}
	shot(t, ctxPhone, "job-phone")

	// Another artist sees none of ana's jobs.
	admin := f.Client(f.Admin)
	bob, err := admin.CreateToken(context.Background(), api.TokenRequest{User: "bob"})
	if err != nil {
		t.Fatal(err)
	}
	run(t, ctx, "signing out", chromedp.Click("#signout"))
	signIn(t, ctx, base, bob.Token)
	wait(t, ctx, 10*time.Second, "bob's empty list", `document.querySelector('#jobs-table tbody').textContent.includes('No jobs')`)
	if strings.Contains(text(t, ctx, "#jobs-table"), jobID) {
		t.Error("bob's job list shows ana's job")
	}
	run(t, ctx, "bob opening ana's job", chromedp.Navigate(base+"/#/jobs/"+jobID))
	wait(t, ctx, 10*time.Second, "the refusal", `document.querySelector('#job-error').textContent.includes('not found, or it is not yours')`)

	// Revoking bob's token ends his session with a message.
	if _, err := admin.RevokeToken(context.Background(), bob.ID); err != nil {
		t.Fatal(err)
	}
	run(t, ctx, "bob opening his wallet", chromedp.Navigate(base+"/#/wallet"))
	wait(t, ctx, 10*time.Second, "the expired-session message", `!document.querySelector('#view-signin').hidden && document.querySelector('#signin-error').textContent.includes('expired')`)
	shot(t, ctx, "session-expired")

	// The GPU owner (the user of the enrolment token the worker registered
	// with) sees it, its earnings, and pauses and resumes it.
	signIn(t, ctx, base, f.Token("farm", api.RoleArtist))
	run(t, ctx, "the owner's workers page", chromedp.Navigate(base+"/#/workers"))
	wait(t, ctx, 10*time.Second, "the owner's worker", `document.querySelectorAll('#workers-table tbody tr[data-id]').length === 1 && document.querySelector('#workers-table').textContent.includes('cpu') && document.querySelector('#workers-table').textContent.includes('for 3 frames')`)
	shot(t, ctx, "workers")
	run(t, ctx, "pausing the worker", chromedp.Click(`#workers-table button[data-pause="pause"]`))
	wait(t, ctx, 10*time.Second, "the worker paused", `document.querySelector('#workers-table .wstate').textContent.startsWith('paused')`)
	ws, err := f.Client(f.Admin).Workers(context.Background())
	if err != nil || len(ws) != 1 || !ws[0].Paused || ws[0].Owner != "farm" {
		t.Fatalf("after pause in the page the workers are %+v, %v", ws, err)
	}
	run(t, ctx, "resuming the worker", chromedp.Click(`#workers-table button[data-pause="resume"]`))
	wait(t, ctx, 10*time.Second, "the worker resumed", `document.querySelector('#workers-table .wstate').textContent.startsWith('active')`)
	run(t, ctx, "signing out", chromedp.Click("#signout"))

	// An operator sees the cluster.
	signIn(t, ctx, base, f.Admin)
	run(t, ctx, "the cluster page", chromedp.Navigate(base+"/#/cluster"))
	wait(t, ctx, 10*time.Second, "the cluster", `document.querySelectorAll('#nodes tbody tr').length === 1 && document.querySelector('#leader').textContent !== '' && document.querySelector('#cluster-raw').textContent.includes('applied index') && document.querySelector('#cluster-raw').textContent.includes('rendergrid_claims_total')`)
	shot(t, ctx, "cluster")
}

// TestDashboardFailover opens the dashboard on one coordinator of three
// and stops that coordinator while the page follows a job: the page moves
// to another coordinator (its CSP and their CORS allow exactly the
// cluster's origins), its stream comes back there, and a cancel made
// afterwards reaches it.
func TestDashboardFailover(t *testing.T) {
	c := systemtest.StartCluster(t, 3, nil)
	c.WaitMembers(3)
	page := (c.Leader() + 1) % 3
	base := c.Nodes[page].URL()
	res, err := http.Get(base + "/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	csp := res.Header.Get("Content-Security-Policy")
	for i, n := range c.Nodes {
		if i != page && !strings.Contains(csp, n.URL()) {
			t.Fatalf("the CSP %q does not let the page reach coordinator %s", csp, n.URL())
		}
	}
	// A stranger's origin gets no CORS grant; a peer's does.
	for origin, want := range map[string]string{"http://evil.example": "", c.Nodes[(page+1)%3].URL(): c.Nodes[(page+1)%3].URL()} {
		req, _ := http.NewRequest("OPTIONS", c.Nodes[(page+2)%3].URL()+"/api/v1/jobs", nil)
		req.Header.Set("Origin", origin)
		req.Header.Set("Access-Control-Request-Method", "GET")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if got := res.Header.Get("Access-Control-Allow-Origin"); got != want {
			t.Errorf("preflight from %s: Access-Control-Allow-Origin %q, want %q", origin, got, want)
		}
	}
	artist := c.Token("ana", api.RoleArtist)
	cl := c.Client(artist)
	spec := systemtest.SampleScene(t, cl, 10)
	spec.Tags = []string{"no-worker-has-this"}
	j, err := cl.Submit(context.Background(), spec)
	if err != nil {
		t.Fatal(err)
	}
	ctx := browser(t, 1280, 800)
	signIn(t, ctx, base, artist)
	run(t, ctx, "opening the job", chromedp.Navigate(base+"/#/jobs/"+j.ID))
	wait(t, ctx, 10*time.Second, "its stream", `document.querySelector('#stream-status').textContent === 'live'`)
	c.Kill(page)
	wait(t, ctx, 30*time.Second, "the stream on another coordinator", `document.querySelector('#stream-status').textContent.startsWith('live (via http')`)
	if _, err := c.Client(artist).Action(context.Background(), j.ID, api.ActionRequest{Action: api.ActionCancel}); err != nil {
		t.Fatal(err)
	}
	wait(t, ctx, 10*time.Second, "the cancel through the other coordinator", `document.querySelector('#job-state').textContent === 'canceled'`)
	t.Logf("stream moved to: %s", text(t, ctx, "#stream-status"))

	// The cluster page reads each coordinator's own Raft state.
	signIn(t, ctx, c.Nodes[(page+1)%3].URL(), c.Admin)
	run(t, ctx, "the cluster page", chromedp.Navigate(c.Nodes[(page+1)%3].URL()+"/#/cluster"))
	wait(t, ctx, 20*time.Second, "every node's Raft state", `[...document.querySelectorAll('#nodes td.raft')].map(td => td.textContent).filter(s => s.includes('applied index')).length === 2 && document.querySelector('#nodes').textContent.includes('not answering')`)
}
