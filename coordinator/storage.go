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
	"sort"
	"sync"
	"time"

	"github.com/ipfs/go-cid"

	"github.com/rendergrid/rendergrid/api"
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

// uploadUnit is what the smallest upload counts as; it also bounds how many
// records one artist can make (Quota.Bytes / uploadUnit).
const uploadUnit = 1 << 20

// droppedMS is how long a removed upload's tombstone stays in the state for
// coordinators that were down to catch up with.
const droppedMS = int64(DefaultRetain / time.Millisecond)

// stored is one recorded upload.
type stored struct {
	Bytes int64 `json:"bytes"`
	At    int64 `json:"at"`
}

// storedBody records an upload of User's; Limit is the leader's
// Quota.Bytes, checked in apply so that uploads racing each other cannot
// all slip under it.
type storedBody struct {
	User  string `json:"user"`
	CID   string `json:"cid"`
	Bytes int64  `json:"bytes"`
	Limit int64  `json:"limit,omitempty"`
}

// charge is what an upload of size bytes counts.
func charge(size int64) int64 {
	return (max(size, 1) + uploadUnit - 1) / uploadUnit * uploadUnit
}

// storedBy is what user's uploads count now.
func (s *state) storedBy(user string) int64 {
	var n int64
	for _, u := range s.Uploads[user] {
		n += u.Bytes
	}
	return n
}

// checkStored refuses an upload that would take user over limit (429),
// unless the content is already counted for them.
func (s *state) checkStored(user, root string, size, limit int64) *api.Error {
	if _, ok := s.Uploads[user][root]; ok || limit <= 0 {
		return nil
	}
	if used := s.storedBy(user); used+size > limit {
		return tooMany("%s's uploads hold %d bytes and this one adds %d, over the %d one user may store (the operator's --quota-bytes); "+
			"remove uploads no job needs with `rendergrid uploads rm CID` (see `rendergrid uploads ls`)", user, used, size, limit)
	}
	return nil
}

// store records an upload, within the quota.
func (s *state) store(c *command, b storedBody) result {
	if c.Role != api.RoleAdmin {
		return result{Err: forbidden("only a coordinator records uploads")}
	}
	if _, err := cid.Decode(b.CID); err != nil || b.User == "" || b.Bytes <= 0 {
		return result{Err: badRequest("stored: user %q, CID %q, %d bytes is not an upload record", b.User, b.CID, b.Bytes)}
	}
	if err := s.checkStored(b.User, b.CID, b.Bytes, b.Limit); err != nil {
		return result{Err: err}
	}
	m := s.Uploads[b.User]
	if m == nil {
		m = map[string]stored{}
		s.Uploads[b.User] = m
	}
	if _, ok := m[b.CID]; !ok {
		m[b.CID] = stored{Bytes: b.Bytes, At: c.Now}
	}
	delete(s.Dropped, b.CID)
	return result{Value: s.storage(b.User, b.Limit)}
}

// unstore removes the caller's record of an upload, unless an active job of
// theirs still renders from it. Content no record names any more gets a
// tombstone, for the coordinators to unpin it.
func (s *state) unstore(c *command, root string) result {
	if _, ok := s.Uploads[c.Caller][root]; !ok {
		return result{Err: notFound("%s is not among %s's uploads (see `rendergrid uploads ls`)", root, c.Caller)}
	}
	for _, id := range s.order {
		if j := s.Jobs[id]; j.Owner == c.Caller && specReferences(&j.Spec, root) {
			return result{Err: conflict("job %s (%s) still renders from %s; cancel it or wait for it to end, then remove the upload", j.ID, j.State, root)}
		}
	}
	delete(s.Uploads[c.Caller], root)
	if len(s.Uploads[c.Caller]) == 0 {
		delete(s.Uploads, c.Caller)
	}
	if !s.recorded(root) {
		s.Dropped[root] = c.Now
	}
	for k, at := range s.Dropped {
		if c.Now-at > droppedMS {
			delete(s.Dropped, k)
		}
	}
	return result{Value: s.storage(c.Caller, 0)}
}

// recorded reports whether any user's upload record names root.
func (s *state) recorded(root string) bool {
	for _, m := range s.Uploads {
		if _, ok := m[root]; ok {
			return true
		}
	}
	return false
}

// storage lists user's uploads.
func (s *state) storage(user string, limit int64) api.Storage {
	out := api.Storage{User: user, Limit: limit, Uploads: []api.Stored{}}
	for root, u := range s.Uploads[user] {
		out.Used += u.Bytes
		out.Uploads = append(out.Uploads, api.Stored{CID: root, Bytes: u.Bytes, At: u.At})
	}
	sort.Slice(out.Uploads, func(a, b int) bool {
		if out.Uploads[a].At != out.Uploads[b].At {
			return out.Uploads[a].At < out.Uploads[b].At
		}
		return out.Uploads[a].CID < out.Uploads[b].CID
	})
	return out
}

// handleStorage lists the caller's uploads.
func (n *Node) handleStorage(r *http.Request, p principal) (int, any, *api.Error) {
	var out api.Storage
	n.fsm.read(func(s *state) { out = s.storage(p.User, n.cfg.Quota.Bytes) })
	return http.StatusOK, out, nil
}

// handleRemoveUpload removes one of the caller's upload records.
func (n *Node) handleRemoveUpload(r *http.Request, p principal) (int, any, *api.Error) {
	var req api.UploadRef
	if err := decode(r, &req); err != nil {
		return 0, nil, err
	}
	res := n.propose(r.Context(), requestCommand(opUnstore, r, p, req))
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
	var b storedBody
	if err := decode(r, &b); err != nil {
		writeError(w, err)
		return
	}
	b.Limit = n.cfg.Quota.Bytes
	res := n.propose(r.Context(), n.system(opStored, b))
	if res.Err != nil {
		writeError(w, res.Err)
		return
	}
	writeJSON(w, http.StatusOK, res.Value)
}

// recordUpload has the leader record user's upload of root, directly when
// this node leads and through the leader's API otherwise.
func (n *Node) recordUpload(ctx context.Context, user, root string, size int64) *api.Error {
	b := storedBody{User: user, CID: root, Bytes: size, Limit: n.cfg.Quota.Bytes}
	if n.IsLeader() {
		return n.propose(ctx, n.system(opStored, b)).Err
	}
	body, _ := json.Marshal(b)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, n.url+"/api/v1/uploads/record", bytes.NewReader(body))
	if err != nil {
		return errorf(http.StatusInternalServerError, codeInternal, "recording upload %s: %v", root, err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := n.peerClient().Do(req)
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
		n.fsm.read(func(s *state) {
			for root := range s.Dropped {
				// What this node unpinned is no longer owned, so skipped.
				if !n.owned.has(root) || s.recorded(root) || s.namedByJob(root) {
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

// namedByJob reports whether a job in the state names root, as an input or
// an output.
func (s *state) namedByJob(root string) bool {
	for _, j := range s.Jobs {
		if j.references(root) {
			return true
		}
	}
	return false
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
