package diffusion

import (
	"image"
	"image/color"
	"math"
	"math/bits"
	"slices"
)

// PHashThreshold is the largest Hamming distance between the perceptual
// hashes of two renders of one diffusion frame that still counts as the
// same image: the same seed on different GPUs and drivers gives images
// that differ in fine detail, not in composition.
const PHashThreshold = 12

// PHash is the 64-bit DCT perceptual hash of img: the luminance scaled to
// 32×32, its 2-D DCT, and one bit per low-frequency coefficient (8×8, the
// DC term left out) above their median.
func PHash(img image.Image) uint64 {
	const n = 32
	b := img.Bounds()
	var lum [n][n]float64
	var cnt [n][n]float64
	for y := b.Min.Y; y < b.Max.Y; y++ {
		gy := (y - b.Min.Y) * n / b.Dy()
		for x := b.Min.X; x < b.Max.X; x++ {
			gx := (x - b.Min.X) * n / b.Dx()
			c := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
			lum[gy][gx] += 0.299*float64(c.R) + 0.587*float64(c.G) + 0.114*float64(c.B)
			cnt[gy][gx]++
		}
	}
	for y := range n {
		for x := range n {
			if cnt[y][x] > 0 {
				lum[y][x] /= cnt[y][x]
			}
		}
	}
	var cos [8][n]float64
	for k := range 8 {
		for i := range n {
			cos[k][i] = math.Cos(math.Pi * float64(k) * (2*float64(i) + 1) / (2 * n))
		}
	}
	var coef [64]float64
	for u := range 8 {
		for v := range 8 {
			s := 0.0
			for y := range n {
				for x := range n {
					s += lum[y][x] * cos[u][y] * cos[v][x]
				}
			}
			coef[u*8+v] = s
		}
	}
	ac := slices.Clone(coef[1:])
	slices.Sort(ac)
	median := (ac[31] + ac[32]) / 2
	var h uint64
	for i := 1; i < 64; i++ {
		if coef[i] > median {
			h |= 1 << uint(i)
		}
	}
	return h
}

// Distance is the number of bits in which two hashes differ.
func Distance(a, b uint64) int { return bits.OnesCount64(a ^ b) }
