// Package generate builds a campaign's output folder: for every unit a
// poster PDF and a QR image, for every district one PDF with all its
// posters for a single print job, and a manifest. The folder is built
// beside its final place and moved there whole, so a failed run leaves
// the previous output as it was.
package generate

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/prakat/prakat/internal/excelcsv"
	"github.com/prakat/prakat/internal/links"
	"github.com/prakat/prakat/internal/messages"
	"github.com/prakat/prakat/internal/poster"
	"github.com/prakat/prakat/internal/qr"
	"github.com/prakat/prakat/internal/roster"
	"github.com/prakat/prakat/internal/typeset"
)

// ManifestName is the manifest's file name; its presence marks a folder as
// prakat's output, which a later run may replace.
const ManifestName = "manifest.csv"

// PrintAllName is the file with all of a district's posters.
const PrintAllName = "print-all.pdf"

// QRScale is the size of the website QR image, in pixels a module.
const QRScale = 12

// Options say how to build the output.
type Options struct {
	Out      string
	Jobs     int // workers; 0 means one per CPU
	Renderer *poster.Renderer
	Fonts    poster.Fonts
	QRLevel  qr.Level
	// Fields returns the poster placeholders of a unit.
	Fields func(links.Assignment) poster.Fields
	// Progress, when set, is told of each finished poster.
	Progress func(done, total int)
	// Letters, when set, adds the circular letters and letters.csv.
	Letters *Letters
	// Zip adds OUT/<district>.zip with each district's files.
	Zip bool
}

// Entry is one unit's line of the manifest.
type Entry struct {
	links.Assignment
	Poster string // the poster's path below the output folder, with /
	QR     string
}

// Result is what a run made.
type Result struct {
	Entries   []Entry
	Districts int
	Bytes     int64 // total size of the posters
}

// Run builds the output folder for the units and their links, in their order.
func Run(ctx context.Context, as []links.Assignment, o Options) (*Result, error) {
	if err := CheckOut(o.Out); err != nil {
		return nil, err
	}
	parent := filepath.Dir(filepath.Clean(o.Out))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(o.Out)+".tmp-*")
	if err != nil {
		return nil, err
	}
	done := false
	defer func() {
		if !done {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil {
		return nil, err
	}

	byCode := map[string]int{}
	units := make([]roster.Unit, len(as))
	for i, a := range as {
		byCode[a.Unit.Code] = i
		units[i] = a.Unit
	}
	districts := roster.Districts(units)
	provinces := map[string]bool{}
	for _, d := range districts {
		provinces[d.Province] = true
	}
	// A province's folder holds a folder for each district; a list that
	// spans provinces (the national register) adds a level for them.
	dirOf := func(d roster.District) string {
		if len(provinces) > 1 {
			return FileName(d.Province) + "/" + FileName(d.Name)
		}
		return FileName(d.Name)
	}
	entries := make([]Entry, len(as))
	for _, d := range districts {
		dir := dirOf(d)
		for _, u := range d.Units {
			i := byCode[u.Code]
			entries[i] = Entry{Assignment: as[i],
				Poster: dir + "/" + u.Code + "-" + FileName(u.Name) + ".pdf",
				QR:     dir + "/" + u.Code + "-qr.png"}
		}
	}

	jobs := o.Jobs
	if jobs <= 0 {
		jobs = runtime.GOMAXPROCS(0)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		mu       sync.Mutex
		firstErr error
		finished int
		total    int64
	)
	fail := func(err error) {
		mu.Lock()
		if firstErr == nil {
			firstErr = err
			cancel()
		}
		mu.Unlock()
	}
	work := make(chan []roster.District)
	var wg sync.WaitGroup
	for range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ds := range work {
				if ctx.Err() != nil {
					continue
				}
				n, err := chunk(tmp, ds, dirOf, entries, byCode, o, func() {
					mu.Lock()
					finished++
					f := finished
					mu.Unlock()
					if o.Progress != nil {
						o.Progress(f, len(as))
					}
				})
				if err != nil {
					fail(err)
					continue
				}
				mu.Lock()
				total += n
				mu.Unlock()
			}
		}()
	}
	for _, ds := range chunks(districts, ChunkUnits) {
		if ctx.Err() != nil {
			break
		}
		work <- ds
	}
	close(work)
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if o.Letters != nil {
		// Each province's letters are one document, drawn by the workers
		// side by side; the rows keep the provinces' order.
		ps := byProvince(districts)
		rows := make([][]letterRow, len(ps))
		errs := make([]error, len(ps))
		next := make(chan int)
		var lwg sync.WaitGroup
		for range min(jobs, len(ps)) {
			lwg.Add(1)
			go func() {
				defer lwg.Done()
				for i := range next {
					rows[i], errs[i] = writeLetters(tmp, ps[i].name, ps[i].districts, len(provinces) > 1, dirOf, entries, byCode, o.Letters)
				}
			}()
		}
		for i := range ps {
			next <- i
		}
		close(next)
		lwg.Wait()
		var all []letterRow
		for i := range ps {
			if errs[i] != nil {
				return nil, errs[i]
			}
			all = append(all, rows[i]...)
		}
		if err := writeLettersCSV(filepath.Join(tmp, LettersName), all); err != nil {
			return nil, err
		}
	}
	if err := writeManifest(filepath.Join(tmp, ManifestName), entries); err != nil {
		return nil, err
	}
	if o.Zip {
		for _, d := range districts {
			var slice []Entry
			for _, u := range d.Units {
				slice = append(slice, entries[byCode[u.Code]])
			}
			if err := writeZip(tmp, dirOf(d), slice); err != nil {
				return nil, err
			}
		}
	}
	if err := replace(tmp, o.Out); err != nil {
		return nil, err
	}
	done = true
	return &Result{Entries: entries, Districts: len(districts), Bytes: total}, nil
}

// ChunkUnits is about how many posters are drawn in one document before it
// is cut into pages. Each document costs the same to start and finish
// whatever its length (fonts are loaded, cut down and compressed once), so
// small districts are drawn together.
const ChunkUnits = 64

// chunks packs consecutive districts into groups of about size units; a
// larger district is a group of its own.
func chunks(ds []roster.District, size int) [][]roster.District {
	var out [][]roster.District
	n := 0
	for _, d := range ds {
		if len(out) == 0 || n+len(d.Units) > size {
			out = append(out, nil)
			n = 0
		}
		out[len(out)-1] = append(out[len(out)-1], d)
		n += len(d.Units)
	}
	return out
}

// chunk draws the posters of some districts in one document, then writes
// each page as its unit's poster and each district's pages as its print
// file.
func chunk(tmp string, ds []roster.District, dirOf func(roster.District) string, entries []Entry, byCode map[string]int, o Options, tick func()) (int64, error) {
	doc := typeset.NewDoc(o.Fonts.Regular, o.Fonts.Bold)
	var order []Entry
	for _, d := range ds {
		if err := os.MkdirAll(filepath.Join(tmp, filepath.FromSlash(dirOf(d))), 0o755); err != nil {
			return 0, err
		}
		for _, u := range d.Units {
			e := entries[byCode[u.Code]]
			code, err := qr.Encode(e.Link, o.QRLevel)
			if err != nil {
				return 0, err
			}
			if err := o.Renderer.Draw(doc, o.Fields(e.Assignment), code); err != nil {
				return 0, fmt.Errorf("%s %s: %w", u.Code, u.Name, err)
			}
			png, err := code.PNG(QRScale)
			if err != nil {
				return 0, err
			}
			if err := os.WriteFile(filepath.Join(tmp, filepath.FromSlash(e.QR)), png, 0o644); err != nil {
				return 0, err
			}
			order = append(order, e)
		}
	}
	pd, err := doc.Parsed()
	if err != nil {
		return 0, err
	}
	pd.Recompress()
	var n int64
	for i, e := range order {
		page := pd.Page(i)
		n += int64(len(page))
		if err := os.WriteFile(filepath.Join(tmp, filepath.FromSlash(e.Poster)), page, 0o644); err != nil {
			return 0, err
		}
		tick()
	}
	first := 0
	for _, d := range ds {
		all := pd.Range(first, first+len(d.Units))
		if err := os.WriteFile(filepath.Join(tmp, filepath.FromSlash(dirOf(d)), PrintAllName), all, 0o644); err != nil {
			return 0, err
		}
		first += len(d.Units)
	}
	return n, nil
}

func writeManifest(path string, entries []Entry) error {
	var buf bytes.Buffer
	if err := manifestCSV(&buf, entries); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

// zipTime dates the files in a zip, so the same run gives the same bytes.
var zipTime = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

type province struct {
	name      string
	districts []roster.District
}

// byProvince groups districts by province, in order of appearance.
func byProvince(ds []roster.District) []province {
	var ps []province
	idx := map[string]int{}
	for _, d := range ds {
		i, ok := idx[d.Province]
		if !ok {
			i = len(ps)
			idx[d.Province] = i
			ps = append(ps, province{name: d.Province})
		}
		ps[i].districts = append(ps[i].districts, d)
	}
	return ps
}

func manifestCSV(out io.Writer, entries []Entry) error {
	w := excelcsv.NewWriter(out)
	w.Write([]string{"code", "type", "name", "district", "token", "link", "poster"})
	for _, e := range entries {
		u := e.Unit
		w.Write([]string{u.Code, u.Type.String(), u.Name, u.District, e.Token, e.Link, e.Poster})
	}
	return w.Flush()
}

// FileName makes a name safe as a file name on Windows and Linux: the
// characters they refuse become '-'.
func FileName(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || strings.ContainsRune(`/\:*?"<>|`, r) {
			return '-'
		}
		return r
	}, s)
	return strings.Trim(s, ". ")
}

// CheckOut refuses to replace a folder that holds anything but a previous
// output of prakat.
func CheckOut(out string) error {
	st, err := os.Stat(out)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !st.IsDir() {
		return messages.Errorf(out, "exists and is not a folder; nothing was changed")
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		return nil
	}
	if _, err := os.Stat(filepath.Join(out, ManifestName)); err != nil {
		return messages.Errorf(out, "holds files that prakat did not make; nothing was changed").WithHint("give --out a new folder, or one a previous prakat generate made")
	}
	return nil
}

// replace moves the finished folder tmp to out, replacing a previous output.
func replace(tmp, out string) error {
	if _, err := os.Stat(out); err == nil {
		old := tmp + ".old"
		if err := os.Rename(out, old); err != nil {
			return err
		}
		if err := os.Rename(tmp, out); err != nil {
			os.Rename(old, out)
			return err
		}
		return os.RemoveAll(old)
	}
	return os.Rename(tmp, out)
}
