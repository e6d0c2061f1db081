// Package fsatomic writes files and folders so that a reader sees the old
// content or the new, never a half-written one: the content goes to a
// temporary name beside the target, is synced, and is renamed into place;
// and Lock keeps a second run from writing what a first one is writing.
package fsatomic

import (
	"context"
	"time"

	"fmt"
	"github.com/gofrs/flock"
	"io"
	"os"
	"path/filepath"
)

// WriteFile replaces path with data, atomically, with the given mode.
func WriteFile(path string, data []byte, perm os.FileMode) error {
	return Write(path, perm, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// Write replaces path with what fill writes. If fill fails, path is left as
// it was and the temporary file is removed.
//
// A path that names something other than a regular file (/dev/stdout, a
// pipe) is written through, never replaced.
func Write(path string, perm os.FileMode, fill func(io.Writer) error) (err error) {
	if st, err := os.Stat(path); err == nil && !st.Mode().IsRegular() {
		if st.IsDir() {
			return fmt.Errorf("%s is a folder", path)
		}
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return err
		}
		if err := fill(f); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if err = fill(f); err != nil {
		return err
	}
	if err = f.Chmod(perm); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if err = os.Rename(tmp, path); err != nil {
		return err
	}
	SyncDir(dir)
	return nil
}

// SyncDir makes a rename durable where the platform allows; where it does
// not (Windows), the rename itself is already atomic.
func SyncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// Dir builds a folder with fill, in a temporary folder beside path, then
// moves it to path. path must not exist, or be an empty folder; otherwise
// nothing is written.
func Dir(path string, fill func(tmp string) error) (err error) {
	parent := filepath.Dir(filepath.Clean(path))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	if err = fill(tmp); err != nil {
		return err
	}
	if err = os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	if st, statErr := os.Stat(path); statErr == nil {
		if !st.IsDir() {
			return fmt.Errorf("%s exists and is not a folder", path)
		}
		// An empty folder the user made for the job is taken over.
		if err = os.Remove(path); err != nil {
			return fmt.Errorf("%s exists and is not empty", path)
		}
	}
	if err = os.Rename(tmp, path); err != nil {
		return err
	}
	SyncDir(parent)
	return nil
}

// Lock takes the lock file at path, so that one run at a time writes what
// it guards, waiting up to wait for another run to release it. It reports
// false when the other run held it all that time; Unlock the lock when
// done.
func Lock(path string, wait time.Duration) (*flock.Flock, bool) {
	lk := flock.New(path)
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	ok, err := lk.TryLockContext(ctx, 50*time.Millisecond)
	return lk, ok && err == nil
}
