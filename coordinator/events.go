package coordinator

import (
	"sync"

	"github.com/rendergrid/rendergrid/api"
)

// subscriberBuffer is how many events a slow SSE client may fall behind
// before it is cut off (it reconnects and reads the job afresh).
const subscriberBuffer = 1024

// broker fans events out to Server-Sent Event subscribers. publish never
// blocks: it runs inside the state machine's apply.
type broker struct {
	mu     sync.Mutex
	subs   map[chan api.Event]string // channel -> job id ("" for all)
	closed bool
}

func newBroker() *broker { return &broker{subs: map[chan api.Event]string{}} }

func (b *broker) subscribe(job string) chan api.Event {
	b.mu.Lock()
	defer b.mu.Unlock()
	ch := make(chan api.Event, subscriberBuffer)
	if b.closed {
		close(ch)
		return ch
	}
	b.subs[ch] = job
	return ch
}

func (b *broker) unsubscribe(ch chan api.Event) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, ok := b.subs[ch]; ok {
		delete(b.subs, ch)
		close(ch)
	}
}

func (b *broker) publish(e api.Event) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for ch, job := range b.subs {
		if job != "" && job != e.Job {
			continue
		}
		select {
		case ch <- e:
		default:
			delete(b.subs, ch)
			close(ch)
		}
	}
}

func (b *broker) close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closed = true
	for ch := range b.subs {
		delete(b.subs, ch)
		close(ch)
	}
}
