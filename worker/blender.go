package worker

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"time"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/render"
	"github.com/rendergrid/rendergrid/render/blender"
)

// EngineBlender is the engine name of .blend jobs.
const EngineBlender = api.EngineBlender

// blenderProducer renders the units of a .blend job with Blender. The
// job's folder is laid out once, in the lease's scratch folder, which
// cleanup removes.
func (w *Worker) blenderProducer(ctx context.Context, l *api.Lease) (producer, func(), error) {
	b := w.cfg.Blender
	if b == nil {
		return nil, nil, fmt.Errorf("this worker has no Blender (start it with --blender)")
	}
	if err := b.Check(&l.Spec); err != nil {
		return nil, nil, err
	}
	scratch, err := os.MkdirTemp(w.cfg.DataDir, fmt.Sprintf("blend-lease%d-", l.ID))
	if err != nil {
		return nil, nil, fmt.Errorf("making the lease's scratch folder: %w", err)
	}
	cleanup := func() { os.RemoveAll(scratch) }
	blend, err := blender.Folder(ctx, &l.Spec, filepath.Join(scratch, "job"), w.open)
	if err != nil {
		cleanup()
		return nil, nil, err
	}
	return func(ctx context.Context, u api.Unit, progress func(float64), logf func(string, ...any)) (output, error) {
		sp, fr := &l.Spec, u.Frame
		if w.cfg.Tamper != nil {
			lie := l.Spec
			s := render.Settings{SPP: lie.SPP}
			fr = w.cfg.Tamper.Frame(fr)
			w.cfg.Tamper.Render(&s)
			lie.SPP, sp = s.SPP, &lie
		}
		start := time.Now()
		pic, err := b.Render(ctx, blend, scratch, sp, fr, sp.TileRegion(u.Tile), logf)
		if err != nil {
			return output{}, err
		}
		took := time.Since(start)
		// Re-encoded without Blender's text chunks (render time, date): the
		// pixels of a frame are the same on every worker of the version
		// (measured across thread counts), and so are the bytes and the CID.
		var buf bytes.Buffer
		if err := png.Encode(&buf, pic); err != nil {
			return output{}, fmt.Errorf("encoding the frame: %w", err)
		}
		progress(1)
		logf("rendered in %.2fs with Blender %s", took.Seconds(), b.Version)
		samples := uint64(pic.Rect.Dx()) * uint64(pic.Rect.Dy()) * uint64(l.Spec.SPP)
		return output{data: buf.Bytes(), samples: samples, took: took, engine: EngineBlender}, nil
	}, cleanup, nil
}
