package cli

import (
	"context"
	"errors"
	"strings"

	"github.com/prakat/prakat/internal/messages"
	"github.com/prakat/prakat/internal/postgres"
	"github.com/prakat/prakat/internal/sqlite"
	"github.com/prakat/prakat/internal/tracking"
)

// observedStore is a store with its commits observable, as both stores are.
type observedStore interface {
	tracking.Store
	Observe(tracking.BatchObserver)
}

// openStore opens the scan store --db names for prakat serve: a
// postgres:// URL, or else a SQLite file.
func openStore(ctx context.Context, db string) (observedStore, error) {
	if postgres.IsURL(db) {
		s, err := postgres.Open(ctx, db)
		if err != nil {
			return nil, unreachable(db, err)
		}
		return s, nil
	}
	s, err := sqlite.Open(db)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// openStoreReadOnly opens it to read the counts, without migrating it or
// starting a writer.
func openStoreReadOnly(ctx context.Context, db string) (tracking.Store, error) {
	if postgres.IsURL(db) {
		s, err := postgres.OpenReadOnly(ctx, db)
		if err != nil {
			return nil, unreachable(db, err)
		}
		return s, nil
	}
	s, err := sqlite.OpenReadOnly(db)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// unreachable says, in the user's language, that the server named by db
// did not answer, naming it without its password.
func unreachable(db string, err error) error {
	if !errors.Is(err, postgres.ErrUnreachable) {
		return err
	}
	detail := strings.TrimPrefix(err.Error(), postgres.ErrUnreachable.Error()+": ")
	return messages.Errorf(redactURL(db), "cannot reach the PostgreSQL server: %s", detail).
		WithHint("check the host, port, user, password and database in the URL, and that the server accepts connections from here")
}
