package scenes

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"
)

//go:generate go run ./internal/samplegen -out samples

//go:embed samples/*.glb samples/*.hdr
var samples embed.FS

// SampleNames lists the sample scenes built into the binary ("anim",
// "cornell", "showcase").
func SampleNames() []string { return sampleFiles(".glb") }

// sampleFiles lists the embedded samples with extension ext, by name.
func sampleFiles(ext string) []string {
	entries, _ := fs.ReadDir(samples, "samples")
	var names []string
	for _, e := range entries {
		if n, ok := strings.CutSuffix(e.Name(), ext); ok {
			names = append(names, n)
		}
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

// SampleEnvNames lists the environment maps built into the binary ("sky").
func SampleEnvNames() []string { return sampleFiles(".hdr") }

// SampleEnvBytes returns the .hdr bytes of a built-in environment map.
func SampleEnvBytes(name string) ([]byte, error) {
	data, err := samples.ReadFile("samples/" + name + ".hdr")
	if err != nil {
		return nil, fmt.Errorf("no sample environment %q (have %s)", name, strings.Join(SampleEnvNames(), ", "))
	}
	return data, nil
}
