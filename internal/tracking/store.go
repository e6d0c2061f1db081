package tracking

import (
	"context"
	"errors"
	"time"
)

// Counts are one unit's scans as a store has them.
type Counts struct {
	Scans    int // by people
	Visitors int // distinct visitors a day, summed over days: an estimate
	Bots     int // link previews, crawlers, HEAD requests
	First    time.Time
	Last     time.Time
}

// Store keeps scans. The SQLite file (internal/sqlite) is the default; a
// PostgreSQL database (internal/postgres) lets several servers share the
// load and count each scan once.
type Store interface {
	// Record returns once the scan is durable: committed, so that a
	// redirect answered after it is never lost.
	Record(ctx context.Context, s Scan) error
	// Salt returns the visitor salt of day (YYYY-MM-DD in Thailand), the
	// same to every server that shares the store, making it on first use.
	Salt(ctx context.Context, day string) ([]byte, error)
	// ForgetSalts deletes the salts of the days before day.
	ForgetSalts(ctx context.Context, day string) error
	// Stats returns the counts of every unit scanned at least once.
	Stats(ctx context.Context) (map[string]Counts, error)
	// Count returns how many scans, people and robots, the store holds.
	Count(ctx context.Context) (int, error)
	Close() error
}

// ErrReadOnly is returned by Record and Salt of a store opened to read.
var ErrReadOnly = errors.New("the scan store is open read-only")

// ErrNotStore is returned by a read-only open of a place no server has
// recorded scans in.
var ErrNotStore = errors.New("no scan database here")

// ErrClosed is returned for scans recorded after Close.
var ErrClosed = errors.New("the scan store is closed")

// NextDay is the start of the Thai day after t's: when t's salt is to be
// deleted.
func NextDay(t time.Time) time.Time {
	y, m, d := t.In(Thailand).Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, Thailand)
}

// BatchObserver is told of every commit a store makes: how many scans it
// held, and how long its oldest scan waited from Record until it was
// durable.
type BatchObserver func(size int, wait time.Duration)
