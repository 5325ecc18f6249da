package upscale

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Builtin is a model fetched by `task deps` (task models) from npm.
type Builtin struct {
	Name    string // "default", "esrgan-slim-x4", ...
	Package string // npm package@version it comes from
	Scale   int
	Dir     string // the folder holding model.json
	// Fixture and Expected are the package's sample input and published
	// output (empty when it ships none).
	Fixture, Expected string
}

// builtins lists the models of the npm packages, relative to the models
// folder.
var builtins = []Builtin{
	{Name: "default", Package: "@upscalerjs/default-model@1.0.0", Scale: 2, Dir: "default-model/models", Fixture: "default-model/assets/fixture.png", Expected: "default-model/assets/samples/2x/result.png"},
	{Name: "esrgan-slim-x2", Package: "@upscalerjs/esrgan-slim@1.0.0", Scale: 2, Dir: "esrgan-slim/models/x2", Fixture: "esrgan-slim/assets/fixture.png", Expected: "esrgan-slim/assets/samples/2x/result.png"},
	{Name: "esrgan-slim-x3", Package: "@upscalerjs/esrgan-slim@1.0.0", Scale: 3, Dir: "esrgan-slim/models/x3", Fixture: "esrgan-slim/assets/fixture.png", Expected: "esrgan-slim/assets/samples/3x/result.png"},
	{Name: "esrgan-slim-x4", Package: "@upscalerjs/esrgan-slim@1.0.0", Scale: 4, Dir: "esrgan-slim/models/x4", Fixture: "esrgan-slim/assets/fixture.png", Expected: "esrgan-slim/assets/samples/4x/result.png"},
	{Name: "esrgan-slim-x8", Package: "@upscalerjs/esrgan-slim@1.0.0", Scale: 8, Dir: "esrgan-slim/models/x8"},
}

// ErrNoModels is returned when the models folder is missing.
var ErrNoModels = errors.New("the built-in upscaling models are not installed: run `task deps` (it fetches them from npm into .models/), or point RENDERGRID_MODELS at a folder holding them")

// ModelsDir finds the models folder: $RENDERGRID_MODELS, or .models in
// the working directory or one above it (the repository root, from a
// package's tests).
func ModelsDir() (string, error) {
	if d := os.Getenv("RENDERGRID_MODELS"); d != "" {
		if _, err := os.Stat(filepath.Join(d, builtins[0].Dir, "model.json")); err != nil {
			return "", fmt.Errorf("%w (RENDERGRID_MODELS=%s has no %s)", ErrNoModels, d, builtins[0].Dir)
		}
		return d, nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, ".models", builtins[0].Dir, "model.json")); err == nil {
			return filepath.Join(d, ".models"), nil
		}
		if filepath.Dir(d) == d {
			return "", ErrNoModels
		}
	}
}

// Builtins lists the built-in models under dir (from ModelsDir), with
// absolute paths; those whose files are missing are left out.
func Builtins(dir string) []Builtin {
	var out []Builtin
	for _, b := range builtins {
		if _, err := os.Stat(filepath.Join(dir, b.Dir, "model.json")); err != nil {
			continue
		}
		b.Dir = filepath.Join(dir, b.Dir)
		if b.Fixture != "" {
			b.Fixture, b.Expected = filepath.Join(dir, b.Fixture), filepath.Join(dir, b.Expected)
		}
		out = append(out, b)
	}
	return out
}

// BuiltinFor returns the built-in model of a scale: "default" for 2,
// esrgan-slim for 3, 4 and 8.
func BuiltinFor(dir string, scale int) (Builtin, error) {
	for _, b := range Builtins(dir) {
		if b.Scale == scale {
			return b, nil
		}
	}
	return Builtin{}, fmt.Errorf("no built-in model upscales %dx (2, 3, 4 and 8 do)", scale)
}
