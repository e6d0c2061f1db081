package fsatomic

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestWriteFailureKeepsOld(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "f.csv")
	if err := WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := Write(path, 0o644, func(w io.Writer) error {
		w.Write([]byte("half"))
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Write = %v; want boom", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "old" {
		t.Errorf("file holds %q after a failed write; want old", b)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("%d files left in the folder; want 1", len(entries))
	}
}

func TestDir(t *testing.T) {
	parent := t.TempDir()
	target := filepath.Join(parent, "out")
	fill := func(tmp string) error { return os.WriteFile(filepath.Join(tmp, "a"), []byte("a"), 0o644) }
	if err := Dir(target, fill); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(target, "a")); err != nil {
		t.Fatal(err)
	}
	// A folder with content is never replaced.
	if err := Dir(target, fill); err == nil {
		t.Error("Dir replaced a folder with content")
	}
	// A failing fill leaves nothing behind.
	err := Dir(filepath.Join(parent, "other"), func(string) error { return errors.New("boom") })
	if err == nil {
		t.Fatal("Dir succeeded with a failing fill")
	}
	if entries, _ := os.ReadDir(parent); len(entries) != 1 {
		t.Errorf("%d entries in the parent; want only out", len(entries))
	}
}

// A device is written through, never replaced by a file of the same name.
func TestWriteThroughDevice(t *testing.T) {
	if _, err := os.Stat("/dev/full"); err != nil {
		t.Skip("no /dev/full here")
	}
	err := WriteFile("/dev/full", []byte("x"), 0o644)
	if err == nil {
		t.Error("writing to /dev/full succeeded; want no space left")
	}
	if st, err := os.Stat("/dev/full"); err != nil || st.Mode().IsRegular() {
		t.Fatalf("/dev/full is now %v (%v)", st.Mode(), err)
	}
	if err := WriteFile("/dev/null", []byte("x"), 0o644); err != nil {
		t.Errorf("writing to /dev/null: %v", err)
	}
}
