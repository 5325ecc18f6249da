package content

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"slices"
	"sync"
	"time"

	"github.com/ipfs/go-cid"
	"github.com/rendergrid/rendergrid/coordinator/state"
	"github.com/rendergrid/rendergrid/ipfs"
)

// ReclaimEvery is how often a coordinator looks for removed uploads to
// unpin.
const ReclaimEvery = time.Minute

// Reclaim runs on every coordinator: content whose upload records were all
// removed, and that no job in the state names, is unpinned from this node's
// store and garbage-collected. Tombstones stay droppedMS, so a node that
// was down meanwhile still catches up.
func (ct *Content) Reclaim(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		var drop []string
		ct.fsm.Read(func(s *state.State) {
			for root := range s.Dropped {
				// What this node unpinned is no longer owned, so skipped.
				if !ct.owned.has(root) || s.Recorded(root) || s.NamedByJob(root) {
					continue
				}
				drop = append(drop, root)
			}
		})
		slices.Sort(drop)
		unpinned := 0
		for _, root := range drop {
			c, err := cid.Decode(root) // store checked it
			if err != nil {
				continue
			}
			if err := ct.store.Unpin(ctx, c); err != nil && !errors.Is(err, ipfs.ErrNotPinned) {
				fmt.Fprintf(ct.cfg.Log, "coordinator %s: unpinning removed upload %s: %v (retrying later)\n", ct.cfg.ID, root, err)
				continue
			}
			ct.owned.set(root, false)
			unpinned++
		}
		if unpinned > 0 {
			st, err := ct.store.GC(ctx)
			if err != nil {
				fmt.Fprintf(ct.cfg.Log, "coordinator %s: collecting removed uploads: %v\n", ct.cfg.ID, err)
				continue
			}
			fmt.Fprintf(ct.cfg.Log, "coordinator %s: removed %d uploads: %d blocks, %d bytes freed\n", ct.cfg.ID, unpinned, st.Removed, st.RemovedBytes)
		}
	}
}

// uploadOwned is the set of roots this node's store holds only because
// artists uploaded them: an upload whose root was not here before, and
// that no worker or operator has sent since. Only these are ever unpinned
// when their records go, so content that is also a job's output (which
// archived jobs keep pointing at) is never lost to an artist who uploads
// the same bytes and removes them. It is node-local, kept in a file.
type uploadOwned struct {
	mu    sync.Mutex
	path  string
	roots map[string]bool
}

func loadUploadOwned(path string) (*uploadOwned, error) {
	o := &uploadOwned{path: path, roots: map[string]bool{}}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return o, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	var roots []string
	if err := json.Unmarshal(b, &roots); err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	for _, r := range roots {
		o.roots[r] = true
	}
	return o, nil
}

func (o *uploadOwned) has(root string) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.roots[root]
}

// set adds root to the set or removes it, and writes the set out.
func (o *uploadOwned) set(root string, owned bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.roots[root] == owned {
		return
	}
	if owned {
		o.roots[root] = true
	} else {
		delete(o.roots, root)
	}
	b, _ := json.Marshal(slices.Sorted(maps.Keys(o.roots)))
	tmp := o.path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o600); err == nil {
		os.Rename(tmp, o.path)
	}
}

// SetOwned records whether root is in the store only because an artist
// uploaded it (see uploadOwned).
func (ct *Content) SetOwned(root string, owned bool) { ct.owned.set(root, owned) }
