package worker

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"math/rand/v2"
	"slices"
)

// Lies a worker can be told to tell, to test the farm's proof of render.
// They exist for tests and demonstrations; an honest worker has Lie "".
const (
	LieNoise      = "noise"      // send random pixels
	LieLowSPP     = "lowspp"     // render a quarter of the samples, claim all
	LieOtherFrame = "otherframe" // send the next frame's image
	LieReplay     = "replay"     // send an earlier accepted receipt again
	LieForge      = "forge"      // sign receipts with a key that is not the worker's
)

// Lies lists the lie modes.
var Lies = []string{LieNoise, LieLowSPP, LieOtherFrame, LieReplay, LieForge}

// ValidLie reports whether s is "" or a lie mode.
func ValidLie(s string) error {
	if s != "" && !slices.Contains(Lies, s) {
		return fmt.Errorf("unknown lie %q: use one of %v", s, Lies)
	}
	return nil
}

// noisePNG is a PNG of random pixels.
func noisePNG(w, h int) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = byte(rand.UintN(256))
		if i%4 == 3 {
			img.Pix[i] = 255
		}
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes()
}
