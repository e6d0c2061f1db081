package groupcommit

import (
	"context"
	"errors"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/prakat/prakat/internal/tracking"
)

// Requests that arrive while a commit is under way share the next one, and
// each learns its own batch's outcome.
func TestBatches(t *testing.T) {
	var mu sync.Mutex
	var sizes []int
	fail := errors.New("disk full")
	q := New(func(b []tracking.Scan) error {
		time.Sleep(5 * time.Millisecond) // a sync
		mu.Lock()
		sizes = append(sizes, len(b))
		mu.Unlock()
		for _, s := range b {
			if s.Code == "fail" {
				return fail
			}
		}
		return nil
	}, 16, 1)
	var observed, committed int
	q.Observe(func(n int, wait time.Duration) { observed += n })
	var wg sync.WaitGroup
	var cmu sync.Mutex
	for i := range 200 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := q.Record(context.Background(), tracking.Scan{Code: "ok"}); err == nil {
				cmu.Lock()
				committed++
				cmu.Unlock()
			} else if !errors.Is(err, fail) {
				t.Errorf("Record(%d) = %v", i, err)
			}
		}()
	}
	wg.Wait()
	if err := q.Record(context.Background(), tracking.Scan{Code: "fail"}); !errors.Is(err, fail) {
		t.Errorf("Record of a failing commit = %v; want %v", err, fail)
	}
	q.Close()
	if err := q.Record(context.Background(), tracking.Scan{}); !errors.Is(err, tracking.ErrClosed) {
		t.Errorf("Record after Close = %v; want ErrClosed", err)
	}
	total, most := 0, 0
	for _, n := range sizes {
		total += n
		most = max(most, n)
		if n > 16 {
			t.Errorf("a batch of %d; want at most 16", n)
		}
	}
	if total != 201 || committed != 200 || observed != 200 {
		t.Errorf("%d scans committed in %d batches, %d reported committed, %d observed; want 201, 200, 200", total, len(sizes), committed, observed)
	}
	if len(sizes) > 100 {
		t.Errorf("200 scans at once took %d commits; want them grouped", len(sizes))
	}
	t.Logf("batches: %v (largest %d)", sizes, most)
}

// With a sync of its own, a scan is answered only once a sync that began
// after its commit has ended, and the writer commits the next batches
// while a sync is under way.
func TestSyncedAnswersAfterSync(t *testing.T) {
	var mu sync.Mutex
	var written, durable, commitsDuringSync int
	syncing := false
	pos := map[string]int{} // each scan's place in the log
	q := NewSynced(func(b []tracking.Scan) error {
		mu.Lock()
		defer mu.Unlock()
		for _, s := range b {
			pos[s.Code] = written
			written++
		}
		if syncing {
			commitsDuringSync++
		}
		return nil
	}, func() error {
		mu.Lock()
		upTo := written
		syncing = true
		mu.Unlock()
		time.Sleep(5 * time.Millisecond) // the disk
		mu.Lock()
		durable, syncing = upTo, false
		mu.Unlock()
		return nil
	}, 16)
	var wg sync.WaitGroup
	for i := range 300 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			code := strconv.Itoa(i)
			if err := q.Record(context.Background(), tracking.Scan{Code: code}); err != nil {
				t.Errorf("Record(%s) = %v", code, err)
				return
			}
			mu.Lock()
			defer mu.Unlock()
			if pos[code] >= durable {
				t.Errorf("scan %s answered at log place %d, durable up to %d only", code, pos[code], durable)
			}
		}()
	}
	wg.Wait()
	q.Close()
	if written != 300 {
		t.Errorf("%d scans written; want 300", written)
	}
	if commitsDuringSync == 0 {
		t.Error("no commit while a sync was under way: commit and sync are not pipelined")
	}
}

// A failed sync fails the scans it was to make durable.
func TestSyncedFails(t *testing.T) {
	fail := errors.New("I/O error")
	q := NewSynced(func([]tracking.Scan) error { return nil }, func() error { return fail }, 8)
	defer q.Close()
	if err := q.Record(context.Background(), tracking.Scan{}); !errors.Is(err, fail) {
		t.Errorf("Record with a failing sync = %v; want %v", err, fail)
	}
}

// Scans that arrive while a sync is under way wait for it to end and are
// then committed together, not each as it comes: they would wait for the
// next sync all the same, and every commit costs the store.
func TestSyncedGathersDuringSync(t *testing.T) {
	var mu sync.Mutex
	var commits, during int
	held := false
	release := make(chan struct{})
	first := true
	q := NewSynced(func(b []tracking.Scan) error {
		mu.Lock()
		defer mu.Unlock()
		commits++
		if held {
			during++
		}
		return nil
	}, func() error {
		mu.Lock()
		hold := first
		first, held = false, hold
		mu.Unlock()
		if hold {
			<-release
			mu.Lock()
			held = false
			mu.Unlock()
		}
		return nil
	}, 128)
	defer q.Close()
	var wg sync.WaitGroup
	record := func() {
		defer wg.Done()
		if err := q.Record(context.Background(), tracking.Scan{}); err != nil {
			t.Errorf("Record = %v", err)
		}
	}
	wg.Add(1)
	go record() // its sync is held
	for {
		mu.Lock()
		h := held
		mu.Unlock()
		if h {
			break
		}
		runtime.Gosched()
	}
	var started sync.WaitGroup
	for range 63 {
		wg.Add(1)
		started.Add(1)
		go func() { started.Done(); record() }()
	}
	started.Wait()
	for range 100 { // let them queue
		runtime.Gosched()
	}
	close(release)
	wg.Wait()
	if during != 0 {
		t.Errorf("%d commits while the first sync was under way, with fewer scans waiting than a batch holds; want none", during)
	}
	t.Logf("64 scans, %d commits", commits)
}
