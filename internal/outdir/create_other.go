//go:build !unix

package outdir

import "os"

// createFile makes the file at p for writing.
func createFile(p string) (*os.File, error) {
	return os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
}
