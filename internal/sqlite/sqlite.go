// Package sqlite stores scans in a SQLite file (modernc.org/sqlite, no cgo):
// write-ahead log, migrations embedded and run in order, and every scan
// durable before its redirect is answered, with the commits of requests
// that arrive together grouped into one transaction.
//
// Durable as synchronous=FULL makes it, but pipelined: SQLite's FULL
// syncs the log inside each commit, so one batch waits for the disk while
// the next cannot be written. Here the writer's connection commits with
// synchronous=NORMAL (the log written, not synced) and a goroutine of its
// own syncs the log (fdatasync) before the batches it covers are answered,
// while the writer commits the next ones. A commit is durable once the log
// holding it is synced; a checkpoint under NORMAL syncs the log before it
// copies it into the database and the database after, so a scan already
// moved out of the log is durable too. The other connections keep FULL.
package sqlite

import (
	"context"
	"crypto/rand"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/prakat/prakat/internal/groupcommit"
	"github.com/prakat/prakat/internal/tracking"
	_ "modernc.org/sqlite"
)

//go:embed migrations/*.sql
var migrations embed.FS

// MaxBatch bounds how many scans one transaction commits.
const MaxBatch = 128 // 7 parameters a scan, well under SQLite's limit

// Store is an open scan database.
type Store struct {
	db       *sql.DB
	q        *groupcommit.Queue // nil when read-only
	readOnly bool

	// The writer goroutine's connection, its insert statements by batch
	// size and their arguments: parsed once, not once a commit.
	writer  *sql.Conn
	inserts []*sql.Stmt
	args    []any
	walPath string
	wal     *os.File // the write-ahead log, opened to sync it
}

var _ tracking.Store = (*Store)(nil)

// Open opens (creating if need be) the database at path and brings its
// schema up to date.
func Open(path string) (*Store, error) {
	dsn := "file:" + path + "?_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(4)
	if err := migrate(db); err != nil {
		db.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	w, err := db.Conn(context.Background())
	if err == nil {
		// The log is synced by syncWAL, after the commit, not in it.
		_, err = w.ExecContext(context.Background(), `PRAGMA synchronous = NORMAL`)
	}
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	s := &Store{db: db, writer: w, inserts: make([]*sql.Stmt, MaxBatch+1), args: make([]any, 0, 7*MaxBatch),
		walPath: path + "-wal"}
	// One writer: SQLite takes one write transaction at a time. The writer
	// connection stays open, so the log is never deleted under s.wal.
	s.q = groupcommit.NewSynced(s.commit, s.syncWAL, MaxBatch)
	return s, nil
}

// OpenReadOnly opens an existing database to read its counts: no
// migration, no writer, and SQLite refuses any write (query_only), so a
// report can run beside the server.
func OpenReadOnly(path string) (*Store, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("%s: %w", path, tracking.ErrNotStore)
	}
	dsn := "file:" + path + "?mode=ro&_pragma=query_only(1)&_pragma=busy_timeout(10000)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('scans', 'schema_migrations')`).Scan(&n); err != nil {
		db.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if n != 2 {
		db.Close()
		return nil, fmt.Errorf("%s: %w", path, tracking.ErrNotStore)
	}
	return &Store{db: db, readOnly: true}, nil
}

// Observe has f told of every commit.
func (s *Store) Observe(f tracking.BatchObserver) {
	if s.q != nil {
		s.q.Observe(f)
	}
}

func migrate(db *sql.DB) error {
	if _, err := db.Exec(`CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY)`); err != nil {
		return err
	}
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		version := strings.TrimSuffix(strings.TrimPrefix(name, "migrations/"), ".sql")
		var n int
		if err := db.QueryRow(`SELECT count(*) FROM schema_migrations WHERE version = ?`, version).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			continue
		}
		body, err := migrations.ReadFile(name)
		if err != nil {
			return err
		}
		tx, err := db.Begin()
		if err != nil {
			return err
		}
		if _, err := tx.Exec(string(body)); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %s: %w", version, err)
		}
		if _, err := tx.Exec(`INSERT INTO schema_migrations (version) VALUES (?)`, version); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

// ErrClosed is returned for scans recorded after Close.
var ErrClosed = tracking.ErrClosed

// Record stores a scan and returns once it is committed to disk.
func (s *Store) Record(ctx context.Context, sc tracking.Scan) error {
	if s.readOnly {
		return tracking.ErrReadOnly
	}
	return s.q.Record(ctx, sc)
}

// commit inserts a batch in one transaction, as one statement prepared
// once for each batch size on the writer's own connection.
func (s *Store) commit(batch []tracking.Scan) error {
	n := len(batch)
	st := s.inserts[n]
	if st == nil {
		var q strings.Builder
		q.WriteString(`INSERT INTO scans (at, day, code, token, device, bot, visitor) VALUES `)
		for i := range n {
			if i > 0 {
				q.WriteByte(',')
			}
			q.WriteString("(?,?,?,?,?,?,?)")
		}
		var err error
		if st, err = s.writer.PrepareContext(context.Background(), q.String()); err != nil {
			return err
		}
		s.inserts[n] = st
	}
	args := s.args[:0]
	for _, sc := range batch {
		args = append(args, sc.At.UnixMilli(), tracking.Day(sc.At), sc.Code, sc.Token, sc.Device, sc.Bot, sc.Visitor)
	}
	// A statement alone is a transaction of its own: one commit, one sync.
	_, err := st.Exec(args...)
	clear(args)
	s.args = args
	return err
}

// syncWAL makes every commit written so far durable: fdatasync of the
// write-ahead log, which holds each commit not yet checkpointed.
func (s *Store) syncWAL() error {
	// The log stays while the writer's connection is open; were it ever
	// made anew, syncing the old file would make nothing durable.
	if s.wal != nil {
		a, errA := s.wal.Stat()
		b, errB := os.Stat(s.walPath)
		if errA != nil || errB != nil || !os.SameFile(a, b) {
			s.wal.Close()
			s.wal = nil
		}
	}
	if s.wal == nil {
		f, err := os.OpenFile(s.walPath, os.O_RDWR, 0)
		if err != nil {
			return fmt.Errorf("syncing the write-ahead log: %w", err)
		}
		s.wal = f
	}
	if err := fdatasync(s.wal); err != nil {
		return fmt.Errorf("syncing %s: %w", s.walPath, err)
	}
	return nil
}

// Salt returns the visitor salt of day, making it on the day's first
// scan, and deletes the salts of days before.
func (s *Store) Salt(ctx context.Context, day string) ([]byte, error) {
	if s.readOnly {
		return nil, tracking.ErrReadOnly
	}
	var salt []byte
	err := s.db.QueryRowContext(ctx, `SELECT salt FROM salts WHERE day = ?`, day).Scan(&salt)
	if err == nil {
		return salt, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	salt = make([]byte, 32)
	if _, err := rand.Read(salt); err != nil {
		return nil, err
	}
	if _, err := s.db.ExecContext(ctx, `INSERT OR IGNORE INTO salts (day, salt) VALUES (?, ?)`, day, salt); err != nil {
		return nil, err
	}
	if err := s.ForgetSalts(ctx, day); err != nil {
		return nil, err
	}
	err = s.db.QueryRowContext(ctx, `SELECT salt FROM salts WHERE day = ?`, day).Scan(&salt)
	return salt, err
}

// ForgetSalts deletes the salts of the days before day.
func (s *Store) ForgetSalts(ctx context.Context, day string) error {
	if s.readOnly {
		return tracking.ErrReadOnly
	}
	_, err := s.db.ExecContext(ctx, `DELETE FROM salts WHERE day < ?`, day)
	return err
}

// Stats returns the counts of every unit that has been scanned.
func (s *Store) Stats(ctx context.Context) (map[string]tracking.Counts, error) {
	rows, err := s.db.QueryContext(ctx, `
		SELECT code,
		       sum(bot = 0),
		       count(DISTINCT CASE WHEN bot = 0 THEN day || visitor END),
		       sum(bot),
		       min(CASE WHEN bot = 0 THEN at END),
		       max(CASE WHEN bot = 0 THEN at END)
		FROM scans GROUP BY code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]tracking.Counts{}
	for rows.Next() {
		var u tracking.Counts
		var code string
		var first, last sql.NullInt64
		if err := rows.Scan(&code, &u.Scans, &u.Visitors, &u.Bots, &first, &last); err != nil {
			return nil, err
		}
		if first.Valid {
			u.First, u.Last = time.UnixMilli(first.Int64), time.UnixMilli(last.Int64)
		}
		out[code] = u
	}
	return out, rows.Err()
}

// Count returns how many scans (people and robots) the database holds.
func (s *Store) Count(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM scans`).Scan(&n)
	return n, err
}

// Check runs SQLite's integrity check.
func (s *Store) Check(ctx context.Context) error {
	var res string
	if err := s.db.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&res); err != nil {
		return err
	}
	if res != "ok" {
		return fmt.Errorf("integrity check: %s", res)
	}
	return nil
}

// Close finishes the queued scans and closes the database.
func (s *Store) Close() error {
	if s.q != nil {
		s.q.Close()
	}
	for _, st := range s.inserts {
		if st != nil {
			st.Close()
		}
	}
	if s.writer != nil {
		s.writer.Close()
	}
	err := s.db.Close()
	if s.wal != nil {
		s.wal.Close()
	}
	return err
}
