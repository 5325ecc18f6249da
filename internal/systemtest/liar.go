package systemtest

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"math/rand/v2"
	"slices"
	"sync"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/chain"
	"github.com/rendergrid/rendergrid/render"
	"github.com/rendergrid/rendergrid/worker"
)

// The lies a worker can be made to tell.
const (
	LieNoise      = "noise"      // send random pixels
	LieLowSPP     = "lowspp"     // render a quarter of the samples, claim all
	LieOtherFrame = "otherframe" // send the next frame's image (the next input, the next seed)
	LieReplay     = "replay"     // send an earlier accepted receipt again
	LieForge      = "forge"      // sign receipts with a key that is not the worker's
)

// Lies lists the lies.
var Lies = []string{LieNoise, LieLowSPP, LieOtherFrame, LieReplay, LieForge}

// Liar is a worker.Tamper that tells one lie.
func Liar(lie string) (worker.Tamper, error) {
	if !slices.Contains(Lies, lie) {
		return nil, fmt.Errorf("unknown lie %q: use one of %v", lie, Lies)
	}
	return &liar{lie: lie}, nil
}

type liar struct {
	lie string

	mu     sync.Mutex
	replay *api.CompleteRequest // LieReplay: the first accepted report
}

func (l *liar) Frame(frame int) int {
	if l.lie == LieOtherFrame {
		return frame + 1
	}
	return frame
}

func (l *liar) Render(s *render.Settings) uint64 {
	if l.lie == LieLowSPP {
		s.SPP = max(1, s.SPP/4)
		return 4
	}
	return 1
}

func (l *liar) Output(data []byte) []byte {
	if l.lie != LieNoise {
		return data
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return data
	}
	return noisePNG(cfg.Width, cfg.Height)
}

func (l *liar) Signer(own *chain.Key) (*chain.Key, error) {
	if l.lie == LieForge {
		return chain.NewKey()
	}
	return own, nil
}

func (l *liar) Report(honest api.CompleteRequest) api.CompleteRequest {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.lie == LieReplay && l.replay != nil {
		return *l.replay
	}
	return honest
}

func (l *liar) Accepted(req api.CompleteRequest) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.lie == LieReplay && l.replay == nil {
		l.replay = &req
	}
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
