package hdri

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
)

var exrMagic = []byte{0x76, 0x2f, 0x31, 0x01}

// OpenEXR compression methods (the header's compression attribute).
const (
	exrNone  = 0
	exrRLE   = 1
	exrZIPS  = 2
	exrZIP   = 3
	exrPIZ   = 4
	exrPXR24 = 5
	exrB44   = 6
	exrB44A  = 7
	exrDWAA  = 8
	exrDWAB  = 9
)

var exrCompressionNames = []string{"NONE", "RLE", "ZIPS", "ZIP", "PIZ", "PXR24", "B44", "B44A", "DWAA", "DWAB"}

// Pixel types of an EXR channel and their sizes in bytes.
const (
	exrUint  = 0
	exrHalf  = 1
	exrFloat = 2
)

type exrChannel struct {
	name      string
	pixelType int
	pLinear   bool // DWA: the channel is perceptually linear already
	xs, ys    int
	size      int // bytes per sample
	dest      int // 0..2: R, G, B; 3: luminance (Y) to all three; -1: skipped
}

type exrHeader struct {
	channels               []exrChannel
	compression            int
	xMin, yMin, xMax, yMax int
	lineOrder              int
}

// decodeEXR reads a single-part scanline OpenEXR file; with planes, every
// channel also lands in Image.Planes.
func decodeEXR(data []byte, lim Limits, planes bool) (*Image, error) {
	if len(data) < 8 {
		return nil, fmt.Errorf("%w: EXR file is %d bytes, shorter than its header", ErrFormat, len(data))
	}
	version := binary.LittleEndian.Uint32(data[4:])
	if version&0xff != 2 {
		return nil, fmt.Errorf("%w: EXR version %d is not 2", ErrFormat, version&0xff)
	}
	if version&0x200 != 0 {
		return nil, fmt.Errorf("%w: tiled EXR files are not supported; save it as scanline (Blender and most tools do by default)", ErrFormat)
	}
	if version&0x1800 != 0 {
		return nil, fmt.Errorf("%w: multi-part or deep EXR files are not supported; save a single-part RGB image", ErrFormat)
	}
	h, pos, err := readEXRHeader(data, 8)
	if err != nil {
		return nil, err
	}
	w, ht := h.xMax-h.xMin+1, h.yMax-h.yMin+1
	if h.xMax < h.xMin || h.yMax < h.yMin {
		return nil, fmt.Errorf("%w: dataWindow (%d,%d)-(%d,%d) is empty", ErrFormat, h.xMin, h.yMin, h.xMax, h.yMax)
	}
	if err := lim.check(w, ht); err != nil {
		return nil, err
	}
	if h.compression > exrPIZ && h.compression != exrDWAA && h.compression != exrDWAB {
		name := fmt.Sprint(h.compression)
		if h.compression < len(exrCompressionNames) {
			name = exrCompressionNames[h.compression]
		}
		return nil, fmt.Errorf("%w: EXR compression %s is not supported (NONE, RLE, ZIPS, ZIP, PIZ, DWAA and DWAB are); re-save it with ZIP or PIZ", ErrFormat, name)
	}
	var haveR, haveY bool
	for _, c := range h.channels {
		if c.xs != 1 || c.ys != 1 {
			return nil, fmt.Errorf("%w: channel %s is subsampled (%dx%d); only full-resolution channels are supported", ErrFormat, c.name, c.xs, c.ys)
		}
		haveR = haveR || c.dest == 0
		haveY = haveY || c.dest == 3
	}
	if !haveR && !haveY {
		names := make([]string, len(h.channels))
		for i, c := range h.channels {
			names[i] = c.name
		}
		return nil, fmt.Errorf("%w: EXR has no R, G, B or Y channels (it has %s)", ErrFormat, strings.Join(names, ", "))
	}
	lines := 1
	switch h.compression {
	case exrZIP:
		lines = 16
	case exrPIZ, exrDWAA:
		lines = 32
	case exrDWAB:
		lines = 256
	}
	chunks := (ht + lines - 1) / lines
	if pos+8*chunks > len(data) {
		return nil, fmt.Errorf("%w: EXR offset table of %d chunks runs past the end of the file (truncated?)", ErrFormat, chunks)
	}
	bytesPerLine := 0
	for _, c := range h.channels {
		bytesPerLine += c.size * w
	}
	// A chunk cannot expand beyond what zlib or PIZ allow (about 1032:1);
	// a file far too small for its header is truncated or hostile.
	if int64(len(data))*1100 < int64(bytesPerLine)*int64(ht) {
		return nil, fmt.Errorf("%w: %d bytes cannot hold a %dx%d EXR image (truncated file?)", ErrFormat, len(data), w, ht)
	}
	m := &Image{Width: w, Height: ht, Pix: make([]float32, 3*w*ht)}
	if planes {
		m.Planes = make(map[string][]float32, len(h.channels))
		for _, c := range h.channels {
			m.Planes[c.name] = make([]float32, w*ht)
		}
	}
	raw := make([]byte, bytesPerLine*lines)
	for ci := 0; ci < chunks; ci++ {
		off := binary.LittleEndian.Uint64(data[pos+8*ci:])
		if off+8 > uint64(len(data)) || off < uint64(pos+8*chunks) {
			return nil, fmt.Errorf("%w: chunk %d offset %d is outside the file (truncated?)", ErrFormat, ci, off)
		}
		y := int(int32(binary.LittleEndian.Uint32(data[off:])))
		size := int(int32(binary.LittleEndian.Uint32(data[off+4:])))
		if size < 0 || off+8+uint64(size) > uint64(len(data)) {
			return nil, fmt.Errorf("%w: chunk %d of %d bytes runs past the end of the file (truncated?)", ErrFormat, ci, size)
		}
		if y < h.yMin || y > h.yMax || (y-h.yMin)%lines != 0 {
			return nil, fmt.Errorf("%w: chunk %d starts at line %d, outside the data window", ErrFormat, ci, y)
		}
		n := min(lines, h.yMax-y+1)
		want := raw[:bytesPerLine*n]
		in := data[off+8 : off+8+uint64(size)]
		if err := uncompressChunk(h, in, want, w, n); err != nil {
			return nil, fmt.Errorf("%w: chunk at line %d: %v", ErrFormat, y, err)
		}
		scatterLines(h, want, m, y-h.yMin, n)
	}
	return m, nil
}

func readEXRHeader(data []byte, pos int) (exrHeader, int, error) {
	h := exrHeader{compression: -1, xMax: -1, yMax: -1}
	cstr := func() (string, error) {
		end := bytes.IndexByte(data[pos:], 0)
		if end < 0 || end > 255 {
			return "", fmt.Errorf("%w: EXR header is truncated or has a name over 255 bytes", ErrFormat)
		}
		s := string(data[pos : pos+end])
		pos += end + 1
		return s, nil
	}
	var haveWindow bool
	for {
		if pos >= len(data) {
			return h, 0, fmt.Errorf("%w: EXR header is truncated", ErrFormat)
		}
		if data[pos] == 0 {
			pos++
			break
		}
		name, err := cstr()
		if err != nil {
			return h, 0, err
		}
		typ, err := cstr()
		if err != nil {
			return h, 0, err
		}
		if pos+4 > len(data) {
			return h, 0, fmt.Errorf("%w: EXR header is truncated", ErrFormat)
		}
		size := int(int32(binary.LittleEndian.Uint32(data[pos:])))
		pos += 4
		if size < 0 || pos+size > len(data) {
			return h, 0, fmt.Errorf("%w: EXR attribute %s of %d bytes runs past the end of the file (truncated?)", ErrFormat, name, size)
		}
		v := data[pos : pos+size]
		pos += size
		switch {
		case name == "channels" && typ == "chlist":
			if h.channels, err = parseChannels(v); err != nil {
				return h, 0, err
			}
		case name == "compression" && typ == "compression" && size == 1:
			h.compression = int(v[0])
		case name == "dataWindow" && typ == "box2i" && size == 16:
			h.xMin = int(int32(binary.LittleEndian.Uint32(v)))
			h.yMin = int(int32(binary.LittleEndian.Uint32(v[4:])))
			h.xMax = int(int32(binary.LittleEndian.Uint32(v[8:])))
			h.yMax = int(int32(binary.LittleEndian.Uint32(v[12:])))
			haveWindow = true
		case name == "lineOrder" && typ == "lineOrder" && size == 1:
			h.lineOrder = int(v[0])
		}
	}
	switch {
	case h.channels == nil:
		return h, 0, fmt.Errorf("%w: EXR header has no channels attribute", ErrFormat)
	case h.compression < 0:
		return h, 0, fmt.Errorf("%w: EXR header has no compression attribute", ErrFormat)
	case !haveWindow:
		return h, 0, fmt.Errorf("%w: EXR header has no dataWindow attribute", ErrFormat)
	}
	return h, pos, nil
}

// parseChannels reads a chlist, sorted by name as the file stores them,
// and decides where each channel goes: R, G, B (or a layer's .R, .G, .B
// when there is no plain one), or Y for greyscale.
func parseChannels(v []byte) ([]exrChannel, error) {
	var chs []exrChannel
	for len(v) > 0 && v[0] != 0 {
		end := bytes.IndexByte(v, 0)
		if end < 0 || end+17 > len(v) {
			return nil, fmt.Errorf("%w: EXR channel list is truncated", ErrFormat)
		}
		c := exrChannel{name: string(v[:end]), dest: -1}
		v = v[end+1:]
		c.pixelType = int(int32(binary.LittleEndian.Uint32(v)))
		c.pLinear = v[4] != 0
		c.xs = int(int32(binary.LittleEndian.Uint32(v[8:])))
		c.ys = int(int32(binary.LittleEndian.Uint32(v[12:])))
		v = v[16:]
		switch c.pixelType {
		case exrUint, exrFloat:
			c.size = 4
		case exrHalf:
			c.size = 2
		default:
			return nil, fmt.Errorf("%w: channel %s has unknown pixel type %d", ErrFormat, c.name, c.pixelType)
		}
		chs = append(chs, c)
		if len(chs) > 1024 {
			return nil, fmt.Errorf("%w: EXR has over 1024 channels", ErrFormat)
		}
	}
	if len(chs) == 0 {
		return nil, fmt.Errorf("%w: EXR has no channels", ErrFormat)
	}
	if !sort.SliceIsSorted(chs, func(i, j int) bool { return chs[i].name < chs[j].name }) {
		return nil, fmt.Errorf("%w: EXR channel list is not sorted by name", ErrFormat)
	}
	assign := func(match func(name, suffix string) bool) bool {
		found := false
		for i := range chs {
			for d, s := range []string{"R", "G", "B", "Y"} {
				if match(chs[i].name, s) {
					chs[i].dest = d
					found = true
				}
			}
		}
		return found
	}
	if !assign(func(n, s string) bool { return n == s }) {
		// Layered names such as "Combined.R" or "Image.R": take the first layer's.
		layer := ""
		for _, c := range chs {
			if i := strings.LastIndexByte(c.name, '.'); i > 0 && c.name[i+1:] == "R" {
				layer = c.name[:i+1]
				break
			}
		}
		if layer != "" {
			assign(func(n, s string) bool { return n == layer+s })
		}
	}
	return chs, nil
}

// uncompressChunk turns one chunk's bytes into raw scanline data: for each
// line, each channel's samples in little-endian.
func uncompressChunk(h exrHeader, in, out []byte, w, lines int) error {
	if len(in) == len(out) {
		copy(out, in) // stored uncompressed: compression did not pay
		return nil
	}
	switch h.compression {
	case exrNone:
		return fmt.Errorf("chunk holds %d bytes, want %d", len(in), len(out))
	case exrRLE:
		tmp := make([]byte, len(out))
		if err := unRLE(in, tmp); err != nil {
			return err
		}
		unpredict(tmp)
		deinterleave(tmp, out)
	case exrZIP, exrZIPS:
		zr, err := zlib.NewReader(bytes.NewReader(in))
		if err != nil {
			return fmt.Errorf("zlib: %v", err)
		}
		tmp := make([]byte, len(out))
		if _, err := io.ReadFull(zr, tmp); err != nil {
			return fmt.Errorf("zlib data decompresses to fewer than %d bytes: %v", len(out), err)
		}
		unpredict(tmp)
		deinterleave(tmp, out)
	case exrPIZ:
		return unPIZ(h, in, out, w, lines)
	case exrDWAA, exrDWAB:
		return unDWA(h, in, out, w, lines)
	}
	return nil
}

func unRLE(in, out []byte) error {
	o := 0
	for i := 0; i < len(in); {
		n := int(int8(in[i]))
		i++
		if n < 0 {
			n = -n
			if i+n > len(in) || o+n > len(out) {
				return errors.New("RLE literal overruns")
			}
			o += copy(out[o:], in[i:i+n])
			i += n
		} else {
			n++
			if i >= len(in) || o+n > len(out) {
				return errors.New("RLE run overruns")
			}
			for k := 0; k < n; k++ {
				out[o+k] = in[i]
			}
			o += n
			i++
		}
	}
	if o != len(out) {
		return fmt.Errorf("RLE data decodes to %d bytes, want %d", o, len(out))
	}
	return nil
}

// unpredict undoes the ZIP and RLE byte-delta predictor.
func unpredict(t []byte) {
	for i := 1; i < len(t); i++ {
		t[i] = byte(int(t[i-1]) + int(t[i]) - 128)
	}
}

// deinterleave undoes the split of even and odd bytes into two halves.
func deinterleave(t, out []byte) {
	half := (len(t) + 1) / 2
	for i := range out {
		if i%2 == 0 {
			out[i] = t[i/2]
		} else {
			out[i] = t[half+i/2]
		}
	}
}

// scatterLines converts n raw lines starting at image row y0 into m.
func scatterLines(h exrHeader, raw []byte, m *Image, y0, n int) {
	w := m.Width
	p := 0
	for y := y0; y < y0+n; y++ {
		row := m.Pix[3*y*w : 3*(y+1)*w]
		for _, c := range h.channels {
			for x := 0; x < w; x++ {
				var v float32
				switch c.pixelType {
				case exrHalf:
					v = halfToFloat(binary.LittleEndian.Uint16(raw[p:]))
				case exrFloat:
					v = math.Float32frombits(binary.LittleEndian.Uint32(raw[p:]))
				case exrUint:
					v = float32(binary.LittleEndian.Uint32(raw[p:]))
				}
				p += c.size
				if m.Planes != nil {
					m.Planes[c.name][y*w+x] = v
				}
				switch {
				case c.dest >= 0 && c.dest < 3:
					row[3*x+c.dest] = v
				case c.dest == 3:
					row[3*x], row[3*x+1], row[3*x+2] = v, v, v
				}
			}
		}
	}
}

// halfToFloat converts an IEEE 754 binary16 value.
func halfToFloat(h uint16) float32 {
	sign := uint32(h>>15) << 31
	exp := uint32(h>>10) & 0x1f
	mant := uint32(h) & 0x3ff
	switch {
	case exp == 0 && mant == 0:
		return math.Float32frombits(sign)
	case exp == 0: // subnormal
		e := uint32(127 - 15 + 1)
		for mant&0x400 == 0 {
			mant <<= 1
			e--
		}
		return math.Float32frombits(sign | e<<23 | (mant&0x3ff)<<13)
	case exp == 31:
		return math.Float32frombits(sign | 0xff<<23 | mant<<13)
	}
	return math.Float32frombits(sign | (exp+127-15)<<23 | mant<<13)
}
