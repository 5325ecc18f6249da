// Command rendergrid is the one binary of the rendergrid render farm: the
// coordinator, the worker, and the artist's and operator's commands. The
// commands live in internal/cli.
package main

import (
	"fmt"
	"os"

	"github.com/rendergrid/rendergrid/internal/cli"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	if err := cli.Run(os.Args, version); err != nil {
		fmt.Fprintf(os.Stderr, "rendergrid: %v\n", err)
		os.Exit(1)
	}
}
