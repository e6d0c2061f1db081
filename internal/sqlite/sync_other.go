//go:build !linux

package sqlite

import "os"

// fdatasync is fsync where Linux's fdatasync is missing.
func fdatasync(f *os.File) error { return f.Sync() }
