package hdri

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// PIZ is OpenEXR's wavelet + Huffman compression: a bitmap of the 16-bit
// values used, a lookup table that packs them, a Haar wavelet per channel,
// and a Huffman coder with run-length codes. The steps below invert the
// reference implementation's (ImfPizCompressor, ImfHuf, ImfWav), with every
// length checked against the chunk before it is trusted.

const (
	pizBitmapSize = 1 << 13
	hufEncBits    = 16
	hufDecBits    = 14
	hufEncSize    = 1<<hufEncBits + 1
	hufDecSize    = 1 << hufDecBits
	hufDecMask    = hufDecSize - 1
	shortZeroRun  = 59
	longZeroRun   = 63
	shortestLong  = 2 + longZeroRun - shortZeroRun
)

func unPIZ(h exrHeader, in, out []byte, w, lines int) error {
	words := len(out) / 2
	tmp := make([]uint16, words)
	if len(in) < 4 {
		return errors.New("PIZ chunk is shorter than its header")
	}
	minNZ := int(binary.LittleEndian.Uint16(in))
	maxNZ := int(binary.LittleEndian.Uint16(in[2:]))
	p := 4
	var bitmap [pizBitmapSize]byte
	if maxNZ >= pizBitmapSize {
		return fmt.Errorf("PIZ bitmap range %d..%d is out of bounds", minNZ, maxNZ)
	}
	if minNZ <= maxNZ {
		n := maxNZ - minNZ + 1
		if p+n > len(in) {
			return errors.New("PIZ bitmap runs past the chunk")
		}
		copy(bitmap[minNZ:], in[p:p+n])
		p += n
	}
	var lut [1 << 16]uint16
	k := 0
	for i := 0; i < 1<<16; i++ {
		if i == 0 || bitmap[i>>3]&(1<<(i&7)) != 0 {
			lut[k] = uint16(i)
			k++
		}
	}
	maxValue := k - 1
	if p+4 > len(in) {
		return errors.New("PIZ chunk ends before its Huffman length")
	}
	n := int(int32(binary.LittleEndian.Uint32(in[p:])))
	p += 4
	if n < 0 || p+n > len(in) {
		return fmt.Errorf("PIZ Huffman data of %d bytes runs past the chunk", n)
	}
	if err := hufUncompress(in[p:p+n], tmp); err != nil {
		return err
	}
	// Each channel's samples are contiguous in tmp: lines × width × words.
	start := 0
	for _, c := range h.channels {
		size := c.size / 2
		for j := 0; j < size; j++ {
			wav2Decode(tmp[start+j:], w, size, lines, w*size, maxValue)
		}
		start += w * lines * size
	}
	for i, v := range tmp {
		tmp[i] = lut[v]
	}
	// Interleave back into lines: for each line, each channel's row.
	o := 0
	chStart := make([]int, len(h.channels))
	s := 0
	for i, c := range h.channels {
		chStart[i] = s
		s += w * lines * c.size / 2
	}
	for y := 0; y < lines; y++ {
		for i, c := range h.channels {
			nw := w * c.size / 2
			src := tmp[chStart[i]+y*nw : chStart[i]+(y+1)*nw]
			for _, v := range src {
				binary.LittleEndian.PutUint16(out[o:], v)
				o += 2
			}
		}
	}
	return nil
}

// wav2Decode inverts the 2-D Haar wavelet of nx×ny samples spaced ox apart
// in x and oy in y; mx is the largest value (it picks 14- or 16-bit lifting).
func wav2Decode(in []uint16, nx, ox, ny, oy, mx int) {
	w14 := mx < 1<<14
	n := min(nx, ny)
	p := 1
	for p <= n {
		p <<= 1
	}
	p >>= 1
	p2 := p
	p >>= 1
	dec := wdec16
	if w14 {
		dec = wdec14
	}
	for p >= 1 {
		oy1, oy2 := oy*p, oy*p2
		ox1, ox2 := ox*p, ox*p2
		ey := oy * (ny - p2)
		py := 0
		for ; py <= ey; py += oy2 {
			px := py
			ex := py + ox*(nx-p2)
			for ; px <= ex; px += ox2 {
				p01, p10 := px+ox1, px+oy1
				p11 := p10 + ox1
				i00, i10 := dec(in[px], in[p10])
				i01, i11 := dec(in[p01], in[p11])
				in[px], in[p01] = dec(i00, i01)
				in[p10], in[p11] = dec(i10, i11)
			}
			if nx&p != 0 {
				p10 := px + oy1
				var i00 uint16
				i00, in[p10] = dec(in[px], in[p10])
				in[px] = i00
			}
		}
		if ny&p != 0 {
			px := py
			ex := py + ox*(nx-p2)
			for ; px <= ex; px += ox2 {
				p01 := px + ox1
				var i00 uint16
				i00, in[p01] = dec(in[px], in[p01])
				in[px] = i00
			}
		}
		p2 = p
		p >>= 1
	}
}

func wdec14(l, h uint16) (a, b uint16) {
	ls, hs := int16(l), int16(h)
	hi := int(hs)
	ai := int(ls) + (hi & 1) + (hi >> 1)
	return uint16(int16(ai)), uint16(int16(ai - hi))
}

func wdec16(l, h uint16) (a, b uint16) {
	const aOffset, modMask = 1 << 15, 1<<16 - 1
	m, d := int(l), int(h)
	bb := (m - (d >> 1)) & modMask
	aa := (d + bb - aOffset) & modMask
	return uint16(aa), uint16(bb)
}

// hufDec is one entry of the Huffman decoding table: a short code's length
// and symbol, or the symbols of the long codes sharing this prefix.
type hufDec struct {
	len  int
	lit  int
	long []int
}

func hufUncompress(in []byte, out []uint16) error {
	if len(in) < 20 {
		if len(out) == 0 {
			return nil
		}
		return errors.New("PIZ Huffman header is truncated")
	}
	im := int(int32(binary.LittleEndian.Uint32(in)))
	iM := int(int32(binary.LittleEndian.Uint32(in[4:])))
	nBits := int(int32(binary.LittleEndian.Uint32(in[12:])))
	if im < 0 || im >= hufEncSize || iM < 0 || iM >= hufEncSize || im > iM {
		return fmt.Errorf("PIZ Huffman symbol range %d..%d is invalid", im, iM)
	}
	p := in[20:]
	codes := make([]uint64, hufEncSize)
	rest, err := hufUnpackEncTable(p, im, iM, codes)
	if err != nil {
		return err
	}
	if nBits < 0 || nBits > 8*len(rest) {
		return fmt.Errorf("PIZ Huffman data claims %d bits, the chunk has %d", nBits, 8*len(rest))
	}
	dec := make([]hufDec, hufDecSize)
	if err := hufBuildDecTable(codes, im, iM, dec); err != nil {
		return err
	}
	return hufDecode(codes, dec, rest, nBits, iM, out)
}

// bitReader reads big-endian bit fields as the reference coder writes them.
type bitReader struct {
	c  uint64
	lc int
	in []byte
}

func (b *bitReader) getChar() {
	b.c = b.c<<8 | uint64(b.in[0])
	b.in = b.in[1:]
	b.lc += 8
}

func hufUnpackEncTable(p []byte, im, iM int, codes []uint64) ([]byte, error) {
	br := bitReader{in: p}
	get := func(n int) (uint64, error) {
		for br.lc < n {
			if len(br.in) == 0 {
				return 0, errors.New("PIZ Huffman table is truncated")
			}
			br.getChar()
		}
		br.lc -= n
		return (br.c >> br.lc) & (1<<n - 1), nil
	}
	for ; im <= iM; im++ {
		l, err := get(6)
		if err != nil {
			return nil, err
		}
		codes[im] = l
		run := 0
		switch {
		case l == longZeroRun:
			z, err := get(8)
			if err != nil {
				return nil, err
			}
			run = int(z) + shortestLong
		case l >= shortZeroRun:
			run = int(l) - shortZeroRun + 2
		}
		if run > 0 {
			if im+run > iM+1 {
				return nil, errors.New("PIZ Huffman table zero run overflows")
			}
			for ; run > 0; run-- {
				codes[im] = 0
				im++
			}
			im--
		}
	}
	// Canonical codes from the lengths.
	var n [59]uint64
	for _, l := range codes {
		n[l]++
	}
	var c uint64
	for i := 58; i > 0; i-- {
		nc := (c + n[i]) >> 1
		n[i] = c
		c = nc
	}
	for i, l := range codes {
		if l > 0 {
			codes[i] = l | n[l]<<6
			n[l]++
		}
	}
	return br.in, nil
}

func hufLength(code uint64) int  { return int(code & 63) }
func hufCode(code uint64) uint64 { return code >> 6 }

func hufBuildDecTable(codes []uint64, im, iM int, dec []hufDec) error {
	for ; im <= iM; im++ {
		c, l := hufCode(codes[im]), hufLength(codes[im])
		if c>>uint(l) != 0 {
			return errors.New("PIZ Huffman table has an invalid code")
		}
		if l > hufDecBits {
			pl := &dec[c>>uint(l-hufDecBits)]
			if pl.len != 0 {
				return errors.New("PIZ Huffman table has an invalid code")
			}
			pl.lit++
			pl.long = append(pl.long, im)
		} else if l > 0 {
			base := int(c << uint(hufDecBits-l))
			for i := 0; i < 1<<(hufDecBits-l); i++ {
				pl := &dec[base+i]
				if pl.len != 0 || pl.long != nil {
					return errors.New("PIZ Huffman table has an invalid code")
				}
				pl.len, pl.lit = l, im
			}
		}
	}
	return nil
}

func hufDecode(codes []uint64, dec []hufDec, in []byte, nBits, rlc int, out []uint16) error {
	br := bitReader{in: in[:(nBits+7)/8]}
	o := 0
	emit := func(sym int) error {
		if sym == rlc {
			if br.lc < 8 {
				if len(br.in) == 0 {
					return errors.New("PIZ Huffman run is truncated")
				}
				br.getChar()
			}
			br.lc -= 8
			cs := int(byte(br.c >> br.lc))
			if o+cs > len(out) {
				return errors.New("PIZ Huffman run overruns the chunk")
			}
			if o == 0 {
				return errors.New("PIZ Huffman run has nothing to repeat")
			}
			s := out[o-1]
			for ; cs > 0; cs-- {
				out[o] = s
				o++
			}
			return nil
		}
		if o >= len(out) {
			return errors.New("PIZ Huffman data overruns the chunk")
		}
		out[o] = uint16(sym)
		o++
		return nil
	}
	for len(br.in) > 0 {
		br.getChar()
		for br.lc >= hufDecBits {
			pl := &dec[(br.c>>uint(br.lc-hufDecBits))&hufDecMask]
			if pl.len != 0 {
				br.lc -= pl.len
				if err := emit(pl.lit); err != nil {
					return err
				}
				continue
			}
			if pl.long == nil {
				return errors.New("PIZ Huffman data has an invalid code")
			}
			found := false
			for _, sym := range pl.long {
				l := hufLength(codes[sym])
				for br.lc < l && len(br.in) > 0 {
					br.getChar()
				}
				if br.lc >= l && hufCode(codes[sym]) == (br.c>>uint(br.lc-l))&(1<<uint(l)-1) {
					br.lc -= l
					if err := emit(sym); err != nil {
						return err
					}
					found = true
					break
				}
			}
			if !found {
				return errors.New("PIZ Huffman data has an invalid code")
			}
		}
	}
	i := (8 - nBits) & 7
	br.c >>= uint(i)
	br.lc -= i
	for br.lc > 0 {
		pl := &dec[(br.c<<uint(hufDecBits-br.lc))&hufDecMask]
		if pl.len == 0 {
			return errors.New("PIZ Huffman data has an invalid code")
		}
		br.lc -= pl.len
		if err := emit(pl.lit); err != nil {
			return err
		}
	}
	if o != len(out) {
		return fmt.Errorf("PIZ data decodes to %d values, want %d", o, len(out))
	}
	return nil
}
