package coordinator

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"net/http"
	"os"
	"slices"
	"sync"
	"time"

	"github.com/ipfs/go-cid"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/coordinator/state"
	"github.com/rendergrid/rendergrid/ipfs"
)

// The stored-bytes quota. Every upload an artist makes (a scene, an
// environment map, images to upscale) is recorded in the replicated state
// under its root CID, at its size rounded up to uploadUnit, and the sum is
// held to Quota.Bytes. Sending the same content again costs nothing.
// `rendergrid uploads rm CID` removes a record no active job needs; once no
// record and no job in the state names the content, every coordinator
// unpins it from its own store and garbage-collects (reclaim).
//
// Workers' outputs are not counted: they are bounded by the frames quota
// and the per-upload limit, and belong to the job.

// handleStorage lists the caller's uploads.
func (n *Node) handleStorage(r *http.Request, p state.Principal) (int, any, *api.Error) {
	var out api.Storage
	n.fsm.Read(func(s *state.State) { out = s.Storage(p.User, n.cfg.Quota.Bytes) })
	return http.StatusOK, out, nil
}

// handleRemoveUpload removes one of the caller's upload records.
func (n *Node) handleRemoveUpload(r *http.Request, p state.Principal) (int, any, *api.Error) {
	var req api.UploadRef
	if err := decode(r, &req); err != nil {
		return 0, nil, err
	}
	res := n.propose(r.Context(), requestCommand(state.OpUnstore, r, p, req))
	if res.Err != nil {
		return 0, nil, res.Err
	}
	st := res.Value.(api.Storage)
	st.Limit = n.cfg.Quota.Bytes
	return http.StatusOK, st, nil
}

// handleRecordUpload is how the coordinator that took an upload has the
// leader record it: only peers may call it.
func (n *Node) handleRecordUpload(w http.ResponseWriter, r *http.Request) {
	if !n.isPeer(r) {
		writeError(w, forbidden("only coordinators record uploads"))
		return
	}
	if n.forward(w, r) {
		return
	}
	var b state.StoredBody
	if err := decode(r, &b); err != nil {
		writeError(w, err)
		return
	}
	b.Limit = n.cfg.Quota.Bytes
	res := n.propose(r.Context(), n.system(state.OpStored, b))
	if res.Err != nil {
		writeError(w, res.Err)
		return
	}
	writeJSON(w, http.StatusOK, res.Value)
}

// recordUpload has the leader record user's upload of root, directly when
// this node leads and through the leader's API otherwise.
func (n *Node) recordUpload(ctx context.Context, user, root string, size int64) *api.Error {
	b := state.StoredBody{User: user, CID: root, Bytes: size, Limit: n.cfg.Quota.Bytes}
	if n.IsLeader() {
		return n.propose(ctx, n.system(state.OpStored, b)).Err
	}
	body, _ := json.Marshal(b)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, n.url+"/api/v1/uploads/record", bytes.NewReader(body))
	if err != nil {
		return errorf(http.StatusInternalServerError, state.CodeInternal, "recording upload %s: %v", root, err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := n.content.PeerClient().Do(req)
	if err != nil {
		return unavailable("recording upload %s with the leader: %v; retry", root, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		var e api.Error
		if json.NewDecoder(resp.Body).Decode(&e) == nil && e.Message != "" {
			e.Status = resp.StatusCode
			return &e
		}
		return unavailable("recording upload %s with the leader: %s; retry", root, resp.Status)
	}
	return nil
}

// reclaimEvery is how often a coordinator looks for removed uploads to
// unpin.
const reclaimEvery = time.Minute

// reclaim runs on every coordinator: content whose upload records were all
// removed, and that no job in the state names, is unpinned from this node's
// store and garbage-collected. Tombstones stay droppedMS, so a node that
// was down meanwhile still catches up.
func (n *Node) reclaim(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		var drop []string
		n.fsm.Read(func(s *state.State) {
			for root := range s.Dropped {
				// What this node unpinned is no longer owned, so skipped.
				if !n.owned.has(root) || s.Recorded(root) || s.NamedByJob(root) {
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
			if err := n.store.Unpin(ctx, c); err != nil && !errors.Is(err, ipfs.ErrNotPinned) {
				fmt.Fprintf(n.cfg.Log, "coordinator %s: unpinning removed upload %s: %v (retrying later)\n", n.id, root, err)
				continue
			}
			n.owned.set(root, false)
			unpinned++
		}
		if unpinned > 0 {
			st, err := n.store.GC(ctx)
			if err != nil {
				fmt.Fprintf(n.cfg.Log, "coordinator %s: collecting removed uploads: %v\n", n.id, err)
				continue
			}
			fmt.Fprintf(n.cfg.Log, "coordinator %s: removed %d uploads: %d blocks, %d bytes freed\n", n.id, unpinned, st.Removed, st.RemovedBytes)
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
