//go:build egl

package gl

import (
	"testing"

	"github.com/rendergrid/rendergrid/render/gpu/gputest"
)

// TestMatchesReference renders the sample scenes with OpenGL (llvmpipe in
// CI) and with render/cpu: at least 99% of pixels within 1/255, mean
// difference under 0.5/255.
func TestMatchesReference(t *testing.T) {
	r, err := New()
	if err != nil {
		t.Fatalf("%v (task deps installs libegl-dev; Mesa's llvmpipe renders OpenGL on the CPU)", err)
	}
	e := r.(*Engine)
	defer e.Close()
	t.Logf("renderer: %s", e.Renderer())
	gputest.CrossCheck(t, e)
}
