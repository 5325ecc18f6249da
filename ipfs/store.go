package ipfs

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"

	"github.com/ipfs/boxo/blockservice"
	"github.com/ipfs/boxo/blockstore"
	dag "github.com/ipfs/boxo/ipld/merkledag"
	pin "github.com/ipfs/boxo/pinning/pinner"
	"github.com/ipfs/boxo/pinning/pinner/dspinner"
	blocks "github.com/ipfs/go-block-format"
	"github.com/ipfs/go-cid"
	flatfs "github.com/ipfs/go-ds-flatfs"
	leveldb "github.com/ipfs/go-ds-leveldb"
	ipld "github.com/ipfs/go-ipld-format"
)

// DefaultMaxUpload is the largest single add a Store accepts unless
// Options.MaxUpload says otherwise: 4 GiB.
const DefaultMaxUpload = 4 << 30

var (
	// ErrNotFound is wrapped by errors for CIDs the store does not hold.
	ErrNotFound = errors.New("not in the store")
	// ErrDiskFull is wrapped by errors from writes that ran out of disk.
	ErrDiskFull = errors.New("the disk under the store is full")
	// ErrNotPinned is wrapped by Unpin's error for a CID that has no pin.
	ErrNotPinned = errors.New("it is not pinned")
)

// QuotaError reports an upload larger than the store accepts.
type QuotaError struct{ Limit int64 }

func (e *QuotaError) Error() string {
	return fmt.Sprintf("upload is larger than the store's limit of %d bytes; raise the limit (--ipfs-max-upload) or upload a smaller file", e.Limit)
}

// Options configures Open.
type Options struct {
	// NoSync skips fsync after each block write. Faster, and a crash may
	// lose recent blocks; leave it off outside tests and benchmarks.
	NoSync bool
	// MaxUpload is the largest single add in bytes; 0 means
	// DefaultMaxUpload.
	MaxUpload int64
}

// Store is the embedded content store: a flatfs blockstore under
// DIR/blocks (write-through, the layout Kubo uses) and pins in a LevelDB
// datastore under DIR/pins. It is safe for concurrent use.
type Store struct {
	dir       string
	blocksDS  *flatfs.Datastore
	pinsDS    *leveldb.Datastore
	bs        blockstore.GCBlockstore
	dag       ipld.DAGService
	pins      pin.Pinner
	maxUpload int64
}

// Open opens the store under dir, creating it if needed.
func Open(ctx context.Context, dir string, opts Options) (*Store, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create store directory: %w", err)
	}
	bds, err := flatfs.CreateOrOpen(filepath.Join(dir, "blocks"), flatfs.NextToLast(2), !opts.NoSync)
	if err != nil {
		return nil, fmt.Errorf("open blockstore in %s: %w", dir, err)
	}
	pds, err := leveldb.NewDatastore(filepath.Join(dir, "pins"), nil)
	if err != nil {
		bds.Close()
		return nil, fmt.Errorf("open pin datastore in %s: %w", dir, err)
	}
	bs := blockstore.NewGCBlockstore(
		blockstore.NewBlockstore(bds, blockstore.NoPrefix(), blockstore.WriteThrough(true)),
		blockstore.NewGCLocker())
	dserv := dag.NewDAGService(blockservice.New(bs, nil, blockservice.WriteThrough(true)))
	pins, err := dspinner.New(ctx, pds, dserv)
	if err != nil {
		bds.Close()
		pds.Close()
		return nil, fmt.Errorf("load pins in %s: %w", dir, err)
	}
	s := &Store{dir: dir, blocksDS: bds, pinsDS: pds, bs: bs, dag: dserv, pins: pins, maxUpload: opts.MaxUpload}
	if s.maxUpload <= 0 {
		s.maxUpload = DefaultMaxUpload
	}
	return s, nil
}

// Close flushes and closes the store.
func (s *Store) Close() error {
	return errors.Join(s.pins.Close(), s.pinsDS.Close(), s.blocksDS.Close())
}

// Dir is the directory the store lives in.
func (s *Store) Dir() string { return s.dir }

// Blockstore is the store's blockstore, for the gateway and bitswap.
func (s *Store) Blockstore() blockstore.Blockstore { return s.bs }

// Add imports r as a UnixFS file, pins it and returns its CID. An add that
// fails (too large, disk full, cancelled) pins nothing; the blocks it wrote
// are unreferenced and the next GC removes them.
func (s *Store) Add(ctx context.Context, r io.Reader) (cid.Cid, error) {
	defer s.bs.PinLock(ctx).Unlock(ctx)
	lr := &limitedReader{r: r, left: s.maxUpload, limit: s.maxUpload}
	batch := ipld.NewBufferedDAG(ctx, s.dag)
	root, err := importFile(ctx, lr, batch)
	if err == nil {
		err = batch.Commit()
	}
	if err != nil {
		return cid.Undef, s.writeError("add", err)
	}
	// The whole DAG was just written, so pin without walking it again.
	if err := s.pins.PinWithMode(ctx, root.Cid(), pin.Recursive, ""); err != nil {
		return cid.Undef, s.writeError("pin", err)
	}
	return root.Cid(), nil
}

// writeError words a failed write for the user.
func (s *Store) writeError(op string, err error) error {
	var qe *QuotaError
	switch {
	case errors.As(err, &qe):
		return err
	case errors.Is(err, syscall.ENOSPC):
		return fmt.Errorf("%s: %w (%s): free space there or run `rendergrid ipfs gc`: %w", op, ErrDiskFull, s.dir, err)
	}
	return fmt.Errorf("%s: %w", op, err)
}

// limitedReader fails with a *QuotaError once more than limit bytes are
// read.
type limitedReader struct {
	r           io.Reader
	left, limit int64
}

func (l *limitedReader) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	l.left -= int64(n)
	if l.left < 0 {
		return n, &QuotaError{Limit: l.limit}
	}
	return n, err
}

// rawBlock implements blockSource over the local blockstore.
func (s *Store) rawBlock(ctx context.Context, c cid.Cid) ([]byte, error) {
	b, err := s.bs.Get(ctx, c)
	if ipld.IsNotFound(err) {
		return nil, fmt.Errorf("block %s is %w in %s", c, ErrNotFound, s.dir)
	}
	if err != nil {
		return nil, fmt.Errorf("read block %s: %w", c, err)
	}
	return b.RawData(), nil
}

func (s *Store) describe() string { return "the store in " + s.dir }

// Get returns a reader of the file under c. Every block is checked against
// its CID as it is read, so a block corrupted on disk fails the read with
// a *MismatchError.
func (s *Store) Get(ctx context.Context, c cid.Cid) (io.ReadCloser, error) {
	return openFile(ctx, s, c)
}

// Has reports whether the block under c is in the store.
func (s *Store) Has(ctx context.Context, c cid.Cid) (bool, error) {
	if err := checkCID(c); err != nil {
		return false, err
	}
	return s.bs.Has(ctx, c)
}

// Pin pins the DAG under c recursively; every block of it must be here.
func (s *Store) Pin(ctx context.Context, c cid.Cid) error {
	defer s.bs.PinLock(ctx).Unlock(ctx)
	return s.pinLocked(ctx, c)
}

// pinLocked pins c recursively; the caller holds the pin lock. The pinner
// walks the DAG and fails if a block is missing.
func (s *Store) pinLocked(ctx context.Context, c cid.Cid) error {
	n, err := verifiedNodes{s}.Get(ctx, c)
	if err != nil {
		return err
	}
	if err := s.pins.Pin(ctx, n, true, ""); err != nil {
		return fmt.Errorf("pin %s: %w", c, err)
	}
	return nil
}

// Unpin removes the recursive pin of c; its blocks go at the next GC
// unless another pin reaches them.
func (s *Store) Unpin(ctx context.Context, c cid.Cid) error {
	if err := s.pins.Unpin(ctx, c, true); err != nil {
		if errors.Is(err, pin.ErrNotPinned) {
			return fmt.Errorf("unpin %s: %w", c, ErrNotPinned)
		}
		return fmt.Errorf("unpin %s: %w", c, err)
	}
	return nil
}

// Pins lists the recursively pinned roots.
func (s *Store) Pins(ctx context.Context) ([]cid.Cid, error) {
	var out []cid.Cid
	for p := range s.pins.RecursiveKeys(ctx, false) {
		if p.Err != nil {
			return nil, fmt.Errorf("list pins: %w", p.Err)
		}
		out = append(out, p.Pin.Key)
	}
	return out, nil
}

// GCStats is what a garbage collection removed and kept.
type GCStats struct {
	Removed, Kept           int
	RemovedBytes, KeptBytes int64
}

// GC deletes every block no pin reaches. Adds and pins wait while it runs.
func (s *Store) GC(ctx context.Context) (GCStats, error) {
	defer s.bs.GCLock(ctx).Unlock(ctx)
	var st GCStats
	// The blockstore keys blocks by multihash and lists them as raw CIDs,
	// so liveness is decided by multihash, not by whole CID.
	live := cid.NewSet()
	mark := func(c cid.Cid, recursive bool) error {
		if !recursive {
			live.Add(cid.NewCidV1(cid.Raw, c.Hash()))
			return nil
		}
		return s.links(ctx, c, live)
	}
	for _, keys := range []struct {
		ch        <-chan pin.StreamedPin
		recursive bool
	}{{s.pins.RecursiveKeys(ctx, false), true}, {s.pins.DirectKeys(ctx, false), false}} {
		for p := range keys.ch {
			if p.Err != nil {
				return st, fmt.Errorf("gc: list pins: %w", p.Err)
			}
			if err := mark(p.Pin.Key, keys.recursive); err != nil {
				return st, fmt.Errorf("gc: pinned DAG %s is incomplete, nothing was removed: %w", p.Pin.Key, err)
			}
		}
	}
	all, err := s.bs.AllKeysChan(ctx)
	if err != nil {
		return st, fmt.Errorf("gc: list blocks: %w", err)
	}
	for c := range all {
		size, err := s.bs.GetSize(ctx, c)
		if err != nil {
			return st, fmt.Errorf("gc: size of %s: %w", c, err)
		}
		if live.Has(cid.NewCidV1(cid.Raw, c.Hash())) {
			st.Kept++
			st.KeptBytes += int64(size)
			continue
		}
		if err := s.bs.DeleteBlock(ctx, c); err != nil {
			return st, fmt.Errorf("gc: delete %s: %w", c, err)
		}
		st.Removed++
		st.RemovedBytes += int64(size)
	}
	return st, ctx.Err()
}

// links adds c and every CID below it to set, each as a raw CIDv1 of its
// multihash (the blockstore's key), reading blocks without hashing them
// (GC needs the links, not proof of content).
func (s *Store) links(ctx context.Context, c cid.Cid, set *cid.Set) error {
	if !set.Visit(cid.NewCidV1(cid.Raw, c.Hash())) {
		return nil
	}
	if c.Prefix().Codec == cid.Raw {
		return nil
	}
	b, err := s.bs.Get(ctx, c)
	if err != nil {
		return fmt.Errorf("read %s: %w", c, err)
	}
	n, err := decodeBlock(b)
	if err != nil {
		return err
	}
	for _, l := range n.Links() {
		if err := s.links(ctx, l.Cid, set); err != nil {
			return err
		}
	}
	return nil
}

// ExportCAR writes the DAG under c to w as a CARv1 with c as its root, in
// depth-first order, verifying each block as it goes.
func (s *Store) ExportCAR(ctx context.Context, c cid.Cid, w io.Writer) error {
	cw, err := newCARWriter(w, c)
	if err != nil {
		return err
	}
	if err := walkDAG(ctx, s, c, cw.put); err != nil {
		return err
	}
	return cw.flush()
}

// ExportCARs writes one CARv1 holding the DAGs of several roots (each
// block once), the roots in the header in the order given.
func (s *Store) ExportCARs(ctx context.Context, roots []cid.Cid, w io.Writer) error {
	cw, err := newCARWriter(w, roots...)
	if err != nil {
		return err
	}
	seen := cid.NewSet()
	for _, c := range roots {
		err := walkDAG(ctx, s, c, func(b blocks.Block) error {
			if !seen.Visit(b.Cid()) {
				return nil
			}
			return cw.put(b)
		})
		if err != nil {
			return err
		}
	}
	return cw.flush()
}

// ImportCAR reads a CAR from r, checks every block against its CID, stores
// the blocks and pins every root, each of which must be complete. source
// names r in errors. Nothing is pinned if any block fails.
func (s *Store) ImportCAR(ctx context.Context, r io.Reader, source string) ([]cid.Cid, error) {
	return s.importCAR(ctx, r, source, cid.Undef)
}

// importCAR is ImportCAR; when want is defined, the CAR's only root must be
// want.
func (s *Store) importCAR(ctx context.Context, r io.Reader, source string, want cid.Cid) ([]cid.Cid, error) {
	defer s.bs.PinLock(ctx).Unlock(ctx)
	var batch []blocks.Block
	var size int
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		err := s.bs.PutMany(ctx, batch)
		batch, size = batch[:0], 0
		if err != nil {
			return s.writeError("import CAR", err)
		}
		return nil
	}
	var total int64
	roots, err := readCAR(r, source, func(b blocks.Block) error {
		total += int64(len(b.RawData()))
		if total > s.maxUpload {
			return &QuotaError{Limit: s.maxUpload}
		}
		batch = append(batch, b)
		size += len(b.RawData())
		if size >= 8<<20 {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		return nil, err
	}
	if want.Defined() && (len(roots) != 1 || !roots[0].Equals(want)) {
		return nil, fmt.Errorf("CAR from %s is rooted at %v, not %s: nothing was pinned", source, roots, want)
	}
	for _, root := range roots {
		if err := s.complete(ctx, root); err != nil {
			return nil, fmt.Errorf("CAR from %s is incomplete, nothing was pinned: %w", source, err)
		}
	}
	for _, root := range roots {
		if err := s.pinLocked(ctx, root); err != nil {
			return nil, fmt.Errorf("CAR from %s: %w", source, err)
		}
	}
	return roots, nil
}

// complete fails unless every block of the DAG under c is in the store.
func (s *Store) complete(ctx context.Context, c cid.Cid) error {
	set := cid.NewSet()
	if err := s.links(ctx, c, set); err != nil {
		return err
	}
	return set.ForEach(func(k cid.Cid) error {
		has, err := s.bs.Has(ctx, k)
		if err != nil {
			return err
		}
		if !has {
			return fmt.Errorf("block %s is missing", k)
		}
		return nil
	})
}

// isPinned reports whether c is pinned recursively.
func (s *Store) isPinned(ctx context.Context, c cid.Cid) (bool, error) {
	_, ok, err := s.pins.IsPinnedWithType(ctx, c, pin.Recursive)
	if err != nil {
		return false, fmt.Errorf("check pin of %s: %w", c, err)
	}
	return ok, nil
}
