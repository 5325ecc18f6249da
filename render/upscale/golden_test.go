package upscale_test

import (
	"testing"

	"github.com/rendergrid/rendergrid/render/upscale"
	"github.com/rendergrid/rendergrid/render/upscale/upscaletest"
)

func TestGoldenPureGo(t *testing.T) {
	upscaletest.Golden(t, func(m *upscale.Model) upscale.Runner { return m.Run })
}
