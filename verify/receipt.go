package verify

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/chain"
	"github.com/rendergrid/rendergrid/job"
	"github.com/rendergrid/rendergrid/render"
	"github.com/rendergrid/rendergrid/render/proof"
	"github.com/rendergrid/rendergrid/render/upscale"
	"github.com/rendergrid/rendergrid/scenes"
)

// Source is where a receipt's check reads the job and its files: the
// coordinators' API for rendergrid verify, the coordinator's own state and
// store for the dashboard's verify action.
type Source interface {
	Job(ctx context.Context, id string) (api.Job, error)
	Frames(ctx context.Context, job string) ([]api.Frame, error)
	// Fetch returns the file stored under a CID, checked against it.
	Fetch(ctx context.Context, cid string) ([]byte, error)
}

// Verification is what a check of one receipt found.
type Verification struct {
	Receipt     string `json:"receipt"`
	Worker      string `json:"worker"`
	Coordinator string `json:"coordinator"`
	Output      string `json:"output"`
	Bytes       int    `json:"bytes"`
	Checked     int    `json:"pixels_checked"`
	Mismatched  int    `json:"pixels_off"`
	Worst       int    `json:"worst_diff"`
}

// Receipt checks one countersigned receipt end to end: both EIP-712
// signatures (the coordinator's must satisfy signer), that it commits to
// the job's scene and parameters, the output fetched and decoded, and the
// render re-done where it can be (pixels re-rendered, an upscaled tile
// re-run, a denoised image recomputed; a diffusion image's perceptual
// hash compared). say hears each step as a sentence. An image that is not
// what was asked fails with an error wrapping proof.ErrDishonest.
func Receipt(ctx context.Context, src Source, s chain.Signed, signer func(common.Address) bool, pixels int, say func(string, ...any)) (Verification, error) {
	r := &s.Receipt
	v := Verification{Receipt: s.ID(), Worker: r.Worker.Hex(), Coordinator: s.Coordinator.Hex(), Output: r.OutputCID}
	if err := s.Verify(signer); err != nil {
		return v, err
	}
	say("receipt %s: job %s frame %d tile %d, %d camera paths, %d ms on %s", s.ID(), r.Job, r.Frame, r.Tile, r.Samples, r.RenderMS, r.Engine)
	say("  signed by worker %s and countersigned by coordinator %s (EIP-712, chain %d): paid %d, fee %d", r.Worker.Hex(), s.Coordinator.Hex(), r.ChainID, s.Price-s.Fee, s.Fee)
	j, err := src.Job(ctx, r.Job)
	if err != nil {
		return v, fmt.Errorf("reading job %s for its render parameters: %w", r.Job, err)
	}
	if j.Spec.Scene != r.SceneCID || j.Spec.Params(int(r.Frame), int(r.Tile)).Hash() != r.ParamsHash {
		return v, fmt.Errorf("the receipt commits to scene %s and parameters %s, the job has %s and %s",
			r.SceneCID, r.ParamsHash.Hex(), j.Spec.Scene, j.Spec.Params(int(r.Frame), int(r.Tile)).Hash().Hex())
	}
	png, err := src.Fetch(ctx, r.OutputCID)
	if err != nil {
		return v, fmt.Errorf("fetching output %s: %w", r.OutputCID, err)
	}
	v.Bytes = len(png)
	say("  output %s: %d bytes, every block checked against its CID", r.OutputCID, len(png))
	if j.Spec.AI() {
		return receiptAI(ctx, src, j, s, png, v, say)
	}
	sceneData, err := src.Fetch(ctx, j.Spec.Scene)
	if err != nil {
		return v, fmt.Errorf("fetching scene %s: %w", j.Spec.Scene, err)
	}
	sc, err := scenes.Decode(job.SceneName(&j.Spec), sceneData, nil)
	if err != nil {
		return v, err
	}
	f, err := sc.Frame(job.FrameOptions(&j.Spec, int(r.Frame)))
	if err != nil {
		return v, err
	}
	var env *scenes.Environment
	if j.Spec.Env != "" {
		envData, err := src.Fetch(ctx, j.Spec.Env)
		if err != nil {
			return v, fmt.Errorf("fetching the environment map: %w", err)
		}
		if env, err = scenes.DecodeEnvironment(job.EnvName(&j.Spec), envData, j.Spec.EnvStrength, j.Spec.EnvRotation); err != nil {
			return v, err
		}
	}
	img, err := Output(png, &j.Spec, int(r.Frame), int(r.Tile))
	if err != nil {
		return v, err
	}
	var counts []float32
	if j.Spec.EXR() {
		raw, err := Raw(png, &j.Spec, int(r.Frame), int(r.Tile))
		if err != nil {
			return v, err
		}
		if err := derived(ctx, src, j, r, raw, say); err != nil {
			return v, err
		}
		counts = raw.Samples
	}
	start := time.Now()
	rep, err := Render(ctx, f, &j.Spec, int(r.Tile), env, img, counts, proof.Config{Pixels: pixels}, rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64())))
	v.Checked, v.Mismatched, v.Worst = rep.Checked, rep.Mismatched, rep.Worst
	if err != nil {
		return v, err
	}
	say("  re-rendered %d pixels with the reference engine in %s: %d off by more than 2/255 (worst %d/255): the image is honest",
		rep.Checked, time.Since(start).Round(time.Millisecond), rep.Mismatched, rep.Worst)
	return v, nil
}

// derived checks what a raw EXR output implies: the receipt's
// samples are its pixels' counts (adaptive sampling), and the frame's
// denoised PNG is the raw render's, at recomputed pixels (denoise).
func derived(ctx context.Context, src Source, j api.Job, r *chain.Receipt, raw *render.Image, say func(string, ...any)) error {
	if j.Spec.Adaptive() {
		if err := Samples(raw, r.Samples); err != nil {
			return err
		}
		say("  adaptive sampling: the receipt's %d samples are the output's per-pixel counts (%.1f spp on average)", r.Samples, float64(r.Samples)/float64(raw.Width*raw.Height))
	}
	if !j.Spec.Denoise {
		return nil
	}
	frames, err := src.Frames(ctx, j.ID)
	if err != nil {
		return err
	}
	denoised := ""
	for _, fr := range frames {
		if fr.Frame == int(r.Frame) && fr.Tile == int(r.Tile) {
			denoised = fr.Denoised
		}
	}
	if denoised == "" {
		return fmt.Errorf("frame %d tile %d of job %s has no denoised image yet", r.Frame, r.Tile, j.ID)
	}
	data, err := src.Fetch(ctx, denoised)
	if err != nil {
		return fmt.Errorf("fetching the denoised image %s: %w", denoised, err)
	}
	img, err := proof.Decode(data, raw.Width, raw.Height)
	if err != nil {
		return err
	}
	if err := Denoised(ctx, raw, img, proof.Config{}, rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))); err != nil {
		return err
	}
	say("  denoised %s: %d pixels recomputed from the raw render and its passes match", denoised, DenoisePixels)
	return nil
}

func receiptAI(ctx context.Context, src Source, j api.Job, s chain.Signed, data []byte, v Verification, say func(string, ...any)) (Verification, error) {
	r := &s.Receipt
	fr := int(r.Frame)
	w, h := j.Spec.OutputSize(fr, int(r.Tile))
	img, err := Output(data, &j.Spec, fr, int(r.Tile))
	if err != nil {
		return v, err
	}
	if j.Spec.Type == api.JobTxt2Img {
		fs, err := src.Frames(ctx, j.ID)
		if err != nil {
			return v, err
		}
		got := PHash(img)
		for _, f := range fs {
			if f.Frame == fr && f.Meta["phash"] != "" && f.Meta["phash"] != got && f.Output == r.OutputCID {
				return v, fmt.Errorf("the output's perceptual hash is %s; the farm recorded %s", got, f.Meta["phash"])
			}
		}
		p, seed := j.Spec.Txt2Img.Prompt(fr)
		say("  %dx%d image of %q, seed %d: no diffusion model runs here to make it again; its perceptual hash %s is the one the farm recorded", w, h, p, seed, got)
		return v, nil
	}
	bundle, err := src.Fetch(ctx, j.Spec.Scene)
	if err != nil {
		return v, fmt.Errorf("fetching model %s: %w", j.Spec.Scene, err)
	}
	m, err := upscale.Parse(bundle)
	if err != nil {
		return v, fmt.Errorf("model %s: %w", j.Spec.Scene, err)
	}
	inData, err := src.Fetch(ctx, j.Spec.Upscale.Inputs[fr].CID)
	if err != nil {
		return v, fmt.Errorf("fetching input %s: %w", j.Spec.Upscale.Inputs[fr].CID, err)
	}
	in, _, err := upscale.DecodeInput(inData)
	if err != nil {
		return v, fmt.Errorf("input %s %w", j.Spec.Upscale.Inputs[fr].CID, err)
	}
	start := time.Now()
	rep, err := Upscale(ctx, m, in, img, rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64())))
	v.Checked, v.Worst = rep.Checked, rep.Worst
	if errors.Is(err, proof.ErrDishonest) {
		v.Mismatched = 1
	}
	if err != nil {
		return v, err
	}
	core := rep.Tile
	worst := rep.Worst
	say("  re-ran input tile %d,%d-%d,%d (%d output pixels) with the pure-Go network in %s: worst difference %d/255: the image is honest",
		core.Min.X, core.Min.Y, core.Max.X, core.Max.Y, v.Checked, time.Since(start).Round(time.Millisecond), worst)
	return v, nil
}
