package verifier

import (
	"context"
	"errors"
	"fmt"
	"image"
	"io"
	"math/rand/v2"
	"runtime"
	"sync"

	"github.com/ipfs/go-cid"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/chain"
	"github.com/rendergrid/rendergrid/coordinator/content"
	"github.com/rendergrid/rendergrid/coordinator/state"
	"github.com/rendergrid/rendergrid/ipfs"
	jobdef "github.com/rendergrid/rendergrid/job"
	"github.com/rendergrid/rendergrid/render"
	"github.com/rendergrid/rendergrid/render/blender"
	"github.com/rendergrid/rendergrid/render/diffusion"
	"github.com/rendergrid/rendergrid/render/proof"
	"github.com/rendergrid/rendergrid/render/upscale"
	"github.com/rendergrid/rendergrid/scenes"
	"github.com/rendergrid/rendergrid/verify"
)

// Limits of the Verifier.
const (
	maxOutputBytes = 256 << 20 // an output PNG read for checking
	verifyScenes   = 4         // decoded scenes kept
	verifyFrames   = 16        // scene frames (BVH built) kept
)

// Verifier runs proof-of-render checks on the leader, in the handlers'
// goroutines and never in apply, at most GOMAXPROCS at a time; it caches
// decoded scenes and their frames.
type Verifier struct {
	files Files
	tol   proof.Config
	sem   chan struct{}

	mu     sync.Mutex
	scenes lru[*scenes.Scene]
	frames lru[*scenes.Frame]
	models lru[*upscale.Model]
	envs   lru[*scenes.Environment]

	// blender re-renders regions of .blend units (UseBlender); blendMu
	// runs one such render at a time, in folders under blendDir.
	blender    *blender.Blender
	blendDir   string
	blendMu    sync.Mutex
	blends     map[string]string // job folder key → the .blend's path
	blendOrder []string
}

// Files is what the verifier reads: the job's scene, environment map,
// model and inputs, and the worker's output.
type Files interface {
	LoadScene(ctx context.Context, spec api.JobSpec) (*scenes.Scene, error)
	LoadEnv(ctx context.Context, spec api.JobSpec) (*scenes.Environment, error)
	ReadImage(ctx context.Context, id string) (image.Image, error)
	// Ensure makes the file under c local; ReadStored reads it whole,
	// wrapping content.ErrTooLarge past limit bytes.
	Ensure(ctx context.Context, c cid.Cid) error
	ReadStored(ctx context.Context, c cid.Cid, limit int) ([]byte, error)
	// Open opens the stored file under c (made local by Ensure).
	Open(ctx context.Context, c cid.Cid) (io.ReadCloser, error)
}

// New is a verifier that reads files and compares pixels within tol.
func New(files Files, tol proof.Config) *Verifier {
	return &Verifier{files: files, tol: tol, sem: make(chan struct{}, runtime.GOMAXPROCS(0)),
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
func (v *Verifier) frame(ctx context.Context, spec *api.JobSpec, fr int) (*scenes.Frame, error) {
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
		if sc, err = v.files.LoadScene(ctx, *spec); err != nil {
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
func (v *Verifier) env(ctx context.Context, spec *api.JobSpec) (*scenes.Environment, error) {
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
	e, err := v.files.LoadEnv(ctx, *spec)
	if err != nil {
		return nil, err
	}
	v.mu.Lock()
	v.envs.put(key, e)
	v.mu.Unlock()
	return e, nil
}

// output reads and sanity-checks a unit's output image.
func (v *Verifier) output(ctx context.Context, id string, spec *api.JobSpec, u api.Unit) (*image.NRGBA, *render.Image, error) {
	data, err := v.read(ctx, id, "output")
	if err != nil {
		return nil, nil, err
	}
	if spec.EXR() {
		raw, err := verify.Raw(data, spec, u.Frame, u.Tile)
		if err != nil {
			return nil, nil, err
		}
		return raw.SRGB8(), raw, nil
	}
	img, err := verify.Output(data, spec, u.Frame, u.Tile)
	return img, nil, err
}

// read reads a stored file a worker named (what names it); one over the
// limit is the worker's lie.
func (v *Verifier) read(ctx context.Context, id, what string) ([]byte, error) {
	c, err := cid.Decode(id)
	if err != nil {
		return nil, fmt.Errorf("%w: %s %q is not a CID (%v)", proof.ErrDishonest, what, id, err)
	}
	data, err := v.files.ReadStored(ctx, c, maxOutputBytes)
	if errors.Is(err, content.ErrTooLarge) {
		return nil, fmt.Errorf("%w: %s %v", proof.ErrDishonest, what, err)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return data, nil
}

// derived checks what a unit's raw EXR output implies: under adaptive
// sampling, that the samples claimed are the pixels' counts; with
// denoise, that the denoised PNG is the raw render's, at recomputed
// pixels. A failure wraps proof.ErrDishonest.
func (v *Verifier) derived(ctx context.Context, pu Pending, raw *render.Image) error {
	spec := &pu.Spec
	if spec.Adaptive() {
		if err := verify.Samples(raw, pu.Samples); err != nil {
			return err
		}
	}
	if !spec.Denoise {
		return nil
	}
	if pu.Denoised == "" {
		return fmt.Errorf("%w: the job is denoised, and the report names no denoised image", proof.ErrDishonest)
	}
	data, err := v.read(ctx, pu.Denoised, "denoised image")
	if err != nil {
		return err
	}
	img, err := proof.Decode(data, raw.Width, raw.Height)
	if err != nil {
		return err
	}
	return verify.Denoised(ctx, raw, img, v.tol, rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64())))
}

// sample re-renders random pixels of img, a unit's output.
func (v *Verifier) sample(ctx context.Context, spec *api.JobSpec, u api.Unit, img *image.NRGBA, counts []float32, rnd *rand.Rand) error {
	f, err := v.frame(ctx, spec, u.Frame)
	if err != nil {
		return fmt.Errorf("loading the scene to verify: %w", err)
	}
	env, err := v.env(ctx, spec)
	if err != nil {
		return fmt.Errorf("loading the environment map to verify: %w", err)
	}
	_, err = verify.Render(ctx, f, spec, u.Tile, env, img, counts, v.tol, rnd)
	return err
}

// acquire takes a verification slot.
func (v *Verifier) acquire(ctx context.Context) error {
	select {
	case v.sem <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (v *Verifier) release() { <-v.sem }

// Pending is what the leader reads of a unit before accepting a
// receipt for it.
type Pending struct {
	Spec    api.JobSpec
	Unit    api.Unit
	Need    int           // renders the unit needs: 2 under redundancy
	Held    *chain.Signed // the first of two renders, held unpaid
	Price   uint64
	Fee     uint64
	ChainID uint64
	// Samples and Denoised are what the report claims: the samples taken
	// and the CID of the denoised PNG.
	Samples  uint64
	Denoised string
}

// Lie is a receipt caught lying; the worker is blocklisted for the job.
type Lie struct {
	Job    string
	Reason string
}

func (l *Lie) Error() string { return l.Reason }

// admit checks a receipt against the state: its signature, that it was
// not settled before, its lease, and that it commits to the job's scene
// and parameters. A *Lie means the worker lied; an *api.Error is a plain
// refusal. A retry of a completion that was already applied (its answer
// lost in a failover) returns the first answer instead, looked up in the
// same read as the checks: otherwise its settled receipt would look like
// a replay, or its spent lease like a stale one.
func Admit(m *state.Machine, worker, key string, req *api.CompleteRequest) (Pending, *state.Request, error) {
	rc := &req.Receipt
	if rc.Worker.Hex() != worker {
		return Pending{}, nil, &Lie{rc.Job, fmt.Sprintf("sent a receipt naming worker %s", rc.Worker.Hex())}
	}
	digest := rc.Digest()
	if signer, err := chain.Recover(digest[:], req.Signature); err != nil || signer != rc.Worker {
		return Pending{}, nil, &Lie{rc.Job, fmt.Sprintf("sent a receipt with a forged signature (signed by %s, %v)", signer.Hex(), err)}
	}
	var out Pending
	var refusal error
	var replay *state.Request
	m.Read(func(s *state.State) {
		if x, ok := s.Requests[worker+"\x00"+key]; key != "" && ok {
			replay = &x
			return
		}
		if job := s.Ledger.Settled[digest.Hex()]; job != "" {
			refusal = &Lie{job, fmt.Sprintf("replayed receipt %s, already settled", digest.Hex())}
			return
		}
		if rc.Frame > 1<<31 || rc.Tile > 1<<31 {
			refusal = &state.Error{Code: state.CodeBadRequest, Message: fmt.Sprintf("frame %d tile %d is out of range", rc.Frame, rc.Tile)}
			return
		}
		u := api.Unit{Frame: int(rc.Frame), Tile: int(rc.Tile)}
		_, j, i, err := s.LeaseUnit(worker, rc.LeaseEpoch, u)
		if err != nil {
			refusal = err
			return
		}
		switch {
		case rc.Job != j.ID:
			refusal = &Lie{j.ID, fmt.Sprintf("sent a receipt for job %s under a lease of job %s", rc.Job, j.ID)}
		case rc.SceneCID != j.Spec.Scene:
			refusal = &Lie{j.ID, fmt.Sprintf("signed for scene %s; the job's scene is %s", rc.SceneCID, j.Spec.Scene)}
		case rc.ParamsHash != j.Spec.Params(u.Frame, u.Tile).Hash():
			refusal = &Lie{j.ID, "signed for render parameters other than the job's"}
		case rc.ChainID != s.ChainID:
			refusal = &Lie{j.ID, fmt.Sprintf("signed for chain %d; the farm's is %d", rc.ChainID, s.ChainID)}
		case rc.Samples > 0 && rc.Samples < uint64(j.Spec.SPP) && !j.Spec.Adaptive():
			refusal = &Lie{j.ID, fmt.Sprintf("claims %d samples, fewer than the %d spp asked", rc.Samples, j.Spec.SPP)}
		case j.Spec.Adaptive() && !jobdef.SamplesInRange(&j.Spec, u.Tile, rc.Samples):
			lo, hi := jobdef.SampleRange(&j.Spec, u.Tile)
			refusal = &Lie{j.ID, fmt.Sprintf("claims %d samples; adaptive sampling of this unit takes %d..%d", rc.Samples, lo, hi)}
		}
		if refusal != nil {
			return
		}
		out = Pending{Spec: j.Spec, Unit: u, Need: max(j.Units[i].Need, 1), Held: j.Units[i].Pending, ChainID: s.ChainID, Samples: rc.Samples, Denoised: req.Denoised}
		out.Price, _ = jobdef.SpentPrice(&j.Spec, i, rc.Samples)
		out.Fee, _ = chain.Fee(out.Price, j.FeeBPS)
	})
	return out, replay, refusal
}

// Verdict is what the verification policy decided about a unit's output.
type Verdict struct {
	Mode   string             // completion mode: "", state.ModeHold or state.ModePair
	Reject []state.RejectBody // workers to reject, with what becomes of a held render
	PHash  string             // an AI frame's perceptual hash
}

// prove applies the job's verification policy to a unit's output: it
// decodes the image at the unit's size; re-renders pixels (3-D frames) or
// re-runs a tile (upscaled frames) under sample; and under redundant holds
// the first of two renders and compares the second with it. Diffusion
// frames cannot be re-run here: their perceptual hashes are compared, and
// when two renders disagree neither is paid and the frame goes to other
// workers.
//
// Its error is a failure to verify (the verifier's fault, not the
// worker's): the worker may report again.
func (v *Verifier) Prove(ctx context.Context, pu Pending, output string) (Verdict, error) {
	var vd Verdict
	spec := &pu.Spec
	if spec.Verify == proof.None {
		if spec.AI() {
			if img, _, err := v.output(ctx, output, spec, pu.Unit); err == nil {
				vd.PHash = verify.PHash(img)
			}
		}
		return vd, nil
	}
	if err := v.acquire(ctx); err != nil {
		return vd, fmt.Errorf("verification abandoned: %w", err)
	}
	defer v.release()
	self := func(reason string) Verdict { vd.Reject = []state.RejectBody{{Worker: "", Reason: reason}}; return vd }
	img, raw, err := v.output(ctx, output, spec, pu.Unit)
	if err == nil && raw != nil {
		err = v.derived(ctx, pu, raw)
	}
	if err != nil {
		if errors.Is(err, proof.ErrDishonest) {
			return self(err.Error()), nil
		}
		return vd, fmt.Errorf("reading the output to verify it: %w", err)
	}
	if spec.AI() {
		vd.PHash = verify.PHash(img)
	}
	// judge re-checks one output on its own: a lie, or a fault of ours.
	judge := func(img *image.NRGBA, raw *render.Image) (error, error) {
		var counts []float32
		if raw != nil {
			counts = raw.Samples
		}
		rnd := rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))
		var err error
		switch spec.JobType() {
		case api.JobRender:
			if spec.Engine == api.EngineBlender {
				err = v.blendCheck(ctx, spec, pu.Unit, img, rnd)
			} else {
				err = v.sample(ctx, spec, pu.Unit, img, counts, rnd)
			}
		case api.JobUpscale:
			err = v.upscaleCheck(ctx, spec, pu.Unit.Frame, img, rnd)
		}
		if err != nil && !errors.Is(err, proof.ErrDishonest) {
			return nil, fmt.Errorf("verifying: %w", err)
		}
		return err, nil
	}
	if spec.Verify == proof.Sample {
		lie, fault := judge(img, raw)
		if fault != nil {
			return vd, fault
		}
		if lie != nil {
			return self(lie.Error()), nil
		}
		return vd, nil
	}
	// Redundant.
	if pu.Need < 2 {
		return vd, nil
	}
	if pu.Held == nil {
		vd.Mode = state.ModeHold
		return vd, nil
	}
	held := pu.Held.Receipt.Worker.Hex()
	first, firstRaw, err := v.output(ctx, pu.Held.Receipt.OutputCID, spec, pu.Unit)
	if err != nil && !errors.Is(err, proof.ErrDishonest) {
		return vd, fmt.Errorf("reading the held render to compare: %w", err)
	}
	if spec.Type == api.JobTxt2Img {
		d := 64
		if err == nil {
			d = verify.PHashDistance(verify.PHash(first), vd.PHash)
		}
		if d <= diffusion.PHashThreshold {
			vd.Mode = state.ModePair
			return vd, nil
		}
		vd.Reject = []state.RejectBody{{Worker: "", Dispute: true, Pending: "drop", Reason: fmt.Sprintf(
			"its image and worker %s's image of the same seed differ: their perceptual hashes are %d of 64 bits apart (at most %d agree)", held, d, diffusion.PHashThreshold)}}
		return vd, nil
	}
	if err == nil && proof.Compare(first, img, v.tol) == nil {
		vd.Mode = state.ModePair
		return vd, nil
	}
	if spec.Engine == api.EngineBlender && v.canRerender(spec) != nil {
		// No Blender here to re-render a region of the frame: two renders
		// that disagree are both unpaid, and the frame goes to other workers.
		vd.Reject = []state.RejectBody{{Worker: "", Dispute: true, Pending: "drop", Reason: fmt.Sprintf(
			"its Blender render and worker %s's of the same frame, seed and version differ beyond the farm's pixel tolerance", held)}}
		return vd, nil
	}
	// They disagree: re-rendered pixels (or a re-run tile) decide who lied.
	newLie, fault := judge(img, raw)
	if fault != nil {
		return vd, fault
	}
	firstLie := err
	if firstLie == nil {
		if firstLie, fault = judge(first, firstRaw); fault != nil {
			return vd, fault
		}
	}
	switch {
	case newLie == nil && firstLie == nil:
		vd.Mode = state.ModePair
	case newLie == nil:
		vd.Reject = []state.RejectBody{{Worker: held, Reason: "its render disagreed with a second worker's and failed " + recheck(spec), Pending: "drop"}}
	case firstLie == nil:
		ph := ""
		if spec.AI() {
			ph = verify.PHash(first)
		}
		vd.Reject = []state.RejectBody{{Worker: "", Reason: "its render disagreed with the held render and failed " + recheck(spec), Pending: "settle", PHash: ph}}
	default:
		vd.Reject = []state.RejectBody{
			{Worker: held, Reason: "both renders of the frame failed " + recheck(spec), Pending: "drop"},
			{Worker: "", Reason: "both renders of the frame failed " + recheck(spec)},
		}
	}
	return vd, nil
}

// recheck names what the leader re-ran to decide between two renders.
func recheck(spec *api.JobSpec) string {
	if spec.Type == api.JobUpscale {
		return "a re-run tile"
	}
	if spec.Engine == api.EngineBlender {
		return "a region re-rendered by the coordinator's Blender"
	}
	return "re-rendered pixels"
}

// verifyModels is how many parsed upscale models the leader keeps.
const verifyModels = 4

// Model returns the upscale model stored under id, parsed (and cached).
func (v *Verifier) Model(ctx context.Context, id string) (*upscale.Model, error) {
	v.mu.Lock()
	m, ok := v.models.get(id)
	v.mu.Unlock()
	if ok {
		return m, nil
	}
	c, err := ipfs.ParseCID(id)
	if err != nil {
		return nil, fmt.Errorf("model %q: %w", id, err)
	}
	if err := v.files.Ensure(ctx, c); err != nil {
		return nil, fmt.Errorf("model %s is not stored on the coordinator (%w); upload it first (rendergrid submit upscale does)", c, err)
	}
	data, err := v.files.ReadStored(ctx, c, content.MaxModelBytes)
	if err != nil {
		return nil, fmt.Errorf("model: %w", err)
	}
	if m, err = upscale.Parse(data); err != nil {
		return nil, fmt.Errorf("model %s: %w", c, err)
	}
	v.mu.Lock()
	v.models.put(id, m)
	v.mu.Unlock()
	return m, nil
}

// upscaleCheck re-runs one random tile of frame f of an upscale job with
// the pure-Go network and compares it with the worker's output, out.
func (v *Verifier) upscaleCheck(ctx context.Context, spec *api.JobSpec, f int, out *image.NRGBA, rnd *rand.Rand) error {
	m, err := v.Model(ctx, spec.Scene)
	if err != nil {
		return err
	}
	in, err := v.files.ReadImage(ctx, spec.Upscale.Inputs[f].CID)
	if err != nil {
		return fmt.Errorf("input of frame %d: %w", f, err)
	}
	_, err = verify.Upscale(ctx, m, in, out, rnd)
	return err
}
