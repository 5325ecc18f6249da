package render

// SSIM is the mean structural similarity of the 8-bit sRGB luma of a and
// b (Wang et al. 2004) over 8×8 windows, with the usual constants.
func SSIM(a, b *Image) float64 {
	la, lb := luma8(a), luma8(b)
	w, h := a.Width, a.Height
	const c1, c2 = (0.01 * 255) * (0.01 * 255), (0.03 * 255) * (0.03 * 255)
	var sum float64
	n := 0
	for y := 0; y+8 <= h; y += 4 {
		for x := 0; x+8 <= w; x += 4 {
			var ma, mb, va, vb, cov float64
			for dy := 0; dy < 8; dy++ {
				for dx := 0; dx < 8; dx++ {
					ma += la[(y+dy)*w+x+dx]
					mb += lb[(y+dy)*w+x+dx]
				}
			}
			ma, mb = ma/64, mb/64
			for dy := 0; dy < 8; dy++ {
				for dx := 0; dx < 8; dx++ {
					da, db := la[(y+dy)*w+x+dx]-ma, lb[(y+dy)*w+x+dx]-mb
					va += da * da
					vb += db * db
					cov += da * db
				}
			}
			va, vb, cov = va/63, vb/63, cov/63
			sum += (2*ma*mb + c1) * (2*cov + c2) / ((ma*ma + mb*mb + c1) * (va + vb + c2))
			n++
		}
	}
	return sum / float64(n)
}

func luma8(m *Image) []float64 {
	out := make([]float64, m.Width*m.Height)
	img := m.SRGB8()
	for i := range out {
		out[i] = 0.299*float64(img.Pix[4*i]) + 0.587*float64(img.Pix[4*i+1]) + 0.114*float64(img.Pix[4*i+2])
	}
	return out
}
