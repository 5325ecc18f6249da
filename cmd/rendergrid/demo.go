package main

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/rendergrid/rendergrid/render"
	"github.com/rendergrid/rendergrid/scenes"
)

func demoCommand() *cli.Command {
	return &cli.Command{
		Name:  "demo",
		Usage: "render the built-in animation and Cornell room end to end on this machine",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Value: "out", Usage: "directory for the frames"},
			&cli.IntFlag{Name: "spp", Value: 32, Usage: "samples per pixel"},
			&cli.StringFlag{Name: "res", Value: "320x180", Usage: "resolution of the animation frames"},
			&cli.IntFlag{Name: "step", Value: 6, Usage: "render every step-th frame of the animation"},
		},
		Action: runDemo,
	}
}

func runDemo(c *cli.Context) error {
	w, h, err := parseRes(c.String("res"))
	if err != nil {
		return err
	}
	dir := c.String("out")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("creating output directory: %w", err)
	}
	eng, _ := engineByName("cpu", 0)
	anim, err := scenes.LoadSample("anim")
	if err != nil {
		return err
	}
	_, end := anim.Range()
	last := int(end*scenes.DefaultFPS + 0.5)
	step := max(c.Int("step"), 1)
	type job struct {
		scene  *scenes.Scene
		frame  int
		w, h   int
		spp    int
		output string
	}
	var jobs []job
	for fr := 0; fr <= last; fr += step {
		jobs = append(jobs, job{anim, fr, w, h, c.Int("spp"), filepath.Join(dir, fmt.Sprintf("anim-%04d.png", fr))})
	}
	cornell, err := scenes.LoadSample("cornell")
	if err != nil {
		return err
	}
	jobs = append(jobs, job{cornell, 0, h, h, 2 * c.Int("spp"), filepath.Join(dir, "cornell.png")})
	fmt.Printf("demo: %d frames of the built-in scenes with the %s engine -> %s/\n", len(jobs), eng.Name(), dir)
	start := time.Now()
	var rays, samples int64
	for i, j := range jobs {
		f, err := j.scene.Frame(scenes.FrameOptions{Frame: j.frame})
		if err != nil {
			return err
		}
		bar := newProgressBar(os.Stderr, fmt.Sprintf("[%d/%d] %s frame %d", i+1, len(jobs), j.scene.Name, j.frame))
		img, st, err := eng.Render(c.Context, f, render.Settings{Width: j.w, Height: j.h, SPP: j.spp, MaxBounces: render.DefaultBounce}, bar.update)
		bar.done()
		if err != nil {
			return err
		}
		if err := img.WriteFile(j.output); err != nil {
			return err
		}
		rays += st.Rays
		samples += st.Samples
	}
	el := time.Since(start)
	fmt.Printf("demo: %d frames in %.1fs, %.2f Mrays/s, %s samples/s; frames in %s/\n",
		len(jobs), el.Seconds(), float64(rays)/el.Seconds()/1e6, si(float64(samples)/el.Seconds()), dir)
	return nil
}
