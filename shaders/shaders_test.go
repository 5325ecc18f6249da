package shaders

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestSPIRVIsCurrent recompiles every shader and compares it with the
// committed .spv: a shader edited without go generate fails here.
func TestSPIRVIsCurrent(t *testing.T) {
	glslc, err := exec.LookPath("glslc")
	if err != nil {
		t.Fatal("glslc is not installed: apt install glslc (task deps does), then go generate ./shaders")
	}
	for name, spv := range map[string][]byte{"pathtrace": PathTraceSPV, "nn_conv": NNConvSPV, "nn_eltwise": NNEltwiseSPV, "nn_gather": NNGatherSPV} {
		out := filepath.Join(t.TempDir(), name+".spv")
		if b, err := exec.Command(glslc, "--target-env=vulkan1.1", "-O", name+".comp", "-o", out).CombinedOutput(); err != nil {
			t.Fatalf("glslc %s.comp: %v\n%s", name, err, b)
		}
		want, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(want, spv) {
			t.Fatalf("%s.spv is older than %s.comp: run go generate ./shaders and commit the .spv", name, name)
		}
	}
}
