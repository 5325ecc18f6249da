package httpapi

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/coordinator/state"
	"github.com/rendergrid/rendergrid/ipfs"
)

// contacts remembers when each worker last called this node (claims,
// heartbeats). An idle worker's long polls change no state, so LastSeen
// alone would take a live but idle worker for gone.
type contacts struct {
	mu   sync.Mutex
	last map[string]time.Time
}

func (c *contacts) saw(worker string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.last == nil {
		c.last = map[string]time.Time{}
	}
	c.last[worker] = time.Now()
}

func (c *contacts) since(worker string, t time.Time) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.last[worker].After(t)
}

// archives caches decoded archives by CID (they never change).
type archives struct {
	mu    sync.Mutex
	docs  map[string]*api.JobArchive
	order []string
}

const archiveCache = 64

// archive reads the archive of job id for p (nil when p may not see it or
// it is not archived).
func (n *Server) archive(ctx context.Context, id string, p state.Principal) (*api.JobArchive, *api.Error) {
	var a state.ArchivedJob
	var ok bool
	n.fsm.Read(func(s *state.State) { a, ok = s.Archived[id] })
	if !ok || p.Role != api.RoleAdmin && a.Owner != p.User {
		return nil, nil
	}
	return n.archiveDoc(ctx, a.CID)
}

// archiveDoc reads and decodes the archive under c.
func (n *Server) archiveDoc(ctx context.Context, text string) (*api.JobArchive, *api.Error) {
	n.arch.mu.Lock()
	doc := n.arch.docs[text]
	n.arch.mu.Unlock()
	if doc != nil {
		return doc, nil
	}
	c, err := ipfs.ParseCID(text)
	if err != nil {
		return nil, errorf(http.StatusInternalServerError, state.CodeInternal, "archive %q: %v", text, err)
	}
	if err := n.content.Ensure(ctx, c); err != nil {
		return nil, unavailable("the archive %s cannot be read from any coordinator: %v", c, err)
	}
	data, err := n.content.ReadStored(ctx, c, 1<<30)
	if err != nil {
		return nil, unavailable("reading the archive %s: %v", c, err)
	}
	doc = &api.JobArchive{}
	if err := json.Unmarshal(data, doc); err != nil {
		return nil, errorf(http.StatusInternalServerError, state.CodeInternal, "the archive %s does not decode: %v", c, err)
	}
	doc.Job.Archive = text
	n.arch.mu.Lock()
	defer n.arch.mu.Unlock()
	if n.arch.docs == nil {
		n.arch.docs = map[string]*api.JobArchive{}
	}
	if _, ok := n.arch.docs[text]; !ok {
		n.arch.docs[text] = doc
		n.arch.order = append(n.arch.order, text)
		if len(n.arch.order) > archiveCache {
			delete(n.arch.docs, n.arch.order[0])
			n.arch.order = slices.Delete(n.arch.order, 0, 1)
		}
	}
	return doc, nil
}

// mayReadArchived reports whether user ("" for anyone) may read root as
// content of one of their archived jobs (or a public one).
func (n *Server) mayReadArchived(ctx context.Context, root, user string) bool {
	var cids []string
	n.fsm.Read(func(s *state.State) {
		for _, a := range s.Archived {
			if user != "" && a.Owner == user || a.Public {
				cids = append(cids, a.CID)
			}
		}
	})
	for _, c := range cids {
		doc, err := n.archiveDoc(ctx, c)
		if err != nil {
			continue
		}
		if state.SpecReferences(&doc.Job.Spec, root) {
			return true
		}
		for _, f := range doc.Frames {
			if f.Output == root || f.Denoised == root {
				return true
			}
		}
	}
	return false
}
