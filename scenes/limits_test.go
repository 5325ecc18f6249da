package scenes

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// gridMesh adds a mesh of n triangles (a strip of quads' halves) and
// returns its index.
func (b *gltfBuilder) gridMesh(n int) int {
	pos := make([]float32, 0, 9*n)
	for i := 0; i < n; i++ {
		x := float32(i) / float32(n)
		pos = append(pos, x, 0, 0, x+0.5/float32(n), 0, 0, x, 1, 0)
	}
	a := b.floats("VEC3", pos...)
	meshes, _ := b.doc["meshes"].([]any)
	meshes = append(meshes, map[string]any{"primitives": []any{map[string]any{"attributes": map[string]any{"POSITION": a}}}})
	b.doc["meshes"] = meshes
	return len(meshes) - 1
}

// instancingBomb is the audit's file: one mesh instanced by many nodes,
// scaled to zero at the first and last frame only.
func instancingBomb(t testing.TB, tris, instances int) []byte {
	b := newBuilder()
	m := b.gridMesh(tris)
	var nodes, roots, channels, samplers []any
	in := b.floats("SCALAR", 0, 1, 2)
	out := b.floats("VEC3", 0, 0, 0, 1, 1, 1, 0, 0, 0)
	for i := 0; i < instances; i++ {
		nodes = append(nodes, map[string]any{"mesh": m, "translation": []float64{0, float64(i), -3}})
		roots = append(roots, i)
		samplers = append(samplers, map[string]any{"input": in, "output": out})
		channels = append(channels, map[string]any{"sampler": i, "target": map[string]any{"node": i, "path": "scale"}})
	}
	b.doc["nodes"] = nodes
	b.doc["scenes"] = []any{map[string]any{"nodes": roots}}
	b.doc["animations"] = []any{map[string]any{"samplers": samplers, "channels": channels}}
	return b.encode(t)
}

func TestLimits(t *testing.T) {
	bomb := instancingBomb(t, 200, 1001)
	tests := []struct {
		name     string
		data     []byte
		lim      Limits
		wantFlag string
		wantNeed int64
	}{
		{"instances", bomb, Limits{Triangles: 100_000}, "--max-triangles", 200_200},
		{"fits", bomb, Limits{Triangles: 200_200}, "", 0},
		{"default fits", bomb, Limits{}, "", 0},
		{"textures", texturedQuads(t, 3), Limits{TexturePixels: 11}, "--max-texture-pixels", 12},
		{"textures fit", texturedQuads(t, 3), Limits{TexturePixels: 12}, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc, err := DecodeWith("bomb.gltf", tt.data, nil, tt.lim)
			if tt.wantFlag == "" {
				if err != nil {
					t.Fatalf("DecodeWith: %v", err)
				}
				return
			}
			var le *LimitError
			if !errors.As(err, &le) {
				t.Fatalf("DecodeWith = %v, %v; want a *LimitError", sc, err)
			}
			if le.Flag != tt.wantFlag || le.Need < tt.wantNeed || !strings.Contains(err.Error(), tt.wantFlag) || !strings.Contains(err.Error(), "bomb.gltf") {
				t.Errorf("error %q (need %d): want %s named, need ≥ %d, and the file named", err, le.Need, tt.wantFlag, tt.wantNeed)
			}
		})
	}
}

// TestInstancedTrianglesEveryFrame: the instanced count is the same at every
// frame, including the middle one that the audit's bomb blows up at, and
// Frame refuses a scene over its limit as a hard cap.
func TestInstancedTrianglesEveryFrame(t *testing.T) {
	sc, err := Decode("bomb.gltf", instancingBomb(t, 20, 50), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := sc.InstancedTriangles(); got != 1000 {
		t.Fatalf("InstancedTriangles = %d, want 1000", got)
	}
	f, err := sc.Frame(FrameOptions{Frame: 24})
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Tris) != 1000 {
		t.Errorf("frame 24 has %d triangles, want 1000", len(f.Tris))
	}
	sc.limits = Limits{Triangles: 999}
	_, err = sc.Frame(FrameOptions{Frame: 24})
	var le *LimitError
	if !errors.As(err, &le) || le.Need != 1000 {
		t.Errorf("Frame over the limit = %v, want a *LimitError needing 1000", err)
	}
}

// TestDeepHierarchy: a 100,000-deep chain of nodes loads and poses without
// recursion, and a cycle at its far end is found and named.
func TestDeepHierarchy(t *testing.T) {
	const depth = 100_000
	build := func(cycle bool) []byte {
		b := newBuilder()
		m := b.gridMesh(1)
		nodes := make([]any, depth)
		for i := range nodes {
			n := map[string]any{"translation": []float64{0, 0, -1e-5}}
			if i+1 < depth {
				n["children"] = []int{i + 1}
			} else {
				n["mesh"] = m
			}
			nodes[i] = n
		}
		if cycle {
			// The last node points back at the 50,000th: a loop with no root.
			nodes[depth-1].(map[string]any)["children"] = []int{depth / 2}
			nodes[depth/2-1].(map[string]any)["children"] = []int{}
		}
		b.doc["nodes"] = nodes
		return b.encode(t)
	}
	sc, err := Decode("deep.gltf", build(false), nil)
	if err != nil {
		t.Fatal(err)
	}
	f, err := sc.Frame(FrameOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if z := f.Tris[0].V0.Z; z > -0.99 || z < -1.01 {
		t.Errorf("leaf triangle at z = %v, want the chain's -1", z)
	}
	_, err = Decode("deep.gltf", build(true), nil)
	if err == nil || !strings.Contains(err.Error(), "cycle") || !strings.Contains(err.Error(), fmt.Sprintf("nodes[%d]", depth/2)) {
		t.Errorf("cyclic chain: err = %v, want a cycle named at nodes[%d]", err, depth/2)
	}
}

// texturedQuads is a triangle whose material uses n different 2×2 PNG
// textures (base colour, metal/rough, emissive ...).
func texturedQuads(t testing.TB, n int) []byte {
	b := newBuilder()
	pos := b.floats("VEC3", 0, 0, 0, 1, 0, 0, 0, 1, 0)
	uv := b.floats("VEC2", 0, 0, 1, 0, 0, 1)
	var imgs, texs []any
	for i := 0; i < n; i++ {
		imgs = append(imgs, map[string]any{"uri": pngURI(t.(*testing.T))})
		texs = append(texs, map[string]any{"source": i})
	}
	b.doc["images"], b.doc["textures"] = imgs, texs
	slots := []string{"baseColorTexture", "metallicRoughnessTexture"}
	pbr := map[string]any{}
	mat := map[string]any{"pbrMetallicRoughness": pbr}
	for i := 0; i < n; i++ {
		if i < len(slots) {
			pbr[slots[i]] = map[string]any{"index": i}
		} else {
			mat["emissiveTexture"] = map[string]any{"index": i}
		}
	}
	b.doc["materials"] = []any{mat}
	b.doc["meshes"] = []any{map[string]any{"primitives": []any{map[string]any{"attributes": map[string]any{"POSITION": pos, "TEXCOORD_0": uv}, "material": 0}}}}
	b.doc["nodes"] = []any{map[string]any{"mesh": 0}}
	return b.encode(t)
}
