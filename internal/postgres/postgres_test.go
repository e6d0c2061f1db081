package postgres

import (
	"context"
	"testing"

	"github.com/prakat/prakat/internal/postgres/postgrestest"
	"github.com/prakat/prakat/internal/storetest"
	"github.com/prakat/prakat/internal/tracking"
)

func TestConformance(t *testing.T) {
	ctx := context.Background()
	storetest.Run(t, storetest.Backend{
		New:          func(t *testing.T) string { return postgrestest.URL(t) },
		Open:         func(url string) (tracking.Store, error) { return Open(ctx, url) },
		OpenReadOnly: func(url string) (tracking.Store, error) { return OpenReadOnly(ctx, url) },
	})
}

// Servers started together migrate one at a time: all of them open.
func TestMigrateTogether(t *testing.T) {
	url := postgrestest.URL(t)
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			s, err := Open(context.Background(), url)
			if err == nil {
				s.Close()
			}
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

func TestIsURL(t *testing.T) {
	for in, want := range map[string]bool{"postgres://u@h/db": true, "postgresql://h/db": true, "scans.db": false, "postgres.db": false} {
		if got := IsURL(in); got != want {
			t.Errorf("IsURL(%q) = %v; want %v", in, got, want)
		}
	}
}
