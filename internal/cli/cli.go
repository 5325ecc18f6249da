package cli

import (
	"github.com/urfave/cli/v2"
)

// Run runs the rendergrid command line args (args[0] is the program's
// name); version is what --version prints.
func Run(args []string, version string) error {
	app := newApp()
	app.Version = version
	return app.Run(interspersed(app, args))
}

func newApp() *cli.App {
	return &cli.App{
		Name:    "rendergrid",
		Usage:   "a distributed render farm for glTF scenes",
		Version: "dev",
		Commands: []*cli.Command{
			renderCommand(),
			denoiseCommand(),
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
			blenderCommand(),
		},
	}
}
