// Package outdir owns the folder a run writes its output into. The new
// output is built in a hidden folder beside it and swapped in whole, so a
// failed run leaves the previous output as it was. The folder keeps a record
// of the files prakat made in it; a file the record does not hold, or one
// changed since, belongs to the user, and a folder holding one is refused,
// never emptied. One run at a time holds a folder, and whatever a killed run
// left beside it is cleared by the next.
package outdir

import (
	"bufio"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/gofrs/flock"
	"github.com/prakat/prakat/internal/fsatomic"
	"github.com/prakat/prakat/internal/messages"
)

// RecordName is the record of the files prakat made, inside the output.
const RecordName = ".prakat-files"

// recordHeader starts every record, so a file of the same name that prakat
// did not write is not taken for one.
const recordHeader = "prakat output v1"

// buildingName marks a folder being built; it is removed before the swap.
const buildingName = ".prakat-building"

// Names of the folders and the lock beside the output, derived from its name.
func tmpPrefix(base string) string { return "." + base + ".prakat-tmp-" }
func oldPrefix(base string) string { return "." + base + ".prakat-old-" }
func lockName(base string) string  { return "." + base + ".prakat-lock" }

// MaxForeign is how many of the user's files a refusal names.
const MaxForeign = 5

// Dir is an output folder held by this run.
type Dir struct {
	path, parent, base string
	lock               *flock.Flock
	tmp                string
	committed          bool

	mu   sync.Mutex
	made map[string]entry // files written through Create, by path below tmp with /
}

// Open takes the output folder path for this run: it waits for no one (a
// second run at once is refused), removes what killed runs left beside it,
// and refuses a folder that holds any file prakat did not make. Nothing in
// path changes until Commit.
func Open(path string) (*Dir, error) {
	path = filepath.Clean(path)
	d := &Dir{path: path, parent: filepath.Dir(path), base: filepath.Base(path)}
	if d.base == "." || d.base == string(filepath.Separator) || d.base == ".." {
		return nil, messages.Errorf(path, "is not a folder prakat can replace").WithHint("give --out a folder's name, e.g. --out posters")
	}
	if st, err := os.Stat(path); err == nil && !st.IsDir() {
		return nil, messages.Errorf(path, "exists and is not a folder; nothing was changed")
	}
	if err := os.MkdirAll(d.parent, 0o755); err != nil {
		return nil, err
	}
	d.lock = flock.New(filepath.Join(d.parent, lockName(d.base)))
	ok, err := d.lock.TryLock()
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, messages.Errorf(path, "another prakat run is writing this folder; nothing was changed").WithHint("wait for it to finish, or give --out another folder")
	}
	if err := d.clearLeftovers(); err != nil {
		d.lock.Unlock()
		return nil, err
	}
	if err := Check(path); err != nil {
		d.lock.Unlock()
		return nil, err
	}
	return d, nil
}

// Check refuses a folder that holds a file prakat did not make, or one it
// made that was changed since; an absent or empty folder, or a previous
// output as prakat left it, is fine.
func Check(path string) error {
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !st.IsDir() {
		return messages.Errorf(path, "exists and is not a folder; nothing was changed")
	}
	rec, err := readRecord(path)
	if err != nil {
		return err
	}
	foreign, err := foreignFiles(path, rec)
	if err != nil {
		return err
	}
	if len(foreign) == 0 {
		return nil
	}
	// The user's own files first: prakat's, changed, may be many (a copy
	// that did not keep the files' times).
	sort.SliceStable(foreign, func(i, j int) bool {
		_, a := rec[foreign[i]]
		_, b := rec[foreign[j]]
		return !a && b
	})
	shown := foreign
	if len(shown) > MaxForeign {
		shown = shown[:MaxForeign]
	}
	list := strings.Join(shown, ", ")
	if len(foreign) > MaxForeign {
		list += fmt.Sprintf(", … +%d", len(foreign)-MaxForeign)
	}
	return messages.Errorf(path, "holds files that prakat did not make or that were changed since it made them (%s); nothing was changed", list).
		WithHint("move those files out of the folder, or give --out a new folder")
}

// entry is one file of a record: its size and modification time say
// whether it is still as prakat wrote it, and where the time changed (the
// folder copied from a USB stick, unzipped, touched), its content's
// CRC-32C does.
type entry struct {
	size   int64
	mtime  int64
	crc    uint32
	hasCRC bool
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// fileCRC returns the CRC-32C of the file at p.
func fileCRC(p string) (uint32, error) {
	f, err := os.Open(p)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	h := crc32.New(castagnoli)
	if _, err := io.Copy(h, f); err != nil {
		return 0, err
	}
	return h.Sum32(), nil
}

// same reports whether the file at p, as info describes it, is the one e
// records.
func (e entry) same(p string, info fs.FileInfo) bool {
	switch {
	case !info.Mode().IsRegular() || e.size != info.Size():
		return false
	case e.mtime == info.ModTime().UnixNano():
		return true
	case !e.hasCRC:
		return false
	}
	crc, err := fileCRC(p)
	return err == nil && crc == e.crc
}

// readRecord reads the record in dir; a folder without one has an empty
// record, so that every file in it counts as the user's.
func readRecord(dir string) (map[string]entry, error) {
	rec := map[string]entry{}
	f, err := os.Open(filepath.Join(dir, RecordName))
	if errors.Is(err, fs.ErrNotExist) {
		return rec, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	if !sc.Scan() || sc.Text() != recordHeader {
		return map[string]entry{}, nil
	}
	for sc.Scan() {
		// size, time, CRC-32C in hex, path; a record of an earlier
		// version has no CRC.
		parts := strings.SplitN(sc.Text(), "\t", 4)
		if len(parts) < 3 {
			continue
		}
		size, err1 := strconv.ParseInt(parts[0], 10, 64)
		mtime, err2 := strconv.ParseInt(parts[1], 10, 64)
		if err1 != nil || err2 != nil {
			continue
		}
		e := entry{size: size, mtime: mtime}
		path := strings.Join(parts[2:], "\t")
		if len(parts) == 4 && len(parts[2]) == 8 {
			if crc, err := strconv.ParseUint(parts[2], 16, 32); err == nil {
				e.crc, e.hasCRC, path = uint32(crc), true, parts[3]
			}
		}
		rec[path] = e
	}
	return rec, sc.Err()
}

// foreignFiles lists the files under dir, with / as separator, that rec does
// not hold as they are now. A record without a header holds nothing: then
// the record file itself is the user's too.
func foreignFiles(dir string, rec map[string]entry) ([]string, error) {
	var out []string
	err := filepath.WalkDir(dir, func(p string, de fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if de.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if rel == RecordName && len(rec) > 0 {
			return nil
		}
		info, err := de.Info()
		if err != nil {
			return err
		}
		if e, ok := rec[rel]; !ok || !e.same(p, info) {
			out = append(out, rel)
		}
		return nil
	})
	sort.Strings(out)
	return out, err
}

// clearLeftovers removes the folders a killed run left beside the output:
// a folder being built holds only prakat's files; a previous output set
// aside loses only the files its record holds.
func (d *Dir) clearLeftovers() error {
	ents, err := os.ReadDir(d.parent)
	if err != nil {
		return err
	}
	for _, e := range ents {
		if !e.IsDir() {
			continue
		}
		p := filepath.Join(d.parent, e.Name())
		switch {
		case strings.HasPrefix(e.Name(), tmpPrefix(d.base)):
			if err := removeBuilding(p); err != nil {
				return err
			}
		case strings.HasPrefix(e.Name(), oldPrefix(d.base)):
			if _, err := removeRecorded(p); err != nil {
				return err
			}
		}
	}
	return nil
}

// removeBuilding removes a folder a run was building. While it holds the
// marker, everything in it is prakat's; once the marker is gone (the run
// died between finishing it and the swap), its record says what is.
func removeBuilding(p string) error {
	if _, err := os.Stat(filepath.Join(p, buildingName)); err == nil {
		return os.RemoveAll(p)
	}
	_, err := removeRecorded(p)
	return err
}

// removeRecorded removes from dir the files its record holds unchanged, and
// the folders left empty; it reports whether dir is gone.
func removeRecorded(dir string) (bool, error) {
	rec, err := readRecord(dir)
	if err != nil {
		return false, err
	}
	foreign, err := foreignFiles(dir, rec)
	if err != nil {
		return false, err
	}
	keep := map[string]bool{}
	for _, f := range foreign {
		keep[f] = true
	}
	for rel := range rec {
		if !keep[rel] {
			if err := os.Remove(filepath.Join(dir, filepath.FromSlash(rel))); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return false, err
			}
		}
	}
	if len(foreign) == 0 {
		os.Remove(filepath.Join(dir, RecordName))
	}
	removeEmptyDirs(dir)
	_, err = os.Stat(dir)
	return errors.Is(err, fs.ErrNotExist), nil
}

// removeEmptyDirs removes dir and the folders below it that hold nothing.
func removeEmptyDirs(dir string) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range ents {
		if e.IsDir() {
			removeEmptyDirs(filepath.Join(dir, e.Name()))
		}
	}
	os.Remove(dir) // fails, as it should, when something is left
}

// Path is the output folder.
func (d *Dir) Path() string { return d.path }

// Building reports whether path lies in the folder being built.
func (d *Dir) Building(path string) bool {
	return d.tmp != "" && strings.HasPrefix(path, d.tmp+string(filepath.Separator))
}

// Build makes the hidden folder beside the output that the run writes into,
// and returns its path.
func (d *Dir) Build() (string, error) {
	if d.tmp != "" {
		return d.tmp, nil
	}
	tmp, err := os.MkdirTemp(d.parent, tmpPrefix(d.base))
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(tmp, buildingName), nil, 0o644); err != nil {
		os.RemoveAll(tmp)
		return "", err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return "", err
	}
	d.tmp = tmp
	return tmp, nil
}

// Commit records the files built, and swaps the built folder in for the
// output: the previous output is set aside, the new one renamed into its
// place, then the files of the previous one are removed. A file that
// appeared in the previous output since Open is kept, in the folder set
// aside, and named in the error.
func (d *Dir) Commit() error {
	if d.tmp == "" {
		return errors.New("outdir: commit before build")
	}
	if err := os.Remove(filepath.Join(d.tmp, buildingName)); err != nil {
		return err
	}
	d.mu.Lock()
	made := d.made
	d.mu.Unlock()
	if err := writeRecord(d.tmp, made); err != nil {
		return err
	}
	var old string
	if _, err := os.Stat(d.path); err == nil {
		if err := Check(d.path); err != nil { // changed while the run worked
			return err
		}
		old = filepath.Join(d.parent, oldPrefix(d.base)+filepath.Base(d.tmp)[len(tmpPrefix(d.base)):])
		if err := os.Rename(d.path, old); err != nil {
			return messages.Errorf(d.path, "cannot be replaced: %v", err).WithHint("close any file of it that is open (a PDF viewer, Excel), then run again")
		}
	}
	if err := os.Rename(d.tmp, d.path); err != nil {
		if old != "" {
			os.Rename(old, d.path)
		}
		return err
	}
	d.committed = true
	fsatomic.SyncDir(d.parent)
	if old != "" {
		gone, err := removeRecorded(old)
		if err != nil {
			return err
		}
		if !gone {
			return messages.Errorf(old, "holds files that appeared while prakat ran; they were kept there").WithHint("move them where they belong, then delete the folder")
		}
	}
	return nil
}

// Close ends the run's hold on the folder; an output never committed is
// removed.
func (d *Dir) Close() error {
	if d.tmp != "" && !d.committed {
		os.RemoveAll(d.tmp)
	}
	return d.lock.Unlock()
}

// Create makes the file rel (with / as separator) in the folder being
// built, its folder existing. What is written through the returned File is
// hashed on the way, and Close records the file's size, time and CRC-32C,
// so Commit need not read it back.
func (d *Dir) Create(rel string) (*File, error) {
	if d.tmp == "" {
		return nil, errors.New("outdir: create before build")
	}
	f, err := createFile(filepath.Join(d.tmp, filepath.FromSlash(rel)))
	if err != nil {
		return nil, err
	}
	return &File{d: d, rel: rel, f: f}, nil
}

// WriteFile writes data as the file rel in the folder being built, as
// os.WriteFile would, and records it as Create does.
func (d *Dir) WriteFile(rel string, data []byte) error {
	f, err := d.Create(rel)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// File is a file being written into the folder being built.
type File struct {
	d      *Dir
	rel    string
	f      *os.File
	crc    uint32
	size   int64
	failed bool
}

func (f *File) Write(p []byte) (int, error) {
	n, err := f.f.Write(p)
	f.crc = crc32.Update(f.crc, castagnoli, p[:n])
	f.size += int64(n)
	if err != nil {
		f.failed = true
	}
	return n, err
}

// Close closes the file and records it. A file whose writing failed is not
// recorded: if it is there at all, Commit reads it back. The time is taken
// before the file is closed; where a file system sets it again on closing,
// the record's CRC-32C still recognises the file.
func (f *File) Close() error {
	info, serr := f.f.Stat()
	if err := f.f.Close(); err != nil {
		return err
	}
	if serr != nil || f.failed || info.Size() != f.size {
		return nil
	}
	e := entry{size: f.size, mtime: info.ModTime().UnixNano(), crc: f.crc, hasCRC: true}
	f.d.mu.Lock()
	if f.d.made == nil {
		f.d.made = map[string]entry{}
	}
	f.d.made[f.rel] = e
	f.d.mu.Unlock()
	return nil
}

// writeRecord lists every file under dir, with its size, modification time
// and CRC-32C, into dir's record. The files in made were recorded as they
// were written; only the others are read back.
func writeRecord(dir string, made map[string]entry) error {
	var lines []string
	err := filepath.WalkDir(dir, func(p string, de fs.DirEntry, err error) error {
		if err != nil || de.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		e, ok := made[rel]
		if !ok {
			info, err := de.Info()
			if err != nil {
				return err
			}
			crc, err := fileCRC(p)
			if err != nil {
				return err
			}
			e = entry{size: info.Size(), mtime: info.ModTime().UnixNano(), crc: crc}
		}
		lines = append(lines, fmt.Sprintf("%d\t%d\t%08x\t%s", e.size, e.mtime, e.crc, rel))
		return nil
	})
	if err != nil {
		return err
	}
	sort.Strings(lines)
	size := len(recordHeader) + 1
	for _, l := range lines {
		size += len(l) + 1
	}
	b := make([]byte, 0, size)
	b = append(b, recordHeader+"\n"...)
	for _, l := range lines {
		b = append(append(b, l...), '\n')
	}
	return os.WriteFile(filepath.Join(dir, RecordName), b, 0o644)
}
