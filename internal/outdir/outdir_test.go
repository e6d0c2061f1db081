package outdir

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// build runs one whole replacement of out with files (path → content),
// written as generate writes them, through the Dir.
func build(t *testing.T, out string, files map[string]string) error {
	t.Helper()
	d, err := Open(out)
	if err != nil {
		return err
	}
	defer d.Close()
	tmp, err := d.Build()
	if err != nil {
		t.Fatal(err)
	}
	for p, c := range files {
		os.MkdirAll(filepath.Dir(filepath.Join(tmp, filepath.FromSlash(p))), 0o755)
		if err := d.WriteFile(p, []byte(c)); err != nil {
			t.Fatal(err)
		}
	}
	return d.Commit()
}

func write(t *testing.T, path, content string) {
	t.Helper()
	os.MkdirAll(filepath.Dir(path), 0o755)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func exists(path string) bool { _, err := os.Stat(path); return err == nil }

// A previous output is replaced whole: files the new run does not make are
// gone, and nothing is left beside the folder but its lock.
func TestReplaceWhole(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "out")
	if err := build(t, out, map[string]string{"a/1.pdf": "one", "a/2.pdf": "two", "manifest.csv": "m"}); err != nil {
		t.Fatal(err)
	}
	if err := build(t, out, map[string]string{"a/1.pdf": "one again", "b/3.pdf": "three", "manifest.csv": "m2"}); err != nil {
		t.Fatal(err)
	}
	if exists(filepath.Join(out, "a/2.pdf")) {
		t.Error("a/2.pdf of the previous output survived")
	}
	if b, _ := os.ReadFile(filepath.Join(out, "a/1.pdf")); string(b) != "one again" {
		t.Errorf("a/1.pdf = %q", b)
	}
	ents, _ := os.ReadDir(parent)
	for _, e := range ents {
		if e.Name() != "out" && e.Name() != ".out.prakat-lock" {
			t.Errorf("%s left beside the output", e.Name())
		}
	}
}

// A folder holding a file prakat did not make, or one it made and the user
// changed, is refused, and nothing in it changes.
func TestRefuseUsersFiles(t *testing.T) {
	for name, spoil := range map[string]func(out string){
		"a file of the user's": func(out string) {
			write(t, filepath.Join(out, "บันทึกส่งอำเภอ.docx"), "mine")
		},
		"a folder of the user's":      func(out string) { write(t, filepath.Join(out, "a/signed/letter.pdf"), "signed") },
		"a changed file":              func(out string) { write(t, filepath.Join(out, "a/1.pdf"), "edited by hand") },
		"the record removed":          func(out string) { os.Remove(filepath.Join(out, RecordName)) },
		"a record prakat never wrote": func(out string) { write(t, filepath.Join(out, RecordName), "x\t1\ta/1.pdf\n") },
	} {
		t.Run(name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			if err := build(t, out, map[string]string{"a/1.pdf": "one", "manifest.csv": "m"}); err != nil {
				t.Fatal(err)
			}
			spoil(out)
			before := snapshot(t, out)
			err := build(t, out, map[string]string{"a/1.pdf": "new"})
			if err == nil || !strings.Contains(err.Error(), "nothing was changed") {
				t.Fatalf("replacing = %v; want a refusal", err)
			}
			if after := snapshot(t, out); after != before {
				t.Errorf("the folder changed:\n%s\nwas\n%s", after, before)
			}
		})
	}
}

// A folder that is not an output at all, the case of a clerk's documents
// folder given as --out, is refused whole.
func TestRefuseOtherFolder(t *testing.T) {
	out := filepath.Join(t.TempDir(), "documents")
	write(t, filepath.Join(out, "manifest.csv"), "a manifest is not a record")
	write(t, filepath.Join(out, "แม่แตง/signed/หนังสือ.pdf"), "signed")
	if err := build(t, out, map[string]string{"x.pdf": "x"}); err == nil {
		t.Fatal("a folder of the user's was replaced")
	}
	if !exists(filepath.Join(out, "แม่แตง/signed/หนังสือ.pdf")) {
		t.Error("the user's file is gone")
	}
}

// An absent or empty folder is taken.
func TestEmptyFolder(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	os.Mkdir(out, 0o755)
	if err := build(t, out, map[string]string{"x.pdf": "x"}); err != nil {
		t.Fatal(err)
	}
	if !exists(filepath.Join(out, "x.pdf")) {
		t.Error("x.pdf not written")
	}
}

// Two runs at once: the second is refused while the first holds the folder.
func TestOneRunAtATime(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	first, err := Open(out)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Open(out); err == nil || !strings.Contains(err.Error(), "another prakat run") {
		t.Errorf("second Open = %v; want a refusal", err)
	}
	first.Close()
	second, err := Open(out)
	if err != nil {
		t.Fatalf("Open after the first closed: %v", err)
	}
	second.Close()
}

// What a killed run left beside the folder is cleared by the next run: a
// folder being built, one built but not yet swapped in, and a previous
// output set aside; a file of the user's in any of them stays.
func TestLeftoversCleared(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "out")
	building := filepath.Join(parent, tmpPrefix("out")+"111")
	write(t, filepath.Join(building, buildingName), "")
	write(t, filepath.Join(building, "a/1.pdf"), "half")
	empty := filepath.Join(parent, tmpPrefix("out")+"222")
	os.Mkdir(empty, 0o755)
	// A built folder and a set-aside output carry their records.
	for _, name := range []string{tmpPrefix("out") + "333", oldPrefix("out") + "444"} {
		dir := filepath.Join(parent, name)
		write(t, filepath.Join(dir, "a/1.pdf"), "done")
		if err := writeRecord(dir, nil); err != nil {
			t.Fatal(err)
		}
	}
	write(t, filepath.Join(parent, oldPrefix("out")+"444", "a/mine.txt"), "the user's")
	if err := build(t, out, map[string]string{"x.pdf": "x"}); err != nil {
		t.Fatal(err)
	}
	for _, gone := range []string{building, empty, filepath.Join(parent, tmpPrefix("out")+"333")} {
		if exists(gone) {
			t.Errorf("%s left behind", filepath.Base(gone))
		}
	}
	old := filepath.Join(parent, oldPrefix("out")+"444")
	if !exists(filepath.Join(old, "a/mine.txt")) {
		t.Error("the user's file in a set-aside output was removed")
	}
	if exists(filepath.Join(old, "a/1.pdf")) {
		t.Error("prakat's file in a set-aside output was kept")
	}
}

// snapshot lists every path and content under dir.
func snapshot(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			c, _ := os.ReadFile(p)
			b.WriteString(p + "=" + string(c) + "\n")
		}
		return err
	})
	return b.String()
}

// A refusal names the user's own files before prakat's changed ones, which
// a copy without the files' times makes many.
func TestUsersFilesNamedFirst(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	files := map[string]string{"manifest.csv": "m"}
	for _, n := range []string{"a", "b", "c", "d", "e", "f"} {
		files["a/"+n+".pdf"] = n
	}
	if err := build(t, out, files); err != nil {
		t.Fatal(err)
	}
	for p := range files {
		write(t, filepath.Join(out, p), files[p]+" touched")
	}
	write(t, filepath.Join(out, "z-mine.docx"), "mine")
	err := Check(out)
	if err == nil || !strings.Contains(err.Error(), "(z-mine.docx, ") {
		t.Errorf("Check = %v; want the user's file named first", err)
	}
}

// An output copied elsewhere (from a USB stick, out of a zip) or touched
// keeps its files' content but not their times: it is still prakat's, by
// content. A file of the same size with other content is not.
func TestCopiedOutput(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "out")
	if err := build(t, out, map[string]string{"a/1.pdf": "one", "manifest.csv": "m"}); err != nil {
		t.Fatal(err)
	}
	later := time.Now().Add(time.Hour)
	for _, p := range []string{"a/1.pdf", "manifest.csv", RecordName} {
		if err := os.Chtimes(filepath.Join(out, p), later, later); err != nil {
			t.Fatal(err)
		}
	}
	if err := Check(out); err != nil {
		t.Fatalf("an output with new times: %v", err)
	}
	write(t, filepath.Join(out, "a/1.pdf"), "uno") // the same size
	err := Check(out)
	if err == nil || !strings.Contains(err.Error(), "a/1.pdf") {
		t.Fatalf("a changed file of the same size: %v; want it named", err)
	}
	// A record written before it held the content is still read, by times.
	write(t, filepath.Join(out, "a/1.pdf"), "one")
	old := filepath.Join(parent, "old")
	if err := build(t, old, map[string]string{"x.pdf": "x"}); err != nil {
		t.Fatal(err)
	}
	info, _ := os.Stat(filepath.Join(old, "x.pdf"))
	write(t, filepath.Join(old, RecordName), recordHeader+"\n"+fmt.Sprintf("%d\t%d\tx.pdf\n", info.Size(), info.ModTime().UnixNano()))
	if err := Check(old); err != nil {
		t.Errorf("a record without content sums: %v", err)
	}
}

// The record of files handed over as they were written (whole, in pieces)
// is the one reading them back gives, with files written by other means
// read back beside them; and a copy with new times is recognised by
// content.
func TestRecordedAsWritten(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "out")
	d, err := Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	tmp, err := d.Build()
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(tmp, "อำเภอ"), 0o755)
	if err := d.WriteFile("อำเภอ/1.pdf", []byte("one")); err != nil {
		t.Fatal(err)
	}
	f, err := d.Create("อำเภอ.zip")
	if err != nil {
		t.Fatal(err)
	}
	for _, piece := range []string{"PK", "\x03\x04", strings.Repeat("z", 100000)} {
		if _, err := f.Write([]byte(piece)); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if err := d.WriteFile("manifest.csv", []byte("first")); err != nil {
		t.Fatal(err)
	}
	if err := d.WriteFile("manifest.csv", []byte("written again")); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(tmp, "อำเภอ/other.png"), "not handed over")
	if got := len(d.made); got != 3 {
		t.Errorf("%d files recorded as written; want 3", got)
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(out, RecordName))
	if err != nil {
		t.Fatal(err)
	}
	readBack := filepath.Join(parent, "read-back")
	if err := os.CopyFS(readBack, os.DirFS(out)); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(readBack, RecordName))
	for _, p := range []string{"อำเภอ/1.pdf", "อำเภอ.zip", "manifest.csv", "อำเภอ/other.png"} {
		info, _ := os.Stat(filepath.Join(out, filepath.FromSlash(p)))
		os.Chtimes(filepath.Join(readBack, filepath.FromSlash(p)), info.ModTime(), info.ModTime())
	}
	if err := writeRecord(readBack, nil); err != nil {
		t.Fatal(err)
	}
	want, _ := os.ReadFile(filepath.Join(readBack, RecordName))
	if string(got) != string(want) {
		t.Errorf("record as written:\n%s\nread back:\n%s", got, want)
	}
	later := time.Now().Add(time.Hour)
	for _, p := range []string{"อำเภอ/1.pdf", "อำเภอ.zip", "manifest.csv"} {
		os.Chtimes(filepath.Join(out, filepath.FromSlash(p)), later, later)
	}
	if err := Check(out); err != nil {
		t.Errorf("the output with new times: %v", err)
	}
}

// Create before Build has no folder to write into.
func TestCreateBeforeBuild(t *testing.T) {
	d, err := Open(filepath.Join(t.TempDir(), "out"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if err := d.WriteFile("x.pdf", []byte("x")); err == nil {
		t.Error("WriteFile before Build succeeded")
	}
}
