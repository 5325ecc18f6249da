package hdri

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"sync"
)

// DWAA and DWAB (DreamWorks Animation's lossy compression, which Blender's
// bundled studio lights use) store colour as 8×8 DCT blocks of a
// perceptually encoded Y'CbCr, alpha run-length encoded, and anything else
// deflated. The steps below invert the reference decoder (OpenEXR's
// internal_dwa_*), every count checked against the chunk first.

// DWA channel schemes and chunk header fields.
const (
	dwaUnknown = iota
	dwaLossyDCT
	dwaRLE
)

const (
	dwaVersion = iota
	dwaUnknownUncompressed
	dwaUnknownCompressed
	dwaACCompressed
	dwaDCCompressed
	dwaRLECompressed
	dwaRLEUncompressed
	dwaRLERaw
	dwaACCount
	dwaDCCount
	dwaACCompression
	dwaCounters
)

type dwaRule struct {
	suffix          string
	scheme, cscIdx  int
	pixelType       int
	caseInsensitive bool
}

// dwaLegacyRules are what files of version < 2 (which carry no rules) were
// written with.
var dwaLegacyRules = func() []dwaRule {
	var r []dwaRule
	add := func(names []string, scheme, csc int, types ...int) {
		for _, n := range names {
			for _, t := range types {
				r = append(r, dwaRule{n, scheme, csc, t, true})
			}
		}
	}
	add([]string{"r", "red"}, dwaLossyDCT, 0, exrHalf, exrFloat)
	add([]string{"g", "grn", "green"}, dwaLossyDCT, 1, exrHalf, exrFloat)
	add([]string{"b", "blu", "blue"}, dwaLossyDCT, 2, exrHalf, exrFloat)
	add([]string{"y", "by", "ry"}, dwaLossyDCT, -1, exrHalf, exrFloat)
	add([]string{"a"}, dwaRLE, -1, exrUint, exrHalf, exrFloat)
	return r
}()

func (r dwaRule) match(suffix string, t int) bool {
	if r.pixelType != t {
		return false
	}
	if r.caseInsensitive {
		return strings.EqualFold(suffix, r.suffix)
	}
	return suffix == r.suffix
}

func unDWA(h exrHeader, in, out []byte, w, lines int) error {
	if len(in) < 8*dwaCounters {
		return errors.New("DWA chunk is shorter than its header")
	}
	var cnt [dwaCounters]uint64
	for i := range cnt {
		cnt[i] = binary.LittleEndian.Uint64(in[8*i:])
		if cnt[i] > uint64(len(out))*64+uint64(len(in))*1100 {
			return fmt.Errorf("DWA header field %d (%d) is out of range", i, cnt[i])
		}
	}
	data := in[8*dwaCounters:]
	if cnt[dwaVersion] > 2 {
		return fmt.Errorf("DWA version %d is not supported", cnt[dwaVersion])
	}
	rules := dwaLegacyRules
	if cnt[dwaVersion] >= 2 {
		var err error
		if rules, data, err = readDWARules(data); err != nil {
			return err
		}
	}
	// Classify the channels and find R, G, B sets sharing a prefix.
	n := len(h.channels)
	scheme := make([]int, n)
	type csc struct{ idx [3]int }
	var prefixes []string
	sets := map[string]*csc{}
	for c, ch := range h.channels {
		prefix, suffix := "", ch.name
		if i := strings.LastIndexByte(ch.name, '.'); i >= 0 {
			prefix, suffix = ch.name[:i+1], ch.name[i+1:]
		}
		if _, ok := sets[prefix]; !ok {
			sets[prefix] = &csc{idx: [3]int{-1, -1, -1}}
			prefixes = append(prefixes, prefix)
		}
		for _, r := range rules {
			if r.match(suffix, ch.pixelType) {
				scheme[c] = r.scheme
				if r.cscIdx >= 0 {
					sets[prefix].idx[r.cscIdx] = c
				}
			}
		}
	}
	var cscSets [][3]int
	inSet := make([]bool, n)
	for _, p := range prefixes {
		s := sets[p].idx
		if s[0] < 0 || s[1] < 0 || s[2] < 0 {
			continue
		}
		cscSets = append(cscSets, s)
		inSet[s[0]], inSet[s[1]], inSet[s[2]] = true, true, true
	}
	// The sections, in order: unknown (zlib), AC (Huffman or zlib), DC
	// (zlib and the ZIP predictor), RLE (zlib, then run lengths).
	take := func(k int) ([]byte, error) {
		if cnt[k] > uint64(len(data)) {
			return nil, errors.New("DWA section runs past the chunk (truncated?)")
		}
		b := data[:cnt[k]]
		data = data[cnt[k]:]
		return b, nil
	}
	unkZ, err := take(dwaUnknownCompressed)
	if err != nil {
		return err
	}
	acZ, err := take(dwaACCompressed)
	if err != nil {
		return err
	}
	dcZ, err := take(dwaDCCompressed)
	if err != nil {
		return err
	}
	rleZ, err := take(dwaRLECompressed)
	if err != nil {
		return err
	}
	if cnt[dwaUnknownUncompressed] > uint64(len(out)) || cnt[dwaRLERaw] > uint64(len(out)) ||
		cnt[dwaRLEUncompressed] > 2*uint64(len(out)) || cnt[dwaACCount]*2 > 64*uint64(len(out)) || cnt[dwaDCCount]*2 > uint64(len(out)) {
		return errors.New("DWA sizes exceed what the chunk can hold")
	}
	var unknown []byte
	if len(unkZ) > 0 {
		if unknown, err = inflate(unkZ, int(cnt[dwaUnknownUncompressed])); err != nil {
			return fmt.Errorf("DWA unknown data: %v", err)
		}
	}
	ac := make([]uint16, cnt[dwaACCount])
	if len(acZ) > 0 {
		switch cnt[dwaACCompression] {
		case 0: // static Huffman, as PIZ codes it
			if err := hufUncompress(acZ, ac); err != nil {
				return fmt.Errorf("DWA AC data: %v", err)
			}
		case 1:
			b, err := inflate(acZ, 2*len(ac))
			if err != nil {
				return fmt.Errorf("DWA AC data: %v", err)
			}
			for i := range ac {
				ac[i] = binary.LittleEndian.Uint16(b[2*i:])
			}
		default:
			return fmt.Errorf("DWA AC compression %d is unknown", cnt[dwaACCompression])
		}
	}
	dc := make([]uint16, cnt[dwaDCCount])
	if len(dcZ) > 0 {
		b, err := inflate(dcZ, 2*len(dc))
		if err != nil {
			return fmt.Errorf("DWA DC data: %v", err)
		}
		unpredict(b)
		raw := make([]byte, len(b))
		deinterleave(b, raw)
		for i := range dc {
			dc[i] = binary.LittleEndian.Uint16(raw[2*i:])
		}
	} else if len(dc) != 0 {
		return errors.New("DWA DC count without DC data")
	}
	var rle []byte
	if cnt[dwaRLERaw] > 0 {
		packed, err := inflate(rleZ, int(cnt[dwaRLEUncompressed]))
		if err != nil {
			return fmt.Errorf("DWA RLE data: %v", err)
		}
		rle = make([]byte, cnt[dwaRLERaw])
		if err := unRLE(packed, rle); err != nil {
			return fmt.Errorf("DWA RLE data: %v", err)
		}
	}
	// Where each channel's row y lies in out.
	lineBytes := 0
	chOff := make([]int, n)
	for c, ch := range h.channels {
		chOff[c] = lineBytes
		lineBytes += w * ch.size
	}
	row := func(c, y int) []byte { return out[y*lineBytes+chOff[c] : y*lineBytes+chOff[c]+w*h.channels[c].size] }

	dec := dctDecoder{ac: ac, dc: dc, w: w, h: lines}
	for _, s := range cscSets {
		if err := dec.decode(h, s[:], row, true); err != nil {
			return err
		}
	}
	for c, ch := range h.channels {
		if inSet[c] {
			continue
		}
		switch scheme[c] {
		case dwaLossyDCT:
			if err := dec.decode(h, []int{c}, row, !ch.pLinear); err != nil {
				return err
			}
		case dwaRLE:
			// Planar by byte: all first bytes, then all second bytes...
			need := w * lines * ch.size
			if len(rle) < need {
				return errors.New("DWA RLE data is short")
			}
			plane := rle[:need]
			rle = rle[need:]
			for y := 0; y < lines; y++ {
				dst := row(c, y)
				for x := 0; x < w; x++ {
					for b := 0; b < ch.size; b++ {
						dst[x*ch.size+b] = plane[b*w*lines+y*w+x]
					}
				}
			}
		default:
			for y := 0; y < lines; y++ {
				dst := row(c, y)
				if len(unknown) < len(dst) {
					return errors.New("DWA unknown data is short")
				}
				copy(dst, unknown[:len(dst)])
				unknown = unknown[len(dst):]
			}
		}
	}
	return nil
}

func readDWARules(data []byte) ([]dwaRule, []byte, error) {
	if len(data) < 2 {
		return nil, nil, errors.New("DWA channel rules are truncated")
	}
	size := int(binary.LittleEndian.Uint16(data))
	if size < 2 || size > len(data) {
		return nil, nil, errors.New("DWA channel rules are truncated")
	}
	b := data[2:size]
	var rules []dwaRule
	for len(b) > 0 {
		end := bytes.IndexByte(b, 0)
		if end < 0 || end > 128 || end+3 > len(b) {
			return nil, nil, errors.New("DWA channel rule is truncated")
		}
		v, t := b[end+1], b[end+2]
		r := dwaRule{suffix: string(b[:end]), cscIdx: int(v>>4) - 1, scheme: int(v>>2) & 3, caseInsensitive: v&1 != 0, pixelType: int(t)}
		if r.cscIdx > 2 || r.scheme > dwaRLE || r.pixelType > exrFloat {
			return nil, nil, errors.New("DWA channel rule is corrupt")
		}
		rules = append(rules, r)
		b = b[end+3:]
	}
	return rules, data[size:], nil
}

// inflate decompresses zlib data that must make exactly n bytes.
func inflate(z []byte, n int) ([]byte, error) {
	zr, err := zlib.NewReader(bytes.NewReader(z))
	if err != nil {
		return nil, err
	}
	out := make([]byte, n)
	if _, err := io.ReadFull(zr, out); err != nil {
		return nil, fmt.Errorf("decompresses to fewer than %d bytes", n)
	}
	return out, nil
}

// dctDecoder walks the AC and DC streams across the lossy channels of a
// chunk: each call consumes what its channels used.
type dctDecoder struct {
	ac, dc []uint16
	w, h   int
}

// zigzag maps a block's natural (row-major) index to its zig-zag index.
var zigzag = [64]int{
	0, 1, 5, 6, 14, 15, 27, 28, 2, 4, 7, 13, 16, 26, 29, 42,
	3, 8, 12, 17, 25, 30, 41, 43, 9, 11, 18, 24, 31, 40, 44, 53,
	10, 19, 23, 32, 39, 45, 52, 54, 20, 22, 33, 38, 46, 51, 55, 60,
	21, 34, 37, 47, 50, 56, 59, 61, 35, 36, 48, 49, 57, 58, 62, 63,
}

// decode reconstructs channels chans (one, or R, G, B stored as Y'CbCr)
// and writes them into rows, through the perceptual-to-linear curve when
// nonlinear is set.
func (d *dctDecoder) decode(h exrHeader, chans []int, row func(c, y int) []byte, nonlinear bool) error {
	bx, by := (d.w+7)/8, (d.h+7)/8
	k := len(chans)
	if len(d.dc) < k*bx*by {
		return errors.New("DWA DC data is short")
	}
	dcs := d.dc[:k*bx*by]
	d.dc = d.dc[k*bx*by:]
	lin := dwaToLinear()
	blocks := make([][]uint16, k) // a row of blocks per channel, nonlinear half
	for i := range blocks {
		blocks[i] = make([]uint16, bx*64)
	}
	var zig [64]uint16
	var dct [3][64]float32
	for byi := 0; byi < by; byi++ {
		for bxi := 0; bxi < bx; bxi++ {
			for ci := 0; ci < k; ci++ {
				zig = [64]uint16{dcs[ci*bx*by+byi*bx+bxi]}
				for i := 1; i < 64; {
					if len(d.ac) == 0 {
						return errors.New("DWA AC data is short")
					}
					v := d.ac[0]
					d.ac = d.ac[1:]
					switch {
					case v == 0xff00:
						i = 64
					case v>>8 == 0xff:
						i += int(v & 0xff)
					default:
						zig[i] = v
						i++
					}
				}
				for j := range dct[ci] {
					dct[ci][j] = halfToFloat(zig[zigzag[j]])
				}
				idct8x8(&dct[ci])
			}
			if k == 3 {
				for j := 0; j < 64; j++ {
					y, cb, cr := dct[0][j], dct[1][j], dct[2][j]
					dct[0][j] = y + 1.5747*cr
					dct[1][j] = y - 0.1873*cb - 0.4682*cr
					dct[2][j] = y + 1.8556*cb
				}
			}
			for ci := 0; ci < k; ci++ {
				for j := 0; j < 64; j++ {
					blocks[ci][bxi*64+j] = floatToHalf(dct[ci][j])
				}
			}
		}
		for ci, c := range chans {
			for y := 8 * byi; y < min(8*byi+8, d.h); y++ {
				dst := row(c, y)
				for x := 0; x < d.w; x++ {
					v := blocks[ci][(x/8)*64+(y&7)*8+(x&7)]
					if nonlinear {
						v = lin[v]
					}
					if h.channels[c].pixelType == exrFloat {
						binary.LittleEndian.PutUint32(dst[4*x:], math.Float32bits(halfToFloat(v)))
					} else {
						binary.LittleEndian.PutUint16(dst[2*x:], v)
					}
				}
			}
		}
	}
	return nil
}

// idct8x8 is the inverse DCT of one block in place, rows then columns,
// with the reference decoder's constants and order of operations.
func idct8x8(data *[64]float32) {
	const pi = 3.14159 // the reference uses this rounded value
	a := float32(.5 * math.Cos(pi/4))
	b := float32(.5 * math.Cos(pi/16))
	c := float32(.5 * math.Cos(pi/8))
	d := float32(.5 * math.Cos(3*pi/16))
	e := float32(.5 * math.Cos(5*pi/16))
	f := float32(.5 * math.Cos(3*pi/8))
	g := float32(.5 * math.Cos(7*pi/16))
	pass := func(at func(int) *float32) {
		alpha0, alpha1 := c**at(2), f**at(2)
		alpha2, alpha3 := c**at(6), f**at(6)
		beta0 := b**at(1) + d**at(3) + e**at(5) + g**at(7)
		beta1 := d**at(1) - g**at(3) - b**at(5) - e**at(7)
		beta2 := e**at(1) - b**at(3) + g**at(5) + d**at(7)
		beta3 := g**at(1) - e**at(3) + d**at(5) - b**at(7)
		theta0 := a * (*at(0) + *at(4))
		theta3 := a * (*at(0) - *at(4))
		theta1 := alpha0 + alpha3
		theta2 := alpha1 - alpha2
		g0, g1, g2, g3 := theta0+theta1, theta3+theta2, theta3-theta2, theta0-theta1
		*at(0), *at(1), *at(2), *at(3) = g0+beta0, g1+beta1, g2+beta2, g3+beta3
		*at(4), *at(5), *at(6), *at(7) = g3-beta3, g2-beta2, g1-beta1, g0-beta0
	}
	for r := 0; r < 8; r++ {
		pass(func(i int) *float32 { return &data[r*8+i] })
	}
	for col := 0; col < 8; col++ {
		pass(func(i int) *float32 { return &data[i*8+col] })
	}
}

var (
	dwaLinOnce sync.Once
	dwaLin     []uint16
)

// dwaToLinear is the table from DWA's perceptual encoding (a 2.2 gamma up
// to 1, a log curve above) back to linear half values.
func dwaToLinear() []uint16 {
	dwaLinOnce.Do(func() {
		dwaLin = make([]uint16, 1<<16)
		for i := range dwaLin {
			x := uint16(i)
			if x == 0 || x&0x7c00 == 0x7c00 {
				continue
			}
			f := halfToFloat(x)
			sign := float32(1)
			if f < 0 {
				sign, f = -1, -f
			}
			var z float32
			if f <= 1 {
				z = float32(math.Pow(float64(f), 2.2))
			} else {
				z = float32(math.Pow(9.02501329156, float64(f-1)))
			}
			dwaLin[i] = floatToHalf(sign * z)
		}
	})
	return dwaLin
}

// floatToHalf rounds f to the nearest IEEE 754 binary16 value (ties to
// even), saturating to infinity.
func floatToHalf(f float32) uint16 {
	b := math.Float32bits(f)
	sign := uint16(b>>16) & 0x8000
	exp := int(b>>23&0xff) - 127 + 15
	mant := b & 0x7fffff
	switch {
	case b&0x7fffffff == 0:
		return sign
	case b>>23&0xff == 0xff: // Inf or NaN
		if mant != 0 {
			return sign | 0x7e00
		}
		return sign | 0x7c00
	case exp >= 31:
		return sign | 0x7c00
	case exp <= 0: // subnormal half
		if exp < -10 {
			return sign
		}
		mant |= 0x800000
		shift := uint(14 - exp)
		h := mant >> shift
		rem := mant & (1<<shift - 1)
		half := uint32(1) << (shift - 1)
		if rem > half || rem == half && h&1 != 0 {
			h++
		}
		return sign | uint16(h)
	}
	h := uint32(exp)<<10 | mant>>13
	rem := mant & 0x1fff
	if rem > 0x1000 || rem == 0x1000 && h&1 != 0 {
		h++ // may carry into the exponent, which is right
	}
	return sign | uint16(h)
}
