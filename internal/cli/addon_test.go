package cli

import (
	"archive/zip"
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rendergrid/rendergrid/scenes"
	"github.com/rendergrid/rendergrid/worker"
)

// addonScript runs in headless Blender: it installs the add-on from its
// zip, points it at the farm, sets up the default scene (frames 1-2,
// 32x18, 4 samples, a world lit by an HDRI), checks, submits with the
// engine asked, waits and fetches, and prints what happened.
const addonScript = `import bpy, sys, json
a = sys.argv[sys.argv.index("--") + 1:]
zipfile, url, token, engine, hdr, out = a
bpy.ops.preferences.addon_install(filepath=zipfile)
bpy.ops.preferences.addon_enable(module="rendergrid_addon")
p = bpy.context.preferences.addons["rendergrid_addon"].preferences
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
bpy.ops.rendergrid.wait(timeout=120)
sc.render.filepath = out + "/"
bpy.ops.rendergrid.fetch()
print("RESULT " + json.dumps({"job": sc.rendergrid.job, "status": sc.rendergrid.status}))
`

// zipAddon packs blender/rendergrid_addon as Blender installs add-ons.
func zipAddon(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "rendergrid_addon.zip")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	root := filepath.Join("..", "..", "blender")
	err = filepath.WalkDir(filepath.Join(root, "rendergrid_addon"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.Contains(p, "__pycache__") {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		w, err := zw.Create(filepath.ToSlash(rel))
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		_, err = w.Write(data)
		return err
	})
	if err == nil {
		err = zw.Close()
	}
	if err == nil {
		err = f.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
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
			cmd := exec.Command(b.Path, "-b", "--factory-startup", "--python", script, "--", addon, f.Node.URL(), f.Artist, engine, hdr, out)
			cmd.Env = append(os.Environ(), "BLENDER_USER_SCRIPTS="+t.TempDir(), "BLENDER_USER_CONFIG="+t.TempDir())
			log, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("blender: %v\n%s", err, log)
			}
			_, line, ok := strings.Cut(string(log), "RESULT ")
			if !ok {
				t.Fatalf("the script printed no result:\n%s", log)
			}
			var res struct{ Job, Status, Error string }
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
			}
			files, _ := filepath.Glob(filepath.Join(out, "*.png"))
			if len(files) != 2 || !strings.Contains(res.Status, "fetched 2 files") {
				t.Errorf("fetched %v (%s); want the 2 frames", files, res.Status)
			}
		})
	}
}
