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
	out := filepath.Join(t.TempDir(), "pathtrace.spv")
	if b, err := exec.Command(glslc, "--target-env=vulkan1.1", "-O", "pathtrace.comp", "-o", out).CombinedOutput(); err != nil {
		t.Fatalf("glslc: %v\n%s", err, b)
	}
	want, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(want, PathTraceSPV) {
		t.Fatal("pathtrace.spv is older than pathtrace.comp: run go generate ./shaders and commit the .spv")
	}
}
