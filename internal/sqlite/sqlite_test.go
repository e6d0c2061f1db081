package sqlite

import (
	"bytes"
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/prakat/prakat/internal/tracking"
)

func TestStore(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "scans.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 25, 3, 0, 0, 0, time.UTC)
	var wg sync.WaitGroup
	for i := 0; i < 300; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sc := tracking.Scan{At: at.Add(time.Duration(i) * time.Second), Code: "2740101", Token: "MQ4CUZQ9", Device: "mobile",
				Visitor: []string{"a", "b", "c"}[i%3], Bot: i%10 == 0}
			if err := s.Record(ctx, sc); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	u := st["2740101"]
	if u.Scans != 270 || u.Bots != 30 || u.Visitors != 3 || !u.First.Equal(at.Add(time.Second)) || !u.Last.Equal(at.Add(299*time.Second)) {
		t.Errorf("stats %+v", u)
	}
	if err := s.Check(ctx); err != nil {
		t.Error(err)
	}

	// Salts: one a day, kept through the day, the day before deleted.
	a, _ := s.Salt(ctx, "2026-11-25")
	b, _ := s.Salt(ctx, "2026-11-25")
	if !bytes.Equal(a, b) || len(a) != 32 {
		t.Error("the day's salt changed within the day")
	}
	c, _ := s.Salt(ctx, "2026-11-26")
	if bytes.Equal(a, c) {
		t.Error("a new day kept the old salt")
	}
	var n int
	s.db.QueryRow(`SELECT count(*) FROM salts`).Scan(&n)
	if n != 1 {
		t.Errorf("%d salts kept; want only today's", n)
	}
	s.Close()
	if err := s.Record(ctx, tracking.Scan{At: at, Code: "x"}); err != ErrClosed {
		t.Errorf("Record after Close = %v", err)
	}

	// Opening again runs no migration twice and keeps the scans.
	s2, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if got, _ := s2.Count(ctx); got != 300 {
		t.Errorf("%d scans after reopening", got)
	}
}
