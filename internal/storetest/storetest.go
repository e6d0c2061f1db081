// Package storetest is the conformance suite every scan store passes: the
// SQLite file and the PostgreSQL database behave alike to the server and
// the report.
package storetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/prakat/prakat/internal/tracking"
)

// Backend opens stores of one kind.
type Backend struct {
	// New makes an empty place for a store and returns its address (a file
	// path, a postgres:// URL).
	New          func(t *testing.T) string
	Open         func(addr string) (tracking.Store, error)
	OpenReadOnly func(addr string) (tracking.Store, error)
}

var at = time.Date(2026, 11, 25, 3, 0, 0, 0, time.UTC) // 10:00 in Thailand

func (b Backend) open(t *testing.T, addr string) tracking.Store {
	t.Helper()
	s, err := b.Open(addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// record stores n scans of code from n goroutines at once, a tenth of them
// robots, the people among three visitors.
func record(t *testing.T, s tracking.Store, code string, n int) {
	t.Helper()
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sc := tracking.Scan{At: at.Add(time.Duration(i) * time.Second), Code: code, Token: "MQ4CUZQ9", Device: "mobile",
				Visitor: []string{"a", "b", "c"}[i%3], Bot: i%10 == 0}
			if err := s.Record(context.Background(), sc); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
}

func checkCounts(t *testing.T, s tracking.Store, code string, n int) {
	t.Helper()
	ctx := context.Background()
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := st[code]
	want := tracking.Counts{Scans: n - (n+9)/10, Bots: (n + 9) / 10, Visitors: 3, First: at.Add(time.Second), Last: at.Add(time.Duration(n-1) * time.Second)}
	if got.Scans != want.Scans || got.Bots != want.Bots || got.Visitors != want.Visitors || !got.First.Equal(want.First) || !got.Last.Equal(want.Last) {
		t.Errorf("Stats()[%s] = %+v; want %+v", code, got, want)
	}
	if len(st) != 1 {
		t.Errorf("Stats() has %d units; want 1", len(st))
	}
	if c, err := s.Count(ctx); err != nil || c != n {
		t.Errorf("Count() = %d, %v; want %d", c, err, n)
	}
}

// Run runs the suite.
func Run(t *testing.T, b Backend) {
	ctx := context.Background()

	t.Run("RecordTogether", func(t *testing.T) {
		s := b.open(t, b.New(t))
		record(t, s, "2740101", 300)
		checkCounts(t, s, "2740101", 300)
	})

	t.Run("TwoServersOneStore", func(t *testing.T) {
		addr := b.New(t)
		s1, s2 := b.open(t, addr), b.open(t, addr)
		var wg sync.WaitGroup
		for _, s := range []tracking.Store{s1, s2} {
			wg.Add(1)
			go func() { defer wg.Done(); record(t, s, "3740102", 200) }()
		}
		wg.Wait()
		st, err := s1.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got := st["3740102"]; got.Scans != 360 || got.Bots != 40 || got.Visitors != 3 {
			t.Errorf("two servers' 400 scans counted as %+v; want 360 scans, 40 robots, 3 visitors", got)
		}
		a, err := s1.Salt(ctx, "2026-11-25")
		if err != nil {
			t.Fatal(err)
		}
		b, err := s2.Salt(ctx, "2026-11-25")
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Error("two servers on one store have different salts for one day")
		}
	})

	t.Run("Salts", func(t *testing.T) {
		s := b.open(t, b.New(t))
		salt := func(day string) []byte {
			t.Helper()
			v, err := s.Salt(ctx, day)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		a, a2 := salt("2026-11-25"), salt("2026-11-25")
		if !bytes.Equal(a, a2) || len(a) != 32 {
			t.Errorf("the day's salt changed within the day, or is not 32 bytes: %x, %x", a, a2)
		}
		if c := salt("2026-11-26"); bytes.Equal(a, c) {
			t.Error("a new day kept the old salt")
		}
		// Asked again, the 25th's salt is a new one: the first was deleted
		// when the 26th's was made.
		if again := salt("2026-11-25"); bytes.Equal(a, again) {
			t.Error("the salt of a past day was kept after the next day's was made")
		}
		d := salt("2026-11-26")
		if err := s.ForgetSalts(ctx, "2026-11-27"); err != nil {
			t.Fatal(err)
		}
		if again := salt("2026-11-26"); bytes.Equal(d, again) {
			t.Error("ForgetSalts kept the salt of a day before")
		}
	})

	t.Run("ReadOnly", func(t *testing.T) {
		addr := b.New(t)
		if s, err := b.OpenReadOnly(addr); err == nil {
			s.Close()
			t.Fatal("OpenReadOnly of a place no server has used succeeded; want an error")
		}
		w := b.open(t, addr)
		record(t, w, "5740302", 50)
		// A report beside a running server sees every committed scan.
		r, err := b.OpenReadOnly(addr)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		checkCounts(t, r, "5740302", 50)
		if err := r.Record(ctx, tracking.Scan{At: at, Code: "5740302"}); !errors.Is(err, tracking.ErrReadOnly) {
			t.Errorf("Record on a read-only store = %v; want ErrReadOnly", err)
		}
		if _, err := r.Salt(ctx, "2026-11-25"); !errors.Is(err, tracking.ErrReadOnly) {
			t.Errorf("Salt on a read-only store = %v; want ErrReadOnly", err)
		}
		checkCounts(t, w, "5740302", 50)
	})

	t.Run("Reopen", func(t *testing.T) {
		addr := b.New(t)
		s, err := b.Open(addr)
		if err != nil {
			t.Fatal(err)
		}
		record(t, s, "6740304", 40)
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		if err := s.Record(ctx, tracking.Scan{At: at, Code: "6740304"}); !errors.Is(err, tracking.ErrClosed) {
			t.Errorf("Record after Close = %v; want ErrClosed", err)
		}
		// Opening again runs no migration twice and keeps the scans.
		checkCounts(t, b.open(t, addr), "6740304", 40)
	})

	t.Run("ManyBatches", func(t *testing.T) {
		s := b.open(t, b.New(t))
		var wg sync.WaitGroup
		for w := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range 250 {
					sc := tracking.Scan{At: at, Code: fmt.Sprintf("unit%d", w), Token: "T", Device: "mobile", Visitor: fmt.Sprint(i)}
					if err := s.Record(ctx, sc); err != nil {
						t.Error(err)
						return
					}
				}
			}()
		}
		wg.Wait()
		st, err := s.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for w := range 8 {
			if c := st[fmt.Sprintf("unit%d", w)]; c.Scans != 250 || c.Visitors != 250 {
				t.Errorf("unit%d: %+v; want 250 scans by 250 visitors", w, c)
			}
		}
	})
}
