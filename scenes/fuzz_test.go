package scenes

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzDecode feeds arbitrary bytes to the loader: it must return a scene or
// an error, never panic, hang or allocate without bound; a scene it accepts
// must pose without panicking.
func FuzzDecode(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.gl*")
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, name := range SampleNames() {
		data, _ := SampleBytes(name)
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Decode("fuzz.glb", data, nil)
		if err != nil {
			return
		}
		for _, frame := range []int{0, 7} {
			fr, err := s.Frame(FrameOptions{Frame: frame})
			if err != nil {
				continue
			}
			if len(fr.Tris) == 0 || len(fr.BVH) == 0 {
				t.Fatalf("Frame returned no geometry without an error")
			}
		}
	})
}
