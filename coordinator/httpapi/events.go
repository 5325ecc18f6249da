package httpapi

import (
	"errors"
	"fmt"
	"sync"

	"github.com/rendergrid/rendergrid/api"
)

// subscriberBuffer is how many events a slow SSE client may fall behind
// before it is cut off (it reconnects and reads the job afresh).
const subscriberBuffer = 256

// queueLimit bounds the events waiting for the fan-out goroutine; past it
// every subscriber is cut off (each reconnects and reads its job afresh)
// rather than the state machine waiting or memory growing.
const queueLimit = 1 << 16

// Default caps on Server-Sent Event streams.
const (
	DefaultMaxStreams        = 4096 // per node
	DefaultMaxStreamsPerUser = 32
)

// errTooManyStreams is returned by subscribe when a cap is reached.
var errTooManyStreams = errors.New("too many event streams")

// Events fans events out to Server-Sent Event subscribers. Publish runs
// inside the state machine's apply, so it only appends to a bounded queue;
// a goroutine delivers to the subscribers of each event's job.
type Events struct {
	maxStreams, maxPerUser int

	mu      sync.Mutex
	byJob   map[string]map[*subscriber]struct{} // "" holds subscribers to every job
	perUser map[string]int
	total   int
	queue   []api.Event
	overrun bool
	closed  bool
	wake    chan struct{}
	done    chan struct{}
}

// subscriber is one stream's mailbox.
type subscriber struct {
	C    chan api.Event // closed when the stream must end
	job  string
	user string
}

// NewEvents is a fan-out with caps on the streams open at once, in all
// and per user.
func NewEvents(maxStreams, maxPerUser int) *Events {
	if maxStreams <= 0 {
		maxStreams = DefaultMaxStreams
	}
	if maxPerUser <= 0 {
		maxPerUser = DefaultMaxStreamsPerUser
	}
	b := &Events{
		maxStreams: maxStreams, maxPerUser: maxPerUser,
		byJob: map[string]map[*subscriber]struct{}{}, perUser: map[string]int{},
		wake: make(chan struct{}, 1), done: make(chan struct{}),
	}
	go b.run()
	return b
}

// subscribe opens a stream of job's events ("" for all jobs) for user. It
// fails with errTooManyStreams when the node or the user has its cap.
func (b *Events) subscribe(job, user string) (*subscriber, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	s := &subscriber{C: make(chan api.Event, subscriberBuffer), job: job, user: user}
	if b.closed {
		close(s.C)
		return s, nil
	}
	if b.total >= b.maxStreams {
		return nil, fmt.Errorf("%w: this coordinator serves %d at most (its operator's stream limit); close some, or watch another coordinator", errTooManyStreams, b.maxStreams)
	}
	if b.perUser[user] >= b.maxPerUser {
		return nil, fmt.Errorf("%w: %s has %d open, the most one user may (the operator's per-user stream limit); close some first", errTooManyStreams, user, b.maxPerUser)
	}
	subs := b.byJob[job]
	if subs == nil {
		subs = map[*subscriber]struct{}{}
		b.byJob[job] = subs
	}
	subs[s] = struct{}{}
	b.perUser[user]++
	b.total++
	return s, nil
}

// unsubscribe ends s; it may be called more than once.
func (b *Events) unsubscribe(s *subscriber) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.dropLocked(s)
}

func (b *Events) dropLocked(s *subscriber) {
	subs := b.byJob[s.job]
	if _, ok := subs[s]; !ok {
		return
	}
	delete(subs, s)
	if len(subs) == 0 {
		delete(b.byJob, s.job)
	}
	if b.perUser[s.user]--; b.perUser[s.user] == 0 {
		delete(b.perUser, s.user)
	}
	b.total--
	close(s.C)
}

// Streams returns how many streams are open, in all and for user.
func (b *Events) Streams(user string) (total, mine int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.total, b.perUser[user]
}

// Publish queues e for delivery; it never blocks.
func (b *Events) Publish(e api.Event) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed || b.total == 0 {
		return
	}
	if len(b.queue) >= queueLimit {
		b.overrun = true
		b.queue = b.queue[:0]
	} else {
		b.queue = append(b.queue, e)
	}
	select {
	case b.wake <- struct{}{}:
	default:
	}
}

// run delivers queued events until the broker closes.
func (b *Events) run() {
	defer close(b.done)
	var batch []api.Event
	for range b.wake {
		b.mu.Lock()
		if b.closed {
			b.mu.Unlock()
			return
		}
		if b.overrun {
			// Events were lost: end every stream, so that each client
			// reconnects and starts from the job as it is.
			b.overrun = false
			for _, subs := range b.byJob {
				for s := range subs {
					b.dropLocked(s)
				}
			}
		}
		batch, b.queue = b.queue, batch[:0]
		for _, e := range batch {
			b.deliverLocked(b.byJob[e.Job], e)
			b.deliverLocked(b.byJob[""], e)
		}
		b.mu.Unlock()
	}
}

// deliverLocked hands e to each subscriber, cutting off any that fell
// subscriberBuffer events behind.
func (b *Events) deliverLocked(subs map[*subscriber]struct{}, e api.Event) {
	for s := range subs {
		select {
		case s.C <- e:
		default:
			b.dropLocked(s)
		}
	}
}

// Close ends every stream and stops the delivery goroutine.
func (b *Events) Close() {
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return
	}
	b.closed = true
	for _, subs := range b.byJob {
		for s := range subs {
			b.dropLocked(s)
		}
	}
	b.mu.Unlock()
	close(b.wake)
	<-b.done
}
