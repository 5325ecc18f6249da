package upscale_test

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rendergrid/rendergrid/render/upscale"
)

// TestBadModels: every model rendergrid cannot run is refused with
// ErrBadModel and an error that names the problem (the layer, the weight,
// the file).
func TestBadModels(t *testing.T) {
	for _, tc := range []struct {
		dir, want string
	}{
		{"batchnorm", `layer "bn" is a BatchNormalization, which rendergrid does not implement`},
		{"graph", `format "graph-model"`},
		{"short-weights", "the weight shards end inside conv/kernel"},
		{"quantized", "weight conv/kernel is float32 (quantized)"},
		{"escape", `weight shard path "../weights.bin" leaves the model's folder`},
		{"notjson", "model.json is not a TensorFlow.js model.json"},
		{"selu", `uses activation "selu"`},
		{"strided", "rendergrid runs stride 1"},
		{"nan-weight", "weight conv/kernel holds NaN"},
	} {
		t.Run(tc.dir, func(t *testing.T) {
			_, err := upscale.Load(filepath.Join("testdata", tc.dir))
			if !errors.Is(err, upscale.ErrBadModel) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Load = %v; want ErrBadModel saying %q", err, tc.want)
			}
			if _, berr := upscale.Bundle(filepath.Join("testdata", tc.dir)); berr == nil {
				t.Fatal("a bad model was bundled")
			}
		})
	}
	if _, err := upscale.Parse([]byte("not a tar at all, just bytes")); !errors.Is(err, upscale.ErrBadModel) {
		t.Fatalf("Parse of garbage = %v", err)
	}
}

// TestBundle: a bundle has the same bytes every time (so one CID), parses
// to the same network, and that network runs: the tiny model is an
// identity convolution followed by nearest 2x upsampling.
func TestBundle(t *testing.T) {
	dir := filepath.Join("testdata", "tiny")
	a, err := upscale.Bundle(dir)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := upscale.Bundle(dir)
	if !bytes.Equal(a, b) {
		t.Fatal("two bundles of one model differ")
	}
	m, err := upscale.Parse(a)
	if err != nil {
		t.Fatal(err)
	}
	if m.Scale != 2 || m.Params != 12 || m.Radius != 0 {
		t.Fatalf("scale %d, params %d, radius %d", m.Scale, m.Params, m.Radius)
	}
	img := image.NewNRGBA(image.Rect(0, 0, 5, 3))
	for y := range 3 {
		for x := range 5 {
			img.SetNRGBA(x, y, color.NRGBA{uint8(40 * x), uint8(80 * y), 7, 255})
		}
	}
	out, err := upscale.Upscale(context.Background(), m, img, 2, m.Run, nil)
	if err != nil {
		t.Fatal(err)
	}
	for y := range 6 {
		for x := range 10 {
			if got, want := out.NRGBAAt(x, y), img.NRGBAAt(x/2, y/2); got != want {
				t.Fatalf("pixel %d,%d = %v, want %v (tiles of 2 stitched)", x, y, got, want)
			}
		}
	}
}
