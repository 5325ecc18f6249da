package scenes

import (
	"encoding/binary"
	"fmt"
)

const (
	glbMagic     = 0x46546C67 // "glTF"
	glbChunkJSON = 0x4E4F534A // "JSON"
	glbChunkBIN  = 0x004E4942 // "BIN\0"
	glbHeaderLen = 12
)

// splitGLB separates a binary glTF container into its JSON and BIN chunks.
// isGLB is false for data that does not start with the GLB magic (a .gltf
// JSON file). Every length is checked against the data actually present.
func splitGLB(data []byte) (jsonChunk, bin []byte, isGLB bool, err error) {
	if len(data) < 4 || binary.LittleEndian.Uint32(data) != glbMagic {
		return data, nil, false, nil
	}
	if len(data) < glbHeaderLen+8 {
		return nil, nil, true, fmt.Errorf("GLB is truncated: %d bytes, too short for a header", len(data))
	}
	if v := binary.LittleEndian.Uint32(data[4:]); v != 2 {
		return nil, nil, true, fmt.Errorf("GLB version %d is not supported (only glTF 2.0)", v)
	}
	total := uint64(binary.LittleEndian.Uint32(data[8:]))
	if total > uint64(len(data)) {
		return nil, nil, true, fmt.Errorf("GLB is truncated: header says %d bytes, file has %d", total, len(data))
	}
	data = data[:total]
	off := uint64(glbHeaderLen)
	for i := 0; off+8 <= total; i++ {
		n := uint64(binary.LittleEndian.Uint32(data[off:]))
		typ := binary.LittleEndian.Uint32(data[off+4:])
		off += 8
		if off+n > total {
			return nil, nil, true, fmt.Errorf("GLB chunk %d is truncated: needs %d bytes, %d remain", i, n, total-off)
		}
		chunk := data[off : off+n]
		off += n
		switch {
		case i == 0 && typ != glbChunkJSON:
			return nil, nil, true, fmt.Errorf("GLB first chunk is 0x%08x, not JSON", typ)
		case i == 0:
			jsonChunk = chunk
		case i == 1 && typ == glbChunkBIN:
			bin = chunk
		}
		// Chunks after BIN, and unknown chunk types, are ignored as the spec requires.
	}
	if jsonChunk == nil {
		return nil, nil, true, fmt.Errorf("GLB has no JSON chunk")
	}
	return jsonChunk, bin, true, nil
}
