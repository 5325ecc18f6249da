// Command rendergrid is the one binary of the rendergrid render farm: it
// renders frames locally, inspects scenes, benchmarks the engines and runs
// the demo.
package main

import (
	"fmt"
	"os"

	"github.com/urfave/cli/v2"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	app := newApp()
	if err := app.Run(interspersed(app, os.Args)); err != nil {
		fmt.Fprintf(os.Stderr, "rendergrid: %v\n", err)
		os.Exit(1)
	}
}

func newApp() *cli.App {
	return &cli.App{
		Name:    "rendergrid",
		Usage:   "a distributed render farm for glTF scenes",
		Version: version,
		Commands: []*cli.Command{
			renderCommand(),
			upscaleCommand(),
			modelsCommand(),
			devicesCommand(),
			sceneCommand(),
			benchCommand(),
			demoCommand(),
			ipfsCommand(),
			coordinatorCommand(),
			clusterCommand(),
			workerCommand(),
			submitCommand(),
			jobsCommand(),
			uploadsCommand(),
			framesCommand(),
			waitCommand(),
			fetchCommand(),
			logsCommand(),
			quoteCommand(),
			walletCommand(),
			chainCommand(),
			mintCommand(),
			verifyCommand(),
		},
	}
}
