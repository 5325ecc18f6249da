package state

import (
	"sort"
	"time"

	"github.com/ipfs/go-cid"
	"github.com/rendergrid/rendergrid/api"
)

// uploadUnit is what the smallest upload counts as; it also bounds how many
// records one artist can make (Quota.Bytes / uploadUnit).
const UploadUnit = 1 << 20

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
type StoredBody struct {
	User  string `json:"user"`
	CID   string `json:"cid"`
	Bytes int64  `json:"bytes"`
	Limit int64  `json:"limit,omitempty"`
}

// charge is what an upload of size bytes counts.
func Charge(size int64) int64 {
	return (max(size, 1) + UploadUnit - 1) / UploadUnit * UploadUnit
}

// storedBy is what user's uploads count now.
func (s *State) storedBy(user string) int64 {
	var n int64
	for _, u := range s.Uploads[user] {
		n += u.Bytes
	}
	return n
}

// checkStored refuses an upload that would take user over limit (429),
// unless the content is already counted for them.
func (s *State) CheckStored(user, root string, size, limit int64) *Error {
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
func (s *State) store(c *Command, b StoredBody) Result {
	if c.Role != api.RoleAdmin {
		return Result{Err: forbidden("only a coordinator records uploads")}
	}
	if _, err := cid.Decode(b.CID); err != nil || b.User == "" || b.Bytes <= 0 {
		return Result{Err: badRequest("stored: user %q, CID %q, %d bytes is not an upload record", b.User, b.CID, b.Bytes)}
	}
	if err := s.CheckStored(b.User, b.CID, b.Bytes, b.Limit); err != nil {
		return Result{Err: err}
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
	return Result{Value: s.Storage(b.User, b.Limit)}
}

// unstore removes the caller's record of an upload, unless an active job of
// theirs still renders from it. Content no record names any more gets a
// tombstone, for the coordinators to unpin it.
func (s *State) unstore(c *Command, root string) Result {
	if _, ok := s.Uploads[c.Caller][root]; !ok {
		return Result{Err: notFound("%s is not among %s's uploads (see `rendergrid uploads ls`)", root, c.Caller)}
	}
	for _, id := range s.order {
		if j := s.Jobs[id]; j.Owner == c.Caller && SpecReferences(&j.Spec, root) {
			return Result{Err: conflict("job %s (%s) still renders from %s; cancel it or wait for it to end, then remove the upload", j.ID, j.State, root)}
		}
	}
	delete(s.Uploads[c.Caller], root)
	if len(s.Uploads[c.Caller]) == 0 {
		delete(s.Uploads, c.Caller)
	}
	if !s.Recorded(root) {
		s.Dropped[root] = c.Now
	}
	for k, at := range s.Dropped {
		if c.Now-at > droppedMS {
			delete(s.Dropped, k)
		}
	}
	return Result{Value: s.Storage(c.Caller, 0)}
}

// recorded reports whether any user's upload record names root.
func (s *State) Recorded(root string) bool {
	for _, m := range s.Uploads {
		if _, ok := m[root]; ok {
			return true
		}
	}
	return false
}

// storage lists user's uploads.
func (s *State) Storage(user string, limit int64) api.Storage {
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

// namedByJob reports whether a job in the state names root, as an input or
// an output.
func (s *State) NamedByJob(root string) bool {
	for _, j := range s.Jobs {
		if j.references(root) {
			return true
		}
	}
	return false
}
