package upscale_test

import (
	"bytes"
	"context"
	"image"
	"testing"

	"github.com/rendergrid/rendergrid/render/upscale"
	"github.com/rendergrid/rendergrid/render/upscale/upscaletest"
)

// TestGoldenPureGo reproduces the published outputs with every
// convolution kernel this machine can run (AVX-512, AVX2, plain Go).
func TestGoldenPureGo(t *testing.T) {
	for _, k := range upscale.Kernels() {
		t.Run(k, func(t *testing.T) {
			prev, err := upscale.UseKernel(k)
			if err != nil {
				t.Fatal(err)
			}
			defer upscale.UseKernel(prev)
			upscaletest.Golden(t, func(m *upscale.Model) upscale.Runner { return m.Run })
		})
	}
}

// TestTilesMatchWhole: an image cut into tiles (with the model's radius of
// context) and stitched is the image upscaled whole, pixel for pixel.
func TestTilesMatchWhole(t *testing.T) {
	for _, k := range upscale.Kernels() {
		t.Run(k, func(t *testing.T) {
			prev, _ := upscale.UseKernel(k)
			defer upscale.UseKernel(prev)
			tilesMatchWhole(t)
		})
	}
}

func tilesMatchWhole(t *testing.T) {
	m, err := upscale.Load(upscaletest.Models(t)[0].Dir)
	if err != nil {
		t.Fatal(err)
	}
	img := upscaletest.Noise(40)
	sub := img.SubImage(image.Rect(3, 2, 40, 38)) // bounds not at the origin
	whole, err := upscale.Upscale(context.Background(), m, sub, 64, m.Run, nil)
	if err != nil {
		t.Fatal(err)
	}
	var calls int
	tiled, err := upscale.Upscale(context.Background(), m, sub, 16, m.Run, func(done, total int) { calls = total })
	if err != nil {
		t.Fatal(err)
	}
	if calls != 9 {
		t.Fatalf("%d tiles of 16 for a 37x36 image, want 9", calls)
	}
	if !bytes.Equal(whole.Pix, tiled.Pix) {
		d, at := upscaletest.MaxDiff(tiled, whole, image.Rect(0, 0, 37, 36), 1)
		t.Fatalf("the stitched tiles differ from the whole image by %d/255 at %v", d, at)
	}
}
