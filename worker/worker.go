package worker

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ipfs/go-cid"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/chain"
	"github.com/rendergrid/rendergrid/ipfs"
	"github.com/rendergrid/rendergrid/job"
	"github.com/rendergrid/rendergrid/render"
	"github.com/rendergrid/rendergrid/render/blender"
	"github.com/rendergrid/rendergrid/render/denoise"
	"github.com/rendergrid/rendergrid/scenes"
)

// ErrNotRegistered is wrapped by New's error when the worker has no
// identity with the farm yet and was given no enrolment token.
var ErrNotRegistered = errors.New("this worker is not registered yet")

// Defaults of Config.
const (
	DefaultClaimWait    = 20 * time.Second
	DefaultDrainTimeout = 60 * time.Second
	// sceneCache is how many decoded scenes the worker keeps in memory.
	sceneCache = 4
	// maxSceneBytes bounds a scene the worker reads.
	maxSceneBytes = 1 << 30
)

// Config configures a worker.
type Config struct {
	Coordinators []string
	EnrolToken   string // registers (again) with this; empty reuses the saved worker token
	DataDir      string // identity key, worker token, scene and output store
	Name         string // shown to the farm; default the host name
	Tags         []string
	Engines      []render.Renderer // in order of preference; the first renders jobs that name none
	// Blender, when set, renders .blend jobs (engine "blender").
	Blender       *blender.Blender
	GPU           string
	VRAMMB        int
	Vulkan        string
	MaxConcurrent int           // leases rendered at once; default 1
	Sleep         *Schedule     // no new work in this window
	ClaimWait     time.Duration // long-poll of one claim
	DrainTimeout  time.Duration // on shutdown, how long running frames may finish
	HTTP          *http.Client
	Store         ipfs.Options
	Log           io.Writer
	// Upscalers are the built-in upscaling models the worker holds, and
	// Diffusion the checkpoints its diffusion backends serve (see
	// LoadUpscalers and HashCheckpoint); it advertises them by CID and
	// gets only AI frames of models it holds.
	Upscalers []Upscaler
	Diffusion []DiffusionModel
	// SceneLimits bound what a job's scene may make the worker allocate.
	SceneLimits scenes.Limits
	// Tamper makes the worker cheat, for the tests of the farm's defences
	// (internal/systemtest); nil in production.
	Tamper Tamper
}

// Worker is a running worker daemon.
type Worker struct {
	cfg    Config
	id     string
	key    *chain.Key
	client *api.Client
	store  *ipfs.Store
	paused atomic.Bool

	mu     sync.Mutex
	scenes map[string]*scenes.Scene
	// envKey and envLast are the last environment decoded and its lighting.
	envKey  string
	envLast *scenes.Environment
	order   []string
	active  map[uint64]*api.Lease

	rendered atomic.Int64
	failed   atomic.Int64
}

// New opens the worker's data, loads (or makes) its identity and
// registers with the coordinator.
func New(ctx context.Context, cfg Config) (*Worker, error) {
	if cfg.DataDir == "" {
		return nil, errors.New("worker: no data directory")
	}
	if len(cfg.Engines) == 0 {
		return nil, errors.New("worker: no rendering engine")
	}
	if cfg.MaxConcurrent <= 0 {
		cfg.MaxConcurrent = 1
	}
	if cfg.ClaimWait <= 0 {
		cfg.ClaimWait = DefaultClaimWait
	}
	if cfg.DrainTimeout <= 0 {
		cfg.DrainTimeout = DefaultDrainTimeout
	}
	if cfg.Log == nil {
		cfg.Log = os.Stderr
	}
	if cfg.Name == "" {
		cfg.Name, _ = os.Hostname()
	}
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("creating worker data directory: %w", err)
	}
	key, err := loadKey(cfg.DataDir)
	if err != nil {
		return nil, err
	}
	client, err := api.NewClient(cfg.Coordinators, "", cfg.HTTP)
	if err != nil {
		return nil, err
	}
	w := &Worker{cfg: cfg, key: key, client: client, scenes: map[string]*scenes.Scene{}, active: map[uint64]*api.Lease{}}
	if cfg.EnrolToken != "" {
		client.Token = cfg.EnrolToken
		var names []string
		for _, e := range cfg.Engines {
			names = append(names, e.Name())
		}
		blenderVersion, blenderDevices := "", []string(nil)
		if cfg.Blender != nil {
			names, blenderVersion, blenderDevices = append(names, EngineBlender), cfg.Blender.Version, cfg.Blender.Devices
		}
		ch, err := client.Challenge(ctx)
		if err != nil {
			return nil, fmt.Errorf("asking the coordinator for a registration challenge: %w", err)
		}
		sig, err := key.Sign(chain.MessageDigest(chain.RegisterMessage(key.Address, ch.ChainID, ch.Nonce)))
		if err != nil {
			return nil, err
		}
		reg, err := client.Register(ctx, api.RegisterRequest{
			Address: key.Address.Hex(), Nonce: ch.Nonce, Signature: sig,
			Caps: api.Capabilities{Name: cfg.Name, Engines: names, GPU: cfg.GPU, VRAMMB: cfg.VRAMMB, Vulkan: cfg.Vulkan,
				Tags: cfg.Tags, Threads: runtime.NumCPU(), SamplesSec: measureSpeed(cfg.Engines[0]), Models: cfg.models(), Blender: blenderVersion, BlenderDevices: blenderDevices},
		})
		if err != nil {
			return nil, fmt.Errorf("registering with the coordinator: %w", err)
		}
		if err := os.WriteFile(tokenFile(cfg.DataDir), []byte(reg.Token+"\n"), 0o600); err != nil {
			return nil, fmt.Errorf("saving the worker token: %w", err)
		}
		w.id, client.Token = reg.ID, reg.Token
	} else {
		b, err := os.ReadFile(tokenFile(cfg.DataDir))
		if err != nil {
			return nil, fmt.Errorf("%w: it needs an enrolment token from the farm's operator", ErrNotRegistered)
		}
		client.Token = strings.TrimSpace(string(b))
		w.id = key.Address.Hex()
	}
	if w.store, err = ipfs.Open(ctx, filepath.Join(cfg.DataDir, "ipfs"), cfg.Store); err != nil {
		return nil, err
	}
	if err := client.Discover(ctx); err != nil {
		w.logf("could not list the cluster's coordinators (%v); using %s", err, strings.Join(client.URLs(), ", "))
	}
	return w, nil
}

// ID is the worker's id on the farm.
func (w *Worker) ID() string { return w.id }

// Pause stops taking new work; running frames finish.
func (w *Worker) Pause() { w.paused.Store(true) }

// Resume takes work again.
func (w *Worker) Resume() { w.paused.Store(false) }

// Status is what the worker is doing.
type Status struct {
	ID       string   `json:"id"`
	Paused   bool     `json:"paused"`
	Asleep   bool     `json:"asleep"`
	Leases   []uint64 `json:"leases"`
	Rendered int64    `json:"rendered"`
	Failed   int64    `json:"failed"`
}

// Status reports the worker's state.
func (w *Worker) Status() Status {
	w.mu.Lock()
	defer w.mu.Unlock()
	s := Status{ID: w.id, Paused: w.paused.Load(), Asleep: w.cfg.Sleep.Asleep(time.Now()), Rendered: w.rendered.Load(), Failed: w.failed.Load()}
	for id := range w.active {
		s.Leases = append(s.Leases, id)
	}
	sort.Slice(s.Leases, func(a, b int) bool { return s.Leases[a] < s.Leases[b] })
	return s
}

// Close closes the worker's store.
func (w *Worker) Close() error { return w.store.Close() }

func (w *Worker) logf(format string, args ...any) {
	fmt.Fprintf(w.cfg.Log, "worker %s: %s\n", w.id, fmt.Sprintf(format, args...))
}

// Run claims and renders until ctx ends, then drains: it takes no new
// work, lets running frames finish for up to DrainTimeout, and hands the
// leases of the rest back.
func (w *Worker) Run(ctx context.Context) error {
	renderCtx, stopRenders := context.WithCancel(context.WithoutCancel(ctx))
	defer stopRenders()
	slots := make(chan struct{}, w.cfg.MaxConcurrent)
	var wg sync.WaitGroup
	w.logf("claiming work from %s (%d at a time)", strings.Join(w.client.URLs(), ", "), w.cfg.MaxConcurrent)
	backoff := time.Second
	for ctx.Err() == nil {
		if w.paused.Load() || w.cfg.Sleep.Asleep(time.Now()) {
			sleep(ctx, time.Second)
			continue
		}
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
			continue
		}
		l, err := w.client.Claim(ctx, w.cfg.ClaimWait)
		if err != nil || l == nil {
			<-slots
			if err != nil && ctx.Err() == nil {
				w.logf("claiming: %v (retrying in %s)", err, backoff)
				sleep(ctx, backoff)
				backoff = min(2*backoff, 30*time.Second)
			}
			continue
		}
		backoff = time.Second
		w.mu.Lock()
		w.active[l.ID] = l
		w.mu.Unlock()
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-slots }()
			w.work(renderCtx, l)
			w.mu.Lock()
			delete(w.active, l.ID)
			w.mu.Unlock()
		}()
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(w.cfg.DrainTimeout):
		w.logf("drain timeout (%s): stopping running frames and handing their leases back", w.cfg.DrainTimeout)
		stopRenders()
		<-done
	}
	// A claim given up on when the stop came may still have been granted:
	// hand back whatever the coordinator thinks this worker still holds.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	if n, err := w.client.ReleaseAll(rctx); err != nil {
		w.logf("handing back leases at stop: %v", err)
	} else if n > 0 {
		w.logf("handed back %d frames of a lease granted as the worker stopped", n)
	}
	return nil
}

func sleep(ctx context.Context, d time.Duration) {
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}

// work renders the units of one lease.
func (w *Worker) work(ctx context.Context, l *api.Lease) {
	// Reports must reach the coordinator even while draining.
	report := context.WithoutCancel(ctx)
	var produce producer
	if l.Spec.Engine == EngineBlender {
		p, cleanup, err := w.blenderProducer(ctx, l)
		if farmFault(err) {
			w.handBack(report, l, fmt.Errorf("fetching the .blend %s: %w", l.Spec.Scene, err))
			return
		}
		if err != nil {
			for _, u := range l.Units {
				w.fail(report, l, u, err, nil)
			}
			return
		}
		defer cleanup()
		produce = p
	} else if l.Spec.AI() {
		var err error
		if produce, err = w.aiProducer(l); err != nil {
			for _, u := range l.Units {
				w.fail(report, l, u, err, nil)
			}
			return
		}
	} else {
		sc, err := w.scene(ctx, l.Spec)
		if farmFault(err) {
			w.handBack(report, l, fmt.Errorf("loading scene %s: %w", l.Spec.Scene, err))
			return
		}
		if err != nil {
			for _, u := range l.Units {
				w.fail(report, l, u, fmt.Errorf("loading scene %s: %w", l.Spec.Scene, err), nil)
			}
			return
		}
		env, err := w.env(ctx, l.Spec)
		if farmFault(err) {
			w.handBack(report, l, fmt.Errorf("loading environment map %s: %w", l.Spec.Env, err))
			return
		}
		if err != nil {
			for _, u := range l.Units {
				w.fail(report, l, u, fmt.Errorf("loading environment map %s: %w", l.Spec.Env, err), nil)
			}
			return
		}
		produce = w.renderProducer(l, sc, env)
	}
	for _, u := range l.Units {
		if ctx.Err() == nil {
			if stop := w.runUnit(ctx, report, l, u, produce); stop {
				return
			}
		}
		if ctx.Err() != nil {
			// Drain timeout: hand back what is not done.
			if err := w.client.Release(report, l.ID); err != nil {
				w.logf("handing back lease %d: %v", l.ID, err)
			} else {
				w.logf("handed lease %d back", l.ID)
			}
			return
		}
	}
}

// output is the image a producer made for one unit: a PNG, or for a job
// with passes an EXR, and for a denoised job the denoised PNG.
type output struct {
	data     []byte
	denoised []byte
	samples  uint64
	took     time.Duration
	engine   string
}

// producer makes the image of one unit of a lease: progress takes the
// fraction done, logf writes to the unit's log.
type producer func(ctx context.Context, u api.Unit, progress func(float64), logf func(string, ...any)) (output, error)

// renderProducer renders the units of a 3-D job from scene sc.
func (w *Worker) renderProducer(l *api.Lease, sc *scenes.Scene, env *scenes.Environment) producer {
	return func(ctx context.Context, u api.Unit, progress func(float64), logf func(string, ...any)) (output, error) {
		eng := w.engine(l.Spec.Engine)
		if eng == nil {
			return output{}, fmt.Errorf("this worker has no %q engine", l.Spec.Engine)
		}
		fr, claim := u.Frame, uint64(1)
		s := job.SettingsFor(&l.Spec, u.Tile, env)
		if w.cfg.Tamper != nil {
			fr, claim = w.cfg.Tamper.Frame(fr), w.cfg.Tamper.Render(&s)
		}
		f, err := sc.Frame(job.FrameOptions(&l.Spec, fr))
		if err != nil {
			return output{}, err
		}
		for _, warn := range f.Warnings {
			logf("warning: %s", warn)
		}
		logf("rendering frame %d tile %d with %s: %dx%d, %d spp", u.Frame, u.Tile, eng.Name(), s.Width, s.Height, s.SPP)
		img, st, err := eng.Render(ctx, f, s, func(p render.Progress) {
			if p.Total > 0 {
				progress(float64(p.Done) / float64(p.Total))
			}
		})
		if err != nil {
			return output{}, err
		}
		logf("rendered in %.2fs: %.2f Mrays/s", st.Duration.Seconds(), st.MRaysPerSec())
		if s.Adaptive() {
			logf("adaptive sampling: %.1f spp on average (%d..%d)", float64(st.Samples)/float64(img.Width*img.Height), s.MinSamples(), s.SPP)
		}
		out := output{samples: uint64(st.Samples) * claim, took: st.Duration, engine: eng.Name()}
		var buf bytes.Buffer
		if !l.Spec.EXR() {
			if err := img.WritePNG(&buf); err != nil {
				return output{}, fmt.Errorf("encoding PNG: %w", err)
			}
			out.data = buf.Bytes()
			return out, nil
		}
		img.KeepPasses(l.Spec.Passes)
		if err := img.WriteEXR(&buf); err != nil {
			return output{}, fmt.Errorf("encoding EXR: %w", err)
		}
		out.data = buf.Bytes()
		if l.Spec.Denoise {
			t0 := time.Now()
			d, err := denoise.On(ctx, eng, img)
			if err != nil {
				return output{}, err
			}
			var dbuf bytes.Buffer
			if err := d.WritePNG(&dbuf); err != nil {
				return output{}, fmt.Errorf("encoding the denoised PNG: %w", err)
			}
			out.denoised = dbuf.Bytes()
			logf("denoised in %.2fs", time.Since(t0).Seconds())
		}
		return out, nil
	}
}

// runUnit makes, stores and reports one unit, renewing its lease while
// produce runs; it reports whether the rest of the lease should be
// dropped (the coordinator took it back).
func (w *Worker) runUnit(ctx, report context.Context, l *api.Lease, u api.Unit, produce producer) bool {
	var logLines []string
	logf := func(format string, args ...any) {
		logLines = append(logLines, fmt.Sprintf("%s %s: %s", time.Now().UTC().Format("15:04:05.000"), w.id, fmt.Sprintf(format, args...)))
	}
	rctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var progress atomic.Value
	progress.Store(0.0)
	lost := make(chan error, 1)
	// The lease is renewed until the report is answered, not only while
	// the unit renders: storing, uploading and the coordinator's checks
	// (a Blender re-render, say) may take longer than the lease lives.
	hctx, hcancel := context.WithCancel(ctx)
	hbDone := make(chan struct{})
	go func() {
		defer close(hbDone)
		w.heartbeat(hctx, l, u, &progress, lost, cancel)
	}()
	defer func() {
		hcancel()
		<-hbDone
	}()
	out, err := produce(rctx, u, func(p float64) { progress.Store(p) }, logf)
	cancel()
	select {
	case err := <-lost:
		w.logf("lease %d: %v; dropping it", l.ID, err)
		return true
	default:
	}
	if err != nil {
		if ctx.Err() != nil {
			return false // draining: work hands the lease back
		}
		w.fail(report, l, u, err, logLines)
		return false
	}
	if w.cfg.Tamper != nil {
		out.data = w.cfg.Tamper.Output(out.data)
		if out.denoised != nil {
			out.denoised = w.cfg.Tamper.Output(out.denoised)
		}
	}
	denoised := ""
	if out.denoised != nil {
		did, err := w.store.Add(report, bytes.NewReader(out.denoised))
		if err == nil {
			err = w.upload(report, did)
		}
		if err != nil {
			if farmFault(err) {
				w.handBack(report, l, fmt.Errorf("frame %d tile %d: no coordinator stored the denoised image: %w", u.Frame, u.Tile, err))
				return true
			}
			w.fail(report, l, u, fmt.Errorf("storing the denoised image: %w", err), logLines)
			return false
		}
		denoised = did.String()
	}
	id, err := w.store.Add(report, bytes.NewReader(out.data))
	if err != nil {
		w.fail(report, l, u, fmt.Errorf("storing the output: %w", err), logLines)
		return false
	}
	if err := w.upload(report, id); err != nil {
		if farmFault(err) {
			// No coordinator could store it (down, or out of disk).
			w.handBack(report, l, fmt.Errorf("frame %d tile %d: no coordinator stored the output: %w", u.Frame, u.Tile, err))
			return true
		}
		w.fail(report, l, u, err, logLines)
		return false
	}
	req, err := w.report(l, u, id.String(), denoised, out.samples, uint64(out.took.Milliseconds()), out.engine, logLines)
	if err != nil {
		w.fail(report, l, u, err, logLines)
		return false
	}
	fr, err := w.client.Complete(report, req)
	var apiErr *api.Error
	if errors.As(err, &apiErr) && (apiErr.Status == http.StatusConflict || apiErr.Status == http.StatusUnprocessableEntity) {
		w.logf("frame %d of job %s: %v", u.Frame, l.Job, err)
		return true
	}
	if err != nil {
		w.logf("reporting frame %d of job %s: %v", u.Frame, l.Job, err)
		if farmFault(err) {
			// The coordinators could not take the report (down, or out of
			// disk): its expiry would count as this worker's failure.
			w.handBack(report, l, fmt.Errorf("frame %d tile %d: the report was not taken: %w", u.Frame, u.Tile, err))
			return true
		}
		return false
	}
	if w.cfg.Tamper != nil {
		w.cfg.Tamper.Accepted(req)
	}
	w.keepReceipts(fr)
	w.rendered.Add(1)
	w.logf("job %s frame %d tile %d done: %s (%.2fs)", l.Job, u.Frame, u.Tile, id, out.took.Seconds())
	return false
}

// heartbeat renews the lease every third of its TTL until ctx ends; if the
// coordinator says stop, it cancels the render.
func (w *Worker) heartbeat(ctx context.Context, l *api.Lease, u api.Unit, progress *atomic.Value, lost chan<- error, cancel func()) {
	every := time.Duration(l.TTLMS) * time.Millisecond / 3
	if every <= 0 {
		every = 5 * time.Second
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		resp, err := w.client.Heartbeat(ctx, api.HeartbeatRequest{Lease: l.ID, Unit: u, Progress: progress.Load().(float64)})
		var apiErr *api.Error
		if (errors.As(err, &apiErr) && (apiErr.Status == http.StatusConflict || apiErr.Status == http.StatusForbidden)) || (err == nil && resp.Stop) {
			lost <- fmt.Errorf("the coordinator took the lease back (%v)", err)
			cancel()
			return
		}
		if err == nil && resp.TTLMS > 0 {
			t.Reset(time.Duration(resp.TTLMS) * time.Millisecond / 3)
		}
	}
}

// farmFault reports whether err is the farm's trouble rather than the
// worker's: a coordinator's 5xx, no coordinator answering at all, or an
// input no coordinator could serve.
func farmFault(err error) bool {
	var apiErr *api.Error
	if errors.As(err, &apiErr) {
		return apiErr.Status >= 500
	}
	var u unreachable
	return errors.Is(err, api.ErrUnreachable) || errors.As(err, &u)
}

// unreachable is an input (a scene, a map, a model, an image) no
// coordinator could serve.
type unreachable struct{ error }

func (u unreachable) Unwrap() error { return u.error }

// handBack returns a lease the worker could not work on through no fault
// of its own, so that its expiry is not counted against it.
func (w *Worker) handBack(ctx context.Context, l *api.Lease, why error) {
	w.logf("job %s: %v; handing lease %d back", l.Job, why, l.ID)
	if err := w.client.Release(ctx, l.ID); err != nil {
		w.logf("releasing lease %d: %v", l.ID, err)
	}
}

// upload copies an output from the worker's store to the cluster.
func (w *Worker) upload(ctx context.Context, id cid.Cid) error {
	var car bytes.Buffer
	if err := w.store.ExportCAR(ctx, id, &car); err != nil {
		return fmt.Errorf("exporting %s: %w", id, err)
	}
	_, err := w.client.UploadCAR(ctx, func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(car.Bytes())), nil }, id)
	if err != nil {
		return fmt.Errorf("uploading %s: %w", id, err)
	}
	return nil
}

func (w *Worker) fail(ctx context.Context, l *api.Lease, u api.Unit, cause error, logLines []string) {
	w.failed.Add(1)
	w.logf("job %s frame %d tile %d failed: %v", l.Job, u.Frame, u.Tile, cause)
	if _, err := w.client.Fail(ctx, api.FailRequest{Lease: l.ID, Unit: u, Error: cause.Error(), Log: logLines}); err != nil {
		w.logf("reporting the failure: %v", err)
	}
}

// engine picks the engine a job asks for, or the preferred one.
func (w *Worker) engine(name string) render.Renderer {
	if name == "" {
		return w.cfg.Engines[0]
	}
	for _, e := range w.cfg.Engines {
		if e.Name() == name {
			return e
		}
	}
	return nil
}

// scene fetches a job's scene by CID (verified block by block, cached in
// the worker's store) and decodes it (cached in memory).
func (w *Worker) scene(ctx context.Context, spec api.JobSpec) (*scenes.Scene, error) {
	w.mu.Lock()
	sc := w.scenes[spec.Scene]
	w.mu.Unlock()
	if sc != nil {
		return sc, nil
	}
	data, err := w.fetch(ctx, spec.Scene, maxSceneBytes)
	if err != nil {
		return nil, err
	}
	if sc, err = scenes.DecodeWith(job.SceneName(&spec), data, nil, w.cfg.SceneLimits); err != nil {
		return nil, err
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.scenes[spec.Scene] = sc
	w.order = append(w.order, spec.Scene)
	if len(w.order) > sceneCache {
		delete(w.scenes, w.order[0])
		w.order = w.order[1:]
	}
	return sc, nil
}

// maxEnvBytes bounds an environment map file.
const maxEnvBytes = 1 << 30

// env fetches and decodes a job's environment map (nil without one),
// keeping the last one decoded: a farm's jobs mostly share their sky.
func (w *Worker) env(ctx context.Context, spec api.JobSpec) (*scenes.Environment, error) {
	if spec.Env == "" {
		return nil, nil
	}
	key := spec.Lighting()
	w.mu.Lock()
	if w.envKey == key {
		e := w.envLast
		w.mu.Unlock()
		return e, nil
	}
	w.mu.Unlock()
	data, err := w.fetch(ctx, spec.Env, maxEnvBytes)
	if err != nil {
		return nil, err
	}
	e, err := scenes.DecodeEnvironment(job.EnvName(&spec), data, spec.EnvStrength, spec.EnvRotation)
	if err != nil {
		return nil, err
	}
	w.mu.Lock()
	w.envKey, w.envLast = key, e
	w.mu.Unlock()
	return e, nil
}

// report signs the receipt of a rendered unit (or, when told to lie,
// forges or replays one).
func (w *Worker) report(l *api.Lease, u api.Unit, output, denoised string, samples, ms uint64, engine string, log []string) (api.CompleteRequest, error) {
	key := w.key
	if w.cfg.Tamper != nil {
		k, err := w.cfg.Tamper.Signer(key)
		if err != nil {
			return api.CompleteRequest{}, err
		}
		key = k
	}
	r := l.Receipt(u, w.key.Address, output, samples, ms, engine)
	req, err := api.Complete(key, r, log)
	req.Denoised = denoised
	if err == nil && w.cfg.Tamper != nil {
		req = w.cfg.Tamper.Report(req)
	}
	return req, err
}

// keepReceipts saves the countersigned receipts of an accepted frame in
// the data directory, for rendergrid verify and the worker's own books.
func (w *Worker) keepReceipts(f api.Frame) {
	dir := receiptDir(w.cfg.DataDir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		w.logf("saving receipts: %v", err)
		return
	}
	for _, r := range f.Receipts {
		if r.Receipt.Worker != w.key.Address {
			continue
		}
		b, _ := json.MarshalIndent(r, "", "  ")
		if err := os.WriteFile(filepath.Join(dir, r.ID()+".json"), append(b, '\n'), 0o600); err != nil {
			w.logf("saving receipt %s: %v", r.ID(), err)
		}
	}
}

// measureSpeed renders a small frame of the reference scene to tell the
// farm this worker's speed in camera paths per second, for quotes.
func measureSpeed(e render.Renderer) float64 {
	sc, err := scenes.LoadSample("cornell")
	if err != nil {
		return 0
	}
	f, err := sc.Frame(scenes.FrameOptions{Frame: 1})
	if err != nil {
		return 0
	}
	_, st, err := e.Render(context.Background(), f, render.Settings{Width: 64, Height: 64, SPP: 4, MaxBounces: render.DefaultBounce}, nil)
	if err != nil {
		return 0
	}
	return st.SamplesPerSec()
}
