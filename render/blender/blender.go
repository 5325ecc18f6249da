package blender

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/render/proof"
)

// Blender is a Blender binary that renders .blend jobs (engine "blender"),
// in a sandbox: factory settings, scripts in the file never run, no
// network (a fresh network namespace where unshare can make one), a
// scratch folder per job, and limits on time and memory.
type Blender struct {
	Path    string
	Version string // "3.4.1", as `blender --version` prints it
	// Devices are the Cycles devices it renders on: "CPU" and the GPU
	// backends it found (api.BlenderDevices), fastest first. A job pins
	// one (api.JobSpec.Device).
	Devices []string
	// Timeout bounds one render (default 1 h); MemoryBytes the address
	// space of the process (default 16 GiB); Threads its render threads
	// (0: all cores).
	Timeout     time.Duration
	MemoryBytes int64
	Threads     int
}

// Tolerance is how far a region a verifier re-renders may be from a
// worker's render of it and still match: 1/255 in a channel, in at most
// 1/32 of the pixels. On one machine no value differs at all (a region
// alone or in the whole frame, any thread count: TestRegionDeterminism);
// the margin is for the kernels Cycles picks per instruction set on other
// CPUs. A render at a quarter of the samples is off in 20-35% of pixels.
var Tolerance = proof.Config{Tolerance: 1, MaxMismatch: 1.0 / 32}

var blenderVersion = regexp.MustCompile(`Blender (\d+\.\d+(?:\.\d+)?)`)

// deviceProbe is the Python that lists the Cycles devices Blender can
// render on here: the CPU, and each GPU backend with a device.
const deviceProbe = `import bpy
p = bpy.context.preferences.addons["cycles"].preferences
found = ["CPU"]
for t in ("OPTIX", "CUDA", "HIP", "ONEAPI", "METAL"):
    try:
        devs = p.get_devices_for_type(t)
    except (TypeError, ValueError, AttributeError):
        continue
    if any(d.type == t for d in devs):
        found.append(t)
print("RENDERGRID_DEVICES " + ",".join(found))
`

// Find checks the Blender binary at path (or "blender" on PATH when
// path is empty or "auto") and returns it with its version and Cycles
// devices.
func Find(ctx context.Context, path string) (*Blender, error) {
	if path == "" || path == "auto" {
		path = "blender"
	}
	p, err := exec.LookPath(path)
	if err != nil {
		return nil, fmt.Errorf("no Blender at %q (%v): install it (apt-get install blender, as task deps:blender does) or give --blender PATH", path, err)
	}
	out, err := exec.CommandContext(ctx, p, "--version").Output()
	if err != nil {
		return nil, fmt.Errorf("running %s --version: %w", p, err)
	}
	m := blenderVersion.FindSubmatch(out)
	if m == nil {
		return nil, fmt.Errorf("%s --version printed no version: %q", p, firstLine(out))
	}
	pctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	probe, err := exec.CommandContext(pctx, p, "-b", "--factory-startup", "--python-expr", deviceProbe).CombinedOutput()
	_, list, ok := strings.Cut(string(probe), "RENDERGRID_DEVICES ")
	if err != nil || !ok {
		return nil, fmt.Errorf("asking %s for its Cycles devices: %v: %s", p, err, tail(probe, 400))
	}
	list, _, _ = strings.Cut(list, "\n")
	return &Blender{Path: p, Version: string(m[1]), Devices: strings.Split(strings.TrimSpace(list), ",")}, nil
}

// Only keeps the devices named in list (comma-separated, "auto": all
// found); the CPU is always kept. Naming one Blender lacks is an error.
func (b *Blender) Only(list string) error {
	if list == "" || list == "auto" {
		return nil
	}
	keep := []string{"CPU"}
	for _, d := range strings.Split(strings.ToUpper(list), ",") {
		d = strings.TrimSpace(d)
		switch {
		case d == "CPU" || slices.Contains(keep, d):
		case slices.Contains(b.Devices, d):
			keep = append(keep, d)
		default:
			return fmt.Errorf("Blender %s at %s has no %s device here (it found %s)", b.Version, b.Path, d, strings.Join(b.Devices, ", "))
		}
	}
	b.Devices = keep
	return nil
}

func firstLine(b []byte) string {
	s, _, _ := strings.Cut(string(b), "\n")
	return s
}

// Check says why b cannot render spec's units, or nil when it can: the
// job may pin another version, or a device b lacks.
func (b *Blender) Check(spec *api.JobSpec) error {
	if v := spec.Blender; v != "" && v != b.Version {
		return fmt.Errorf("the job pins Blender %s; this one is %s", v, b.Version)
	}
	device := spec.Device()
	if !slices.Contains(b.Devices, device) {
		return fmt.Errorf("the job renders on Cycles' %s device; this Blender has %s", device, strings.Join(b.Devices, ", "))
	}
	return nil
}

// script is the Python the worker runs inside Blender (its own, not
// the file's): it refuses a file whose scripts the sandbox blocked, sets
// the job's Cycles settings and border, and renders one frame to a PNG.
const script = `import bpy, sys
if bpy.app.autoexec_fail:
    print("RENDERGRID_AUTOEXEC_BLOCKED " + str(bpy.app.autoexec_fail_message))
    sys.stdout.flush()
    sys.exit(3)
a = sys.argv[sys.argv.index("--") + 1:]
out, frame, w, h, spp, seed = a[0], int(a[1]), int(a[2]), int(a[3]), int(a[4]), int(a[5])
x0, y0, x1, y1 = int(a[6]), int(a[7]), int(a[8]), int(a[9])
device = a[10]
sc = bpy.context.scene
sc.render.engine = "CYCLES"
sc.cycles.device = "CPU"
if device != "CPU":
    # Only that backend's GPUs, not the CPU beside them: one device class.
    prefs = bpy.context.preferences.addons["cycles"].preferences
    prefs.compute_device_type = device
    prefs.get_devices()
    for d in prefs.devices:
        d.use = d.type == device
    if not any(d.use for d in prefs.devices):
        # Cycles would fall back to the CPU: another device class.
        print("RENDERGRID_NO_DEVICE " + device)
        sys.stdout.flush()
        sys.exit(4)
    sc.cycles.device = "GPU"
sc.cycles.samples = spp
sc.cycles.seed = seed
sc.cycles.use_animated_seed = False
sc.cycles.use_adaptive_sampling = False
sc.cycles.use_denoising = False
sc.render.resolution_x, sc.render.resolution_y, sc.render.resolution_percentage = w, h, 100
sc.render.use_border, sc.render.use_crop_to_border = True, True
sc.render.border_min_x, sc.render.border_max_x = x0 / w, x1 / w
sc.render.border_min_y, sc.render.border_max_y = 1 - y1 / h, 1 - y0 / h
sc.render.dither_intensity = 0
sc.render.image_settings.file_format = "PNG"
sc.render.image_settings.color_mode = "RGBA"
sc.render.image_settings.color_depth = "8"
sc.render.filepath = out
for k in dir(sc.render):
    if k.startswith("use_stamp"):
        setattr(sc.render, k, False)
sc.frame_set(frame)
bpy.ops.render.render(write_still=True)
print("RENDERGRID_DONE")
`

// ErrScripts is the failure of a .blend that would run scripts when
// opened: the sandbox does not run them, and the farm does not render it.
var ErrScripts = errors.New("the .blend has scripts that run when it opens (auto-run), which the farm never runs; remove them (or their Register flag) and submit again")

// Opener opens the stored file under a CID.
type Opener func(ctx context.Context, id string) (io.ReadCloser, error)

// Limits of a job's folder: one file (a cache or texture), and the .blend.
const (
	MaxFileBytes  = 16 << 30
	MaxBlendBytes = 1 << 30
)

// Folder lays a .blend job's folder out under root as on the artist's
// disk: each of its files at its path, read through open, and the .blend
// at SceneDir/SceneName, whose path it returns. The paths are checked
// again here: nothing is written outside root.
func Folder(ctx context.Context, spec *api.JobSpec, root string, open Opener) (string, error) {
	put := func(rel, id string, limit int64) (string, error) {
		if err := api.CheckTreePath(rel); err != nil {
			return "", fmt.Errorf("the job's folder: %w", err)
		}
		dst := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
			return "", fmt.Errorf("writing the job's folder: %w", err)
		}
		rc, err := open(ctx, id)
		if err != nil {
			return "", fmt.Errorf("fetching %s (%s): %w", rel, id, err)
		}
		defer rc.Close()
		f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return "", fmt.Errorf("writing the job's folder: %w", err)
		}
		n, err := io.Copy(f, io.LimitReader(rc, limit+1))
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return "", fmt.Errorf("writing %s: %w", rel, err)
		}
		if n > limit {
			return "", fmt.Errorf("%s (%s) is over %d MiB", rel, id, limit>>20)
		}
		return dst, nil
	}
	for _, f := range spec.Files {
		if _, err := put(f.Path, f.CID, MaxFileBytes); err != nil {
			return "", err
		}
	}
	return put(path.Join(spec.SceneDir, spec.SceneName), spec.Scene, MaxBlendBytes)
}

// Render renders region [x0, y0, x1, y1) of frame frame of the .blend at
// blend (laid out by Folder) as spec sets it (size, samples, seed, Cycles
// device), with scratch for the script and the image; the region's pixels
// are those of the whole frame (dithering off). logf, when set, says what
// runs.
func (b *Blender) Render(ctx context.Context, blend, scratch string, spec *api.JobSpec, frame int, region [4]int, logf func(string, ...any)) (*image.NRGBA, error) {
	if err := b.Check(spec); err != nil {
		return nil, err
	}
	x0, y0, x1, y1 := region[0], region[1], region[2], region[3]
	if region == [4]int{} {
		x1, y1 = spec.Width, spec.Height
	}
	py, out := filepath.Join(scratch, "render.py"), filepath.Join(scratch, "region.png")
	os.Remove(out) // the last render's
	if err := os.WriteFile(py, []byte(script), 0o600); err != nil {
		return nil, fmt.Errorf("writing the render script: %w", err)
	}
	device := spec.Device()
	args := []string{"-b", "--factory-startup", "--disable-autoexec", blend, "--python", py}
	if b.Threads > 0 {
		args = append(args, "-t", strconv.Itoa(b.Threads))
	}
	args = append(args, "--", out, strconv.Itoa(frame), strconv.Itoa(spec.Width), strconv.Itoa(spec.Height),
		strconv.Itoa(spec.SPP), strconv.FormatUint(uint64(spec.Seed), 10),
		strconv.Itoa(x0), strconv.Itoa(y0), strconv.Itoa(x1), strconv.Itoa(y1), device)
	timeout := b.Timeout
	if timeout <= 0 {
		timeout = time.Hour
	}
	mem := b.MemoryBytes
	if mem <= 0 {
		mem = 16 << 30
	}
	rctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := sandboxed(rctx, b.Path, args, mem, scratch)
	if logf != nil {
		logf("rendering frame %d (%d,%d)-(%d,%d) with Blender %s (Cycles, %s): %dx%d, %d spp, seed %d", frame, x0, y0, x1, y1, b.Version, device, spec.Width, spec.Height, spec.SPP, spec.Seed)
	}
	log, err := cmd.CombinedOutput()
	switch {
	case bytes.Contains(log, []byte("RENDERGRID_AUTOEXEC_BLOCKED")):
		return nil, ErrScripts
	case bytes.Contains(log, []byte("RENDERGRID_NO_DEVICE")):
		return nil, fmt.Errorf("Blender found no %s device to render on (it did when it started): check the GPU and its driver", device)
	case rctx.Err() == context.DeadlineExceeded:
		return nil, fmt.Errorf("Blender ran past the %s limit for one render", timeout)
	case err != nil || !bytes.Contains(log, []byte("RENDERGRID_DONE")):
		return nil, fmt.Errorf("Blender failed (%v): %s", err, tail(log, 600))
	}
	data, err := os.ReadFile(out)
	if err != nil {
		return nil, fmt.Errorf("Blender wrote no image: %w", err)
	}
	pic, err := png.Decode(bytes.NewReader(data))
	if err != nil || pic.Bounds().Dx() != x1-x0 || pic.Bounds().Dy() != y1-y0 {
		return nil, fmt.Errorf("Blender's image is not the %dx%d PNG asked for (%v)", x1-x0, y1-y0, err)
	}
	if n, ok := pic.(*image.NRGBA); ok && n.Rect.Min == (image.Point{}) {
		return n, nil // as Blender wrote it: 8-bit RGBA, not premultiplied
	}
	img := image.NewNRGBA(image.Rect(0, 0, x1-x0, y1-y0))
	draw.Draw(img, img.Rect, pic, pic.Bounds().Min, draw.Src)
	return img, nil
}

// sandboxed is the command that runs Blender with args in dir: in a new
// user and network namespace (no network) where unshare can make one,
// under an address-space limit, with an environment of its own.
func sandboxed(ctx context.Context, blender string, args []string, mem int64, dir string) *exec.Cmd {
	inner := append([]string{"--as=" + strconv.FormatInt(mem, 10), "--", blender}, args...)
	var cmd *exec.Cmd
	if canUnshare() {
		cmd = exec.CommandContext(ctx, "unshare", append([]string{"--net", "--map-root-user", "prlimit"}, inner...)...)
	} else {
		cmd = exec.CommandContext(ctx, "prlimit", inner...)
	}
	cmd.Dir = dir
	cmd.Env = []string{"PATH=/usr/local/bin:/usr/bin:/bin", "HOME=" + dir, "TMPDIR=" + dir, "LANG=C.UTF-8"}
	return cmd
}

// canUnshare reports whether this machine lets the worker make a network
// namespace for Blender (user namespaces allowed, unshare installed); it
// is asked once.
var canUnshare = sync.OnceValue(func() bool {
	return exec.Command("unshare", "--net", "--map-root-user", "true").Run() == nil
})

func tail(b []byte, n int) string {
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return strings.TrimSpace(string(b))
}
