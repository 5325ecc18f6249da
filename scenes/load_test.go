package scenes

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoad(t *testing.T) {
	tests := []struct {
		file      string
		wantErr   []string // substrings the error must contain; nil: must load
		triangles int
		warnings  []string // substrings, each in some warning
		frameErr  []string // substrings of the error of Frame(0)
	}{
		{file: "triangle.gltf", triangles: 1},
		{file: "external.gltf", triangles: 1},
		{file: "strip.gltf", triangles: 1},
		{file: "animated.gltf", triangles: 1},
		{file: "no_camera.gltf", triangles: 1, warnings: nil},
		{file: "with_lines.gltf", triangles: 1, warnings: []string{"LINES", "primitives[1]"}},
		{file: "skinned.gltf", triangles: 1, warnings: nil}, // skins are rendered now
		{file: "unknown_extension_used.gltf", triangles: 1, warnings: []string{"EXT_mesh_gpu_instancing"}},
		{file: "points_only.gltf", triangles: 0, warnings: []string{"POINTS"}, frameErr: []string{"no triangles"}},
		{file: "missing_buffer.gltf", wantErr: []string{"missing_buffer.gltf", "buffers[0]", "missing.bin"}},
		{file: "outside_dir.gltf", wantErr: []string{"buffers[0]", "outside the scene's directory"}},
		{file: "accessor_out_of_range.gltf", wantErr: []string{"accessors[0]", "need 48 bytes, bufferView has 36"}},
		{file: "unknown_component_type.gltf", wantErr: []string{"accessors[0]", "unknown componentType 9999"}},
		{file: "nan_position.gltf", wantErr: []string{"meshes[0] (tri).primitives[0]", "vertex 1 is NaN"}},
		{file: "index_out_of_range.gltf", wantErr: []string{"index 7", "out of range for 3 vertices"}},
		{file: "draco_required.gltf", wantErr: []string{"KHR_draco_mesh_compression", "does not support"}},
		{file: "node_cycle.gltf", wantErr: []string{"nodes[0]", "cycle in the node hierarchy"}},
		{file: "missing_material.gltf", wantErr: []string{"material 3 does not exist"}},
		{file: "bad_camera.gltf", wantErr: []string{"cameras[0] (cam)", "yfov 0"}},
		{file: "gltf1.gltf", wantErr: []string{`asset.version "1.0"`}},
		{file: "not_gltf.gltf", wantErr: []string{"not_gltf.gltf", "not a glTF file"}},
		{file: "truncated.glb", wantErr: []string{"truncated.glb", "truncated"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			s, err := Load(filepath.Join("testdata", tt.file))
			if tt.wantErr != nil {
				if err == nil {
					t.Fatalf("Load succeeded, want an error containing %q", tt.wantErr)
				}
				for _, w := range tt.wantErr {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("error %q does not contain %q", err, w)
					}
				}
				var le *Error
				if !errors.As(err, &le) || le.File != tt.file {
					t.Errorf("error %v is not a *scenes.Error naming %s", err, tt.file)
				}
				return
			}
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if got := s.Triangles(); got != tt.triangles {
				t.Errorf("Triangles() = %d, want %d", got, tt.triangles)
			}
			for _, w := range tt.warnings {
				if !containsAny(s.Warnings, w) {
					t.Errorf("warnings %q do not mention %q", s.Warnings, w)
				}
			}
			if len(tt.warnings) == 0 && len(s.Warnings) > 0 {
				t.Errorf("unexpected warnings %q", s.Warnings)
			}
			_, err = s.Frame(FrameOptions{})
			switch {
			case tt.frameErr == nil && err != nil:
				t.Errorf("Frame: %v", err)
			case tt.frameErr != nil && err == nil:
				t.Errorf("Frame succeeded, want error containing %q", tt.frameErr)
			case err != nil:
				for _, w := range tt.frameErr {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("Frame error %q does not contain %q", err, w)
					}
				}
			}
		})
	}
}

func containsAny(list []string, sub string) bool {
	for _, s := range list {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

func TestTriangleGeometry(t *testing.T) {
	s, err := Load("testdata/triangle.gltf")
	if err != nil {
		t.Fatal(err)
	}
	f, err := s.Frame(FrameOptions{})
	if err != nil {
		t.Fatal(err)
	}
	tri := f.Tris[0]
	if tri.V0 != (Vec3{0, 0, 0}) || tri.E1 != (Vec3{1, 0, 0}) || tri.E2 != (Vec3{0, 1, 0}) {
		t.Errorf("triangle = %+v, want v0 (0,0,0), e1 (1,0,0), e2 (0,1,0)", tri)
	}
	sh := f.Shading[0]
	if sh.Ng != (Vec3{0, 0, 1}) || sh.Area != 0.5 {
		t.Errorf("Ng %v area %v, want (0,0,1) and 0.5 (flat normals when NORMAL is absent)", sh.Ng, sh.Area)
	}
	if f.Camera.Origin != (Vec3{0.3, 0.3, 3}) || f.Camera.Forward != (Vec3{0, 0, -1}) {
		t.Errorf("camera at %v looking %v, want (0.3,0.3,3) looking -Z", f.Camera.Origin, f.Camera.Forward)
	}
	if len(f.Warnings) != 0 {
		t.Errorf("warnings %q", f.Warnings)
	}
}

func TestNoCameraFramesBounds(t *testing.T) {
	s, err := Load("testdata/no_camera.gltf")
	if err != nil {
		t.Fatal(err)
	}
	f, err := s.Frame(FrameOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !containsAny(f.Warnings, "no camera") {
		t.Errorf("warnings %q do not say the scene has no camera", f.Warnings)
	}
	// The framing camera sees the whole box: every corner lies inside the view.
	c := f.Camera
	for _, p := range []Vec3{f.Bounds.Min, f.Bounds.Max, {f.Bounds.Min.X, f.Bounds.Max.Y, 0}} {
		d := p.Sub(c.Origin)
		z := d.Dot(c.Forward)
		if z <= 0 || abs(d.Dot(c.Up)/z) > c.TanHalfFov || abs(d.Dot(c.Right)/z) > c.TanHalfFov {
			t.Errorf("corner %v is outside the framing camera's view", p)
		}
	}
}

func TestUnknownCamera(t *testing.T) {
	s, err := Load("testdata/triangle.gltf")
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Frame(FrameOptions{Camera: "nope"})
	if err == nil || !strings.Contains(err.Error(), `camera "nope" not found`) || !strings.Contains(err.Error(), `"cam"`) {
		t.Fatalf("Frame(camera nope) = %v, want an error naming the camera and listing \"cam\"", err)
	}
	if _, err := s.Frame(FrameOptions{Camera: "camnode"}); err != nil {
		t.Errorf("selecting the camera by node name: %v", err)
	}
}

func TestDecodeWithoutDirectory(t *testing.T) {
	data, err := os.ReadFile("testdata/external.gltf")
	if err != nil {
		t.Fatal(err)
	}
	_, err = Decode("external.gltf", data, nil)
	if err == nil || !strings.Contains(err.Error(), "without its directory") {
		t.Fatalf("Decode without fs = %v, want an error about the missing directory", err)
	}
}

func abs(x float32) float32 { return float32(math.Abs(float64(x))) }
