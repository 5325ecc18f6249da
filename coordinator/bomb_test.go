package coordinator_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"hash/crc32"
	"image"
	"image/png"
	"math"
	"net/http"
	"strings"
	"testing"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/coordinator"
	"github.com/rendergrid/rendergrid/internal/systemtest"
	"github.com/rendergrid/rendergrid/scenes"
)

// TestImageBombRefused is the audit's decompression bomb: a small PNG
// declaring 60000×60000 pixels, stored as an upscale input, used to crash
// the leader with out of memory when it decoded it at submit. Its header
// now refuses it, naming the size and the limit, and the node still serves.
func TestImageBombRefused(t *testing.T) {
	c := systemtest.StartCluster(t, 1, nil)
	admin := c.Client(c.Admin)
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, 1, 1))); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	binary.BigEndian.PutUint32(b[16:], 60000)
	binary.BigEndian.PutUint32(b[20:], 60000)
	binary.BigEndian.PutUint32(b[29:], crc32.ChecksumIEEE(b[12:29]))
	id := systemtest.Upload(t, admin, b)
	_, err := c.Nodes[0].Content().ReadImage(context.Background(), id.String())
	if err == nil || !strings.Contains(err.Error(), "60000x60000") || !strings.Contains(err.Error(), "8192x8192") {
		t.Fatalf("reading the bomb: %v", err)
	}
	if _, err := admin.Cluster(context.Background()); err != nil {
		t.Fatalf("the node after the bomb: %v", err)
	}
}

// instancingBomb is the audit's glTF: one mesh of tris triangles instanced
// by n nodes, scaled to zero at the first and last frame only, so that
// those frames hold one instance and every middle frame tris×(n+1)
// triangles.
func instancingBomb(tris, n int) []byte {
	var bin []byte
	for i := 0; i < tris; i++ {
		x := float32(i) / float32(tris)
		for _, v := range []float32{x, 0, 0, x + 0.5/float32(tris), 0, 0, x, 1, 0} {
			bin = binary.LittleEndian.AppendUint32(bin, math.Float32bits(v))
		}
	}
	keys := len(bin)
	for _, v := range []float32{0, 1, 2, 0, 0, 0, 1, 1, 1, 0, 0, 0} {
		bin = binary.LittleEndian.AppendUint32(bin, math.Float32bits(v))
	}
	var nodes, roots, samplers, channels []any
	for i := range n {
		nodes = append(nodes, map[string]any{"mesh": 0, "translation": []float64{0, float64(i), -3}})
		roots = append(roots, i)
		samplers = append(samplers, map[string]any{"input": 1, "output": 2})
		channels = append(channels, map[string]any{"sampler": i, "target": map[string]any{"node": i, "path": "scale"}})
	}
	// One unanimated instance keeps the first and last frames non-empty.
	nodes = append(nodes, map[string]any{"camera": 0, "translation": []float64{0, 0, 5}}, map[string]any{"mesh": 0})
	roots = append(roots, n, n+1)
	doc := map[string]any{
		"asset":   map[string]any{"version": "2.0"},
		"buffers": []any{map[string]any{"byteLength": len(bin), "uri": "data:application/octet-stream;base64," + base64.StdEncoding.EncodeToString(bin)}},
		"bufferViews": []any{
			map[string]any{"buffer": 0, "byteOffset": 0, "byteLength": keys},
			map[string]any{"buffer": 0, "byteOffset": keys, "byteLength": 12},
			map[string]any{"buffer": 0, "byteOffset": keys + 12, "byteLength": 36},
		},
		"accessors": []any{
			map[string]any{"bufferView": 0, "componentType": 5126, "count": 3 * tris, "type": "VEC3", "min": []float64{0, 0, 0}, "max": []float64{1, 1, 0}},
			map[string]any{"bufferView": 1, "componentType": 5126, "count": 3, "type": "SCALAR", "min": []float64{0}, "max": []float64{2}},
			map[string]any{"bufferView": 2, "componentType": 5126, "count": 3, "type": "VEC3"},
		},
		"materials":  []any{map[string]any{"emissiveFactor": []float64{1, 1, 1}}},
		"meshes":     []any{map[string]any{"primitives": []any{map[string]any{"attributes": map[string]any{"POSITION": 0}, "material": 0}}}},
		"cameras":    []any{map[string]any{"type": "perspective", "perspective": map[string]any{"yfov": 0.8, "znear": 0.1}}},
		"nodes":      nodes,
		"scenes":     []any{map[string]any{"nodes": roots}},
		"animations": []any{map[string]any{"samplers": samplers, "channels": channels}},
	}
	data, err := json.Marshal(doc)
	if err != nil {
		panic(err)
	}
	return data
}

// TestInstancingBombRefused: the audit's instanced glTF is refused at
// submit with 413 naming the limit and the flag that raises it (the first
// and last frames, empty, no longer vouch for the middle ones), nothing is
// queued, and the same file under a limit it fits is accepted.
func TestInstancingBombRefused(t *testing.T) {
	c := systemtest.StartCluster(t, 1, func(cfg *coordinator.Config) { cfg.SceneLimits = scenes.Limits{Triangles: 100_000} })
	artist := c.Client(c.Token("alice", api.RoleArtist))
	id := systemtest.Upload(t, artist, instancingBomb(200, 1001))
	spec := api.JobSpec{Scene: id.String(), SceneName: "bomb.gltf", FrameStart: 0, FrameEnd: 48, Width: 32, Height: 18, SPP: 1, Verify: "none"}
	_, err := artist.Submit(context.Background(), spec)
	var ae *api.Error
	if !errors.As(err, &ae) || ae.Status != http.StatusRequestEntityTooLarge ||
		!strings.Contains(ae.Message, "200400 triangles") || !strings.Contains(ae.Message, "--max-triangles") {
		t.Fatalf("submitting the bomb: %v; want 413 naming 200400 triangles and --max-triangles", err)
	}
	jobs, err := artist.Jobs(context.Background(), "")
	if err != nil || len(jobs) != 0 {
		t.Fatalf("jobs after the refusal: %v, %v; want none", jobs, err)
	}
	small := systemtest.Upload(t, artist, instancingBomb(50, 100))
	spec.Scene = small.String()
	if _, err := artist.Submit(context.Background(), spec); err != nil {
		t.Fatalf("a scene within the limit: %v", err)
	}
}
