package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image/png"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/ipfs"
	"github.com/rendergrid/rendergrid/scenes"
	"github.com/rendergrid/rendergrid/worker"
)

// addonScript runs in headless Blender: it installs the add-on from its
// zip, points it at the farm, sets up the default scene (frames 1-2,
// 32x18, 4 samples, a world lit by an HDRI), checks, submits with the
// engine asked, waits and fetches, and prints what happened. For the
// Blender engine it opens the project makeBlend made first (blendProject:
// files on disk beside and above the .blend) and submits twice, the second
// time uploading only the changed .blend.
const addonScript = `import bpy, sys, json
a = sys.argv[sys.argv.index("--") + 1:]
zipfile, url, token, engine, hdr, out, blend = a
if blend:
    bpy.ops.wm.open_mainfile(filepath=blend)
if bpy.app.version >= (4, 2, 0):
    bpy.ops.extensions.package_install_files(filepath=zipfile, repo="user_default", enable_on_install=True)
else:
    bpy.ops.preferences.addon_install(filepath=zipfile)
    bpy.ops.preferences.addon_enable(module="rendergrid_addon")
key = next(k for k in bpy.context.preferences.addons.keys() if k.endswith("rendergrid_addon"))
p = bpy.context.preferences.addons[key].preferences
p.coordinator, p.token = url, token
sc = bpy.context.scene
sc.frame_start, sc.frame_end = 1, 2
sc.render.resolution_x, sc.render.resolution_y, sc.render.resolution_percentage = 32, 18, 100
sc.cycles.samples = 4
w = bpy.data.worlds.new("sky")
w.use_nodes = True
nt = w.node_tree
env = nt.nodes.new("ShaderNodeTexEnvironment")
env.image = bpy.data.images.load(hdr)
nt.links.new(env.outputs["Color"], nt.nodes["Background"].inputs["Color"])
sc.world = w
sc.rendergrid.engine = engine
bpy.ops.rendergrid.check()
if bpy.ops.rendergrid.submit() != {"FINISHED"}:
    print("RESULT " + json.dumps({"error": sc.rendergrid.status}))
    sys.exit(0)
first, job = sc.rendergrid.status, sc.rendergrid.job
again = ""
if engine == "BLENDER":
    sc.cycles.samples = 5
    bpy.ops.rendergrid.submit()
    again = sc.rendergrid.status
    sc.rendergrid.job = job
bpy.ops.rendergrid.wait(timeout=120)
sc.render.filepath = out + "/"
bpy.ops.rendergrid.fetch()
print("RESULT " + json.dumps({"job": sc.rendergrid.job, "status": sc.rendergrid.status, "first": first, "again": again}))
`

// zipAddon writes the add-on's zip, as `rendergrid blender addon` does.
func zipAddon(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "rendergrid_addon.zip")
	capture(t, "blender", "addon", "-o", path)
	return path
}

// TestBlenderAddon installs the add-on in headless Blender and submits
// Blender's default scene under an HDRI world to a real farm both ways:
// exported as glTF with the world's map as the job's environment, and as
// the packed .blend for Blender workers; each job finishes and the add-on
// fetches its two frames into the scene's output folder.
func TestBlenderAddon(t *testing.T) {
	b := blender(t)
	f := startFarm(t)
	f.StartWorker(t, nil)
	// Two Blender workers: a .blend job's proof is redundant, so some of its
	// frames need two renders that agree.
	for range 2 {
		f.StartWorker(t, func(c *worker.Config) { c.Blender = b })
	}
	addon := zipAddon(t)
	sky, err := scenes.SampleEnvBytes("sky")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	hdr := filepath.Join(dir, "sky.hdr")
	if err := os.WriteFile(hdr, sky, 0o644); err != nil {
		t.Fatal(err)
	}
	script := filepath.Join(dir, "submit.py")
	if err := os.WriteFile(script, []byte(addonScript), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, engine := range []string{"RENDERGRID", "BLENDER"} {
		t.Run(engine, func(t *testing.T) {
			out := t.TempDir()
			blend := ""
			if engine == "BLENDER" {
				blend = makeBlend(t, b, t.TempDir(), blendProject)
			}
			cmd := exec.Command(b.Path, "-b", "--factory-startup", "--python", script, "--", addon, f.Node.URL(), f.Artist, engine, hdr, out, blend)
			cmd.Env = append(os.Environ(), "BLENDER_USER_SCRIPTS="+t.TempDir(), "BLENDER_USER_CONFIG="+t.TempDir())
			log, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("blender: %v\n%s", err, log)
			}
			_, line, ok := strings.Cut(string(log), "RESULT ")
			if !ok {
				t.Fatalf("the script printed no result:\n%s", log)
			}
			var res struct{ Job, Status, Error, First, Again string }
			if err := json.Unmarshal([]byte(strings.SplitN(line, "\n", 2)[0]), &res); err != nil || res.Error != "" {
				t.Fatalf("the add-on: %v %q\n%s", err, res.Error, log)
			}
			j, err := f.Client(f.Artist).Job(t.Context(), res.Job)
			if err != nil {
				t.Fatal(err)
			}
			if j.State != "done" || j.Units != 2 {
				t.Fatalf("job %s from the add-on: %s, %d units (%s)", j.ID, j.State, j.Units, res.Status)
			}
			switch engine {
			case "RENDERGRID":
				if j.Spec.Env == "" || !strings.HasSuffix(j.Spec.SceneName, ".glb") {
					t.Errorf("the glTF job has env %q and scene %q; want the world's HDRI and a .glb", j.Spec.Env, j.Spec.SceneName)
				}
			case "BLENDER":
				if j.Spec.Engine != "blender" || j.Spec.Blender != b.Version {
					t.Errorf("the .blend job has engine %q, Blender %q; want blender %s", j.Spec.Engine, j.Spec.Blender, b.Version)
				}
				if j.Spec.Device() != "CPU" {
					t.Errorf("the .blend job renders on %s; the add-on's default is the CPU", j.Spec.Device())
				}
				checkBlendFolder(t, j.Spec, res.First, res.Again)
				checkProjectFrame(t, filepath.Join(out, "0001.png"))
			}
			files, _ := filepath.Glob(filepath.Join(out, "*.png"))
			if len(files) != 2 || !strings.Contains(res.Status, "fetched 2 files") {
				t.Errorf("fetched %v (%s); want the 2 frames", files, res.Status)
			}
		})
	}
}

// TestAddonCID checks the add-on's CIDs, computed in Blender's Python so
// that it uploads only what the farm lacks, against the farm's own import:
// an empty file, one leaf, a leaf and a byte, a full interior node of 174
// leaves and one past it (a second level), each the same CID.
func TestAddonCID(t *testing.T) {
	b := blender(t)
	dir := t.TempDir()
	rnd := rand.New(rand.NewPCG(1, 2))
	sizes := []int{0, 1, ipfs.ChunkSize, ipfs.ChunkSize + 1, 3*ipfs.ChunkSize + 77, ipfs.MaxLinks * ipfs.ChunkSize, ipfs.MaxLinks*ipfs.ChunkSize + 1}
	want := map[string]string{}
	py, err := filepath.Abs(filepath.Join("..", "..", "blender", "rendergrid_addon", "cid.py"))
	if err != nil {
		t.Fatal(err)
	}
	args := []string{"-b", "--factory-startup", "--python", py, "--"}
	for _, n := range sizes {
		data := make([]byte, n)
		for i := range data {
			data[i] = byte(rnd.Uint32())
		}
		p := filepath.Join(dir, fmt.Sprintf("f%d", n))
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		c, err := ipfs.Hash(t.Context(), bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		want[p] = c.String()
		args = append(args, p)
	}
	out, err := exec.Command(b.Path, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("blender: %v\n%s", err, out)
	}
	got := map[string]string{}
	for _, line := range strings.Split(string(out), "\n") {
		if f := strings.Fields(line); len(f) == 3 && f[0] == "CID" {
			got[f[2]] = f[1]
		}
	}
	for _, n := range sizes {
		p := filepath.Join(dir, fmt.Sprintf("f%d", n))
		if got[p] != want[p] {
			t.Errorf("%d bytes: the add-on says %q, the farm stores it as %s", n, got[p], want[p])
		}
	}
}

// checkBlendFolder checks the folder the add-on sent with a .blend: the
// .blend in project/shots, beside the HDRI, the mesh cache and the cloth's
// disk cache at their relative places; and that submitting again sent
// only the changed .blend, every other file being on the farm already.
func checkBlendFolder(t *testing.T, spec api.JobSpec, first, again string) {
	t.Helper()
	if spec.SceneName != "shot.blend" || !strings.HasSuffix(spec.SceneDir, "project/shots") {
		t.Errorf("the .blend is %q in %q; want shot.blend in .../project/shots", spec.SceneName, spec.SceneDir)
	}
	want := map[string]bool{"project/cache/floor.pc2": false, "sky.hdr": false, "project/textures/noise.png": false, "project/shots/blendcache_shot/": false, "project/assets/lib.blend": false}
	for _, f := range spec.Files {
		for w := range want {
			if strings.HasSuffix(f.Path, w) || strings.HasSuffix(w, "/") && strings.Contains(f.Path, w) {
				want[w] = true
			}
		}
	}
	for w, ok := range want {
		if !ok {
			t.Errorf("the job's folder %v lacks %s", spec.Files, w)
		}
	}
	var job string
	var sent1, had1, sent2, had2 int
	_, err1 := fmt.Sscanf(first, "submitted job %s (sent %d KiB, %d KiB on the farm already)", &job, &sent1, &had1)
	_, err2 := fmt.Sscanf(again, "submitted job %s (sent %d KiB, %d KiB on the farm already)", &job, &sent2, &had2)
	if err1 != nil || err2 != nil {
		t.Fatalf("the add-on said %q then %q", first, again)
	}
	t.Logf("first submit: %s; again: %s", first, again)
	if had2 < sent1+had1-sent2-4 || sent2 > sent1-400 {
		t.Errorf("the first submit sent %d KiB (%d on the farm); the second sent %d KiB (%d on the farm): want only the changed .blend sent again", sent1, had1, sent2, had2)
	}
}

// checkProjectFrame checks that a fetched frame of the project shows the
// red floor, whose shape only the mesh cache holds (without the cache on
// the worker the floor is a millimetre wide and no pixel is red), and the
// green ball that only the linked library holds.
func checkProjectFrame(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	red, green := 0, 0
	for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y++ {
		for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x++ {
			r, g, b, _ := img.At(x, y).RGBA()
			if r > 0x8000 && r > 3*g && r > 3*b {
				red++
			}
			if g > 0x8000 && g > 3*r && g > 3*b {
				green++
			}
		}
	}
	if red < 32 {
		t.Errorf("%s has %d red pixels: the worker did not read the mesh cache from the job's folder", path, red)
	}
	if green < 8 {
		t.Errorf("%s has %d green pixels: the worker did not read the linked library from the job's folder", path, green)
	}
}
