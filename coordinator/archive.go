package coordinator

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/ipfs/go-cid"

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

// housekeep runs while this node leads, every so often: it archives jobs
// finished more than Retain ago and forgets workers away that long. A
// worker polls at least every few tens of seconds, so one is taken for
// gone only once this node has led for min(Retain, 2 min) without a call
// from it.
func (n *Node) housekeep(ctx context.Context) {
	term := time.Now()
	settle := min(n.cfg.Retain, 2*time.Minute)
	every := min(max(n.cfg.Retain/4, 50*time.Millisecond), time.Minute)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		now := time.Now()
		before := now.Add(-n.cfg.Retain).UnixMilli()
		var due, away []string
		n.fsm.Read(func(s *state.State) {
			for id, j := range s.Jobs {
				if !state.Active(j.State) && j.Finished != 0 && j.Finished < before {
					due = append(due, id)
				}
			}
			if now.Sub(term) < settle {
				return
			}
			for id, w := range s.Workers {
				if w.LastSeen < before && !n.seen.since(id, now.Add(-n.cfg.Retain)) {
					away = append(away, id)
				}
			}
		})
		sort.Strings(due)
		for _, id := range due {
			if ctx.Err() != nil {
				return
			}
			if err := n.archiveJob(ctx, id); err != nil {
				fmt.Fprintf(n.cfg.Log, "coordinator %s: archiving job %s: %v (retrying later)\n", n.id, id, err)
			}
		}
		if len(away) > 0 {
			sort.Strings(away)
			n.propose(ctx, n.system(state.OpForget, state.ForgetBody{Workers: away, Before: before}))
		}
	}
}

// archiveJob writes job id, its frames and receipts to the store as JSON,
// copies it to a majority of the coordinators, then removes the job from
// the state, keeping the archive's CID.
func (n *Node) archiveJob(ctx context.Context, id string) error {
	var doc api.JobArchive
	var found bool
	n.fsm.Read(func(s *state.State) {
		j := s.Jobs[id]
		if j == nil || state.Active(j.State) {
			return
		}
		found = true
		doc.Job = j.View(s.Ledger)
		doc.Frames = make([]api.Frame, len(j.Units))
		for i := range j.Units {
			doc.Frames[i] = j.FrameView(i)
		}
		doc.Archived = s.Now
	})
	if !found {
		return nil
	}
	data, err := json.Marshal(doc)
	if err != nil {
		return err
	}
	c, err := n.store.Add(ctx, bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("storing the archive: %w", err)
	}
	if err := n.replicateStored(ctx, c); err != nil {
		return err
	}
	res := n.propose(ctx, n.system(state.OpArchive, state.ArchiveBody{Job: id, CID: c.String()}))
	if res.Err != nil {
		return res.Err
	}
	return nil
}

// replicateStored copies the stored DAG under c to the other voters and
// succeeds once a majority of the cluster holds it.
func (n *Node) replicateStored(ctx context.Context, c cid.Cid) error {
	peers, total := n.content.Peers()
	if len(peers) == 0 {
		return nil
	}
	tmpDir := filepath.Join(n.cfg.DataDir, "tmp")
	if err := os.MkdirAll(tmpDir, 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(tmpDir, "archive-*.car")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	if err := n.store.ExportCAR(ctx, c, tmp); err != nil {
		return err
	}
	replicas := 1
	var errs []error
	for _, peer := range peers {
		if err := n.content.Replicate(ctx, peer, tmp.Name(), c, state.Principal{User: "coordinator", Role: api.RoleAdmin}); err != nil {
			errs = append(errs, err)
		} else {
			replicas++
		}
	}
	if replicas*2 <= total {
		return fmt.Errorf("the archive %s is on only %d of %d coordinators: %w", c, replicas, total, errors.Join(errs...))
	}
	return nil
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
func (n *Node) archive(ctx context.Context, id string, p state.Principal) (*api.JobArchive, *api.Error) {
	var a state.ArchivedJob
	var ok bool
	n.fsm.Read(func(s *state.State) { a, ok = s.Archived[id] })
	if !ok || p.Role != api.RoleAdmin && a.Owner != p.User {
		return nil, nil
	}
	return n.archiveDoc(ctx, a.CID)
}

// archiveDoc reads and decodes the archive under c.
func (n *Node) archiveDoc(ctx context.Context, text string) (*api.JobArchive, *api.Error) {
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
func (n *Node) mayReadArchived(ctx context.Context, root, user string) bool {
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
			if f.Output == root {
				return true
			}
		}
	}
	return false
}
