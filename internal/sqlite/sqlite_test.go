package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/prakat/prakat/internal/storetest"
	"github.com/prakat/prakat/internal/tracking"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, storetest.Backend{
		New:          func(t *testing.T) string { return filepath.Join(t.TempDir(), "scans.db") },
		Open:         func(path string) (tracking.Store, error) { return Open(path) },
		OpenReadOnly: func(path string) (tracking.Store, error) { return OpenReadOnly(path) },
	})
}

func TestIntegrity(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "scans.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Check(context.Background()); err != nil {
		t.Error(err)
	}
}

// The file a report opens read-only stays as it was: no migration ran.
func TestReadOnlyWritesNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "empty.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	r, err := OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if _, err := r.db.Exec(`CREATE TABLE x (a)`); err == nil {
		t.Error("a read-only store wrote to its file")
	}
}
