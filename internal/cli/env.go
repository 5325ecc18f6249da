package cli

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/rendergrid/rendergrid/ipfs"
	"github.com/rendergrid/rendergrid/scenes"
)

// lightingFlags light a render beyond its scene file: render, submit and
// quote take them.
func lightingFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "env", Usage: "environment map lighting the scene: FILE.hdr|FILE.exr (equirectangular, as Blender's world), ipfs:CID, or sample:sky (built in)"},
		&cli.Float64Flag{Name: "env-strength", Value: 1, Usage: "multiplies the environment map (Blender's Background strength)"},
		&cli.Float64Flag{Name: "env-rotation", Usage: "turns the environment map about the up axis, degrees (Blender's Mapping node Z rotation)"},
		&cli.StringFlag{Name: "background", Usage: "a constant sky colour R,G,B (linear radiance) when there is no --env"},
		&cli.BoolFlag{Name: "film-transparent", Usage: "make the seen background transparent: RGBA output, the sky still lights the scene"},
	}
}

// parseBackground parses --background R,G,B.
func parseBackground(v string) (*[3]float64, error) {
	if v == "" {
		return nil, nil
	}
	parts := strings.Split(v, ",")
	if len(parts) != 3 {
		return nil, fmt.Errorf("--background %q is not R,G,B (e.g. 0.05,0.05,0.08)", v)
	}
	var bg [3]float64
	for i, p := range parts {
		x, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || !(x >= 0) || math.IsInf(x, 0) || x > scenes.MaxEnvStrength {
			return nil, fmt.Errorf("--background %q: channel %d must be a number within 0..%g", v, i+1, float64(scenes.MaxEnvStrength))
		}
		bg[i] = x
	}
	return &bg, nil
}

// readEnvArg reads --env's map: a file, or ipfs:CID from the store (which
// must then be open). It returns the bytes and the file's name.
func readEnvArg(c *cli.Context, st contentStore, local *ipfs.Store) ([]byte, string, error) {
	arg := c.String("env")
	if name, ok := strings.CutPrefix(arg, samplePrefix); ok {
		data, err := scenes.SampleEnvBytes(name)
		return data, name + ".hdr", err
	}
	if text, ok := strings.CutPrefix(arg, cidPrefix); ok {
		if st == nil {
			return nil, "", errors.New("--env ipfs:CID needs the content store")
		}
		data, err := readScene(c, st, local, text)
		if err != nil {
			return nil, "", fmt.Errorf("--env %s: %w", arg, err)
		}
		return data, text, nil
	}
	data, err := os.ReadFile(arg)
	if err != nil {
		return nil, "", fmt.Errorf("--env: %w", err)
	}
	return data, filepath.Base(arg), nil
}
