// Package groupcommit makes one commit serve many requests: scans recorded
// while a commit is under way go into the next one, so each waits for its
// own commit, and the store pays for one sync (SQLite) or one round trip
// (PostgreSQL) a batch instead of one a scan.
//
// A store whose commit and sync can be told apart (SQLite's write-ahead
// log) has them pipelined: while one sync makes the batches committed
// before it durable, the writer gathers the scans that arrive and commits
// them when it ends, or sooner when they fill a batch, and the next sync
// covers them. A scan is answered only after a sync that began after its
// commit.
package groupcommit

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prakat/prakat/internal/tracking"
)

// Queue batches scans for a commit function.
type Queue struct {
	commit  func([]tracking.Scan) error
	sync    func() error   // nil when commit makes a batch durable itself
	synced  chan []pending // committed batches waiting for a sync
	syncer  sync.WaitGroup
	syncing atomic.Int64  // scans the sync under way makes durable; 0 when none is
	idle    chan struct{} // a sync ended
	max     int
	queue   chan pending
	wg      sync.WaitGroup
	mu      sync.RWMutex // guards closed and sends on queue
	closed  bool
	observe atomic.Pointer[tracking.BatchObserver]
}

type pending struct {
	scan  tracking.Scan
	since time.Time
	done  chan error
}

// dones are the channels Record waits on, reused.
var dones = sync.Pool{New: func() any { return make(chan error, 1) }}

// New starts writers goroutines, each committing up to max scans at a time
// with commit, which must commit them all or none.
func New(commit func([]tracking.Scan) error, max, writers int) *Queue {
	q := &Queue{commit: commit, max: max, queue: make(chan pending, 4*max)}
	for range writers {
		q.wg.Add(1)
		go q.write()
	}
	return q
}

// NewSynced starts one writer goroutine committing up to max scans at a
// time with commit, which writes them all or none but need not make them
// durable, and one goroutine that makes them durable with sync: after sync
// returns nil, every batch committed before it began survives a crash.
func NewSynced(commit func([]tracking.Scan) error, sync func() error, max int) *Queue {
	q := &Queue{commit: commit, sync: sync, max: max, queue: make(chan pending, 4*max), synced: make(chan []pending, 64),
		idle: make(chan struct{}, 1)}
	q.syncer.Add(1)
	go q.syncs()
	q.wg.Add(1)
	go q.write()
	return q
}

// Observe has f told of every commit.
func (q *Queue) Observe(f tracking.BatchObserver) { q.observe.Store(&f) }

// Record queues a scan and returns once its batch is committed.
func (q *Queue) Record(ctx context.Context, sc tracking.Scan) error {
	p := pending{scan: sc, since: time.Now(), done: dones.Get().(chan error)}
	q.mu.RLock()
	if q.closed {
		q.mu.RUnlock()
		return tracking.ErrClosed
	}
	select {
	case q.queue <- p:
		q.mu.RUnlock()
	case <-ctx.Done():
		q.mu.RUnlock()
		return ctx.Err()
	}
	select {
	case err := <-p.done:
		dones.Put(p.done) // read, so empty: another Record may use it
		return err
	case <-ctx.Done():
		// The scan may still be committed: it is counted, the client was
		// not answered, as when a connection drops after the commit.
		return ctx.Err()
	}
}

func (q *Queue) write() {
	defer q.wg.Done()
	batch := make([]pending, 0, q.max)
	scans := make([]tracking.Scan, 0, q.max)
	for first := range q.queue {
		batch = append(batch[:0], first)
		if q.sync != nil {
			batch = q.gather(batch)
		}
		batch = q.fill(batch)
		scans = scans[:0]
		for _, p := range batch {
			scans = append(scans, p.scan)
		}
		err := q.commit(scans)
		if err == nil && q.sync != nil {
			q.synced <- slices.Clone(batch)
			continue
		}
		q.done(batch, err)
	}
}

// gather adds to batch the scans that arrive while a sync is under way,
// until it ends or the batch is full. A scan committed during a sync waits
// for the next sync all the same, so committing it before the sync ends
// gains it nothing, and each commit costs the writer its locks, a page
// written to the log, and the next sync's share: under bench-serve.sh's
// load, batches gathered this way hold about three times the scans of those
// committed as soon as as many waited as the sync held (12 against 4), and
// a scan costs about a fifth less CPU.
func (q *Queue) gather(batch []pending) []pending {
	for q.syncing.Load() != 0 && len(batch) < q.max {
		select {
		case <-q.idle:
		case p, ok := <-q.queue:
			if !ok {
				return batch
			}
			batch = append(batch, p)
		}
	}
	return batch
}

// fill adds to batch the scans queued, without waiting for more. It does
// not yield to the requests that are ready to run so that they may queue
// theirs first: that made batches a fifth larger but started the next
// sync later: under bench-serve.sh a scan waited longer (2.9 ms against
// 2.1 ms in the same round), and about 8% fewer were answered a second.
func (q *Queue) fill(batch []pending) []pending {
	for len(batch) < q.max {
		select {
		case p, ok := <-q.queue:
			if !ok {
				return batch
			}
			batch = append(batch, p)
		default:
			return batch
		}
	}
	return batch
}

// done tells a batch's scans how it went.
func (q *Queue) done(batch []pending, err error) {
	if f := q.observe.Load(); f != nil && err == nil {
		(*f)(len(batch), time.Since(batch[0].since))
	}
	for _, p := range batch {
		p.done <- err
	}
}

// syncs makes the committed batches durable, as many at a time as have
// been committed since the last sync began.
func (q *Queue) syncs() {
	defer q.syncer.Done()
	var group [][]pending
	for first := range q.synced {
		group = append(group[:0], first)
	more:
		for {
			select {
			case b, ok := <-q.synced:
				if !ok {
					break more
				}
				group = append(group, b)
			default:
				break more
			}
		}
		n := 0
		for _, b := range group {
			n += len(b)
		}
		q.syncing.Store(int64(n))
		err := q.sync()
		q.syncing.Store(0)
		select {
		case q.idle <- struct{}{}:
		default:
		}
		for _, b := range group {
			q.done(b, err)
		}
		clear(group)
	}
}

// Close commits what is queued and stops the writers.
func (q *Queue) Close() {
	q.mu.Lock()
	if q.closed {
		q.mu.Unlock()
		return
	}
	q.closed = true
	close(q.queue)
	q.mu.Unlock()
	q.wg.Wait()
	if q.sync != nil {
		close(q.synced)
		q.syncer.Wait()
	}
}
