package cpu

import (
	"math"
	"sync"
)

// The sheen lobe (KHR_materials_sheen): the "Charlie" distribution
// (Estevez and Kulla 2017) with Ashikhmin's visibility, and its directional
// albedo tabulated once, deterministically, for the layering's energy
// scaling. The GPU engines read the same table (SheenLUT).

const (
	sheenLUTSize  = 32   // entries per axis: cosθ and roughness² in [0,1]
	minSheenAlpha = 0.01 // the distribution is undefined at 0
)

var (
	sheenOnce sync.Once
	sheenLUT  []float32
)

// SheenLUT returns the sheen lobe's directional albedo E(cosθ, α), row α,
// column cosθ, sheenLUTSize² entries, sampled at cell centres.
func SheenLUT() []float32 {
	sheenOnce.Do(func() {
		sheenLUT = make([]float32, sheenLUTSize*sheenLUTSize)
		const n = 64 // quadrature points per axis
		for ai := 0; ai < sheenLUTSize; ai++ {
			a := max((float64(ai)+0.5)/sheenLUTSize, minSheenAlpha)
			for ci := 0; ci < sheenLUTSize; ci++ {
				nv := (float64(ci) + 0.5) / sheenLUTSize
				wo := [3]float64{math.Sqrt(1 - nv*nv), 0, nv}
				var e float64
				// Integrate f·cosθ over the hemisphere (cosθ and φ uniform).
				for i := 0; i < n; i++ {
					nl := (float64(i) + 0.5) / n
					st := math.Sqrt(1 - nl*nl)
					for j := 0; j < n; j++ {
						phi := 2 * math.Pi * (float64(j) + 0.5) / n
						wi := [3]float64{st * math.Cos(phi), st * math.Sin(phi), nl}
						h := [3]float64{wo[0] + wi[0], wo[1] + wi[1], wo[2] + wi[2]}
						l := math.Sqrt(h[0]*h[0] + h[1]*h[1] + h[2]*h[2])
						nh := h[2] / l
						d := charlieD64(nh, a)
						v := 1 / (4 * (nl + nv - nl*nv))
						e += d * v * nl * 2 * math.Pi / (n * n)
					}
				}
				sheenLUT[ai*sheenLUTSize+ci] = float32(math.Min(e, 1))
			}
		}
	})
	return sheenLUT
}

func charlieD64(nh, a float64) float64 {
	inv := 1 / a
	sin2 := math.Max(1-nh*nh, 0)
	return (2 + inv) * math.Pow(sin2, inv*0.5) / (2 * math.Pi)
}

// charlieD is the sheen distribution for N·H and α = roughness².
func charlieD(nh, a float32) float32 {
	inv := 1 / a
	sin2 := max(1-nh*nh, 0)
	return (2 + inv) * float32(math.Pow(float64(sin2), float64(inv*0.5))) / (2 * math.Pi)
}

// ashikhminV is the sheen visibility term.
func ashikhminV(nv, nl float32) float32 {
	return 1 / (4 * (nl + nv - nl*nv))
}

// sheenAlbedo looks E(cosθ, α) up bilinearly in SheenLUT.
func sheenAlbedo(c, a float32) float32 {
	lut := SheenLUT()
	x := min(max(c*sheenLUTSize-0.5, 0), sheenLUTSize-1)
	y := min(max(a*sheenLUTSize-0.5, 0), sheenLUTSize-1)
	x0, y0 := int(x), int(y)
	x1, y1 := min(x0+1, sheenLUTSize-1), min(y0+1, sheenLUTSize-1)
	fx, fy := x-float32(x0), y-float32(y0)
	top := lut[y0*sheenLUTSize+x0]*(1-fx) + lut[y0*sheenLUTSize+x1]*fx
	bot := lut[y1*sheenLUTSize+x0]*(1-fx) + lut[y1*sheenLUTSize+x1]*fx
	return top*(1-fy) + bot*fy
}

// iridescence is the thin-film Fresnel of KHR_materials_iridescence
// (Belcour and Barla 2017, as the extension's reference implements it):
// a film of IOR filmIOR and thickness thk nanometres over a base of
// Fresnel F0 baseF0, seen from a medium of IOR outside at cosθ c1.
func iridescence(outside, filmIOR, c1, thk float32, baseF0 vec) vec {
	t := min(max(thk/0.03, 0), 1)
	film := outside + (filmIOR-outside)*(t*t*(3-2*t))
	sin2 := sq(outside/film) * (1 - c1*c1)
	cos2sq := 1 - sin2
	if cos2sq < 0 {
		return vec{X: 1, Y: 1, Z: 1}
	}
	c2 := sqrt32(cos2sq)
	r0 := sq((film - outside) / (film + outside))
	r12 := schlick(r0, 1, c1)
	t121 := 1 - r12
	var phi12 float32
	if film < outside {
		phi12 = math.Pi
	}
	phi21 := math.Pi - phi12
	opd := 2 * film * thk * c2
	var out [3]float32
	for k, f0 := range [3]float32{baseF0.X, baseF0.Y, baseF0.Z} {
		f0 = min(max(f0, 0), 0.9999)
		sf := sqrt32(f0)
		baseIOR := (1 + sf) / (1 - sf)
		r1 := sq((baseIOR - film) / (baseIOR + film))
		r23 := schlick(r1, 1, c2)
		var phi23 float32
		if baseIOR < film {
			phi23 = math.Pi
		}
		phi := phi21 + phi23
		r123 := min(max(r12*r23, 1e-5), 0.9999)
		rr := sqrt32(r123)
		rs := t121 * t121 * r23 / (1 - r123)
		i := r12 + rs
		cm := rs - t121
		for m := 1; m <= 2; m++ {
			cm *= rr
			i += cm * 2 * sensitivity(float32(m)*opd, float32(m)*phi, k)
		}
		out[k] = max(i, 0)
	}
	return vec{X: out[0], Y: out[1], Z: out[2]}
}

// sensitivity is the film's phase response for the sRGB primary k: the
// XYZ colour matching functions as Gaussians, converted to Rec.709.
func sensitivity(opd, shift float32, k int) float32 {
	phase := 2 * math.Pi * float64(opd) * 1e-9
	val := [3]float64{5.4856e-13, 4.4201e-13, 5.2481e-13}
	pos := [3]float64{1.6810e+06, 1.7953e+06, 2.2084e+06}
	vr := [3]float64{4.3278e+09, 9.3046e+09, 6.6121e+09}
	var xyz [3]float64
	for i := range xyz {
		xyz[i] = val[i] * math.Sqrt(2*math.Pi*vr[i]) * math.Cos(pos[i]*phase+float64(shift)) * math.Exp(-phase*phase*vr[i])
	}
	xyz[0] += 9.7470e-14 * math.Sqrt(2*math.Pi*4.5282e+09) * math.Cos(2.2399e+06*phase+float64(shift)) * math.Exp(-4.5282e+09*phase*phase)
	for i := range xyz {
		xyz[i] /= 1.0685e-7
	}
	rows := [3][3]float64{
		{3.2404542, -1.5371385, -0.4985314},
		{-0.9692660, 1.8760108, 0.0415560},
		{0.0556434, -0.2040259, 1.0572252},
	}
	r := rows[k]
	return float32(r[0]*xyz[0] + r[1]*xyz[1] + r[2]*xyz[2])
}
