package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/urfave/cli/v2"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/chain"
	"github.com/rendergrid/rendergrid/coordinator"
	"github.com/rendergrid/rendergrid/ipfs"
	"github.com/rendergrid/rendergrid/render"
	"github.com/rendergrid/rendergrid/render/cpu"
	"github.com/rendergrid/rendergrid/render/upscale"
	"github.com/rendergrid/rendergrid/scenes"
	"github.com/rendergrid/rendergrid/worker"
)

func demoCommand() *cli.Command {
	return &cli.Command{
		Name:  "demo",
		Usage: "run a whole farm on this machine: a coordinator, two workers, the sample animation rendered into ./out",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Value: "out", Usage: "directory for the frames"},
			&cli.StringFlag{Name: "frames", Value: "1-24", Usage: "frames of the sample animation"},
			&cli.IntFlag{Name: "spp", Value: 16, Usage: "samples per pixel"},
			&cli.StringFlag{Name: "res", Value: "320x180", Usage: "resolution"},
			&cli.IntFlag{Name: "workers", Value: 2, Usage: "local workers"},
			&cli.Uint64Flag{Name: "price", Value: 100, Usage: "tokens paid per frame"},
			&cli.BoolFlag{Name: "upscale", Value: true, Usage: "then upscale the frames 2x as a second job, with the built-in model (--upscale=false to skip)"},
		},
		Action: runDemo,
	}
}

func runDemo(c *cli.Context) error {
	ctx := c.Context
	w, h, err := parseRes(c.String("res"))
	if err != nil {
		return err
	}
	first, last, err := api.ParseFrames(c.String("frames"))
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "rendergrid-demo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	start := time.Now()

	// 1. An embedded one-node coordinator on free loopback ports.
	node, err := coordinator.Start(ctx, coordinator.Config{
		DataDir: filepath.Join(dir, "coordinator"), RaftAddr: "127.0.0.1:0", HTTPAddr: "127.0.0.1:0",
		Store: ipfs.Options{NoSync: true}, Log: io.Discard, FeeBPS: 250,
	})
	if err != nil {
		return err
	}
	defer node.Close()
	if err := node.WaitReady(ctx); err != nil {
		return err
	}
	admin, err := os.ReadFile(coordinator.AdminTokenFile(filepath.Join(dir, "coordinator")))
	if err != nil {
		return err
	}
	adminCl, err := api.NewClient([]string{node.URL()}, strings.TrimSpace(string(admin)), nil)
	if err != nil {
		return err
	}
	artistTok, err := adminCl.CreateToken(ctx, api.TokenRequest{User: "demo-artist", Role: api.RoleArtist})
	if err != nil {
		return err
	}
	enrolTok, err := adminCl.CreateToken(ctx, api.TokenRequest{User: "demo-farm", Role: api.RoleEnrol})
	if err != nil {
		return err
	}
	fmt.Printf("demo: coordinator %s at %s\n", node.ID(), node.URL())

	// 2. Local workers sharing the CPU, holding the built-in upscalers
	// when task deps fetched them.
	var ups []worker.Upscaler
	var upsErr error
	if c.Bool("upscale") {
		var dir string
		if dir, upsErr = upscale.ModelsDir(); upsErr == nil {
			var runner worker.RunnerFor
			if runner, upsErr = upscaleRunner("auto", -1); upsErr == nil {
				ups, upsErr = worker.BuiltinUpscalers(ctx, dir, runner)
			}
		}
	}
	n := max(c.Int("workers"), 1)
	threads := max(runtime.NumCPU()/n, 1)
	wctx, stopWorkers := context.WithCancel(ctx)
	var workers []*worker.Worker
	done := make(chan struct{}, n)
	for i := range n {
		wk, err := worker.New(ctx, worker.Config{
			Coordinators: []string{node.URL()}, EnrolToken: enrolTok.Token, DataDir: filepath.Join(dir, fmt.Sprintf("worker%d", i+1)),
			Name: fmt.Sprintf("demo-worker-%d", i+1), Engines: []render.Renderer{&cpu.Engine{Workers: threads}},
			ClaimWait: time.Second, Store: ipfs.Options{NoSync: true}, Log: io.Discard, Upscalers: ups,
		})
		if err != nil {
			stopWorkers()
			return err
		}
		defer wk.Close()
		workers = append(workers, wk)
		go func() { wk.Run(wctx); done <- struct{}{} }()
		fmt.Printf("demo: worker %s (%s, %d threads)\n", wk.ID(), fmt.Sprintf("demo-worker-%d", i+1), threads)
	}
	defer func() {
		stopWorkers()
		for range workers {
			<-done
		}
	}()

	// 3. The artist's side, through the API as the CLI does it.
	artist, err := api.NewClient([]string{node.URL()}, artistTok.Token, nil)
	if err != nil {
		return err
	}
	key, err := chain.NewKey()
	if err != nil {
		return err
	}
	if _, err := artist.Bind(ctx, key); err != nil {
		return err
	}
	price := c.Uint64("price")
	budget := price * uint64(last-first+1)
	if ups != nil {
		budget *= 2 // the upscale job pays the same per image
	}
	if _, err := adminCl.Mint(ctx, api.MintRequest{To: key.Address.Hex(), Amount: budget}); err != nil {
		return err
	}
	fmt.Printf("demo: artist account %s, minted %d tokens\n", key.Address.Hex(), budget)
	data, err := scenes.SampleBytes("anim")
	if err != nil {
		return err
	}
	sceneCID, err := uploadBytes(ctx, artist, data, "upload anim.glb", true)
	if err != nil {
		return err
	}
	j, err := artist.Submit(ctx, api.JobSpec{
		Name: "anim", Scene: sceneCID.String(), SceneName: "anim.glb", FrameStart: first, FrameEnd: last,
		Width: w, Height: h, SPP: c.Int("spp"), Price: chain.Price{PerFrame: price},
	})
	if err != nil {
		return err
	}
	fmt.Printf("demo: submitted job %s: frames %d-%d of the sample animation (scene %s) at %dx%d, %d spp, %d tokens a frame; %d locked in escrow\n",
		j.ID, first, last, sceneCID, w, h, c.Int("spp"), price, j.Escrow.Locked)
	if err := waitJob(ctx, artist, j.ID, false); err != nil {
		return err
	}
	files, err := fetchJob(ctx, artist, j.ID, c.String("out"), true)
	if err != nil {
		return err
	}
	frames, err := artist.Frames(ctx, j.ID, "")
	if err != nil {
		return err
	}
	byWorker := map[string]int{}
	var renderMS int64
	for _, f := range frames {
		byWorker[f.Worker]++
		renderMS += f.RenderMS
	}
	el := time.Since(start)
	fmt.Printf("demo: %d frames in %.1fs wall (%.1fs of rendering across %d workers):", len(files), el.Seconds(), float64(renderMS)/1000, len(workers))
	for _, wk := range workers {
		fmt.Printf(" %s rendered %d;", wk.ID(), byWorker[wk.ID()])
	}
	fmt.Printf(" frames and their CIDs are listed above, files in %s/\n", c.String("out"))

	// 4. The money: every frame was verified by re-rendered pixels, and
	// paid from the escrow by a countersigned receipt.
	ab, err := artist.Balance(ctx, "", false)
	if err != nil {
		return err
	}
	fmt.Printf("demo: artist %s paid %d and holds %d;", ab.Account, budget-ab.Balance, ab.Balance)
	for _, wk := range workers {
		e, err := adminCl.Earnings(ctx, wk.ID())
		if err != nil {
			return err
		}
		fmt.Printf(" worker %s earned %d for %d frames;", wk.ID(), e.Tokens, e.Frames)
	}
	tb, err := adminCl.Balance(ctx, chain.Treasury, false)
	if err != nil {
		return err
	}
	fmt.Printf(" the treasury took %d in fees\n", tb.Balance)
	cluster, err := artist.Cluster(ctx)
	if err != nil {
		return err
	}
	signers := map[common.Address]bool{}
	for _, a := range cluster.Signers {
		signers[common.HexToAddress(a)] = true
	}
	if len(frames) > 0 && len(frames[0].Receipts) > 0 {
		fmt.Printf("demo: verifying frame %d's receipt as 'rendergrid verify %s %d' would:\n", frames[0].Frame, j.ID, frames[0].Frame)
		if _, err := verifyReceipt(ctx, artist, frames[0].Receipts[0], signers, 32, false); err != nil {
			return err
		}
	}

	// 5. AI images: the frames upscaled 2x by the built-in model, each
	// frame checked by the coordinator re-running a random tile.
	if !c.Bool("upscale") {
		return nil
	}
	if upsErr != nil {
		fmt.Printf("demo: skipping the upscale job: %v\n", upsErr)
		return nil
	}
	return demoUpscale(ctx, artist, j.ID, filepath.Join(c.String("out"), "x2"), price, signers)
}

// demoUpscale upscales a done job's frames 2x on the demo farm and
// fetches them into out.
func demoUpscale(ctx context.Context, artist *api.Client, render, out string, price uint64, signers map[common.Address]bool) error {
	start := time.Now()
	bundle, name, _, err := upscaleModel("", 2)
	if err != nil {
		return err
	}
	model, err := uploadBytes(ctx, artist, bundle, "upload model", true)
	if err != nil {
		return err
	}
	inputs, err := jobInputs(ctx, artist, render)
	if err != nil {
		return err
	}
	if inputs == nil {
		return fmt.Errorf("the demo's render job is tiled; upscale its fetched frames with rendergrid submit upscale --input DIR")
	}
	j, err := artist.Submit(ctx, api.JobSpec{Type: api.JobUpscale, Name: "anim-x2", Scene: model.String(), SceneName: name,
		Upscale: &api.UpscaleSpec{Inputs: inputs, Scale: 2}, Price: chain.Price{PerFrame: price}})
	if err != nil {
		return err
	}
	fmt.Printf("demo: submitted job %s: the %d frames of job %s upscaled 2x by the built-in model %s (%s), %d tokens an image\n",
		j.ID, len(inputs), render, name, model, price)
	if err := waitJob(ctx, artist, j.ID, false); err != nil {
		return err
	}
	files, err := fetchJob(ctx, artist, j.ID, out, false)
	if err != nil {
		return err
	}
	frames, err := artist.Frames(ctx, j.ID, "")
	if err != nil {
		return err
	}
	var ms int64
	var engines []string
	for _, f := range frames {
		ms += f.RenderMS
		if !slices.Contains(engines, f.Engine) {
			engines = append(engines, f.Engine)
		}
	}
	w, h := j.Spec.OutputSize(0, 0)
	fmt.Printf("demo: %d images of %dx%d in %s wall (%.1fs of upscaling on %s), every one checked by a re-run tile; files in %s/\n",
		len(files), w, h, time.Since(start).Round(100*time.Millisecond), float64(ms)/1000, strings.Join(engines, ", "), out)
	if len(frames) > 0 && len(frames[0].Receipts) > 0 {
		fmt.Printf("demo: verifying image %d's receipt as 'rendergrid verify %s %d' would:\n", frames[0].Frame, j.ID, frames[0].Frame)
		if _, err := verifyReceipt(ctx, artist, frames[0].Receipts[0], signers, 32, false); err != nil {
			return err
		}
	}
	return nil
}
