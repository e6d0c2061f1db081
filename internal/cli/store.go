package cli

import (
	"context"

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
		return postgres.Open(ctx, db)
	}
	return sqlite.Open(db)
}

// openStoreReadOnly opens it to read the counts, without migrating it or
// starting a writer.
func openStoreReadOnly(ctx context.Context, db string) (tracking.Store, error) {
	if postgres.IsURL(db) {
		return postgres.OpenReadOnly(ctx, db)
	}
	return sqlite.OpenReadOnly(db)
}
