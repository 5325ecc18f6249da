package verifier

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/ipfs"
	"github.com/rendergrid/rendergrid/render/blender"
	"github.com/rendergrid/rendergrid/render/proof"
)

// Re-rendering .blend units.
const (
	// BlendRegion is the side of the square region of a unit that the
	// verifier re-renders (smaller units: all of it).
	BlendRegion = 16
	// blendFolders is how many jobs' folders stay laid out on disk.
	blendFolders = 2
)

// UseBlender lets the verifier check .blend units by re-rendering a random
// BlendRegion-pixel square of each with b, laying job folders out under
// dir. Without it, .blend jobs are checked only by redundant renders.
func (v *Verifier) UseBlender(b *blender.Blender, dir string) {
	v.blender, v.blendDir = b, dir
}

// Blender is the Blender the verifier re-renders .blend units with; nil
// without one.
func (v *Verifier) Blender() *blender.Blender { return v.blender }

// blendCheck re-renders a random square of unit u of a .blend job with the
// coordinator's Blender and compares it with the worker's output, img,
// within the farm's pixel tolerance: the square's pixels are those of the
// whole frame (Cycles, same version, seed and device class; dithering
// off), so the tolerance is blender.Tolerance, tighter than the farm's.
// The renders run one at a time: each uses every core.
func (v *Verifier) blendCheck(ctx context.Context, spec *api.JobSpec, u api.Unit, img *image.NRGBA, rnd *rand.Rand) error {
	if err := v.canRerender(spec); err != nil {
		return err
	}
	b := v.blender
	v.blendMu.Lock()
	defer v.blendMu.Unlock()
	blend, err := v.blendFolder(ctx, spec)
	if err != nil {
		return err
	}
	ux, uy := 0, 0
	if r := spec.TileRegion(u.Tile); r != [4]int{} {
		ux, uy = r[0], r[1]
	}
	w, h := min(BlendRegion, img.Rect.Dx()), min(BlendRegion, img.Rect.Dy())
	x, y := rnd.IntN(img.Rect.Dx()-w+1), rnd.IntN(img.Rect.Dy()-h+1)
	scratch := filepath.Join(v.blendDir, "scratch")
	if err := os.MkdirAll(scratch, 0o700); err != nil {
		return fmt.Errorf("making the verifier's scratch folder: %w", err)
	}
	ref, err := b.Render(ctx, blend, scratch, spec, u.Frame, [4]int{ux + x, uy + y, ux + x + w, uy + y + h}, nil)
	if err != nil {
		return fmt.Errorf("re-rendering a region: %w", err)
	}
	got := img.SubImage(image.Rect(x, y, x+w, y+h).Add(img.Rect.Min)).(*image.NRGBA)
	if err := proof.Compare(ref, got, blender.Tolerance); err != nil {
		return fmt.Errorf("pixels (%d,%d)-(%d,%d) of frame %d, re-rendered by the coordinator's Blender %s: %w", ux+x, uy+y, ux+x+w, uy+y+h, u.Frame, b.Version, err)
	}
	return nil
}

// canRerender says why this coordinator cannot re-render regions of the
// .blend job's units, or nil when it can: it needs Blender, and the job
// must pin that Blender's version and render on a device it has.
func (v *Verifier) canRerender(spec *api.JobSpec) error {
	if v.blender == nil {
		return fmt.Errorf("this coordinator has no Blender to re-render a region of a .blend unit: start every coordinator with --blender")
	}
	if spec.Blender == "" {
		return fmt.Errorf("the .blend job pins no Blender version, so its renders cannot be compared with this coordinator's")
	}
	if err := v.blender.Check(spec); err != nil {
		return fmt.Errorf("this coordinator's Blender cannot re-render the job: %w", err)
	}
	return nil
}

// blendFolder lays the job's folder out under the verifier's directory,
// once per job (the last blendFolders are kept), and returns the .blend's
// path. Called with blendMu held.
func (v *Verifier) blendFolder(ctx context.Context, spec *api.JobSpec) (string, error) {
	sum := sha256.Sum256([]byte(spec.Scene + "\x00" + spec.SceneName + "\x00" + spec.Output()))
	key := hex.EncodeToString(sum[:12])
	if blend, ok := v.blends[key]; ok {
		return blend, nil
	}
	dir := filepath.Join(v.blendDir, key)
	os.RemoveAll(dir) // a folder half laid out before a restart
	open := func(ctx context.Context, id string) (io.ReadCloser, error) {
		c, err := ipfs.ParseCID(id)
		if err != nil {
			return nil, err
		}
		if err := v.files.Ensure(ctx, c); err != nil {
			return nil, fmt.Errorf("%s is not stored on the coordinator: %w", c, err)
		}
		return v.files.Open(ctx, c)
	}
	blend, err := blender.Folder(ctx, spec, dir, open)
	if err != nil {
		os.RemoveAll(dir)
		return "", fmt.Errorf("laying out the .blend's folder to re-render it: %w", err)
	}
	if v.blends == nil {
		v.blends = map[string]string{}
	}
	v.blends[key] = blend
	v.blendOrder = append(v.blendOrder, key)
	for len(v.blendOrder) > blendFolders {
		old := v.blendOrder[0]
		v.blendOrder = v.blendOrder[1:]
		delete(v.blends, old)
		os.RemoveAll(filepath.Join(v.blendDir, old))
	}
	return blend, nil
}
