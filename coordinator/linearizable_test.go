package coordinator_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/anishathalye/porcupine"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/internal/systemtest"
)

// The model of one job for porcupine: the sequential specification that
// the cluster's claims, completions and cancels must be linearizable to.
type (
	linInput struct {
		op    string // claim, complete, cancel
		lease uint64
		frame int
	}
	linOutput struct {
		ok    bool // complete/cancel accepted; claim granted
		lease uint64
		frame int
	}
	linState struct {
		units    []int // 0 queued, 1 leased, 2 done, 3 canceled
		leases   []uint64
		next     uint64
		canceled bool
	}
)

func (s linState) clone() linState {
	s.units, s.leases = slices.Clone(s.units), slices.Clone(s.leases)
	return s
}

func linModel(frames int) porcupine.Model {
	return porcupine.Model{
		Init: func() any { return linState{units: make([]int, frames), leases: make([]uint64, frames)} },
		Step: func(st, in, out any) (bool, any) {
			s, i, o := st.(linState).clone(), in.(linInput), out.(linOutput)
			switch i.op {
			case "claim":
				k := slices.Index(s.units, 0)
				if s.canceled || k < 0 {
					return !o.ok, s
				}
				s.next++
				s.units[k], s.leases[k] = 1, s.next
				return o.ok && o.frame == k+1 && o.lease == s.next, s
			case "complete":
				k := i.frame - 1
				okNow := !s.canceled && s.units[k] == 1 && s.leases[k] == i.lease
				if okNow {
					s.units[k] = 2
				}
				return o.ok == okNow, s
			case "cancel":
				active := !s.canceled && slices.ContainsFunc(s.units, func(u int) bool { return u < 2 })
				if active {
					s.canceled = true
					for k, u := range s.units {
						if u < 2 {
							s.units[k] = 3
						}
					}
				}
				return o.ok == active, s
			}
			return false, s
		},
		Equal: func(a, b any) bool {
			x, y := a.(linState), b.(linState)
			return slices.Equal(x.units, y.units) && slices.Equal(x.leases, y.leases) && x.next == y.next && x.canceled == y.canceled
		},
		DescribeOperation: func(in, out any) string {
			return fmt.Sprintf("%+v -> %+v", in, out)
		},
	}
}

// TestLinearizable records concurrent claims, completions and a cancel
// against a 3-node cluster, with leadership moving in the middle, and
// checks the history with porcupine.
func TestLinearizable(t *testing.T) {
	const frames = 40
	c := systemtest.StartCluster(t, 3, nil)
	ctx := context.Background()
	artist := c.Client(c.Token("ana", api.RoleArtist))
	spec := systemtest.SampleScene(t, artist, frames)
	spec.Chunk = 1
	j, err := artist.Submit(ctx, spec)
	if err != nil {
		t.Fatal(err)
	}
	out := systemtest.Upload(t, artist, []byte("frame"))
	enrol := c.Token("farm", api.RoleEnrol)
	var mu sync.Mutex
	var ops []porcupine.Operation
	record := func(client int, in linInput, call int64, o linOutput) {
		mu.Lock()
		defer mu.Unlock()
		ops = append(ops, porcupine.Operation{ClientId: client, Input: in, Call: call, Output: o, Return: time.Now().UnixNano()})
	}
	var done atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for w := range 4 {
		fw := systemtest.NewFakeWorker(t, c, enrol, fmt.Sprint("w", w), out)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; k < 40; k++ {
				call := time.Now().UnixNano()
				l, err := fw.Client.Claim(ctx, 0)
				if err != nil {
					errs <- err
					return
				}
				if l == nil {
					record(w, linInput{op: "claim"}, call, linOutput{})
					if done.Load() > 0 {
						return
					}
					continue
				}
				if l.Job != j.ID {
					continue
				}
				record(w, linInput{op: "claim"}, call, linOutput{ok: true, lease: l.ID, frame: l.Units[0].Frame})
				if k%5 == 4 {
					continue // abandon this one: the lease stays open
				}
				call = time.Now().UnixNano()
				_, err = fw.Client.Complete(ctx, systemtest.Completion(fw.Key, l, l.Units[0], out.String()))
				var apiErr *api.Error
				if err != nil && !(errors.As(err, &apiErr) && apiErr.Status == 409) {
					errs <- err
					return
				}
				record(w, linInput{op: "complete", lease: l.ID, frame: l.Units[0].Frame}, call, linOutput{ok: err == nil})
			}
		}()
	}
	time.Sleep(150 * time.Millisecond)
	c.Client(c.Admin).TransferLeadership(ctx, "")
	time.Sleep(100 * time.Millisecond)
	call := time.Now().UnixNano()
	_, err = artist.Action(ctx, j.ID, api.ActionRequest{Action: api.ActionCancel})
	var apiErr *api.Error
	if err != nil && !(errors.As(err, &apiErr) && apiErr.Status == 409) {
		t.Fatal(err)
	}
	record(99, linInput{op: "cancel"}, call, linOutput{ok: err == nil})
	done.Store(1)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	res, info := porcupine.CheckOperationsVerbose(linModel(frames), ops, 30*time.Second)
	if res != porcupine.Ok {
		t.Fatalf("history of %d operations is not linearizable (%v); %v", len(ops), res, info)
	}
	t.Logf("%d operations linearizable", len(ops))
	// The check can fail: a history that completes a frame twice is not.
	bad := append(slices.Clone(ops), porcupine.Operation{ClientId: 50, Input: linInput{op: "claim"}, Call: time.Now().UnixNano(), Output: linOutput{ok: true, lease: 1, frame: 1}, Return: time.Now().UnixNano() + 1})
	if res, _ := porcupine.CheckOperationsVerbose(linModel(frames), bad, 30*time.Second); res == porcupine.Ok {
		t.Error("the model accepted a lease granted twice")
	}
}
