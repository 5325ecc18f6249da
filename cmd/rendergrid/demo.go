package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
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

	// 2. Local workers sharing the CPU.
	n := max(c.Int("workers"), 1)
	threads := max(runtime.NumCPU()/n, 1)
	wctx, stopWorkers := context.WithCancel(ctx)
	var workers []*worker.Worker
	done := make(chan struct{}, n)
	for i := range n {
		wk, err := worker.New(ctx, worker.Config{
			Coordinators: []string{node.URL()}, EnrolToken: enrolTok.Token, DataDir: filepath.Join(dir, fmt.Sprintf("worker%d", i+1)),
			Name: fmt.Sprintf("demo-worker-%d", i+1), Engines: []render.Renderer{&cpu.Engine{Workers: threads}},
			ClaimWait: time.Second, Store: ipfs.Options{NoSync: true}, Log: io.Discard,
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
	return nil
}
