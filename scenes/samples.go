package scenes

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"
)

//go:generate go run ./internal/samplegen -out samples

//go:embed samples/*.glb
var samples embed.FS

// SampleNames lists the sample scenes built into the binary ("anim",
// "cornell").
func SampleNames() []string {
	entries, _ := fs.ReadDir(samples, "samples")
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".glb"))
	}
	sort.Strings(names)
	return names
}

// LoadSample loads a built-in sample scene by name.
func LoadSample(name string) (*Scene, error) {
	data, err := SampleBytes(name)
	if err != nil {
		return nil, err
	}
	return Decode(name+".glb", data, nil)
}

// SampleBytes returns the .glb bytes of a built-in sample scene.
func SampleBytes(name string) ([]byte, error) {
	data, err := samples.ReadFile("samples/" + name + ".glb")
	if err != nil {
		return nil, fmt.Errorf("no sample scene %q (have %s)", name, strings.Join(SampleNames(), ", "))
	}
	return data, nil
}
