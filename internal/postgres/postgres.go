// Package postgres stores scans in a PostgreSQL database (jackc/pgx), for
// several servers sharing the load: migrations embedded and run in order
// under a lock, every scan committed (synchronous_commit on) before its
// redirect is answered, the commits of requests that arrive together
// grouped into one transaction, and one visitor salt a day shared by all.
package postgres

import (
	"context"
	"crypto/rand"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prakat/prakat/internal/groupcommit"
	"github.com/prakat/prakat/internal/tracking"
)

//go:embed migrations/*.sql
var migrations embed.FS

// MaxBatch bounds how many scans one transaction commits.
const MaxBatch = 256

// writers is how many transactions one server has under way at once: a
// commit waits on the network and the server's disk, not on this process.
const writers = 4

// IsURL tells whether a --db value names a PostgreSQL database.
func IsURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// ErrUnreachable wraps a failure to connect: a wrong address, user or
// password, or a server that is down.
var ErrUnreachable = errors.New("cannot reach the PostgreSQL server")

// Store is an open scan database.
type Store struct {
	pool     *pgxpool.Pool
	q        *groupcommit.Queue // nil when read-only
	readOnly bool
}

var _ tracking.Store = (*Store)(nil)

// Open connects to the database at url (postgres://…) and brings its
// schema up to date.
func Open(ctx context.Context, url string) (*Store, error) {
	pool, err := connect(ctx, url, map[string]string{"synchronous_commit": "on"}, writers+4)
	if err != nil {
		return nil, err
	}
	if err := migrate(ctx, pool); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: %w", err)
	}
	s := &Store{pool: pool}
	s.q = groupcommit.New(s.commit, MaxBatch, writers)
	return s, nil
}

// OpenReadOnly connects to read the counts: no migration, no writer, and
// every transaction read-only.
func OpenReadOnly(ctx context.Context, url string) (*Store, error) {
	pool, err := connect(ctx, url, map[string]string{"default_transaction_read_only": "on"}, 2)
	if err != nil {
		return nil, err
	}
	var ok bool
	if err := pool.QueryRow(ctx, `SELECT to_regclass('scans') IS NOT NULL AND to_regclass('schema_migrations') IS NOT NULL`).Scan(&ok); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: %w", err)
	}
	if !ok {
		pool.Close()
		return nil, tracking.ErrNotStore
	}
	return &Store{pool: pool, readOnly: true}, nil
}

func connect(ctx context.Context, url string, params map[string]string, conns int32) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	for k, v := range params {
		cfg.ConnConfig.RuntimeParams[k] = v
	}
	cfg.MaxConns = conns
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrUnreachable, err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("%w: %w", ErrUnreachable, err)
	}
	return pool, nil
}

// migrationLock is the advisory lock under which one server at a time
// migrates: servers started together do not race to create the tables.
const migrationLock = 0x70726b74 // "prkt"

func migrate(ctx context.Context, pool *pgxpool.Pool) error {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	tx, err := pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, migrationLock); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY)`); err != nil {
		return err
	}
	for _, name := range names {
		version := strings.TrimSuffix(strings.TrimPrefix(name, "migrations/"), ".sql")
		var n int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM schema_migrations WHERE version = $1`, version).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			continue
		}
		body, err := migrations.ReadFile(name)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, string(body)); err != nil {
			return fmt.Errorf("migration %s: %w", version, err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version) VALUES ($1)`, version); err != nil {
			return err
		}
	}
	return tx.Commit(ctx)
}

// Observe has f told of every commit.
func (s *Store) Observe(f tracking.BatchObserver) {
	if s.q != nil {
		s.q.Observe(f)
	}
}

// Record stores a scan and returns once it is committed. A failed commit
// is not retried: the scan may or may not be stored, and a retry could
// count it twice.
func (s *Store) Record(ctx context.Context, sc tracking.Scan) error {
	if s.readOnly {
		return tracking.ErrReadOnly
	}
	return s.q.Record(ctx, sc)
}

// commit inserts a batch as one statement, its own transaction.
func (s *Store) commit(batch []tracking.Scan) error {
	n := len(batch)
	at, bot := make([]time.Time, n), make([]bool, n)
	day, code, token, device, visitor := make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	for i, sc := range batch {
		at[i], day[i], code[i], token[i], device[i], bot[i], visitor[i] = sc.At, tracking.Day(sc.At), sc.Code, sc.Token, sc.Device, sc.Bot, sc.Visitor
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err := s.pool.Exec(ctx, `INSERT INTO scans (at, day, code, token, device, bot, visitor)
		SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::text[], $6::boolean[], $7::text[])`,
		at, day, code, token, device, bot, visitor)
	return err
}

// Salt returns the visitor salt of day, the same to every server: the
// first to ask makes it. The salts of days before are deleted.
func (s *Store) Salt(ctx context.Context, day string) ([]byte, error) {
	if s.readOnly {
		return nil, tracking.ErrReadOnly
	}
	salt := make([]byte, 32)
	if _, err := rand.Read(salt); err != nil {
		return nil, err
	}
	if _, err := s.pool.Exec(ctx, `INSERT INTO salts (day, salt) VALUES ($1, $2) ON CONFLICT (day) DO NOTHING`, day, salt); err != nil {
		return nil, err
	}
	if err := s.ForgetSalts(ctx, day); err != nil {
		return nil, err
	}
	err := s.pool.QueryRow(ctx, `SELECT salt FROM salts WHERE day = $1`, day).Scan(&salt)
	return salt, err
}

// ForgetSalts deletes the salts of the days before day.
func (s *Store) ForgetSalts(ctx context.Context, day string) error {
	if s.readOnly {
		return tracking.ErrReadOnly
	}
	_, err := s.pool.Exec(ctx, `DELETE FROM salts WHERE day < $1`, day)
	return err
}

// Stats returns the counts of every unit that has been scanned.
func (s *Store) Stats(ctx context.Context) (map[string]tracking.Counts, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT code,
		       count(*) FILTER (WHERE NOT bot),
		       count(DISTINCT day || ' ' || visitor) FILTER (WHERE NOT bot),
		       count(*) FILTER (WHERE bot),
		       min(at) FILTER (WHERE NOT bot),
		       max(at) FILTER (WHERE NOT bot)
		FROM scans GROUP BY code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]tracking.Counts{}
	for rows.Next() {
		var code string
		var c tracking.Counts
		var first, last *time.Time
		if err := rows.Scan(&code, &c.Scans, &c.Visitors, &c.Bots, &first, &last); err != nil {
			return nil, err
		}
		if first != nil {
			c.First, c.Last = *first, *last
		}
		out[code] = c
	}
	return out, rows.Err()
}

// Count returns how many scans (people and robots) the database holds.
func (s *Store) Count(ctx context.Context) (int, error) {
	var n int
	err := s.pool.QueryRow(ctx, `SELECT count(*) FROM scans`).Scan(&n)
	return n, err
}

// Close finishes the queued scans and disconnects.
func (s *Store) Close() error {
	if s.q != nil {
		s.q.Close()
	}
	s.pool.Close()
	return nil
}
