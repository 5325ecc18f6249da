package denoise

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"sync"

	"github.com/rendergrid/rendergrid/render"
)

// Parameters of the filter. The GLSL version (shaders/denoise.comp) uses
// the same values, which Params packs for it.
// They were chosen by sweeping them on the sample scenes at 16 spp against
// 1024-spp references (docs/rendering.md).
const (
	Iterations = 5    // à-trous passes, at steps 1, 2, 4, 8, 16 pixels
	SigmaL     = 4.0  // luminance edge, in standard deviations
	SigmaZ     = 1.0  // depth edge, in depth gradients
	SigmaA     = 0.2  // albedo edge
	NormalPow  = 32.0 // normal edge: cos^NormalPow
	AlbedoMin  = 0.01 // albedo floor when dividing it out
	LumEps     = 1e-6 // keeps the luminance edge finite where there is no noise
	DepthEps   = 1e-3 // keeps the depth edge finite on flat depth
)

// kernel is the B3 spline of the à-trous transform.
var kernel = [5]float32{1.0 / 16, 1.0 / 4, 3.0 / 8, 1.0 / 4, 1.0 / 16}

// Check reports which pass img lacks for denoising, as an error naming it.
func Check(img *render.Image) error {
	n := img.Width * img.Height
	for _, name := range render.PassNames {
		p, stride := img.Pass(name)
		if p == nil {
			return fmt.Errorf("the image has no %s pass, which the denoiser needs; render it with passes (--passes, or --denoise which turns them on)", name)
		}
		if len(p) != stride*n {
			return fmt.Errorf("the %s pass holds %d values; a %dx%d image needs %d", name, len(p), img.Width, img.Height, stride*n)
		}
	}
	if len(img.Pix) != 3*n {
		return fmt.Errorf("the image holds %d values; a %dx%d image needs %d", len(img.Pix), img.Width, img.Height, 3*n)
	}
	return nil
}

// Layout of the filter's buffers, shared with shaders/denoise.comp.
const (
	GuideFloats = 8 // per pixel: albedo (floored) RGB, depth gradient, normal XYZ, depth
	ColorFloats = 4 // per pixel: reflected light over albedo RGB, its luminance variance
)

// Prepare builds the filter's input from img (which Check has passed):
// the guide, and the colour to filter with its variance.
func Prepare(img *render.Image) (guide, color []float32) {
	w, h := img.Width, img.Height
	n := w * h
	guide, color = make([]float32, GuideFloats*n), make([]float32, ColorFloats*n)
	z := img.Depth
	for y := range h {
		for x := range w {
			k := y*w + x
			g := guide[GuideFloats*k : GuideFloats*k+GuideFloats]
			for c := range 3 {
				g[c] = max(img.Albedo[3*k+c], float32(AlbedoMin))
				g[4+c] = img.Normal[3*k+c]
			}
			dx := (z[y*w+min(x+1, w-1)] - z[y*w+max(x-1, 0)]) / 2
			dy := (z[min(y+1, h-1)*w+x] - z[max(y-1, 0)*w+x]) / 2
			g[3], g[7] = max(abs(dx), abs(dy)), z[k]
			col := color[ColorFloats*k : ColorFloats*k+ColorFloats]
			for c := range 3 {
				col[c] = (img.Pix[3*k+c] - img.Emission[3*k+c]) / g[c]
			}
			la := render.Luminance(g[0], g[1], g[2])
			col[3] = img.Variance[k] / (la * la)
		}
	}
	return guide, color
}

// Finish turns the filtered colour back into an image like img: times the
// albedo, plus the emission.
func Finish(img *render.Image, guide, color []float32) *render.Image {
	out := *img
	out.Pix = make([]float32, len(img.Pix))
	for k := range img.Width * img.Height {
		for c := range 3 {
			out.Pix[3*k+c] = color[ColorFloats*k+c]*guide[GuideFloats*k+c] + img.Emission[3*k+c]
		}
	}
	return &out
}

// Filter returns img denoised: the beauty less what the camera saw
// directly (the emission pass, sharp already), divided by its albedo,
// smoothed by Iterations edge-avoiding passes, multiplied back and the
// emission added again. Alpha and the passes are carried over unchanged.
// It fails, naming the pass, when img lacks one.
func Filter(ctx context.Context, img *render.Image) (*render.Image, error) {
	if err := Check(img); err != nil {
		return nil, err
	}
	w, h := img.Width, img.Height
	guide, col := Prepare(img)
	next := make([]float32, len(col))
	for it := range Iterations {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("denoising canceled: %w", err)
		}
		rows(h, func(y int) {
			for x := range w {
				pass(guide, col, next, w, h, x, y, 1<<it)
			}
		})
		col, next = next, col
	}
	return Finish(img, guide, col), nil
}

// pass filters pixel (x, y) at the given step: a 5×5 à-trous tap set,
// each tap weighted by the kernel and by how alike the two pixels' normal,
// depth, albedo and luminance are; the luminance edge is scaled by the
// 3×3 Gaussian of the variance around (x, y), which steadies it (SVGF).
func pass(guide, col, out []float32, w, h, x, y, step int) {
	p := y*w + x
	gp := guide[GuideFloats*p : GuideFloats*p+GuideFloats]
	lp := render.Luminance(col[ColorFloats*p], col[ColorFloats*p+1], col[ColorFloats*p+2])
	var v float32
	for j := -1; j <= 1; j++ {
		yy := min(max(y+j, 0), h-1)
		for i := -1; i <= 1; i++ {
			xx := min(max(x+i, 0), w-1)
			v += gauss3[i+1] * gauss3[j+1] * col[ColorFloats*(yy*w+xx)+3]
		}
	}
	sigL := float32(SigmaL)*sqrt(v) + float32(LumEps)
	sigZ := float32(SigmaZ)*gp[3] + float32(DepthEps)
	var sum [3]float32
	var sumW, sumV float32
	for j := -2; j <= 2; j++ {
		yy := y + j*step
		if yy < 0 || yy >= h {
			continue
		}
		for i := -2; i <= 2; i++ {
			xx := x + i*step
			if xx < 0 || xx >= w {
				continue
			}
			q := yy*w + xx
			cq := col[ColorFloats*q : ColorFloats*q+ColorFloats]
			wt := kernel[i+2] * kernel[j+2]
			if q != p {
				wt *= weight(gp, guide[GuideFloats*q:GuideFloats*q+GuideFloats], lp, render.Luminance(cq[0], cq[1], cq[2]), sigL, sigZ*float32(step*max(i, -i, j, -j)))
			}
			sum[0] += wt * cq[0]
			sum[1] += wt * cq[1]
			sum[2] += wt * cq[2]
			sumW += wt
			sumV += wt * wt * cq[3]
		}
	}
	o := out[ColorFloats*p : ColorFloats*p+ColorFloats]
	o[0], o[1], o[2], o[3] = sum[0]/sumW, sum[1]/sumW, sum[2]/sumW, sumV/(sumW*sumW)
}

var gauss3 = [3]float32{0.25, 0.5, 0.25}

// weight is the edge-stopping weight between pixels of guides gp and gq
// and luminances lp and lq.
func weight(gp, gq []float32, lp, lq, sigL, sigZ float32) float32 {
	wn := float32(1)
	if gp[4] != 0 || gp[5] != 0 || gp[6] != 0 || gq[4] != 0 || gq[5] != 0 || gq[6] != 0 {
		cos := gp[4]*gq[4] + gp[5]*gq[5] + gp[6]*gq[6]
		wn = float32(math.Pow(float64(max(cos, 0)), NormalPow))
	}
	if wn == 0 {
		return 0
	}
	dz := abs(gp[7]-gq[7]) / sigZ
	da := sq(gp[0]-gq[0]) + sq(gp[1]-gq[1]) + sq(gp[2]-gq[2])
	dl := abs(lp-lq) / sigL
	return wn * float32(math.Exp(-float64(dz+da/float32(SigmaA*SigmaA)+dl)))
}

// rows runs f for each row in [0, h) on every core. Rows are independent
// within a pass, so the result does not depend on the split.
func rows(h int, f func(y int)) {
	workers := min(runtime.GOMAXPROCS(0), h)
	var wg sync.WaitGroup
	for wk := range workers {
		wg.Go(func() {
			for y := wk; y < h; y += workers {
				f(y)
			}
		})
	}
	wg.Wait()
}

func abs(v float32) float32 { return float32(math.Abs(float64(v))) }

func sq(v float32) float32 { return v * v }

func sqrt(v float32) float32 { return float32(math.Sqrt(float64(v))) }

// Radius is how far a pixel of the input can move a pixel of the output:
// the à-trous taps (two steps each pass), the variance blur (one pixel
// each pass) and the depth gradient (one pixel).
const Radius = 2*(1<<Iterations-1) + Iterations + 1

// At returns the denoised value of pixel (x, y) of img, computed from the
// window of Radius pixels around it alone: bit for bit what Filter gives
// it, at a small part of the cost, so that a verifier can spot-check a
// denoised frame.
func At(ctx context.Context, img *render.Image, x, y int) ([3]float32, error) {
	r := render.Region{X0: max(x-Radius, 0), Y0: max(y-Radius, 0), X1: min(x+Radius+1, img.Width), Y1: min(y+Radius+1, img.Height)}
	if err := Check(img); err != nil {
		return [3]float32{}, err
	}
	out, err := Filter(ctx, img.Crop(r))
	if err != nil {
		return [3]float32{}, err
	}
	k := 3 * ((y-r.Y0)*out.Width + x - r.X0)
	return [3]float32{out.Pix[k], out.Pix[k+1], out.Pix[k+2]}, nil
}

// Device is an engine that runs the filter on its own device
// (render/vulkan's Engine).
type Device interface {
	Denoise(ctx context.Context, img *render.Image) (*render.Image, error)
}

// On denoises img on eng's device when eng is a Device, else with Filter:
// the same filter either way.
func On(ctx context.Context, eng render.Renderer, img *render.Image) (*render.Image, error) {
	if d, ok := eng.(Device); ok {
		return d.Denoise(ctx, img)
	}
	return Filter(ctx, img)
}
