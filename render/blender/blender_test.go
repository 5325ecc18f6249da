package blender

import (
	"context"
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/render/proof"
)

// sceneScript makes a scene whose every pixel is noisy at a few samples:
// a cube on a floor that fills the frame, a sun, and a bright sky.
const sceneScript = `import bpy, sys
out = sys.argv[sys.argv.index("--") + 1]
bpy.ops.wm.read_factory_settings(use_empty=True)
sc = bpy.context.scene
bpy.ops.mesh.primitive_cube_add(size=2)
bpy.ops.mesh.primitive_plane_add(size=40, location=(0, 0, -1))
bpy.ops.object.light_add(type="AREA", location=(3, -3, 4))
bpy.context.object.data.energy = 500
bpy.ops.object.camera_add(location=(0, 0, 9))
sc.camera = bpy.context.object
w = bpy.data.worlds.new("sky")
w.use_nodes = True
w.node_tree.nodes["Background"].inputs["Color"].default_value = (0.8, 0.9, 1.0, 1)
sc.world = w
bpy.ops.wm.save_as_mainfile(filepath=out)
`

// find is the Blender the tests run (RENDERGRID_BLENDER, else blender on
// PATH), failing with what to install.
func find(t testing.TB) *Blender {
	t.Helper()
	b, err := Find(context.Background(), os.Getenv("RENDERGRID_BLENDER"))
	if err != nil {
		t.Fatalf("these tests run Blender: %v", err)
	}
	return b
}

func makeScene(t testing.TB, b *Blender) string {
	t.Helper()
	dir := t.TempDir()
	py, out := filepath.Join(dir, "make.py"), filepath.Join(dir, "scene.blend")
	if err := os.WriteFile(py, []byte(sceneScript), 0o644); err != nil {
		t.Fatal(err)
	}
	if log, err := exec.Command(b.Path, "-b", "--factory-startup", "--python", py, "--", out).CombinedOutput(); err != nil {
		t.Fatalf("making the scene: %v\n%s", err, log)
	}
	return out
}

// TestRegionDeterminism measures what the farm's Blender checks rest on:
// with the same version, seed and device class, a region rendered alone
// (border render) has the very pixels of the same region of the whole
// frame, whatever the thread count; and a render at a quarter of the
// samples differs in most of them. A change in Blender that broke this
// would make honest workers fail the coordinators' checks.
func TestRegionDeterminism(t *testing.T) {
	b := find(t)
	blend := makeScene(t, b)
	spec := &api.JobSpec{Engine: api.EngineBlender, SceneName: "scene.blend", Width: 48, Height: 32, SPP: 8, Seed: 7}
	scratch := t.TempDir()
	one := *b
	one.Threads = 1
	full, err := one.Render(t.Context(), blend, scratch, spec, 1, [4]int{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	two := *b
	two.Threads = 2
	low := *spec
	low.SPP = 2
	for _, r := range [][4]int{{0, 0, 16, 16}, {13, 7, 29, 23}, {32, 16, 48, 32}} {
		part, err := two.Render(t.Context(), blend, scratch, spec, 1, r, nil)
		if err != nil {
			t.Fatal(err)
		}
		want := full.SubImage(image.Rect(r[0], r[1], r[2], r[3])).(*image.NRGBA)
		if d := differing(part, want); d != 0 {
			t.Errorf("region %v rendered alone (2 threads) differs from the whole frame (1 thread) in %d of %d values", r, d, 4*part.Rect.Dx()*part.Rect.Dy())
		}
		cheap, err := two.Render(t.Context(), blend, scratch, &low, 1, r, nil)
		if err != nil {
			t.Fatal(err)
		}
		px := cheap.Rect.Dx() * cheap.Rect.Dy()
		n := off(cheap, want, Tolerance.Tolerance)
		if err := proof.Compare(cheap, want, Tolerance); err == nil {
			t.Errorf("region %v at a quarter of the samples passes the check: only %d of %d pixels are off by more than %d/255", r, n, px, Tolerance.Tolerance)
		} else {
			t.Logf("region %v: alone = whole frame; at 2 spp instead of 8, %d of %d pixels off by more than %d/255 (%d allowed)", r, n, px, Tolerance.Tolerance, int(Tolerance.MaxMismatch*float64(px)))
		}
	}
}

// differing counts the bytes that differ between two images of one size.
func differing(a, b *image.NRGBA) int {
	n := 0
	for y := range a.Rect.Dy() {
		ra, rb := a.Pix[y*a.Stride:], b.Pix[y*b.Stride:]
		for x := range 4 * a.Rect.Dx() {
			if ra[x] != rb[x] {
				n++
			}
		}
	}
	return n
}

// off counts the pixels whose colour channels differ by more than tol.
func off(a, b *image.NRGBA, tol int) int {
	n := 0
	for y := range a.Rect.Dy() {
		ra, rb := a.Pix[y*a.Stride:], b.Pix[y*b.Stride:]
		for x := range a.Rect.Dx() {
			for c := range 3 {
				if d := int(ra[4*x+c]) - int(rb[4*x+c]); d > tol || d < -tol {
					n++
					break
				}
			}
		}
	}
	return n
}

// BenchmarkRegion compares what the coordinator's check costs (a 16x16
// region, Blender started and the scene loaded each time) with the whole
// frame a worker renders, at 480x270 and 32 spp.
func BenchmarkRegion(b *testing.B) {
	bl := find(b)
	blend := makeScene(b, bl)
	spec := &api.JobSpec{Engine: api.EngineBlender, SceneName: "scene.blend", Width: 480, Height: 270, SPP: 32}
	scratch := b.TempDir()
	for _, c := range []struct {
		name   string
		region [4]int
	}{{"frame", [4]int{}}, {"region16", [4]int{232, 127, 248, 143}}} {
		b.Run(c.name, func(b *testing.B) {
			start := time.Now()
			for b.Loop() {
				if _, err := bl.Render(context.Background(), blend, scratch, spec, 1, c.region, nil); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(time.Since(start).Seconds()/float64(b.N), "s/render")
		})
	}
}
