//go:build !egl

package gl

import (
	"errors"

	"github.com/rendergrid/rendergrid/render"
)

// ErrNotBuilt is returned by New in a binary built without the egl tag.
var ErrNotBuilt = errors.New("this rendergrid was built without OpenGL: build it with -tags egl (task build:gl; needs libegl-dev), or use the vulkan or cpu engine")

// New returns ErrNotBuilt: OpenGL needs the egl build tag.
func New() (render.Renderer, error) { return nil, ErrNotBuilt }
