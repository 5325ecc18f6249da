package scenes

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
)

// maxAccessorValues bounds count × components of an accessor (256 MiB of
// float32s); maxZeroAccessorValues bounds accessors without a bufferView
// (all zeros, or sparse), whose size the file does not limit, so a few
// bytes of JSON cannot make the loader allocate and pose gigabytes.
const (
	maxAccessorValues     = 1 << 26
	maxZeroAccessorValues = 1 << 22
)

// glTF componentType codes.
const (
	compByte   = 5120
	compUbyte  = 5121
	compShort  = 5122
	compUshort = 5123
	compUint   = 5125
	compFloat  = 5126
)

func componentSize(ct int) int {
	switch ct {
	case compByte, compUbyte:
		return 1
	case compShort, compUshort:
		return 2
	case compUint, compFloat:
		return 4
	}
	return 0
}

func typeComponents(t string) int {
	switch t {
	case "SCALAR":
		return 1
	case "VEC2":
		return 2
	case "VEC3":
		return 3
	case "VEC4", "MAT2":
		return 4
	case "MAT3":
		return 9
	case "MAT4":
		return 16
	}
	return 0
}

// viewBytes returns the bytes of bufferView i, checked against its buffer.
func (l *loader) viewBytes(i int) ([]byte, int, error) {
	if i < 0 || i >= len(l.doc.BufferViews) {
		return nil, 0, fmt.Errorf("bufferView %d does not exist (file has %d)", i, len(l.doc.BufferViews))
	}
	v := l.doc.BufferViews[i]
	if v.Buffer < 0 || v.Buffer >= len(l.buffers) {
		return nil, 0, fmt.Errorf("bufferViews[%d]: buffer %d does not exist", i, v.Buffer)
	}
	buf := l.buffers[v.Buffer]
	if v.ByteOffset < 0 || v.ByteLength < 0 || v.ByteOffset > len(buf) || v.ByteLength > len(buf)-v.ByteOffset {
		return nil, 0, fmt.Errorf("bufferViews[%d]: bytes %d..%d are outside buffer %d (%d bytes)",
			i, v.ByteOffset, int64(v.ByteOffset)+int64(v.ByteLength), v.Buffer, len(buf))
	}
	if v.ByteStride != 0 && (v.ByteStride < 4 || v.ByteStride > 252) {
		return nil, 0, fmt.Errorf("bufferViews[%d]: byteStride %d is outside 4..252", i, v.ByteStride)
	}
	return buf[v.ByteOffset : v.ByteOffset+v.ByteLength], v.ByteStride, nil
}

// readAccessor returns accessor i as float32s (count*components values),
// applying normalization and sparse substitution. wantTypes lists the
// accepted accessor types; the first is the caller's preference.
func (l *loader) readAccessor(i int, wantTypes ...string) (vals []float32, comps int, err error) {
	if i < 0 || i >= len(l.doc.Accessors) {
		return nil, 0, fmt.Errorf("accessor %d does not exist (file has %d)", i, len(l.doc.Accessors))
	}
	if cached, ok := l.accessorCache[i]; ok {
		vals, comps = cached.vals, cached.comps
		if !typeAllowed(l.doc.Accessors[i].Type, wantTypes) {
			return nil, 0, fmt.Errorf("accessors[%d]: type %s, want %v", i, l.doc.Accessors[i].Type, wantTypes)
		}
		return vals, comps, nil
	}
	a := l.doc.Accessors[i]
	wrap := func(err error) error { return fmt.Errorf("accessors[%d]: %w", i, err) }
	comps = typeComponents(a.Type)
	if comps == 0 {
		return nil, 0, wrap(fmt.Errorf("unknown type %q", a.Type))
	}
	if !typeAllowed(a.Type, wantTypes) {
		return nil, 0, wrap(fmt.Errorf("type %s, want %v", a.Type, wantTypes))
	}
	csize := componentSize(a.ComponentType)
	if csize == 0 {
		return nil, 0, wrap(fmt.Errorf("unknown componentType %d", a.ComponentType))
	}
	if a.Count < 0 || a.Count > maxAccessorValues/comps {
		return nil, 0, wrap(fmt.Errorf("count %d is outside 0..%d", a.Count, maxAccessorValues/comps))
	}
	vals = make([]float32, 0)
	if a.BufferView != nil {
		view, stride, err := l.viewBytes(*a.BufferView)
		if err != nil {
			return nil, 0, wrap(err)
		}
		vals, err = decodeElements(view, a.ByteOffset, stride, a.Count, comps, a.ComponentType, a.Normalized)
		if err != nil {
			return nil, 0, wrap(err)
		}
	} else {
		if a.Count*comps > maxZeroAccessorValues {
			return nil, 0, wrap(fmt.Errorf("count %d without a bufferView is more than %d values", a.Count, maxZeroAccessorValues))
		}
		vals = make([]float32, a.Count*comps)
	}
	if len(a.Sparse) > 0 && string(a.Sparse) != "null" {
		if err := l.applySparse(vals, a, comps); err != nil {
			return nil, 0, wrap(fmt.Errorf("sparse: %w", err))
		}
	}
	l.accessorCache[i] = cachedAccessor{vals, comps}
	return vals, comps, nil
}

type cachedAccessor struct {
	vals  []float32
	comps int
}

func typeAllowed(t string, want []string) bool {
	if len(want) == 0 {
		return true
	}
	for _, w := range want {
		if t == w {
			return true
		}
	}
	return false
}

// decodeElements reads count elements of comps components each from view,
// starting at offset with the given stride (0 means tightly packed).
func decodeElements(view []byte, offset, stride, count, comps, ct int, normalized bool) ([]float32, error) {
	csize := componentSize(ct)
	elem := csize * comps
	if stride == 0 {
		stride = elem
	}
	if offset < 0 || offset%csize != 0 {
		return nil, fmt.Errorf("byteOffset %d is negative or not a multiple of the component size %d", offset, csize)
	}
	if count > 0 {
		end := int64(offset) + int64(stride)*int64(count-1) + int64(elem)
		if end > int64(len(view)) {
			return nil, fmt.Errorf("%d elements of %d bytes from byteOffset %d need %d bytes, bufferView has %d",
				count, elem, offset, end, len(view))
		}
	}
	out := make([]float32, count*comps)
	for e := 0; e < count; e++ {
		base := offset + e*stride
		for c := 0; c < comps; c++ {
			out[e*comps+c] = readComponent(view[base+c*csize:], ct, normalized)
		}
	}
	return out, nil
}

func readComponent(b []byte, ct int, normalized bool) float32 {
	switch ct {
	case compFloat:
		return math.Float32frombits(binary.LittleEndian.Uint32(b))
	case compUbyte:
		if normalized {
			return float32(b[0]) / 255
		}
		return float32(b[0])
	case compByte:
		if normalized {
			return max(float32(int8(b[0]))/127, -1)
		}
		return float32(int8(b[0]))
	case compUshort:
		v := binary.LittleEndian.Uint16(b)
		if normalized {
			return float32(v) / 65535
		}
		return float32(v)
	case compShort:
		v := int16(binary.LittleEndian.Uint16(b))
		if normalized {
			return max(float32(v)/32767, -1)
		}
		return float32(v)
	case compUint:
		return float32(binary.LittleEndian.Uint32(b))
	}
	return 0
}

type gltfSparse struct {
	Count   int `json:"count"`
	Indices struct {
		BufferView    int `json:"bufferView"`
		ByteOffset    int `json:"byteOffset"`
		ComponentType int `json:"componentType"`
	} `json:"indices"`
	Values struct {
		BufferView int `json:"bufferView"`
		ByteOffset int `json:"byteOffset"`
	} `json:"values"`
}

func (l *loader) applySparse(vals []float32, a gltfAccessor, comps int) error {
	var sp gltfSparse
	if err := json.Unmarshal(a.Sparse, &sp); err != nil {
		return err
	}
	if sp.Count < 1 || sp.Count > a.Count {
		return fmt.Errorf("count %d is outside 1..%d", sp.Count, a.Count)
	}
	switch sp.Indices.ComponentType {
	case compUbyte, compUshort, compUint:
	default:
		return fmt.Errorf("indices componentType %d is not an unsigned integer type", sp.Indices.ComponentType)
	}
	iview, _, err := l.viewBytes(sp.Indices.BufferView)
	if err != nil {
		return fmt.Errorf("indices: %w", err)
	}
	idx, err := decodeElements(iview, sp.Indices.ByteOffset, 0, sp.Count, 1, sp.Indices.ComponentType, false)
	if err != nil {
		return fmt.Errorf("indices: %w", err)
	}
	vview, _, err := l.viewBytes(sp.Values.BufferView)
	if err != nil {
		return fmt.Errorf("values: %w", err)
	}
	sv, err := decodeElements(vview, sp.Values.ByteOffset, 0, sp.Count, comps, a.ComponentType, a.Normalized)
	if err != nil {
		return fmt.Errorf("values: %w", err)
	}
	for k, fi := range idx {
		e := int(fi)
		if e < 0 || e >= a.Count {
			return fmt.Errorf("index %d is outside 0..%d", e, a.Count-1)
		}
		copy(vals[e*comps:(e+1)*comps], sv[k*comps:(k+1)*comps])
	}
	return nil
}

// readIndices returns a SCALAR unsigned-integer accessor as uint32s, each
// checked to be below vertexCount.
func (l *loader) readIndices(i, vertexCount int) ([]uint32, error) {
	if i < 0 || i >= len(l.doc.Accessors) {
		return nil, fmt.Errorf("indices accessor %d does not exist (file has %d)", i, len(l.doc.Accessors))
	}
	a := l.doc.Accessors[i]
	switch a.ComponentType {
	case compUbyte, compUshort, compUint:
	default:
		return nil, fmt.Errorf("accessors[%d]: indices must be UNSIGNED_BYTE, UNSIGNED_SHORT or UNSIGNED_INT, not componentType %d", i, a.ComponentType)
	}
	if a.Type != "SCALAR" {
		return nil, fmt.Errorf("accessors[%d]: indices must be SCALAR, not %s", i, a.Type)
	}
	if a.BufferView == nil || len(a.Sparse) > 0 && string(a.Sparse) != "null" {
		// Index data is always exact integers, so read them without the float path.
		vals, _, err := l.readAccessor(i, "SCALAR")
		if err != nil {
			return nil, err
		}
		return checkIndices(i, vals, vertexCount)
	}
	view, stride, err := l.viewBytes(*a.BufferView)
	if err != nil {
		return nil, fmt.Errorf("accessors[%d]: %w", i, err)
	}
	csize := componentSize(a.ComponentType)
	if stride == 0 {
		stride = csize
	}
	if a.Count < 0 || a.ByteOffset < 0 || a.ByteOffset%csize != 0 ||
		a.Count > 0 && int64(a.ByteOffset)+int64(stride)*int64(a.Count-1)+int64(csize) > int64(len(view)) {
		return nil, fmt.Errorf("accessors[%d]: %d indices from byteOffset %d do not fit bufferView %d (%d bytes)",
			i, a.Count, a.ByteOffset, *a.BufferView, len(view))
	}
	out := make([]uint32, a.Count)
	for k := range out {
		b := view[a.ByteOffset+k*stride:]
		var v uint32
		switch a.ComponentType {
		case compUbyte:
			v = uint32(b[0])
		case compUshort:
			v = uint32(binary.LittleEndian.Uint16(b))
		default:
			v = binary.LittleEndian.Uint32(b)
		}
		if int64(v) >= int64(vertexCount) {
			return nil, fmt.Errorf("accessors[%d]: index %d at position %d is out of range for %d vertices", i, v, k, vertexCount)
		}
		out[k] = v
	}
	return out, nil
}

func checkIndices(acc int, vals []float32, vertexCount int) ([]uint32, error) {
	out := make([]uint32, len(vals))
	for k, f := range vals {
		if f < 0 || int64(f) >= int64(vertexCount) {
			return nil, fmt.Errorf("accessors[%d]: index %v at position %d is out of range for %d vertices", acc, f, k, vertexCount)
		}
		out[k] = uint32(f)
	}
	return out, nil
}
