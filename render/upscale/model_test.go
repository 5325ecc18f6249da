package upscale_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rendergrid/rendergrid/render/upscale"
	"github.com/rendergrid/rendergrid/render/upscale/upscaletest"
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

// TestTileLimits: a job's default tile keeps its activations within
// 1 GiB (smaller for the bigger models), a tile over the memory limit is
// refused, and so is a model that sees too far.
func TestTileLimits(t *testing.T) {
	byName := map[string]*upscale.Model{}
	for _, b := range upscaletest.Models(t) {
		m, err := upscale.Load(b.Dir)
		if err != nil {
			t.Fatal(err)
		}
		byName[b.Name] = m
	}
	for name, want := range map[string]int{"default": 256, "esrgan-slim-x4": 256, "esrgan-slim-x8": 64} {
		m := byName[name]
		got := m.AutoTile()
		e := got + 2*m.Radius
		if got != want || m.TileBytes(e, e) > 1<<30 {
			t.Errorf("%s: auto tile %d (%d MiB), want %d", name, got, m.TileBytes(e, e)>>20, want)
		}
	}
	if err := byName["esrgan-slim-x4"].CheckTile(2048); err == nil || !strings.Contains(err.Error(), "use a smaller tile") {
		t.Errorf("a 2048 tile of the 4x model: %v", err)
	}
	if err := byName["default"].CheckTile(1024); err != nil {
		t.Errorf("a 1024 tile of the 2x model: %v", err)
	}
	// Forty 15x15 convolutions see 280 pixels around each pixel.
	dir := t.TempDir()
	layers := []string{`{"class_name":"InputLayer","name":"input","config":{"name":"input"},"inbound_nodes":[]}`}
	var weights []string
	prev := "input"
	for i := range 40 {
		name := fmt.Sprintf("c%d", i)
		layers = append(layers, fmt.Sprintf(`{"class_name":"Conv2D","name":%q,"config":{"name":%q,"filters":3,"kernel_size":[15,15],"strides":[1,1],"padding":"same"},"inbound_nodes":[[[%q,0,0,{}]]]}`, name, name, prev))
		weights = append(weights, fmt.Sprintf(`{"name":"%s/kernel","shape":[15,15,3,3],"dtype":"float32"},{"name":"%s/bias","shape":[3],"dtype":"float32"}`, name, name))
		prev = name
	}
	mj := fmt.Sprintf(`{"format":"layers-model","modelTopology":{"model_config":{"class_name":"Model","config":{"name":"far","layers":[%s],"input_layers":[["input",0,0]],"output_layers":[[%q,0,0]]}}},"weightsManifest":[{"paths":["w.bin"],"weights":[%s]}]}`,
		strings.Join(layers, ","), prev, strings.Join(weights, ","))
	os.WriteFile(filepath.Join(dir, "model.json"), []byte(mj), 0o644)
	os.WriteFile(filepath.Join(dir, "w.bin"), make([]byte, 40*(15*15*3*3+3)*4), 0o644)
	if _, err := upscale.Load(dir); !errors.Is(err, upscale.ErrBadModel) || !strings.Contains(err.Error(), "sees 280 pixels") {
		t.Errorf("a model with radius 280: %v", err)
	}
}
