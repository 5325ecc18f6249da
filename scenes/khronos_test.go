package scenes

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// khronosDir is the Khronos sample models qmuntal/gltf ships in its
// testdata (the module is a dependency of the sample generator, so `go mod
// download`, which task deps runs, puts it in the module cache).
func khronosDir(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/qmuntal/gltf").Output()
	dir := strings.TrimSpace(string(out))
	if err != nil || dir == "" {
		t.Fatalf("finding github.com/qmuntal/gltf in the module cache: %v (run go mod download, as task deps does)", err)
	}
	return filepath.Join(dir, "testdata")
}

// TestKhronosSamples: the Khronos sample models load with no warning, and
// EnvironmentTest's glTF-IBL variant gets its EXT_lights_image_based
// environment the right way up (its sky is brighter than its ground).
func TestKhronosSamples(t *testing.T) {
	dir := khronosDir(t)
	for _, f := range []string{
		"EnvironmentTest/glTF/EnvironmentTest.gltf", "EnvironmentTest/glTF-IBL/EnvironmentTest.gltf",
		"OrientationTest/glTF-Binary/OrientationTest.glb", "BoxVertexColors/glTF-Binary/BoxVertexColors.glb",
		"Cameras/glTF/Cameras.gltf", "AnimatedCube/glTF/AnimatedCube.gltf", "Cube/glTF/Cube.gltf",
	} {
		t.Run(f, func(t *testing.T) {
			sc, err := Load(filepath.Join(dir, f))
			if err != nil {
				t.Fatal(err)
			}
			if len(sc.Warnings) != 0 {
				t.Errorf("warnings: %q", sc.Warnings)
			}
			if !strings.Contains(f, "IBL") {
				return
			}
			e := sc.Env
			if e == nil {
				t.Fatal("no environment from EXT_lights_image_based")
			}
			row := func(y int) float64 {
				var s float64
				for x := 0; x < e.Width; x++ {
					s += float64(e.Pix[3*(y*e.Width+x)+1])
				}
				return s / float64(e.Width)
			}
			// 30° above and below the horizon: both rows come from the
			// cube's side faces, whose orientation is what can go wrong.
			if top, bottom := row(e.Height/3), row(e.Height*2/3); top <= 2*bottom {
				t.Errorf("30° up (row %d, mean %.3f) is not brighter than 30° down (row %d, mean %.3f): the cube faces are upside down",
					e.Height/3, top, e.Height*2/3, bottom)
			}
		})
	}
}
