package leader

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/coordinator/state"
)

// housekeep runs while this node leads, every so often: it archives jobs
// finished more than Retain ago and forgets workers away that long. A
// worker polls at least every few tens of seconds, so one is taken for
// gone only once this node has led for min(Retain, 2 min) without a call
// from it.
func (l *Leader) housekeep(ctx context.Context) {
	term := time.Now()
	settle := min(l.cfg.Retain, 2*time.Minute)
	every := min(max(l.cfg.Retain/4, 50*time.Millisecond), time.Minute)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		now := time.Now()
		before := now.Add(-l.cfg.Retain).UnixMilli()
		var due, away []string
		l.fsm.Read(func(s *state.State) {
			for id, j := range s.Jobs {
				if !state.Active(j.State) && j.Finished != 0 && j.Finished < before {
					due = append(due, id)
				}
			}
			if now.Sub(term) < settle {
				return
			}
			for id, w := range s.Workers {
				if w.LastSeen < before && !l.cfg.Seen(id, now.Add(-l.cfg.Retain)) {
					away = append(away, id)
				}
			}
		})
		sort.Strings(due)
		for _, id := range due {
			if ctx.Err() != nil {
				return
			}
			if err := l.archiveJob(ctx, id); err != nil {
				fmt.Fprintf(l.cfg.Log, "coordinator %s: archiving job %s: %v (retrying later)\n", l.cfg.ID, id, err)
			}
		}
		if len(away) > 0 {
			sort.Strings(away)
			l.propose(ctx, l.system(state.OpForget, state.ForgetBody{Workers: away, Before: before}))
		}
	}
}

// archiveJob writes job id, its frames and receipts to the store as JSON,
// copies it to a majority of the coordinators, then removes the job from
// the state, keeping the archive's CID.
func (l *Leader) archiveJob(ctx context.Context, id string) error {
	var doc api.JobArchive
	var found bool
	l.fsm.Read(func(s *state.State) {
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
	c, err := l.cfg.Archive(ctx, data)
	if err != nil {
		return err
	}
	res := l.propose(ctx, l.system(state.OpArchive, state.ArchiveBody{Job: id, CID: c}))
	if res.Err != nil {
		return res.Err
	}
	return nil
}
