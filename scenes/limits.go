package scenes

import "fmt"

// Limits bounds what decoding a scene and posing one of its frames may
// allocate, so that a small hostile file (one mesh instanced a thousand
// times, a tiny PNG that claims to be 16384² pixels) is refused before it
// costs gigabytes. The zero value of a field means the default.
type Limits struct {
	// Triangles bounds the triangles of one posed frame, every instance
	// counted. The node hierarchy does not change with time, so the bound
	// is checked for all frames at once when the file is decoded.
	Triangles int
	// TexturePixels bounds the decoded pixels of all textures together.
	TexturePixels int
}

// Default limits: 16 M triangles per frame (about 3 GiB of frame data)
// and 256 M texture pixels (4 GiB as float RGBA, e.g. sixteen 4K maps).
const (
	DefaultMaxTriangles     = 16 << 20
	DefaultMaxTexturePixels = 256 << 20
)

// orDefault returns l with zero fields set to the defaults.
func (l Limits) orDefault() Limits {
	if l.Triangles <= 0 {
		l.Triangles = DefaultMaxTriangles
	}
	if l.TexturePixels <= 0 {
		l.TexturePixels = DefaultMaxTexturePixels
	}
	return l
}

// LimitError is a refusal because a scene needs more than a limit allows.
// Flag names the command-line flag that raises the limit.
type LimitError struct {
	What  string // e.g. "triangles in one frame"
	Need  int64
	Limit int64
	Flag  string // e.g. "--max-triangles"
}

func (e *LimitError) Error() string {
	return fmt.Sprintf("needs %d %s, more than the limit of %d (raise it with %s)", e.Need, e.What, e.Limit, e.Flag)
}

// Flags that raise the limits, on every command that decodes scenes.
const (
	FlagMaxTriangles     = "max-triangles"
	FlagMaxTexturePixels = "max-texture-pixels"
)
