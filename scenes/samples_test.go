package scenes

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestSamplesCurrent fails when the committed sample scenes differ from what
// the generator writes now: run `go generate ./scenes` after changing it.
func TestSamplesCurrent(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command("go", "run", "./internal/samplegen", "-out", dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("running samplegen: %v\n%s", err, out)
	}
	for _, name := range SampleNames() {
		want, err := os.ReadFile(filepath.Join(dir, name+".glb"))
		if err != nil {
			t.Fatal(err)
		}
		got, _ := SampleBytes(name)
		if !bytes.Equal(got, want) {
			t.Errorf("samples/%s.glb is stale: run go generate ./scenes", name)
		}
	}
	for _, name := range SampleEnvNames() {
		want, err := os.ReadFile(filepath.Join(dir, name+".hdr"))
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := SampleEnvBytes(name); !bytes.Equal(got, want) {
			t.Errorf("samples/%s.hdr is stale: run go generate ./scenes", name)
		}
	}
}

func TestSamplesLoad(t *testing.T) {
	want := map[string]struct{ tris, lights, emitters int }{
		// 5 walls, two open-bottomed boxes of 5 faces, the light: 2 triangles a quad.
		"cornell": {tris: 2*5 + 2*2*5 + 2, lights: 0, emitters: 2},
		// floor, cube, sphere (16 rings × 32 segments, less the 2×32 zero-area
		// triangles at the poles, which Frame drops) and panel.
		"anim": {tris: 2 + 10 + 2*16*32 - 2*32 + 2, lights: 2, emitters: 2},
		// Lit by an environment only: floor, two spheres, cube, the arm's 12
		// segments of 4 quads, the blob (and 4 pole triangles that float32
		// rounding leaves with a sliver of area).
		"showcase": {tris: 2 + 2*(2*24*48-2*48) + 10 + 12*4*2 + 2*16*32 - 2*32 + 4},
	}
	for _, name := range SampleNames() {
		s, err := LoadSample(name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(s.Warnings) > 0 {
			t.Errorf("%s: warnings %q", name, s.Warnings)
		}
		f, err := s.Frame(FrameOptions{Frame: 12})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		w := want[name]
		if len(f.Tris) != w.tris || len(f.Lights) != w.lights || len(f.Emitters) != w.emitters {
			t.Errorf("%s: %d triangles, %d lights, %d emitters; want %d, %d, %d",
				name, len(f.Tris), len(f.Lights), len(f.Emitters), w.tris, w.lights, w.emitters)
		}
	}
	if _, err := LoadSample("nope"); err == nil {
		t.Error("LoadSample(nope) succeeded")
	}
}
