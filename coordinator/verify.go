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
	"github.com/rendergrid/rendergrid/ipfs"
	"github.com/rendergrid/rendergrid/render"
	"github.com/rendergrid/rendergrid/render/proof"
	"github.com/rendergrid/rendergrid/scenes"
)

// Limits of the verifier.
const (
	maxOutputBytes = 256 << 20 // an output PNG read for checking
	verifyScenes   = 4         // decoded scenes kept
	verifyFrames   = 16        // scene frames (BVH built) kept
)

// codeVerification is the error code of a receipt caught lying.
const codeVerification = "verification_failed"

// verifier runs proof-of-render checks on the leader, in the handlers'
// goroutines and never in apply, at most GOMAXPROCS at a time; it caches
// decoded scenes and their frames.
type verifier struct {
	n   *Node
	sem chan struct{}

	mu     sync.Mutex
	scenes lru[*scenes.Scene]
	frames lru[*scenes.Frame]
}

func newVerifier(n *Node) *verifier {
	return &verifier{n: n, sem: make(chan struct{}, runtime.GOMAXPROCS(0)),
		scenes: lru[*scenes.Scene]{max: verifyScenes}, frames: lru[*scenes.Frame]{max: verifyFrames}}
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
	f, err := sc.Frame(scenes.FrameOptions{Frame: fr, FPS: spec.FPS, Camera: spec.Camera})
	if err != nil {
		return nil, err
	}
	v.mu.Lock()
	v.scenes.put(spec.Scene, sc)
	v.frames.put(key, f)
	v.mu.Unlock()
	return f, nil
}

// output reads and sanity-checks a unit's output image.
func (v *verifier) output(ctx context.Context, id string, spec *api.JobSpec, tile int) (*image.NRGBA, error) {
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
	w, h := spec.Width, spec.Height
	if r := spec.TileRegion(tile); r != [4]int{} {
		w, h = r[2]-r[0], r[3]-r[1]
	}
	return proof.Decode(data, w, h)
}

// sample re-renders random pixels of img, a unit's output.
func (v *verifier) sample(ctx context.Context, spec *api.JobSpec, u api.Unit, img *image.NRGBA) error {
	f, err := v.frame(ctx, spec, u.Frame)
	if err != nil {
		return fmt.Errorf("loading the scene to verify: %w", err)
	}
	s := render.Settings{Width: spec.Width, Height: spec.Height, SPP: spec.SPP, MaxBounces: spec.MaxBounces, Seed: spec.Seed}
	if r := spec.TileRegion(u.Tile); r != [4]int{} {
		s.Region = render.Region{X0: r[0], Y0: r[1], X1: r[2], Y1: r[3]}
	}
	_, err = proof.Check(ctx, f, s, img, v.n.cfg.Proof, rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64())))
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
func (n *Node) admit(worker, key string, req *api.CompleteRequest) (pendingUnit, *request, error) {
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
	var replay *request
	n.fsm.read(func(s *state) {
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
		_, j, i, err := (&fsm{s: s}).leaseUnit(worker, rc.LeaseEpoch, u)
		if err != nil {
			refusal = err
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
		out.price, _ = unitPrice(&j.Spec, i)
		out.fee, _ = chain.Fee(out.price, j.FeeBPS)
	})
	return out, replay, refusal
}

// accept runs a completion through admission and the job's
// proof-of-render policy, then countersigns and settles it, or rejects a
// lying worker.
func (n *Node) accept(ctx context.Context, p principal, r *http.Request, req api.CompleteRequest) (any, *api.Error) {
	pu, replay, err := n.admit(p.User, r.Header.Get(hdrIdempotency), &req)
	if replay != nil {
		if replay.Err != nil {
			return nil, replay.Err
		}
		return json.RawMessage(replay.Result), nil
	}
	var l *lie
	if errors.As(err, &l) {
		return nil, n.rejectLie(ctx, r, p, rejectBody{Job: l.job, Worker: p.User, Reason: l.reason})
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
		return nil, badRequest("output %s is not retrievable from the cluster (%v); upload it with POST /api/v1/ipfs/car first", id, err)
	}
	mode, reject, verr := n.prove(ctx, pu, rc.OutputCID)
	if verr != nil {
		return nil, verr
	}
	for _, rb := range reject {
		rb.Job, rb.Unit = rc.Job, &pu.unit
		if rb.Worker == "" {
			return nil, n.rejectLie(ctx, r, p, rb)
		}
		if res := n.propose(ctx, n.system(opReject, rb)); res.Err != nil {
			return nil, res.Err
		}
	}
	sg := chain.Signed{
		Acceptance:      chain.Acceptance{Receipt: *rc, Price: pu.price, Fee: pu.fee, AcceptedAt: uint64(time.Now().UnixMilli())},
		WorkerSignature: req.Signature,
	}
	if err := sg.Countersign(n.key); err != nil {
		return nil, errorf(http.StatusInternalServerError, codeInternal, "countersigning: %v", err)
	}
	if len(req.Log) > logTail {
		req.Log = req.Log[len(req.Log)-logTail:]
	}
	res := n.propose(ctx, requestCommand(opComplete, r, p, completeBody{Signed: sg, Log: req.Log, Mode: mode}))
	if res.Err != nil {
		return nil, res.Err
	}
	n.metrics.receipts.WithLabelValues("accepted").Inc()
	return res.Value, nil
}

// prove applies the job's verification policy to a unit's output. It
// returns the completion mode, and the workers to reject (with
// instructions about a held render) when the redundant policy's two
// renders disagree.
func (n *Node) prove(ctx context.Context, pu pendingUnit, output string) (string, []rejectBody, *api.Error) {
	policy := pu.spec.Verify
	if policy == proof.None {
		return "", nil, nil
	}
	if err := n.verify.acquire(ctx); err != nil {
		return "", nil, unavailable("verification abandoned: %v", err)
	}
	defer n.verify.release()
	self := func(reason string) []rejectBody { return []rejectBody{{Worker: "", Reason: reason}} }
	img, err := n.verify.output(ctx, output, &pu.spec, pu.unit.Tile)
	if err != nil {
		if errors.Is(err, proof.ErrDishonest) {
			return "", self(err.Error()), nil
		}
		return "", nil, unavailable("reading the output to verify it: %v", err)
	}
	check := func(img *image.NRGBA) (bool, *api.Error) {
		err := n.verify.sample(ctx, &pu.spec, pu.unit, img)
		if err != nil && !errors.Is(err, proof.ErrDishonest) {
			return false, unavailable("verifying: %v", err)
		}
		return err == nil, nil
	}
	if policy == proof.Sample {
		if err := n.verify.sample(ctx, &pu.spec, pu.unit, img); err != nil {
			if errors.Is(err, proof.ErrDishonest) {
				return "", self(err.Error()), nil
			}
			return "", nil, unavailable("verifying: %v", err)
		}
		return "", nil, nil
	}
	// Redundant.
	if pu.need < 2 {
		return "", nil, nil
	}
	if pu.pending == nil {
		return modeHold, nil, nil
	}
	first, err := n.verify.output(ctx, pu.pending.Receipt.OutputCID, &pu.spec, pu.unit.Tile)
	if err == nil && proof.Compare(first, img, n.cfg.Proof) == nil {
		return modePair, nil, nil
	}
	// They disagree: re-rendered pixels decide who lied.
	newOK, aerr := check(img)
	if aerr != nil {
		return "", nil, aerr
	}
	firstOK := false
	if err == nil {
		if firstOK, aerr = check(first); aerr != nil {
			return "", nil, aerr
		}
	}
	held := pu.pending.Receipt.Worker.Hex()
	switch {
	case newOK && firstOK:
		return modePair, nil, nil
	case newOK:
		return "", []rejectBody{{Worker: held, Reason: "its render disagreed with a second worker's and failed re-rendered pixels", Pending: "drop"}}, nil
	case firstOK:
		return "", []rejectBody{{Worker: "", Reason: "its render disagreed with the held render and failed re-rendered pixels", Pending: "settle"}}, nil
	}
	return "", []rejectBody{
		{Worker: held, Reason: "both renders of the frame failed re-rendered pixels", Pending: "drop"},
		{Worker: "", Reason: "both renders of the frame failed re-rendered pixels"},
	}, nil
}

// rejectLie records a caught lie and answers the worker with its reason.
func (n *Node) rejectLie(ctx context.Context, r *http.Request, p principal, b rejectBody) *api.Error {
	b.Worker = p.User
	c := requestCommand(opReject, r, p, b)
	if c.Key != "" {
		// Not the request's own key: a retry must find the lie again, not
		// the reject's answer.
		c.Key += "/reject"
	}
	if res := n.propose(ctx, c); res.Err != nil && res.Err.Code != codeNotFound {
		return res.Err
	}
	n.metrics.receipts.WithLabelValues("rejected").Inc()
	fmt.Fprintf(n.cfg.Log, "coordinator %s: worker %s caught on job %s: %s\n", n.id, p.User, b.Job, b.Reason)
	return errorf(http.StatusUnprocessableEntity, codeVerification, "receipt rejected: %s; you are blocklisted for job %s and will not be paid for it", strings.TrimPrefix(b.Reason, proof.ErrDishonest.Error()+": "), b.Job)
}
