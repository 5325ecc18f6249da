package httpapi

import (
	"testing"
	"time"

	"github.com/rendergrid/rendergrid/api"
)

// TestBrokerFanOut: publishing never waits for subscribers (it runs inside
// apply), events reach only their job's streams and the all-jobs streams,
// in order, and a subscriber that stops reading is cut off alone.
func TestBrokerFanOut(t *testing.T) {
	b := NewEvents(10, 10)
	defer b.Close()
	a, err := b.subscribe("a", "u1")
	if err != nil {
		t.Fatal(err)
	}
	all, _ := b.subscribe("", "u2")
	stuck, _ := b.subscribe("a", "u3")
	other, _ := b.subscribe("b", "u4")
	const n = 3 * subscriberBuffer
	got := make(chan []int, 2)
	for _, s := range []*subscriber{a, all} {
		go func(s *subscriber) {
			var seq []int
			for e := range s.C {
				seq = append(seq, e.Unit.Frame)
				if len(seq) == n {
					break
				}
			}
			got <- seq
		}(s)
	}
	for i := range n {
		b.Publish(api.Event{Type: "progress", Job: "a", Unit: &api.Unit{Frame: i}})
		if i%(subscriberBuffer/2) == 0 {
			// Let the readers keep up; the stuck one cannot.
			deadline := time.Now().Add(30 * time.Second)
			for b.pending() > 0 || len(a.C) > 0 || len(all.C) > 0 {
				if time.Now().After(deadline) {
					t.Fatal("readers did not drain in 30 s")
				}
				time.Sleep(time.Millisecond)
			}
		}
	}
	for range 2 {
		select {
		case seq := <-got:
			for i, f := range seq {
				if f != i {
					t.Fatalf("event %d is frame %d: out of order or lost", i, f)
				}
			}
		case <-time.After(30 * time.Second):
			t.Fatal("a reader did not get all events in 30 s")
		}
	}
	deadline := time.After(30 * time.Second)
	for range stuck.C {
		select {
		case <-deadline:
			t.Fatal("the stuck subscriber was not cut off")
		default:
		}
	}
	if len(other.C) != 0 {
		t.Errorf("job b's subscriber got %d events of job a", len(other.C))
	}
	if total, _ := b.Streams(""); total != 3 {
		t.Errorf("%d streams open, want 3 (the stuck one closed)", total)
	}
}

// pending is how many events wait for the fan-out goroutine.
func (b *Events) pending() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.queue)
}
