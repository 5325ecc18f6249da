package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/ipfs/go-cid"
	"github.com/urfave/cli/v2"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/chain"
	"github.com/rendergrid/rendergrid/ipfs"
	"github.com/rendergrid/rendergrid/job"
	"github.com/rendergrid/rendergrid/render"
	"github.com/rendergrid/rendergrid/scenes"
)

func submitCommand() *cli.Command {
	return &cli.Command{
		Name:        "submit",
		Usage:       "upload a scene and submit a render job (or: submit upscale, submit txt2img)",
		ArgsUsage:   "SCENE.glb|sample:NAME",
		Subcommands: []*cli.Command{submitUpscaleCommand(), submitTxt2ImgCommand()},
		Flags: append(append(specFlags(),
			&cli.BoolFlag{Name: "wait", Usage: "wait for the job with a progress bar"},
			jsonFlag, keyFlag, rpcFlag,
		), append(priceFlags(), clientFlags()...)...),
		Action: runSubmit,
	}
}

// specFlags are the flags that describe a render job, shared by submit
// and quote.
func specFlags() []cli.Flag {
	return append(append([]cli.Flag{
		&cli.StringFlag{Name: "frames", Usage: "frame range A-B (default: the scene's whole animation, or frame 0)"},
		&cli.IntFlag{Name: "spp", Value: 64, Usage: "samples per pixel"},
		&cli.StringFlag{Name: "res", Value: "640x360", Usage: "resolution WxH"},
		&cli.IntFlag{Name: "bounces", Value: render.DefaultBounce, Usage: "maximum bounces per path"},
		&cli.UintFlag{Name: "seed", Usage: "base seed of the random numbers"},
		&cli.StringFlag{Name: "camera", Usage: "camera name (default: the scene's first)"},
		&cli.Float64Flag{Name: "fps", Usage: "frames per second of the animation (default 24)"},
		&cli.StringFlag{Name: "tiles", Usage: "split each frame into CxR tiles, e.g. 4x4"},
		&cli.StringFlag{Name: "engine", Usage: "require this engine on the worker (cpu, vulkan, ...)"},
		&cli.StringFlag{Name: "blender-version", Usage: "a .blend job: only workers with this Blender version (e.g. 3.4.1) render it"},
		&cli.StringFlag{Name: "blender", Value: "auto", EnvVars: []string{"RENDERGRID_BLENDER"}, Usage: "a .blend job: the Blender that lists the files the .blend reads (textures, libraries, caches) to send them with it; auto: blender on PATH; none: send the .blend alone"},
		&cli.StringFlag{Name: "blender-device", Usage: "a .blend job: the Cycles device it renders on, CPU (the default) or a GPU backend: OPTIX, CUDA, HIP, ONEAPI, METAL"},
	}, append(append(lightingFlags(), outputFlags()...), jobFlags()...)...), sceneLimitFlags()...)
}

// jobFlags are the flags every kind of job takes.
func jobFlags() []cli.Flag {
	return []cli.Flag{
		&cli.IntFlag{Name: "priority", Usage: "higher runs first"},
		&cli.StringFlag{Name: "chunk", Value: "auto", Usage: "frames per lease: N, or auto (aims at 2-minute leases)"},
		&cli.StringSliceFlag{Name: "tag", Usage: "require workers with this tag (repeatable)"},
		&cli.StringFlag{Name: "name", Usage: "job name (default: the scene file's)"},
		&cli.BoolFlag{Name: "public", Usage: "let anyone read the job's scene, map and frames through the farm's gateways (default: you, operators and workers)"},
		&cli.IntFlag{Name: "max-workers", Value: api.DefaultRetry.MaxWorkers, Usage: "a frame that failed on this many distinct workers fails (0: retry forever)"},
		&cli.IntFlag{Name: "blocklist-after", Value: api.DefaultRetry.BlocklistAfter, Usage: "a worker failing this many frames of the job gets no more (0: never)"},
		&cli.IntFlag{Name: "fail-percent", Value: api.DefaultRetry.FailPercent, Usage: "the job fails once this % of frames failed (0: never)"},
		&cli.DurationFlag{Name: "max-runtime", Value: time.Duration(api.DefaultRetry.MaxRuntimeSec) * time.Second, Usage: "flag frames leased longer than this as stuck (0: never)"},
	}
}
func runSubmit(c *cli.Context) error {
	if c.NArg() != 1 {
		return errors.New("submit needs one scene file (.glb or self-contained .gltf) or sample:NAME")
	}
	arg := c.Args().First()
	if strings.HasSuffix(strings.ToLower(arg), ".blend") {
		return submitBlend(c, arg)
	}
	data, name, err := readSceneFile(arg)
	if err != nil {
		return err
	}
	// Check the scene here first: a broken file never leaves the machine.
	sc, err := scenes.DecodeWith(name, data, nil, sceneLimits(c))
	if err != nil {
		return fmt.Errorf("scene %s does not load: %w", arg, err)
	}
	spec, err := specFromFlags(c, sc, name)
	if err != nil {
		return err
	}
	cl, err := submitClient(c, spec)
	if err != nil {
		return err
	}
	if c.String("env") != "" && spec.Env == "" {
		envData, envName, err := readEnvArg(c, nil, nil)
		if err != nil {
			return err
		}
		// Decode it here first: a map no worker could use never leaves the machine.
		if _, err := scenes.DecodeEnvironment(envName, envData, spec.EnvStrength, spec.EnvRotation); err != nil {
			return err
		}
		envID, err := uploadBytes(c.Context, cl, envData, "upload "+envName, c.Bool("json"))
		if err != nil {
			return err
		}
		spec.Env, spec.EnvName = envID.String(), envName
	}
	id, err := uploadBytes(c.Context, cl, data, "upload "+name, c.Bool("json"))
	if err != nil {
		return err
	}
	spec.Scene = id.String()
	return submitJob(c, cl, spec, func(j api.Job) string {
		return fmt.Sprintf("%s frames %d-%d (%d units) at %dx%d, %d spp; scene %s", name, j.Spec.FrameStart, j.Spec.FrameEnd, j.Units, j.Spec.Width, j.Spec.Height, j.Spec.SPP, id)
	})
}

// submitBlend submits a .blend file as a job for the workers' Blender
// (engine blender): Cycles renders it as the file sets it up, at the
// job's resolution, samples and seed; proof of render is redundant.
func submitBlend(c *cli.Context, path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if !job.IsBlend(data) {
		return fmt.Errorf("%s is not a .blend file", path)
	}
	if c.String("frames") == "" {
		return fmt.Errorf("a .blend job needs --frames A-B: the file's own range is read by Blender on the workers only")
	}
	w, h, err := parseRes(c.String("res"))
	if err != nil {
		return err
	}
	spec, err := jobFromFlags(c, strings.TrimSuffix(filepath.Base(path), filepath.Ext(path)))
	if err != nil {
		return err
	}
	spec.SceneName, spec.Engine, spec.Width, spec.Height = filepath.Base(path), api.EngineBlender, w, h
	spec.SPP, spec.Seed, spec.Blender = c.Int("spp"), uint32(c.Uint("seed")), c.String("blender-version")
	spec.BlenderDevice = strings.ToUpper(c.String("blender-device"))
	if !c.IsSet("verify") {
		spec.Verify = "" // redundant, the .blend default
	}
	if spec.FrameStart, spec.FrameEnd, err = api.ParseFrames(c.String("frames")); err != nil {
		return err
	}
	if t := c.String("tiles"); t != "" {
		if spec.TilesX, spec.TilesY, err = parseRes(t); err != nil {
			return fmt.Errorf("--tiles %s: want CxR, e.g. 4x4", t)
		}
	}
	spec.Price.PerMPS = c.Uint64("price-per-mps")
	cl, err := submitClient(c, spec)
	if err != nil {
		return err
	}
	// The folder: Blender lists the files the .blend reads and saves a copy
	// whose paths are relative; the copy is what goes.
	if bin, ok := findBlenderFor(c); ok {
		tmp, err := os.MkdirTemp("", "rendergrid-blend-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		p, err := planBlend(c.Context, bin, path, tmp)
		if err != nil {
			return err
		}
		if spec.Files, err = uploadFolder(c.Context, cl, p, c.Bool("json")); err != nil {
			return err
		}
		spec.SceneDir = p.SceneDir
		if data, err = os.ReadFile(p.Blend); err != nil {
			return err
		}
	}
	id, err := uploadBytes(c.Context, cl, data, "upload "+spec.SceneName, c.Bool("json"))
	if err != nil {
		return err
	}
	spec.Scene = id.String()
	return submitJob(c, cl, spec, func(j api.Job) string {
		return fmt.Sprintf("%s frames %d-%d (%d units, %d files beside it) at %dx%d, %d spp with Blender on the workers; scene %s", spec.SceneName, j.Spec.FrameStart, j.Spec.FrameEnd, j.Units, len(spec.Files), j.Spec.Width, j.Spec.Height, j.Spec.SPP, id)
	})
}

// findBlenderFor is the Blender that lists a .blend's files for submit
// (--blender), and whether there is one; without one the .blend goes
// alone, with a warning.
func findBlenderFor(c *cli.Context) (string, bool) {
	want := c.String("blender")
	if want == "none" {
		return "", false
	}
	if want == "auto" || want == "" {
		want = "blender"
	}
	bin, err := exec.LookPath(want)
	if err != nil {
		fmt.Fprintf(os.Stderr, "warning: no Blender at %q, so the .blend goes alone: files it reads from disk (textures, libraries, caches) do not; pack them into it (File > External Data > Pack Resources), or give --blender PATH\n", want)
		return "", false
	}
	return bin, true
}

// submitClient is the client that submits spec: a paid job draws on the
// artist's account, so the key is bound on first use.
func submitClient(c *cli.Context, spec api.JobSpec) (*api.Client, error) {
	cl, err := newClient(c)
	if err != nil {
		return nil, err
	}
	if !spec.Price.Zero() {
		if _, err := ensureAccount(c, cl); err != nil {
			return nil, err
		}
	}
	return cl, nil
}

// submitJob submits spec, funds it on an EVM farm, says what was
// submitted (describe words the job) and, with --wait, follows it.
func submitJob(c *cli.Context, cl *api.Client, spec api.JobSpec, describe func(api.Job) string) error {
	j, err := cl.Submit(c.Context, spec)
	if err != nil {
		return fmt.Errorf("submitting: %w", err)
	}
	if j.Funding != nil && j.Funding.Funded == 0 {
		if j, err = fundJob(c, cl, j); err != nil {
			return err
		}
	}
	if j.Spec.AI() {
		warnNoWorker(c.Context, cl, j.Spec)
	}
	if c.Bool("json") && !c.Bool("wait") {
		return printJSON(j)
	}
	msg := os.Stdout
	if c.Bool("json") {
		msg = os.Stderr
	}
	fmt.Fprintf(msg, "submitted job %s: %s\n", j.ID, describe(j))
	if j.Escrow != nil && j.Escrow.Locked > 0 {
		fmt.Fprintf(msg, "locked %d in escrow from %s (verification: %s); what is not spent is refunded when the job ends\n", j.Escrow.Locked, j.Escrow.Payer, j.Spec.Verify)
	}
	if c.Bool("wait") {
		return waitJob(c.Context, cl, j.ID, c.Bool("json"))
	}
	return nil
}

// readSceneFile reads a scene file, or a built-in sample:NAME.
func readSceneFile(arg string) ([]byte, string, error) {
	if n, ok := strings.CutPrefix(arg, samplePrefix); ok {
		b, err := scenes.SampleBytes(n)
		return b, n + ".glb", err
	}
	b, err := os.ReadFile(arg)
	if err != nil {
		return nil, "", fmt.Errorf("scene %s: %w", arg, err)
	}
	return b, filepath.Base(arg), nil
}

// specFromFlags builds a job spec from submit's flags.
func specFromFlags(c *cli.Context, sc *scenes.Scene, name string) (api.JobSpec, error) {
	w, h, err := parseRes(c.String("res"))
	if err != nil {
		return api.JobSpec{}, err
	}
	spec, err := jobFromFlags(c, name)
	if err != nil {
		return spec, err
	}
	spec.SceneName, spec.Width, spec.Height, spec.SPP = name, w, h, c.Int("spp")
	spec.MaxBounces, spec.Seed, spec.Camera, spec.FPS = c.Int("bounces"), uint32(c.Uint("seed")), c.String("camera"), c.Float64("fps")
	spec.Engine = c.String("engine")
	if f := c.String("frames"); f != "" {
		if spec.FrameStart, spec.FrameEnd, err = api.ParseFrames(f); err != nil {
			return spec, err
		}
	} else {
		fps := spec.FPS
		if fps == 0 {
			fps = scenes.DefaultFPS
		}
		start, end := sc.Range()
		spec.FrameStart, spec.FrameEnd = int(math.Round(start*fps)), int(math.Round(end*fps))
	}
	spec.Price.PerMPS = c.Uint64("price-per-mps")
	if spec.Passes, err = render.ParsePasses(c.String("passes")); err != nil {
		return spec, fmt.Errorf("--passes: %w", err)
	}
	spec.Denoise, spec.NoiseThreshold, spec.MinSPP = c.Bool("denoise"), c.Float64("noise-threshold"), c.Int("min-spp")
	if err := lightingFromFlags(c, sc, &spec); err != nil {
		return spec, err
	}
	if t := c.String("tiles"); t != "" {
		if spec.TilesX, spec.TilesY, err = parseRes(t); err != nil {
			return spec, fmt.Errorf("--tiles %s: want CxR, e.g. 4x4", t)
		}
	}
	return spec, nil
}

// lightingFromFlags fills the spec's lighting fields (not Env's CID, which
// exists once the map is uploaded) and refuses a scene that nothing would
// light.
func lightingFromFlags(c *cli.Context, sc *scenes.Scene, spec *api.JobSpec) error {
	bg, err := parseBackground(c.String("background"))
	if err != nil {
		return err
	}
	spec.Background, spec.FilmTransparent = bg, c.Bool("film-transparent")
	if c.String("env") != "" {
		if text, ok := strings.CutPrefix(c.String("env"), cidPrefix); ok {
			// A map already on the farm: the coordinator checks it loads.
			id, err := ipfs.ParseCID(text)
			if err != nil {
				return fmt.Errorf("--env %s: %w", c.String("env"), err)
			}
			spec.Env = id.String()
		}
		spec.EnvStrength, spec.EnvRotation = c.Float64("env-strength"), c.Float64("env-rotation")
		return nil
	}
	if bg != nil && max(bg[0], bg[1], bg[2]) > 0 {
		return nil
	}
	f, err := sc.Frame(scenes.FrameOptions{Frame: spec.FrameStart, FPS: spec.FPS, Camera: spec.Camera})
	if err == nil && !f.Lit() {
		return fmt.Errorf("%s: %s", sc.Name, scenes.NoLightWarning)
	}
	return nil
}

// jobFromFlags fills the fields every kind of job has from jobFlags and
// the price flags; name is the default job name.
func jobFromFlags(c *cli.Context, name string) (api.JobSpec, error) {
	spec := api.JobSpec{
		Name: firstOf(c.String("name"), name), Priority: c.Int("priority"), Tags: c.StringSlice("tag"), Public: c.Bool("public"),
		Retry: &api.RetryPolicy{MaxWorkers: c.Int("max-workers"), BlocklistAfter: c.Int("blocklist-after"),
			FailPercent: c.Int("fail-percent"), MaxRuntimeSec: int(c.Duration("max-runtime").Seconds())},
		Price: chain.Price{PerFrame: c.Uint64("price")}, Verify: c.String("verify"), Redundancy: c.Int("redundancy"),
	}
	switch ch := c.String("chunk"); ch {
	case "auto", "":
	default:
		var err error
		if spec.Chunk, err = strconv.Atoi(ch); err != nil || spec.Chunk < 1 {
			return spec, fmt.Errorf("--chunk %s: want a positive number or auto", ch)
		}
	}
	return spec, nil
}

// uploadBytes stores data on the cluster (as a verified CAR) and returns
// its CID, with progress on standard error for large files.
func uploadBytes(ctx context.Context, cl *api.Client, data []byte, label string, quiet bool) (cid.Cid, error) {
	return uploadFrom(ctx, cl, bytes.NewReader(data), label, quiet)
}

// uploadFile is uploadBytes for the file at path, read as it goes, never
// whole (a cache of a .blend may be gigabytes).
func uploadFile(ctx context.Context, cl *api.Client, path, label string, quiet bool) (cid.Cid, error) {
	f, err := os.Open(path)
	if err != nil {
		return cid.Undef, err
	}
	defer f.Close()
	return uploadFrom(ctx, cl, f, label, quiet)
}

// uploadFrom adds what r reads to a scratch store and sends it to the
// cluster as a CAR streamed from that store.
func uploadFrom(ctx context.Context, cl *api.Client, r io.Reader, label string, quiet bool) (cid.Cid, error) {
	dir, err := os.MkdirTemp("", "rendergrid-upload-")
	if err != nil {
		return cid.Undef, err
	}
	defer os.RemoveAll(dir)
	st, err := ipfs.Open(ctx, dir, ipfs.Options{NoSync: true})
	if err != nil {
		return cid.Undef, err
	}
	defer st.Close()
	id, err := st.Add(ctx, r)
	if err != nil {
		return cid.Undef, err
	}
	// The CAR's size is measured (one more pass over the store) only for
	// a progress bar.
	var size counter
	var bar *progressBar
	if !quiet {
		if err := st.ExportCAR(ctx, id, &size); err != nil {
			return cid.Undef, err
		}
		if size > 1<<20 {
			bar = newProgressBar(os.Stderr, label)
			bar.unit = "B"
			defer bar.done()
		}
	}
	start := time.Now()
	_, err = cl.UploadCAR(ctx, func() (io.ReadCloser, error) {
		pr, pw := io.Pipe()
		go func() { pw.CloseWithError(st.ExportCAR(ctx, id, pw)) }()
		var r io.Reader = pr
		if bar != nil {
			r = &progressReader{r: pr, total: int64(size), start: start, bar: bar}
		}
		return struct {
			io.Reader
			io.Closer
		}{r, pr}, nil
	}, id)
	if err != nil {
		return cid.Undef, fmt.Errorf("uploading %s: %w", label, err)
	}
	return id, nil
}

// counter counts the bytes written to it.
type counter int64

func (c *counter) Write(b []byte) (int, error) {
	*c += counter(len(b))
	return len(b), nil
}

func jobsCommand() *cli.Command {
	action := func(name, usage string) *cli.Command {
		return &cli.Command{
			Name: name, Usage: usage, ArgsUsage: "JOB", Flags: append([]cli.Flag{jsonFlag}, clientFlags()...),
			Action: func(c *cli.Context) error {
				if c.NArg() != 1 {
					return fmt.Errorf("jobs %s needs one job id", name)
				}
				return jobAction(c, api.ActionRequest{Action: name})
			},
		}
	}
	return &cli.Command{
		Name:  "jobs",
		Usage: "list and manage your jobs",
		Subcommands: []*cli.Command{
			{
				Name: "ls", Usage: "list jobs, newest first",
				Flags: append([]cli.Flag{jsonFlag, &cli.StringFlag{Name: "state", Usage: "only jobs in this state"},
					&cli.BoolFlag{Name: "archived", Usage: "also list jobs archived to IPFS (jobs show and fetch still read them)"}}, clientFlags()...),
				Action: func(c *cli.Context) error {
					cl, err := newClient(c)
					if err != nil {
						return err
					}
					list := cl.Jobs
					if c.Bool("archived") {
						list = cl.JobsWithArchived
					}
					jobs, err := list(c.Context, c.String("state"))
					if err != nil {
						return err
					}
					if c.Bool("json") {
						return printJSON(jobs)
					}
					tw := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
					fmt.Fprintln(tw, "JOB\tNAME\tSTATE\tPRIO\tDONE\tFAILED\tFRAMES\tSUBMITTED")
					for _, j := range jobs {
						if j.Archive != "" && j.Units == 0 {
							fmt.Fprintf(tw, "%s\t%s\t%s (archived %s)\t\t\t\t\t\n", j.ID, j.Spec.Name, j.State, j.Archive)
							continue
						}
						fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d/%d\t%d\t%d-%d\t%s\n", j.ID, j.Spec.Name, j.State, j.Priority,
							j.Counts.Done, j.Units, j.Counts.Failed, j.Spec.FrameStart, j.Spec.FrameEnd, when(j.Submitted))
					}
					return tw.Flush()
				},
			},
			{
				Name: "show", Usage: "show one job", ArgsUsage: "JOB", Flags: append([]cli.Flag{jsonFlag}, clientFlags()...),
				Action: func(c *cli.Context) error {
					if c.NArg() != 1 {
						return errors.New("jobs show needs one job id")
					}
					cl, err := newClient(c)
					if err != nil {
						return err
					}
					j, err := cl.Job(c.Context, c.Args().First())
					if err != nil {
						return err
					}
					if c.Bool("json") {
						return printJSON(j)
					}
					printJob(j)
					return nil
				},
			},
			action(api.ActionCancel, "cancel a job: running frames stop, nothing more is rendered"),
			action(api.ActionPause, "pause a job: running frames finish, no new ones start"),
			action(api.ActionResume, "resume a paused job"),
			action(api.ActionRetry, "queue a job's failed frames again"),
			{
				Name: "priority", Usage: "change a job's priority (higher runs first)", ArgsUsage: "JOB N",
				Flags: append([]cli.Flag{jsonFlag}, clientFlags()...),
				Action: func(c *cli.Context) error {
					if c.NArg() != 2 {
						return errors.New("jobs priority needs a job id and a number")
					}
					p, err := strconv.Atoi(c.Args().Get(1))
					if err != nil {
						return fmt.Errorf("priority %q is not a number", c.Args().Get(1))
					}
					return jobAction(c, api.ActionRequest{Action: api.ActionPriority, Priority: p})
				},
			},
		},
	}
}

func jobAction(c *cli.Context, a api.ActionRequest) error {
	cl, err := newClient(c)
	if err != nil {
		return err
	}
	j, err := cl.Action(c.Context, c.Args().First(), a)
	if err != nil {
		return err
	}
	if c.Bool("json") {
		return printJSON(j)
	}
	fmt.Printf("job %s: %s\n", j.ID, j.State)
	return nil
}

func printJob(j api.Job) {
	fmt.Printf("job %s (%s) owned by %s: %s, priority %d\n", j.ID, j.Spec.Name, j.Owner, j.State, j.Priority)
	switch sp := j.Spec; sp.JobType() {
	case api.JobUpscale:
		fmt.Printf("  model    %s (%s), upscales %dx in tiles of %d\n", sp.Scene, sp.SceneName, sp.Upscale.Scale, sp.Upscale.Tile)
		fmt.Printf("  images   %d inputs: %d units\n", len(sp.Upscale.Inputs), j.Units)
	case api.JobTxt2Img:
		t := sp.Txt2Img
		fmt.Printf("  model    %s (%s) on %s\n", sp.Scene, sp.SceneName, firstOf(t.Backend, "sdapi or comfyui"))
		fmt.Printf("  images   %d prompts x %d, seeds %d-%d: %d units\n", len(t.Prompts), t.Count, t.Seed, t.Seed+int64(t.Count)-1, j.Units)
		fmt.Printf("  txt2img  %dx%d, %d steps, cfg %g, sampler %s\n", t.Width, t.Height, t.Steps, t.CFG, firstOf(t.Sampler, "the backend's default"))
	default:
		fmt.Printf("  scene    %s (%s)\n", sp.Scene, sp.SceneName)
		fmt.Printf("  frames   %d-%d, %d tiles each: %d units\n", sp.FrameStart, sp.FrameEnd, sp.Tiles(), j.Units)
		fmt.Printf("  render   %dx%d, %d spp, %d bounces, seed %d\n", sp.Width, sp.Height, sp.SPP, sp.MaxBounces, sp.Seed)
	}
	c := j.Counts
	fmt.Printf("  progress %d done, %d rendering, %d queued, %d failed, %d canceled, %d stuck\n", c.Done, c.Leased, c.Queued, c.Failed, c.Canceled, c.Stuck)
	fmt.Printf("  retry    fails after %d workers, blocklist after %d, job fails at %d%%\n", j.Retry.MaxWorkers, j.Retry.BlocklistAfter, j.Retry.FailPercent)
	fmt.Printf("  submitted %s", when(j.Submitted))
	if j.Finished > 0 {
		fmt.Printf(", finished %s (%s)", when(j.Finished), time.Duration(j.Finished-j.Submitted)*time.Millisecond)
	}
	fmt.Println()
	if len(j.Blocklist) > 0 {
		fmt.Printf("  blocklisted workers: %s\n", strings.Join(j.Blocklist, ", "))
	}
	if j.Reason != "" {
		fmt.Printf("  reason: %s\n", j.Reason)
	}
	if e := j.Escrow; e != nil && e.Locked > 0 {
		fmt.Printf("  escrow   %d locked by %s: %d paid to workers, %d fees, %d refunded, %d left (fee %d bps)\n",
			e.Locked, e.Payer, e.Paid, e.Fees, e.Refunded, e.Left, j.FeeBPS)
	}
	fmt.Printf("  verify   %s\n", j.Spec.Verify)
	for _, l := range j.Log {
		fmt.Printf("  log      %s\n", l)
	}
}

func when(ms int64) string {
	if ms == 0 {
		return "-"
	}
	return time.UnixMilli(ms).Local().Format("2006-01-02 15:04:05")
}

func framesCommand() *cli.Command {
	return &cli.Command{
		Name: "frames", Usage: "list a job's frames", ArgsUsage: "JOB",
		Flags: append([]cli.Flag{jsonFlag, &cli.StringFlag{Name: "state", Usage: "only frames in this state (queued, leased, done, failed, canceled, stuck)"}}, clientFlags()...),
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return errors.New("frames needs one job id")
			}
			cl, err := newClient(c)
			if err != nil {
				return err
			}
			fs, err := cl.Frames(c.Context, c.Args().First(), c.String("state"))
			if err != nil {
				return err
			}
			if c.Bool("json") {
				return printJSON(fs)
			}
			tw := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
			ai := len(fs) > 0 && fs[0].Meta != nil
			if ai {
				fmt.Fprintln(tw, "FRAME\tIMAGE\tSTATE\tWORKER\tTRIES\tTIME\tOUTPUT")
			} else {
				fmt.Fprintln(tw, "FRAME\tTILE\tSTATE\tWORKER\tTRIES\tTIME\tOUTPUT")
			}
			for _, f := range fs {
				st := f.State
				if f.Stuck {
					st += " (stuck)"
				}
				dur := "-"
				if f.RenderMS > 0 {
					dur = (time.Duration(f.RenderMS) * time.Millisecond).String()
				}
				second := strconv.Itoa(f.Tile)
				if ai {
					// What the image is made from: the input, or the prompt's seed.
					second = firstOf(f.Meta["input_name"], f.Meta["input"])
					if f.Meta["type"] == api.JobTxt2Img {
						second = fmt.Sprintf("seed %s: %.40q", f.Meta["seed"], f.Meta["prompt"])
					}
				}
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d\t%s\t%s\n", f.Frame, second, st, firstOf(f.Worker, "-"), f.Attempts, dur, firstOf(f.Output, "-"))
			}
			return tw.Flush()
		},
	}
}

func logsCommand() *cli.Command {
	return &cli.Command{
		Name: "logs", Usage: "show the log of one frame", ArgsUsage: "JOB FRAME",
		Flags: append([]cli.Flag{jsonFlag, &cli.IntFlag{Name: "tile", Usage: "the tile, for tiled jobs"}}, clientFlags()...),
		Action: func(c *cli.Context) error {
			if c.NArg() != 2 {
				return errors.New("logs needs a job id and a frame number")
			}
			fr, err := strconv.Atoi(c.Args().Get(1))
			if err != nil {
				return fmt.Errorf("frame %q is not a number", c.Args().Get(1))
			}
			cl, err := newClient(c)
			if err != nil {
				return err
			}
			l, err := cl.Log(c.Context, c.Args().First(), fr, c.Int("tile"))
			if err != nil {
				return err
			}
			if c.Bool("json") {
				return printJSON(l)
			}
			for _, line := range l.Lines {
				fmt.Println(line)
			}
			return nil
		},
	}
}

func waitCommand() *cli.Command {
	return &cli.Command{
		Name: "wait", Usage: "follow a job with a progress bar until it ends", ArgsUsage: "JOB",
		Flags: append([]cli.Flag{jsonFlag}, clientFlags()...),
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return errors.New("wait needs one job id")
			}
			cl, err := newClient(c)
			if err != nil {
				return err
			}
			return waitJob(c.Context, cl, c.Args().First(), c.Bool("json"))
		},
	}
}

// waitJob follows a job's events until it ends, reconnecting (to another
// coordinator if need be) when the stream drops. It fails unless the job
// ends done with no failed frames.
func waitJob(ctx context.Context, cl *api.Client, id string, asJSON bool) error {
	j, err := cl.Job(ctx, id)
	if err != nil {
		return err
	}
	bar := newProgressBar(os.Stderr, "job "+id)
	bar.unit = " frames"
	start := time.Now()
	show := func(c api.Counts) {
		if !asJSON {
			bar.update(render.Progress{Done: int64(c.Done + c.Failed + c.Canceled), Total: int64(j.Units), Elapsed: time.Since(start)})
		}
	}
	show(j.Counts)
	for active(j.State) {
		err := cl.Events(ctx, id, func(e api.Event) error {
			if e.Type == "job" && e.Counts != nil {
				j.State, j.Counts = e.State, *e.Counts
				show(j.Counts)
			}
			return nil
		})
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if j, err = cl.Job(ctx, id); err != nil {
			return err
		}
		show(j.Counts)
		if active(j.State) {
			time.Sleep(200 * time.Millisecond)
		}
	}
	bar.done()
	if asJSON {
		return printJSON(j)
	}
	fmt.Printf("job %s %s: %d of %d frames done, %d failed\n", j.ID, j.State, j.Counts.Done, j.Units, j.Counts.Failed)
	if j.State != api.JobDone || j.Counts.Failed > 0 {
		return fmt.Errorf("job %s ended %s with %d failed frames (see rendergrid frames %s --state failed)", j.ID, j.State, j.Counts.Failed, j.ID)
	}
	return nil
}

func active(state string) bool {
	return state == api.JobQueued || state == api.JobRunning || state == api.JobPaused
}

func fetchCommand() *cli.Command {
	return &cli.Command{
		Name: "fetch", Usage: "download a job's rendered frames, verifying every byte against its CID", ArgsUsage: "JOB",
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Value: ".", Usage: "directory to write the frames to"},
			jsonFlag,
		}, clientFlags()...),
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return errors.New("fetch needs one job id")
			}
			cl, err := newClient(c)
			if err != nil {
				return err
			}
			files, err := fetchJob(c.Context, cl, c.Args().First(), c.String("out"), !c.Bool("json"))
			if err != nil {
				return err
			}
			if c.Bool("json") {
				return printJSON(files)
			}
			return nil
		},
	}
}

// fetchedFrame is one frame fetch wrote.
type fetchedFrame struct {
	Frame int      `json:"frame"`
	File  string   `json:"file"`
	CIDs  []string `json:"cids"` // the output of the frame, or of each tile
	// Denoised is the denoised PNG of a denoised job (File is then the raw
	// EXR with its passes), and DenoisedCIDs its frame's or tiles' CIDs.
	Denoised     string   `json:"denoised,omitempty"`
	DenoisedCIDs []string `json:"denoised_cids,omitempty"`
}

// fetchJob writes the done frames of a job into dir (tiles stitched into
// whole frames); every block is checked against its CID on the way in.
func fetchJob(ctx context.Context, cl *api.Client, id, dir string, verbose bool) ([]fetchedFrame, error) {
	j, err := cl.Job(ctx, id)
	if err != nil {
		return nil, err
	}
	fs, err := cl.Frames(ctx, id, "")
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("creating %s: %w", dir, err)
	}
	st, err := openScratch(ctx, "rendergrid-fetch-")
	if err != nil {
		return nil, err
	}
	defer st.Close()
	byFrame := map[int][]api.Frame{}
	var order []int
	for _, f := range fs {
		if _, ok := byFrame[f.Frame]; !ok {
			order = append(order, f.Frame)
		}
		byFrame[f.Frame] = append(byFrame[f.Frame], f)
	}
	names := frameFiles(j, order)
	var out []fetchedFrame
	missing := 0
	for _, fr := range order {
		tiles := byFrame[fr]
		ff := fetchedFrame{Frame: fr, File: filepath.Join(dir, names[fr])}
		if slices.ContainsFunc(tiles, func(t api.Frame) bool { return t.State != api.FrameDone }) {
			missing++
			continue
		}
		var err error
		if ff.CIDs, err = fetchFrame(ctx, st, cl, &j.Spec, tiles, ff.File, j.Spec.EXR(), func(t api.Frame) string { return t.Output }); err != nil {
			return out, fmt.Errorf("frame %d: %w", fr, err)
		}
		if j.Spec.Denoise {
			ff.Denoised = strings.TrimSuffix(ff.File, filepath.Ext(ff.File)) + ".png"
			if ff.DenoisedCIDs, err = fetchFrame(ctx, st, cl, &j.Spec, tiles, ff.Denoised, false, func(t api.Frame) string { return t.Denoised }); err != nil {
				return out, fmt.Errorf("frame %d, denoised: %w", fr, err)
			}
		}
		if verbose {
			fmt.Printf("%s  %s\n", ff.File, strings.Join(ff.CIDs, " "))
			if ff.Denoised != "" {
				fmt.Printf("%s  %s (denoised)\n", ff.Denoised, strings.Join(ff.DenoisedCIDs, " "))
			}
		}
		out = append(out, ff)
	}
	if verbose {
		fmt.Printf("fetched %d frames of job %s into %s", len(out), id, dir)
		if missing > 0 {
			fmt.Printf("; %d not done yet", missing)
		}
		fmt.Println()
	}
	return out, nil
}

// fetchFrame writes the file of one frame from its tiles' files (the CIDs
// cid picks), verified against their CIDs, and returns those CIDs. A
// whole frame is written byte for byte as stored, so adding the file to
// IPFS gives its CID again; tiles are stitched: PNGs, or linear EXRs with
// every pass when exr is set.
func fetchFrame(ctx context.Context, st *scratch, cl *api.Client, spec *api.JobSpec, tiles []api.Frame, file string, exr bool, cid func(api.Frame) string) ([]string, error) {
	var raw [][]byte
	var cids []string
	for _, t := range tiles {
		if cid(t) == "" {
			return nil, fmt.Errorf("tile %d is done but names no file", t.Tile)
		}
		data, err := st.fetch(ctx, cl, cid(t))
		if err != nil {
			return nil, err
		}
		raw, cids = append(raw, data), append(cids, cid(t))
	}
	write := func(w io.Writer) error { _, err := w.Write(raw[0]); return err }
	switch {
	case len(tiles) > 1 && exr:
		full := &render.Image{Width: spec.Width, Height: spec.Height}
		for k, t := range tiles {
			img, err := render.DecodeEXR(raw[k])
			if err != nil {
				return nil, fmt.Errorf("tile %d (%s) is not an OpenEXR image: %w", t.Tile, cid(t), err)
			}
			full.Paste(img, t.Region[0], t.Region[1])
		}
		write = full.WriteEXR
	case len(tiles) > 1:
		full := image.NewNRGBA(image.Rect(0, 0, spec.Width, spec.Height))
		for k, t := range tiles {
			img, err := png.Decode(bytes.NewReader(raw[k]))
			if err != nil {
				return nil, fmt.Errorf("tile %d (%s) is not a PNG: %w", t.Tile, cid(t), err)
			}
			r := t.Region
			draw.Draw(full, image.Rect(r[0], r[1], r[2], r[3]), img, img.Bounds().Min, draw.Src)
		}
		write = func(w io.Writer) error { return png.Encode(w, full) }
	}
	return cids, writeOut(file, write)
}

// plainName keeps only the last element of a name that could lead a file
// out of fetch's folder (a coordinator should refuse such names; fetch does
// not trust it to): "../../x" becomes "x", and nothing usable becomes def.
func plainName(name, def string) string {
	name = filepath.Base(strings.ReplaceAll(name, "\\", "/"))
	if name == "." || name == ".." || name == "/" || api.CheckFileName(name) != nil {
		return def
	}
	return name
}

// frameFiles names the files fetch writes: NAME-0042.png for rendered
// frames, INPUT-x2.png for upscaled images (when the inputs' names are
// known and distinct), NAME-0003-seed45.png for txt2img images.
func frameFiles(j api.Job, frames []int) map[int]string {
	base := plainName(strings.TrimSuffix(firstOf(j.Spec.Name, j.ID), filepath.Ext(j.Spec.Name)), j.ID)
	out := map[int]string{}
	ext := ".png"
	if j.Spec.EXR() {
		ext = ".exr" // the raw render with its passes; a denoised PNG beside it
	}
	for _, fr := range frames {
		out[fr] = fmt.Sprintf("%s-%04d%s", base, fr, ext)
		if t := j.Spec.Txt2Img; j.Spec.Type == api.JobTxt2Img && t != nil {
			_, seed := t.Prompt(fr)
			out[fr] = fmt.Sprintf("%s-%04d-seed%d.png", base, fr, seed)
		}
	}
	if u := j.Spec.Upscale; j.Spec.Type == api.JobUpscale && u != nil {
		named := map[int]string{}
		seen := map[string]bool{}
		for _, fr := range frames {
			if fr < 0 || fr >= len(u.Inputs) || u.Inputs[fr].Name == "" {
				return out
			}
			n := plainName(u.Inputs[fr].Name, "")
			if n == "" {
				return out
			}
			n = fmt.Sprintf("%s-x%d.png", strings.TrimSuffix(n, filepath.Ext(n)), u.Scale)
			if seen[n] {
				return out
			}
			seen[n], named[fr] = true, n
		}
		return named
	}
	return out
}

// scratch is a temporary store that content fetched from the farm's
// gateways passes through, verified block by block against its CID.
type scratch struct {
	dir string
	st  *ipfs.Store
}

func openScratch(ctx context.Context, prefix string) (*scratch, error) {
	dir, err := os.MkdirTemp("", prefix)
	if err != nil {
		return nil, err
	}
	st, err := ipfs.Open(ctx, dir, ipfs.Options{NoSync: true})
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return &scratch{dir: dir, st: st}, nil
}

// fetch returns the file under CID id, fetched from cl's coordinators.
func (s *scratch) fetch(ctx context.Context, cl *api.Client, id string) ([]byte, error) {
	c, err := ipfs.ParseCID(id)
	if err != nil {
		return nil, err
	}
	if err := cl.FetchCAR(ctx, c, s.st); err != nil {
		return nil, err
	}
	rc, err := s.st.Get(ctx, c)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

// Close closes and removes the store.
func (s *scratch) Close() {
	s.st.Close()
	os.RemoveAll(s.dir)
}
