package coordinator

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"math/rand/v2"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/ipfs/go-cid"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/chain"
	"github.com/rendergrid/rendergrid/coordinator/state"
	"github.com/rendergrid/rendergrid/ipfs"
	jobdef "github.com/rendergrid/rendergrid/job"
	"github.com/rendergrid/rendergrid/render/diffusion"
	"github.com/rendergrid/rendergrid/render/proof"
	"github.com/rendergrid/rendergrid/render/upscale"
	"github.com/rendergrid/rendergrid/scenes"
	"github.com/rendergrid/rendergrid/verify"
)

// Limits of the verifier.
const (
	maxOutputBytes = 256 << 20 // an output PNG read for checking
	verifyScenes   = 4         // decoded scenes kept
	verifyFrames   = 16        // scene frames (BVH built) kept
)

// codeVerification is the error code of a receipt caught lying.

// verifier runs proof-of-render checks on the leader, in the handlers'
// goroutines and never in apply, at most GOMAXPROCS at a time; it caches
// decoded scenes and their frames.
type verifier struct {
	n   *Node
	sem chan struct{}

	mu     sync.Mutex
	scenes lru[*scenes.Scene]
	frames lru[*scenes.Frame]
	models lru[*upscale.Model]
	envs   lru[*scenes.Environment]
}

func newVerifier(n *Node) *verifier {
	return &verifier{n: n, sem: make(chan struct{}, runtime.GOMAXPROCS(0)),
		scenes: lru[*scenes.Scene]{max: verifyScenes}, frames: lru[*scenes.Frame]{max: verifyFrames},
		models: lru[*upscale.Model]{max: verifyModels}, envs: lru[*scenes.Environment]{max: verifyScenes}}
}

// lru is a small least-recently-added cache.
type lru[V any] struct {
	max   int
	m     map[string]V
	order []string
}

func (c *lru[V]) get(k string) (V, bool) {
	v, ok := c.m[k]
	return v, ok
}

func (c *lru[V]) put(k string, v V) {
	if c.m == nil {
		c.m = map[string]V{}
	}
	if _, ok := c.m[k]; !ok {
		c.order = append(c.order, k)
	}
	c.m[k] = v
	for len(c.order) > c.max {
		delete(c.m, c.order[0])
		c.order = c.order[1:]
	}
}

// frame returns frame fr of a job's scene, ready to render.
func (v *verifier) frame(ctx context.Context, spec *api.JobSpec, fr int) (*scenes.Frame, error) {
	key := fmt.Sprintf("%s|%d|%g|%s", spec.Scene, fr, spec.FPS, spec.Camera)
	v.mu.Lock()
	f, ok := v.frames.get(key)
	sc, scOK := v.scenes.get(spec.Scene)
	v.mu.Unlock()
	if ok {
		return f, nil
	}
	if !scOK {
		var err error
		if sc, err = v.n.loadScene(ctx, *spec); err != nil {
			return nil, err
		}
	}
	f, err := sc.Frame(jobdef.FrameOptions(spec, fr))
	if err != nil {
		return nil, err
	}
	v.mu.Lock()
	v.scenes.put(spec.Scene, sc)
	v.frames.put(key, f)
	v.mu.Unlock()
	return f, nil
}

// env returns a job's environment (nil without one), cached.
func (v *verifier) env(ctx context.Context, spec *api.JobSpec) (*scenes.Environment, error) {
	if spec.Env == "" {
		return nil, nil
	}
	key := spec.Lighting()
	v.mu.Lock()
	e, ok := v.envs.get(key)
	v.mu.Unlock()
	if ok {
		return e, nil
	}
	e, err := v.n.loadEnv(ctx, *spec)
	if err != nil {
		return nil, err
	}
	v.mu.Lock()
	v.envs.put(key, e)
	v.mu.Unlock()
	return e, nil
}

// output reads and sanity-checks a unit's output image.
func (v *verifier) output(ctx context.Context, id string, spec *api.JobSpec, u api.Unit) (*image.NRGBA, error) {
	c, err := cid.Decode(id)
	if err != nil {
		return nil, err
	}
	data, err := v.n.readStored(ctx, c, maxOutputBytes)
	if errors.Is(err, errTooLarge) {
		return nil, fmt.Errorf("%w: output %v", proof.ErrDishonest, err)
	}
	if err != nil {
		return nil, fmt.Errorf("output: %w", err)
	}
	return verify.Output(data, spec, u.Frame, u.Tile)
}

// sample re-renders random pixels of img, a unit's output.
func (v *verifier) sample(ctx context.Context, spec *api.JobSpec, u api.Unit, img *image.NRGBA, rnd *rand.Rand) error {
	f, err := v.frame(ctx, spec, u.Frame)
	if err != nil {
		return fmt.Errorf("loading the scene to verify: %w", err)
	}
	env, err := v.env(ctx, spec)
	if err != nil {
		return fmt.Errorf("loading the environment map to verify: %w", err)
	}
	_, err = verify.Render(ctx, f, spec, u.Tile, env, img, v.n.cfg.Proof, rnd)
	return err
}

// acquire takes a verification slot.
func (v *verifier) acquire(ctx context.Context) error {
	select {
	case v.sem <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (v *verifier) release() { <-v.sem }

// pendingUnit is what the leader reads of a unit before accepting a
// receipt for it.
type pendingUnit struct {
	spec    api.JobSpec
	unit    api.Unit
	need    int
	pending *chain.Signed
	price   uint64
	fee     uint64
	chainID uint64
}

// lie is a receipt caught lying; the worker is blocklisted for the job.
type lie struct {
	job    string
	reason string
}

func (l *lie) Error() string { return l.reason }

// admit checks a receipt against the state: its signature, that it was
// not settled before, its lease, and that it commits to the job's scene
// and parameters. A *lie means the worker lied; an *api.Error is a plain
// refusal. A retry of a completion that was already applied (its answer
// lost in a failover) returns the first answer instead, looked up in the
// same read as the checks: otherwise its settled receipt would look like
// a replay, or its spent lease like a stale one.
func (n *Node) admit(worker, key string, req *api.CompleteRequest) (pendingUnit, *state.Request, error) {
	rc := &req.Receipt
	if rc.Worker.Hex() != worker {
		return pendingUnit{}, nil, &lie{rc.Job, fmt.Sprintf("sent a receipt naming worker %s", rc.Worker.Hex())}
	}
	digest := rc.Digest()
	if signer, err := chain.Recover(digest[:], req.Signature); err != nil || signer != rc.Worker {
		return pendingUnit{}, nil, &lie{rc.Job, fmt.Sprintf("sent a receipt with a forged signature (signed by %s, %v)", signer.Hex(), err)}
	}
	var out pendingUnit
	var refusal error
	var replay *state.Request
	n.fsm.Read(func(s *state.State) {
		if x, ok := s.Requests[worker+"\x00"+key]; key != "" && ok {
			replay = &x
			return
		}
		if job := s.Ledger.Settled[digest.Hex()]; job != "" {
			refusal = &lie{job, fmt.Sprintf("replayed receipt %s, already settled", digest.Hex())}
			return
		}
		if rc.Frame > 1<<31 || rc.Tile > 1<<31 {
			refusal = badRequest("frame %d tile %d is out of range", rc.Frame, rc.Tile)
			return
		}
		u := api.Unit{Frame: int(rc.Frame), Tile: int(rc.Tile)}
		_, j, i, err := s.LeaseUnit(worker, rc.LeaseEpoch, u)
		if err != nil {
			refusal = apiError(err)
			return
		}
		switch {
		case rc.Job != j.ID:
			refusal = &lie{j.ID, fmt.Sprintf("sent a receipt for job %s under a lease of job %s", rc.Job, j.ID)}
		case rc.SceneCID != j.Spec.Scene:
			refusal = &lie{j.ID, fmt.Sprintf("signed for scene %s; the job's scene is %s", rc.SceneCID, j.Spec.Scene)}
		case rc.ParamsHash != j.Spec.Params(u.Frame, u.Tile).Hash():
			refusal = &lie{j.ID, "signed for render parameters other than the job's"}
		case rc.ChainID != s.ChainID:
			refusal = &lie{j.ID, fmt.Sprintf("signed for chain %d; the farm's is %d", rc.ChainID, s.ChainID)}
		case rc.Samples > 0 && rc.Samples < uint64(j.Spec.SPP):
			refusal = &lie{j.ID, fmt.Sprintf("claims %d samples, fewer than the %d spp asked", rc.Samples, j.Spec.SPP)}
		}
		if refusal != nil {
			return
		}
		out = pendingUnit{spec: j.Spec, unit: u, need: max(j.Units[i].Need, 1), pending: j.Units[i].Pending, chainID: s.ChainID}
		out.price, _ = jobdef.UnitPrice(&j.Spec, i)
		out.fee, _ = chain.Fee(out.price, j.FeeBPS)
	})
	return out, replay, refusal
}

// accept runs a completion through admission and the job's
// proof-of-render policy, then countersigns and settles it, or rejects a
// lying worker.
func (n *Node) accept(ctx context.Context, p state.Principal, r *http.Request, req api.CompleteRequest) (any, *api.Error) {
	pu, replay, err := n.admit(p.User, r.Header.Get(hdrIdempotency), &req)
	if replay != nil {
		if replay.Err != nil {
			return nil, apiError(replay.Err)
		}
		return json.RawMessage(replay.Result), nil
	}
	var l *lie
	if errors.As(err, &l) {
		return nil, n.rejectLie(ctx, r, p, state.RejectBody{Job: l.job, Worker: p.User, Reason: l.reason})
	}
	if err != nil {
		return nil, err.(*api.Error)
	}
	rc := &req.Receipt
	id, perr := ipfs.ParseCID(rc.OutputCID)
	if perr != nil {
		return nil, badRequest("output %q: %v", rc.OutputCID, perr)
	}
	if err := n.ensureContent(ctx, id); err != nil {
		if errors.Is(err, ipfs.ErrDiskFull) {
			// The leader's trouble, not the worker's: it may report again.
			fmt.Fprintf(n.cfg.Log, "coordinator %s: cannot check output %s: %v\n", n.id, id, err)
			return nil, errorf(http.StatusInsufficientStorage, state.CodeUnavailable, "coordinator %s cannot fetch output %s to check it: its disk is full (%v); report again later", n.id, id, err)
		}
		return nil, badRequest("output %s is not retrievable from the cluster (%v); upload it with POST /api/v1/ipfs/car first", id, err)
	}
	vd, verr := n.prove(ctx, pu, rc.OutputCID)
	if verr != nil {
		return nil, verr
	}
	for _, rb := range vd.reject {
		rb.Job, rb.Unit = rc.Job, &pu.unit
		if rb.Worker == "" {
			return nil, n.rejectLie(ctx, r, p, rb)
		}
		if res := n.propose(ctx, n.system(state.OpReject, rb)); res.Err != nil {
			return nil, res.Err
		}
	}
	sg := chain.Signed{
		Acceptance:      chain.Acceptance{Receipt: *rc, Price: pu.price, Fee: pu.fee, AcceptedAt: uint64(time.Now().UnixMilli())},
		WorkerSignature: req.Signature,
	}
	if err := sg.Countersign(n.key); err != nil {
		return nil, errorf(http.StatusInternalServerError, state.CodeInternal, "countersigning: %v", err)
	}
	if len(req.Log) > state.LogTail {
		req.Log = req.Log[len(req.Log)-state.LogTail:]
	}
	res := n.propose(ctx, requestCommand(state.OpComplete, r, p, state.CompleteBody{Signed: sg, Log: req.Log, Mode: vd.mode, PHash: vd.phash}))
	if res.Err != nil {
		return nil, res.Err
	}
	n.metrics.receipts.WithLabelValues("accepted").Inc()
	return res.Value, nil
}

// verdict is what the verification policy decided about a unit's output.
type verdict struct {
	mode   string             // completion mode: "", modeHold or modePair
	reject []state.RejectBody // workers to reject, with what becomes of a held render
	phash  string             // an AI frame's perceptual hash
}

// prove applies the job's verification policy to a unit's output: it
// decodes the image at the unit's size; re-renders pixels (3-D frames) or
// re-runs a tile (upscaled frames) under sample; and under redundant holds
// the first of two renders and compares the second with it. Diffusion
// frames cannot be re-run here: their perceptual hashes are compared, and
// when two renders disagree neither is paid and the frame goes to other
// workers.
func (n *Node) prove(ctx context.Context, pu pendingUnit, output string) (verdict, *api.Error) {
	var v verdict
	spec := &pu.spec
	if spec.Verify == proof.None {
		if spec.AI() {
			if img, err := n.verify.output(ctx, output, spec, pu.unit); err == nil {
				v.phash = verify.PHash(img)
			}
		}
		return v, nil
	}
	if err := n.verify.acquire(ctx); err != nil {
		return v, unavailable("verification abandoned: %v", err)
	}
	defer n.verify.release()
	self := func(reason string) verdict { v.reject = []state.RejectBody{{Worker: "", Reason: reason}}; return v }
	img, err := n.verify.output(ctx, output, spec, pu.unit)
	if err != nil {
		if errors.Is(err, proof.ErrDishonest) {
			return self(err.Error()), nil
		}
		return v, unavailable("reading the output to verify it: %v", err)
	}
	if spec.AI() {
		v.phash = verify.PHash(img)
	}
	// judge re-checks one output on its own: a lie, or a fault of ours.
	judge := func(img *image.NRGBA) (error, *api.Error) {
		rnd := rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))
		var err error
		switch spec.JobType() {
		case api.JobRender:
			err = n.verify.sample(ctx, spec, pu.unit, img, rnd)
		case api.JobUpscale:
			err = n.verify.upscaleCheck(ctx, spec, pu.unit.Frame, img, rnd)
		}
		if err != nil && !errors.Is(err, proof.ErrDishonest) {
			return nil, unavailable("verifying: %v", err)
		}
		return err, nil
	}
	if spec.Verify == proof.Sample {
		lie, fault := judge(img)
		if fault != nil {
			return v, fault
		}
		if lie != nil {
			return self(lie.Error()), nil
		}
		return v, nil
	}
	// Redundant.
	if pu.need < 2 {
		return v, nil
	}
	if pu.pending == nil {
		v.mode = state.ModeHold
		return v, nil
	}
	held := pu.pending.Receipt.Worker.Hex()
	first, err := n.verify.output(ctx, pu.pending.Receipt.OutputCID, spec, pu.unit)
	if err != nil && !errors.Is(err, proof.ErrDishonest) {
		return v, unavailable("reading the held render to compare: %v", err)
	}
	if spec.Type == api.JobTxt2Img {
		d := 64
		if err == nil {
			d = verify.PHashDistance(verify.PHash(first), v.phash)
		}
		if d <= diffusion.PHashThreshold {
			v.mode = state.ModePair
			return v, nil
		}
		v.reject = []state.RejectBody{{Worker: "", Dispute: true, Pending: "drop", Reason: fmt.Sprintf(
			"its image and worker %s's image of the same seed differ: their perceptual hashes are %d of 64 bits apart (at most %d agree)", held, d, diffusion.PHashThreshold)}}
		return v, nil
	}
	if err == nil && proof.Compare(first, img, n.cfg.Proof) == nil {
		v.mode = state.ModePair
		return v, nil
	}
	// They disagree: re-rendered pixels (or a re-run tile) decide who lied.
	newLie, fault := judge(img)
	if fault != nil {
		return v, fault
	}
	firstLie := err
	if firstLie == nil {
		if firstLie, fault = judge(first); fault != nil {
			return v, fault
		}
	}
	switch {
	case newLie == nil && firstLie == nil:
		v.mode = state.ModePair
	case newLie == nil:
		v.reject = []state.RejectBody{{Worker: held, Reason: "its render disagreed with a second worker's and failed " + recheck(spec), Pending: "drop"}}
	case firstLie == nil:
		ph := ""
		if spec.AI() {
			ph = verify.PHash(first)
		}
		v.reject = []state.RejectBody{{Worker: "", Reason: "its render disagreed with the held render and failed " + recheck(spec), Pending: "settle", PHash: ph}}
	default:
		v.reject = []state.RejectBody{
			{Worker: held, Reason: "both renders of the frame failed " + recheck(spec), Pending: "drop"},
			{Worker: "", Reason: "both renders of the frame failed " + recheck(spec)},
		}
	}
	return v, nil
}

// recheck names what the leader re-ran to decide between two renders.
func recheck(spec *api.JobSpec) string {
	if spec.Type == api.JobUpscale {
		return "a re-run tile"
	}
	return "re-rendered pixels"
}

// rejectLie records a caught lie and answers the worker with its reason.
func (n *Node) rejectLie(ctx context.Context, r *http.Request, p state.Principal, b state.RejectBody) *api.Error {
	b.Worker = p.User
	c := requestCommand(state.OpReject, r, p, b)
	if c.Key != "" {
		// Not the request's own key: a retry must find the lie again, not
		// the reject's answer.
		c.Key += "/reject"
	}
	if res := n.propose(ctx, c); res.Err != nil && res.Err.Code != state.CodeNotFound {
		return res.Err
	}
	reason := strings.TrimPrefix(b.Reason, proof.ErrDishonest.Error()+": ")
	if b.Dispute {
		n.metrics.receipts.WithLabelValues("disputed").Inc()
		fmt.Fprintf(n.cfg.Log, "coordinator %s: worker %s disputed on job %s: %s\n", n.id, p.User, b.Job, b.Reason)
		return errorf(http.StatusUnprocessableEntity, codeVerification, "receipt not accepted: %s; neither image is paid and the frame goes to other workers (you are not blocklisted)", reason)
	}
	n.metrics.receipts.WithLabelValues("rejected").Inc()
	fmt.Fprintf(n.cfg.Log, "coordinator %s: worker %s caught on job %s: %s\n", n.id, p.User, b.Job, b.Reason)
	return errorf(http.StatusUnprocessableEntity, codeVerification, "receipt rejected: %s; you are blocklisted for job %s and will not be paid for it", reason, b.Job)
}
