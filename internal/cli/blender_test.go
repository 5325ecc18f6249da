package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ipfs/go-cid"
	"github.com/multiformats/go-multihash"
	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/coordinator"
	"github.com/rendergrid/rendergrid/internal/systemtest"
	rblender "github.com/rendergrid/rendergrid/render/blender"
	"github.com/rendergrid/rendergrid/worker"
)

// makeBlendScript builds a small scene in Blender (a cube, a point light,
// a camera) and saves it; with a second argument "1" it adds a text block
// registered to run when the file opens; with "2" the camera looks down
// at the cube on a floor that fills the frame, under a bright sky, so that
// every pixel is noisy at a few samples; with "3" it is a project whose
// .blend (in project/shots) reads files from disk: a red floor whose
// shape only a mesh cache (project/cache/floor.pc2) holds, a green ball
// linked from a library (project/assets/lib.blend), a 432 KiB texture
// (project/textures) and a baked cloth cache (blendcache_shot).
const makeBlendScript = `import bpy, sys, os, struct, zlib
a = sys.argv[sys.argv.index("--") + 1:]
bpy.ops.wm.read_factory_settings(use_empty=True)
sc = bpy.context.scene
bpy.ops.mesh.primitive_cube_add(size=2)
bpy.ops.object.light_add(type="POINT", location=(3, -3, 4))
bpy.context.object.data.energy = 800
bpy.ops.object.camera_add(location=(5, -5, 4), rotation=(1.1, 0, 0.785))
sc.camera = bpy.context.object
sc.frame_start, sc.frame_end = 1, 2
if a[1] == "2":
    bpy.ops.mesh.primitive_plane_add(size=40, location=(0, 0, -1))
    sc.camera.location, sc.camera.rotation_euler = (0, 0, 9), (0, 0, 0)
    w = bpy.data.worlds.new("sky")
    w.use_nodes = True
    w.node_tree.nodes["Background"].inputs["Color"].default_value = (0.8, 0.9, 1.0, 1)
    sc.world = w
if a[1] == "1":
    t = bpy.data.texts.new("startup.py")
    t.write("import os\nprint('THE SCRIPT RAN')\n")
    t.use_module = True
bpy.ops.wm.save_as_mainfile(filepath=a[0])
if a[1] == "3":
    proj = os.path.dirname(os.path.dirname(a[0]))
    os.makedirs(proj + "/cache")
    os.makedirs(proj + "/textures")
    bpy.ops.mesh.primitive_plane_add(size=0.001, location=(0, 0, -1.01))
    floor = bpy.context.object
    with open(proj + "/cache/floor.pc2", "wb") as f:
        f.write(b"POINTCACHE2\0" + struct.pack("<iiffi", 1, 4, 0.0, 1.0, 3))
        for _ in range(3):
            for x, y in ((-10, -10), (10, -10), (-10, 10), (10, 10)):
                f.write(struct.pack("<fff", x, y, 0))
    mc = floor.modifiers.new("cache", "MESH_CACHE")
    mc.cache_format, mc.filepath = "PC2", proj + "/cache/floor.pc2"
    def emissive(name, rgb):
        m = bpy.data.materials.new(name)
        m.use_nodes = True
        em = m.node_tree.nodes.new("ShaderNodeEmission")
        em.inputs["Color"].default_value, em.inputs["Strength"].default_value = rgb + (1,), 5
        m.node_tree.links.new(em.outputs[0], m.node_tree.nodes["Material Output"].inputs["Surface"])
        return m
    floor.data.materials.append(emissive("red", (1, 0, 0)))
    sc.view_settings.view_transform = "Standard"  # 4.x's AgX would turn bright red to orange
    rows = b"".join(b"\0" + os.urandom(3 * 384) for _ in range(384))
    chunk = lambda t, d: struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
    with open(proj + "/textures/noise.png", "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 384, 384, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
    grey = bpy.data.materials.new("noise")
    grey.use_nodes = True
    tex = grey.node_tree.nodes.new("ShaderNodeTexImage")
    tex.image = bpy.data.images.load(proj + "/textures/noise.png")
    grey.node_tree.links.new(tex.outputs["Color"], grey.node_tree.nodes["Principled BSDF"].inputs["Base Color"])
    bpy.data.objects["Cube"].data.materials.append(grey)
    # A green ball kept in a library (assets/lib.blend) and linked in.
    os.makedirs(proj + "/assets")
    bpy.ops.mesh.primitive_uv_sphere_add(radius=0.8, location=(0, 0, 1.8))
    ball = bpy.context.object
    ball.name = "Ball"
    green = emissive("green", (0, 1, 0))
    ball.data.materials.append(green)
    bpy.data.libraries.write(proj + "/assets/lib.blend", {ball, ball.data, green})
    bpy.data.objects.remove(ball)
    with bpy.data.libraries.load(proj + "/assets/lib.blend", link=True) as (src, dst):
        dst.objects = ["Ball"]
    sc.collection.objects.link(dst.objects[0])
    bpy.ops.mesh.primitive_plane_add(size=0.5, location=(0, 0, 3))
    cloth = bpy.context.object.modifiers.new("cloth", "CLOTH")
    cloth.point_cache.use_disk_cache, cloth.point_cache.frame_end = True, 2
    bpy.ops.wm.save_as_mainfile(filepath=a[0])
    with bpy.context.temp_override(point_cache=cloth.point_cache):
        bpy.ops.ptcache.bake(bake=True)
    bpy.ops.wm.save_as_mainfile(filepath=a[0])
`

// blender finds Blender for the test (RENDERGRID_BLENDER, else blender on
// PATH), failing with what to install.
func blender(t *testing.T) *rblender.Blender {
	t.Helper()
	b, err := rblender.Find(context.Background(), os.Getenv("RENDERGRID_BLENDER"))
	if err != nil {
		t.Fatalf("the Blender engine's tests run Blender: %v", err)
	}
	b.Threads = 1
	return b
}

// The scenes makeBlend makes (makeBlendScript's second argument).
const (
	blendPlain    = "0"
	blendScripted = "1"
	blendFilled   = "2"
	blendProject  = "3"
)

// makeBlend writes a .blend of the kind asked, made by Blender itself, to
// dir.
func makeBlend(t *testing.T, b *rblender.Blender, dir, kind string) string {
	t.Helper()
	py := filepath.Join(dir, "make.py")
	out := filepath.Join(dir, "scene"+kind+".blend")
	if kind == blendProject {
		out = filepath.Join(dir, "project", "shots", "shot.blend")
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(py, []byte(makeBlendScript), 0o644); err != nil {
		t.Fatal(err)
	}
	if log, err := exec.Command(b.Path, "-b", "--factory-startup", "--python", py, "--", out, kind).CombinedOutput(); err != nil {
		t.Fatalf("making %s: %v\n%s", out, err, log)
	}
	return out
}

func submitBlendJob(t *testing.T, args ...string) api.Job {
	t.Helper()
	var j api.Job
	out := capture(t, append([]string{"submit"}, args...)...)
	if err := json.Unmarshal([]byte(out), &j); err != nil {
		t.Fatalf("submit printed %q: %v", out, err)
	}
	return j
}

// TestBlenderJob renders a .blend made by Blender on a worker with the
// Blender engine: two frames in two tiles, each a PNG of its tile's size
// that is not black; fetch stitches the frames; a project submitted from
// the shell goes with the files its .blend reads, which the worker uses; under redundant at 100%
// two Blender workers (one and two threads) render every tile to the same
// bytes (the worker re-encodes Blender's PNG without its text chunks), so
// both are paid: Cycles' pixels, same version, seed and machine, do not
// depend on the worker or its threads.
func TestBlenderJob(t *testing.T) {
	b := blender(t)
	f := startFarm(t)
	f.StartWorker(t, func(c *worker.Config) { c.Blender = b })
	dir := t.TempDir()
	scene := makeBlend(t, b, dir, blendPlain)
	if !slices.Contains(b.Devices, "CPU") {
		t.Errorf("Blender's devices here: %v; want the CPU among them", b.Devices)
	}
	j := submitBlendJob(t, scene, "--name", "box", "--frames", "1-2", "--res", "32x24", "--spp", "4", "--tiles", "2x1", "--verify", "none", "--blender-device", "cpu", "--json", "--wait")
	if j.State != api.JobDone || j.Counts.Done != 4 {
		t.Fatalf("the .blend job ended %s with %+v", j.State, j.Counts)
	}
	for _, fr := range jobFrames(t, j.ID) {
		if fr.Engine != worker.EngineBlender {
			t.Errorf("frame %d tile %d rendered by %q", fr.Frame, fr.Tile, fr.Engine)
		}
	}
	if log := capture(t, "logs", j.ID, "1"); !strings.Contains(log, "(Cycles, CPU)") {
		t.Errorf("frame 1's log does not name the CPU device:\n%s", log)
	}
	out := t.TempDir()
	capture(t, "fetch", j.ID, "-o", out)
	data, err := os.ReadFile(filepath.Join(out, "box-0001.png"))
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil || img.Bounds().Dx() != 32 || img.Bounds().Dy() != 24 {
		t.Fatalf("fetched frame 1: %v %v", err, img.Bounds())
	}
	lit := 0
	for y := range 24 {
		for x := range 32 {
			if r, g, bl, _ := img.At(x, y).RGBA(); r+g+bl > 3*0x1000 {
				lit++
			}
		}
	}
	if lit < 32 {
		t.Errorf("frame 1 has %d lit pixels of 768: Blender rendered nothing?", lit)
	}

	// The CLI sends a project's folder: Blender lists the files the .blend
	// reads, and the worker renders the floor only the mesh cache holds.
	proj := makeBlend(t, b, t.TempDir(), blendProject)
	pj := submitBlendJob(t, proj, "--name", "shot", "--frames", "1-1", "--res", "32x24", "--spp", "4", "--verify", "none", "--json", "--wait")
	if pj.State != api.JobDone || pj.Spec.SceneDir != "shots" || len(pj.Spec.Files) < 5 {
		t.Fatalf("the project job ended %s with scene_dir %q and files %v; want shots, beside the cache, texture, library and cloth cache", pj.State, pj.Spec.SceneDir, pj.Spec.Files)
	}
	pout := t.TempDir()
	capture(t, "fetch", pj.ID, "-o", pout)
	checkProjectFrame(t, filepath.Join(pout, "shot-0001.png"))

	// A .blend's folder names files the farm must hold, at paths that stay
	// inside the job's folder; a bad one is refused and nothing is queued.
	before, err := f.Client(f.Artist).Jobs(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	absent, _ := cid.V1Builder{Codec: cid.Raw, MhType: multihash.SHA2_256}.Sum([]byte("never uploaded"))
	for _, tc := range []struct {
		file api.FileRef
		want string
	}{
		{api.FileRef{Path: "tex/wood.png", CID: absent.String()}, "upload it first"},
		{api.FileRef{Path: "../../etc/passwd", CID: j.Spec.Scene}, "is a path"},
	} {
		spec := j.Spec
		spec.Files = []api.FileRef{tc.file}
		if _, err := f.Client(f.Artist).Submit(t.Context(), spec); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("a .blend job with file %+v: %v; want a refusal saying %q", tc.file, err, tc.want)
		}
	}
	if after, err := f.Client(f.Artist).Jobs(t.Context(), ""); err != nil || len(after) != len(before) {
		t.Errorf("refused submissions queued jobs: %d before, %d after (%v)", len(before), len(after), err)
	}

	// Two Blender workers, every tile twice.
	two := *b
	two.Threads = 2
	f.StartWorker(t, func(c *worker.Config) { c.Blender = &two })
	j2 := submitBlendJob(t, scene, "--frames", "1-1", "--res", "32x24", "--spp", "4", "--tiles", "2x1", "--verify", "redundant", "--redundancy", "100", "--json", "--wait")
	frames := jobFrames(t, j2.ID)
	for _, fr := range frames {
		if fr.State != api.FrameDone || len(fr.Receipts) != 2 || fr.Receipts[0].Receipt.Worker == fr.Receipts[1].Receipt.Worker {
			t.Fatalf("tile %d: %s with %d receipts; want two workers' renders that agree (log: %v)", fr.Tile, fr.State, len(fr.Receipts), j2.Log)
		}
		if a, b := fr.Receipts[0].Receipt.OutputCID, fr.Receipts[1].Receipt.OutputCID; a != b {
			t.Errorf("tile %d: the renders of 1 and 2 threads are %s and %s; Cycles on the CPU gives the same pixels for the same version, seed and scene", fr.Tile, a, b)
		}
	}
}

// TestBlenderRefusesScripts: a .blend with a script registered to run when
// it opens fails on the worker with a sentence saying so; the script never
// runs.
func TestBlenderRefusesScripts(t *testing.T) {
	b := blender(t)
	f := startFarm(t)
	f.StartWorker(t, func(c *worker.Config) { c.Blender = b })
	scene := makeBlend(t, b, t.TempDir(), blendScripted)
	j := submitBlendJob(t, scene, "--frames", "1-1", "--res", "16x16", "--spp", "1", "--verify", "none", "--max-workers", "1", "--json")
	var fr api.Frame
	waitFor(t, 60*time.Second, "the scripted .blend to fail", func() bool {
		fs := jobFrames(t, j.ID)
		if len(fs) == 1 && fs[0].State == api.FrameFailed {
			fr = fs[0]
			return true
		}
		return false
	})
	if !strings.Contains(fr.Error, "scripts that run when it opens") {
		t.Errorf("the frame failed with %q; want the auto-run refusal", fr.Error)
	}
	log := capture(t, "logs", j.ID, "1")
	if strings.Contains(log, "THE SCRIPT RAN") {
		t.Error("the .blend's script ran")
	}
}

// TestBlenderSampleProof: coordinators with Blender check .blend jobs under
// verify sample by re-rendering a random 16x16 region of every unit. An
// honest worker's units all pass and are paid (the job pinned to the
// coordinators' Blender); a worker that renders a quarter of the samples,
// or sends noise, is caught on its first unit, blocklisted and never
// paid, and honest workers finish the job. A farm without Blender on its
// coordinators refuses verify sample for .blend jobs.
func TestBlenderSampleProof(t *testing.T) {
	b := blender(t)
	scene := makeBlend(t, b, t.TempDir(), blendFilled)

	startFarm(t)
	if err := run("submit", scene, "--frames", "1-1", "--res", "16x16", "--spp", "4", "--verify", "sample", "--json"); err == nil || !strings.Contains(err.Error(), "coordinators' Blender") {
		t.Errorf("verify sample on a farm without Blender: %v; want a refusal naming the coordinators' Blender", err)
	}

	f := startFarm(t, func(c *coordinator.Config) { c.Blender = b })
	f.StartWorker(t, func(c *worker.Config) { c.Blender = b })
	j := submitBlendJob(t, scene, "--frames", "1-2", "--res", "32x24", "--spp", "4", "--tiles", "2x1", "--verify", "sample", "--json")
	waitFor(t, 3*time.Minute, "the honest .blend job to end", func() bool {
		got, err := f.Client(f.Artist).Job(t.Context(), j.ID)
		if err == nil {
			j = got
		}
		return err == nil && j.State != api.JobQueued && j.State != api.JobRunning
	})
	if j.State != api.JobDone || j.Counts.Done != 4 || j.Spec.Blender != b.Version || j.Spec.Verify != "sample" {
		t.Fatalf("the honest job ended %s with %+v, Blender %q, verify %s", j.State, j.Counts, j.Spec.Blender, j.Spec.Verify)
	}
	for _, fr := range jobFrames(t, j.ID) {
		if fr.State != api.FrameDone || len(fr.Receipts) != 1 {
			t.Errorf("frame %d tile %d: %s with %d receipts", fr.Frame, fr.Tile, fr.State, len(fr.Receipts))
		}
	}
	for _, lie := range []string{systemtest.LieLowSPP, systemtest.LieNoise} {
		t.Run(lie, func(t *testing.T) {
			g := startFarm(t, func(c *coordinator.Config) { c.Blender = b })
			liar, _, _ := g.StartWorker(t, func(c *worker.Config) { c.Blender, c.Tamper = b, mustLiar(t, lie) })
			j := submitBlendJob(t, scene, "--frames", "1-2", "--res", "32x24", "--spp", "4", "--verify", "sample", "--json")
			cl := g.Client(g.Artist)
			waitFor(t, 3*time.Minute, "the liar to be caught", func() bool {
				got, err := cl.Job(t.Context(), j.ID)
				return err == nil && slices.Contains(got.Blocklist, liar.ID())
			})
			g.StartWorker(t, func(c *worker.Config) { c.Blender = b })
			capture(t, "wait", j.ID)
			got, _ := cl.Job(t.Context(), j.ID)
			if got.State != api.JobDone || !strings.Contains(strings.Join(got.Log, "\n"), "re-rendered by the coordinator's Blender") {
				t.Errorf("job %s: %s; its log does not say how the liar was caught: %v", j.ID, got.State, got.Log)
			}
			for _, line := range got.Log {
				if strings.Contains(line, "re-rendered") {
					t.Log(line)
				}
			}
			for _, fr := range jobFrames(t, j.ID) {
				for _, r := range fr.Receipts {
					if r.Receipt.Worker.Hex() == liar.ID() {
						t.Errorf("frame %d was paid to the liar", fr.Frame)
					}
				}
			}
		})
	}
}

// TestBlenderRedundantJudged: under redundant, when a liar's render of a
// unit and an honest worker's disagree, a coordinator with Blender
// re-renders a region to tell which lied (rather than paying neither): the
// liar is blocklisted and never paid, the honest render is, and the job
// finishes.
func TestBlenderRedundantJudged(t *testing.T) {
	b := blender(t)
	scene := makeBlend(t, b, t.TempDir(), blendFilled)
	f := startFarm(t, func(c *coordinator.Config) { c.Blender = b })
	liar, _, _ := f.StartWorker(t, func(c *worker.Config) { c.Blender, c.Tamper = b, mustLiar(t, systemtest.LieLowSPP) })
	j := submitBlendJob(t, scene, "--frames", "1-2", "--res", "32x24", "--spp", "4", "--blender-version", b.Version, "--verify", "redundant", "--redundancy", "100", "--json")
	waitFor(t, time.Minute, "the liar to take a unit", func() bool {
		return slices.ContainsFunc(jobFrames(t, j.ID), func(fr api.Frame) bool { return fr.Worker == liar.ID() })
	})
	for range 2 {
		f.StartWorker(t, func(c *worker.Config) { c.Blender = b })
	}
	cl := f.Client(f.Artist)
	waitFor(t, 3*time.Minute, "the job to end", func() bool {
		got, err := cl.Job(t.Context(), j.ID)
		return err == nil && got.State != api.JobQueued && got.State != api.JobRunning
	})
	got, _ := cl.Job(t.Context(), j.ID)
	if got.State != api.JobDone {
		t.Fatalf("job %s ended %s: %v", j.ID, got.State, got.Log)
	}
	if !slices.Contains(got.Blocklist, liar.ID()) || !strings.Contains(strings.Join(got.Log, "\n"), "disagreed with") || !strings.Contains(strings.Join(got.Log, "\n"), "Blender") {
		t.Errorf("the liar was not caught by a re-rendered region: blocklist %v, log %v", got.Blocklist, got.Log)
	}
	for _, fr := range jobFrames(t, j.ID) {
		if fr.State != api.FrameDone || len(fr.Receipts) == 0 {
			t.Errorf("frame %d: %s with %d receipts; want honest renders paid", fr.Frame, fr.State, len(fr.Receipts))
		}
		for _, r := range fr.Receipts {
			if r.Receipt.Worker.Hex() == liar.ID() {
				t.Errorf("frame %d was paid to the liar", fr.Frame)
			}
		}
	}
}
