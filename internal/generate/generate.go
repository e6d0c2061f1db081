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
	"image"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/prakat/prakat/internal/excelcsv"
	"github.com/prakat/prakat/internal/letter"
	"github.com/prakat/prakat/internal/links"
	"github.com/prakat/prakat/internal/messages"
	"github.com/prakat/prakat/internal/outdir"
	"github.com/prakat/prakat/internal/poster"
	"github.com/prakat/prakat/internal/qr"
	"github.com/prakat/prakat/internal/roster"
	"github.com/prakat/prakat/internal/social"
	"github.com/prakat/prakat/internal/typeset"
)

// ManifestName is the manifest's file name.
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
	QR       qr.Policy
	// Fields returns the poster placeholders of a unit.
	Fields func(links.Assignment) poster.Fields
	// Progress, when set, is told of each finished poster.
	Progress func(done, total int)
	// Letters, when set, adds the circular letters and letters.csv.
	Letters *Letters
	// Zip adds OUT/<district>.zip with each district's files.
	Zip bool
	// Source names the unit list in messages, PosterSource the poster
	// template.
	Source, PosterSource string
	// Formats are the print formats made besides the A4 poster (an A3
	// poster, an A5 card, a table tent): a file a unit and a print file a
	// district each.
	Formats []poster.Format
	// Pictures, when set, adds each unit's social-media picture, web
	// banner and web snippet; PicturesSource names its template.
	Pictures       *social.Renderer
	PicturesSource string
	// Logos is a folder of unit emblems, <code>.png or <code>.jpg, drawn
	// on the poster and the pictures; "" for none.
	Logos string
}

// Entry is one unit's line of the manifest.
type Entry struct {
	links.Assignment
	Poster string // the poster's path below the output folder, with /
	QR     string
	Level  qr.Level // the error correction its code was made with
	// The pictures and the web snippet, "" when not made.
	Social, Banner, Web string
	// Prints are the poster in each of Options.Formats, in its order.
	Prints []string
}

// Result is what a run made.
type Result struct {
	Entries   []Entry
	Districts int
	Bytes     int64 // total size of the posters
	// Warnings name emblems that could not be read; those units are made
	// without one.
	Warnings []string
}

// Plan is a run decided before any link is issued or any file written:
// where every file goes, the output folder held for this run, and every
// check the input must pass. Its paths do not depend on the links.
type Plan struct {
	o         Options
	out       *outdir.Dir
	districts []roster.District
	dirs      []string // each district's folder below OUT, with /
	dirIndex  map[districtKey]int
	entries   []Entry // each unit's files; links come with Run
	byCode    map[string]int
	provinces []province
	multi     bool            // the list spans provinces: a folder level for them
	chains    []*letter.Chain // each province's letters, when letters are made
	// Waiting names the provinces whose district letters wait for the
	// province letter's number and date.
	Waiting []string
}

// NewPlan checks the units and the templates against each other and takes
// the output folder: a unit the fonts cannot draw, or a folder holding files
// prakat did not make, refuses the run here, before any link is issued.
// Close the plan when done.
func NewPlan(units []roster.Unit, o Options) (*Plan, error) {
	p := &Plan{o: o, byCode: map[string]int{}, districts: roster.Districts(units)}
	if err := p.check(units); err != nil {
		return nil, err
	}
	p.provinces = byProvince(p.districts)
	p.multi = len(p.provinces) > 1
	p.layout(units)
	if o.Letters != nil {
		if err := p.checkLetters(); err != nil {
			return nil, err
		}
	}
	out, err := outdir.Open(o.Out)
	if err != nil {
		return nil, err
	}
	p.out = out
	return p, nil
}

// Close releases the output folder; a run not finished leaves nothing.
func (p *Plan) Close() error { return p.out.Close() }

// layout gives every district its folder and every unit its files. Names
// that the file system would take for one (the same after unsafe characters
// are replaced, or in another letter case) get a number, so that distinct
// districts never share a folder.
func (p *Plan) layout(units []roster.Unit) {
	// The names prakat gives its own files at the top are taken, and each
	// folder takes its bundle's name too (บ้านแพ้ว and บ้านแพ้ว.zip).
	taken := map[string]bool{}
	for _, name := range []string{lettersDir, LettersName, ManifestName, outdir.RecordName} {
		taken[foldName(name)] = true
	}
	unique := func(parent, name string) string {
		base := FileName(name)
		try := base
		free := func(s string) bool { return !taken[foldName(parent+s)] && !taken[foldName(parent+s+".zip")] }
		for n := 2; !free(try); n++ {
			try = fmt.Sprintf("%s-%d", base, n)
		}
		taken[foldName(parent+try)] = true
		taken[foldName(parent+try+".zip")] = true
		return try
	}
	provDir := map[string]string{}
	for _, pr := range p.provinces {
		if p.multi {
			provDir[pr.name] = unique("", pr.name) + "/"
		}
	}
	p.entries = make([]Entry, len(units))
	for i, u := range units {
		p.byCode[u.Code] = i
	}
	p.dirIndex = map[districtKey]int{}
	for i, d := range p.districts {
		parent := provDir[d.Province]
		dir := parent + unique(parent, d.Name)
		p.dirs = append(p.dirs, dir)
		p.dirIndex[districtKey{d.Province, d.Name}] = i
		for _, u := range d.Units {
			i := p.byCode[u.Code]
			p.entries[i] = Entry{Assignment: links.Assignment{Unit: u},
				Poster: dir + "/" + u.Code + "-" + FileName(u.Name) + ".pdf",
				QR:     dir + "/" + u.Code + "-qr.png"}
			if p.o.Pictures != nil {
				e := &p.entries[i]
				e.Social, e.Banner, e.Web = dir+"/"+u.Code+"-social.png", dir+"/"+u.Code+"-banner.png", dir+"/"+u.Code+"-web.html"
			}
			for _, f := range p.o.Formats {
				p.entries[i].Prints = append(p.entries[i].Prints, dir+"/"+u.Code+"-"+FileName(u.Name)+"-"+f.Name+".pdf")
			}
		}
	}
}

type districtKey struct{ province, name string }

// dirOf returns a district's folder below OUT.
func (p *Plan) dirOf(d roster.District) string {
	return p.dirs[p.dirIndex[districtKey{d.Province, d.Name}]]
}

// check refuses units the poster cannot draw, naming each by its row.
func (p *Plan) check(units []roster.Unit) error {
	// Each unit is checked on its own, the units shared among the cores
	// (on the national register a tenth of a second of the run's start,
	// which nothing else shares); what is found is reported in the list's
	// order.
	type found struct {
		err    error
		source string
	}
	results := make([]found, len(units))
	parts := min(runtime.GOMAXPROCS(0), max(1, len(units)/256))
	var wg sync.WaitGroup
	for k := range parts {
		wg.Go(func() {
			for i := k * len(units) / parts; i < (k+1)*len(units)/parts; i++ {
				fields := p.o.Fields(links.Assignment{Unit: units[i]})
				err := p.o.Renderer.Check(fields)
				source := p.o.PosterSource
				if err == nil && p.o.Pictures != nil {
					err, source = p.o.Pictures.Check(fields), p.o.PicturesSource
				}
				results[i] = found{err, source}
			}
		})
	}
	wg.Wait()
	ps := &roster.Problems{}
	for i, u := range units {
		err, source := results[i].err, results[i].source
		if err != nil {
			var ge *typeset.GlyphError
			if !errors.As(err, &ge) {
				return missing(source, err)
			}
			column, ok := unitColumns[ge.Field]
			if !ok { // the campaign's own wording: no unit is at fault
				return messages.Errorf(p.o.Source, "%s: the font %s has no glyph for %q in {%s}", u.Code, ge.Font, ge.Chars, ge.Field).
					WithHint("write the setting without that character, or name a font that has it (font_regular, font_bold in campaign.yaml)")
			}
			ps.Add(roster.Problem{File: p.o.Source, Row: u.Row, Column: column,
				What: messages.T("%s %s: the font %s has no glyph for %q", u.Code, u.Name, ge.Font, ge.Chars),
				Hint: messages.T("correct the name in the list (an emoji or a symbol pasted in?), or name a font that has the character in campaign.yaml")})
		}
	}
	if len(ps.List) > 0 {
		return ps
	}
	return nil
}

// unitColumns names the list's column behind each unit placeholder.
var unitColumns = map[string]string{"name": "name", "district": "district", "province": "province"}

// Run renders every file of the plan into a folder beside OUT and swaps it
// in whole. as are the units of the plan with their links, in its order.
// On any error OUT is as it was.
func (p *Plan) Run(ctx context.Context, as []links.Assignment) (*Result, error) {
	res, err := p.run(ctx, as)
	if err != nil {
		return nil, p.fault(err)
	}
	return res, nil
}

// fault speaks of a failed write (a full disk, say) as of its place in OUT:
// the hidden folder the run was building is gone by the time the user
// reads the message.
func (p *Plan) fault(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) && p.out.Building(pe.Path) {
		if rel, rerr := filepath.Rel(p.out.Path(), pe.Path); rerr == nil {
			parts := strings.SplitN(filepath.ToSlash(rel), "/", 3)
			if len(parts) == 3 { // ../.OUT.prakat-tmp-N/the/file
				pe.Path = filepath.Join(p.out.Path(), filepath.FromSlash(parts[2]))
			}
		}
	}
	return err
}

func (p *Plan) run(ctx context.Context, as []links.Assignment) (*Result, error) {
	o := p.o
	if len(as) != len(p.entries) {
		return nil, fmt.Errorf("generate: %d links for %d units", len(as), len(p.entries))
	}
	entries := make([]Entry, len(as))
	for i, a := range as {
		if a.Unit.Code != p.entries[i].Unit.Code {
			return nil, fmt.Errorf("generate: link %d is for %s, the plan has %s", i, a.Unit.Code, p.entries[i].Unit.Code)
		}
		entries[i] = p.entries[i]
		entries[i].Assignment = a
	}
	tmp, err := p.out.Build()
	if err != nil {
		return nil, err
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
		warnings []string
	)
	fail := func(err error) {
		mu.Lock()
		if firstErr == nil {
			firstErr = err
			cancel()
		}
		mu.Unlock()
	}
	// Progress is told under the lock: one report at a time, in order.
	tick := func() {
		mu.Lock()
		defer mu.Unlock()
		finished++
		if o.Progress != nil {
			o.Progress(finished, len(as))
		}
	}
	// Every district's folder first: a province's letters go into its
	// districts' folders, whichever worker gets there first.
	for _, dir := range p.dirs {
		if err := os.MkdirAll(filepath.Join(tmp, filepath.FromSlash(dir)), 0o755); err != nil {
			return nil, err
		}
	}
	logos, err := listLogos(o.Logos)
	if err != nil {
		return nil, err
	}
	// One queue for the posters' documents and then the provinces' letters,
	// so neither waits for the other to finish on every worker: the small
	// letters' documents come last and fill the end of the run.
	var tasks []func() error
	for _, ds := range chunks(p.districts, ChunkUnits) {
		tasks = append(tasks, func() error {
			n, warned, err := p.chunk(tmp, ds, entries, logos, tick)
			if err != nil {
				return err
			}
			mu.Lock()
			total += n
			warnings = append(warnings, warned...)
			mu.Unlock()
			return nil
		})
	}
	var letterRows [][]letterRow
	if o.Letters != nil {
		letterRows = make([][]letterRow, len(p.provinces))
		for first := 0; first < len(p.provinces); first += LetterProvinces {
			ps := make([]int, 0, LetterProvinces)
			for i := first; i < min(first+LetterProvinces, len(p.provinces)); i++ {
				ps = append(ps, i)
			}
			tasks = append(tasks, func() error {
				rows, err := p.writeLetters(tmp, ps)
				for k, i := range ps {
					if err == nil {
						letterRows[i] = rows[k]
					}
				}
				return err
			})
		}
	}
	work := make(chan func() error)
	var wg sync.WaitGroup
	for range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for task := range work {
				if ctx.Err() != nil {
					continue
				}
				if err := task(); err != nil {
					fail(err)
				}
			}
		}()
	}
	for _, task := range tasks {
		if ctx.Err() != nil {
			break
		}
		work <- task
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
		if err := p.writeLettersCSV(slices.Concat(letterRows...)); err != nil {
			return nil, err
		}
	}
	if err := p.writeManifest(entries); err != nil {
		return nil, err
	}
	if o.Zip {
		for i, d := range p.districts {
			var slice []Entry
			for _, u := range d.Units {
				slice = append(slice, entries[p.byCode[u.Code]])
			}
			if err := p.writeZip(tmp, p.dirs[i], slice); err != nil {
				return nil, err
			}
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := p.out.Commit(); err != nil {
		return nil, err
	}
	slices.Sort(warnings) // workers finish in any order
	return &Result{Entries: entries, Districts: len(p.districts), Bytes: total, Warnings: warnings}, nil
}

// Run plans and builds the output for units with their links in one call,
// for callers that issued the links already.
func Run(ctx context.Context, as []links.Assignment, o Options) (*Result, error) {
	units := make([]roster.Unit, len(as))
	for i, a := range as {
		units[i] = a.Unit
	}
	p, err := NewPlan(units, o)
	if err != nil {
		return nil, err
	}
	defer p.Close()
	return p.Run(ctx, as)
}

// listLogos lists, in lower case, the codes that have an emblem file in
// dir, so that the units without one (often all of them) are not looked for
// one by one. It may list more than readLogo finds (a file system that
// tells case apart), never less. A folder that does not exist has none.
func listLogos(dir string) (map[string]bool, error) {
	codes := map[string]bool{}
	if dir == "" {
		return codes, nil
	}
	ents, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return codes, nil
	}
	if err != nil {
		return nil, err
	}
	for _, e := range ents {
		name := strings.ToLower(e.Name())
		for _, ext := range logoTypes {
			if code, ok := strings.CutSuffix(name, ext); ok {
				codes[code] = true
			}
		}
	}
	return codes, nil
}

// ChunkUnits is about how many posters are drawn in one document before it
// is cut into pages. Each document costs the same to start and finish
// whatever its length (fonts are loaded, cut down and compressed once), so
// small districts are drawn together; but every poster cut from it carries
// the fonts cut down to the glyphs of all its posters. Measured on the
// national register, once the fonts' character maps were left out: 64 a
// document, posters 19.0 KB on average (19.9 KB the largest); 128, 19.5
// KB (20.4 KB), for 8% less CPU time over the run, four rounds
// alternated. Before that change, 256 gave 20.7 KB against 20.1 KB at 128
// (cutting pages is linear in the batch).
const ChunkUnits = 128

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
func (p *Plan) chunk(tmp string, ds []roster.District, entries []Entry, logos map[string]bool, tick func()) (int64, []string, error) {
	o := p.o
	// The pages' contents at zlib's fastest level: on the national
	// register 0.2 KB more a poster (19.4 KB to 19.6 KB), 7% less time.
	doc := typeset.NewDoc(o.Fonts.Regular, o.Fonts.Bold)
	doc.FastCompression()
	prints := make([]*typeset.Doc, len(o.Formats)) // a document a print format
	for k := range prints {
		prints[k] = typeset.NewDoc(o.Fonts.Regular, o.Fonts.Bold)
		prints[k].FastCompression()
	}
	var order []Entry
	var warnings []string
	write := p.out.WriteFile
	for _, d := range ds {
		for _, u := range d.Units {
			i := p.byCode[u.Code]
			e := entries[i]
			code, err := o.QR.Encode(e.Link)
			if err != nil {
				return 0, nil, err
			}
			entries[i].Level = code.Level // each entry is this worker's alone
			var logo image.Image
			if logos[strings.ToLower(u.Code)] {
				if logo, err = readLogo(o.Logos, u.Code); err != nil {
					warnings = append(warnings, err.Error())
				}
			}
			var emblem *typeset.Image
			if logo != nil {
				if emblem, err = addLogo(doc, u.Code, logo); err != nil {
					warnings = append(warnings, fmt.Sprintf("%s: %v", logoPath(o.Logos, u.Code), err))
				}
			}
			fields := o.Fields(e.Assignment)
			if err := o.Renderer.Draw(doc, fields, code, emblem); err != nil {
				return 0, nil, fmt.Errorf("%s %s: %w", u.Code, u.Name, err)
			}
			for k, f := range o.Formats {
				var em *typeset.Image
				if logo != nil {
					em, _ = addLogo(prints[k], u.Code, logo) // readable: it was read above
				}
				if err := o.Renderer.DrawFormat(prints[k], f, fields, code, em); err != nil {
					return 0, nil, fmt.Errorf("%s %s: %w", u.Code, u.Name, err)
				}
			}
			if o.Pictures != nil {
				if err := p.pictures(write, e, fields, code, logo); err != nil {
					return 0, nil, fmt.Errorf("%s %s: %w", u.Code, u.Name, err)
				}
			}
			png, err := code.PNG(QRScale)
			if err != nil {
				return 0, nil, err
			}
			if err := write(e.QR, png); err != nil {
				return 0, nil, err
			}
			order = append(order, e)
		}
	}
	pd, err := doc.Parsed()
	if err != nil {
		return 0, nil, err
	}
	pd.Recompress()
	var n int64
	for i, e := range order {
		page := pd.Page(i)
		n += int64(len(page))
		if err := write(e.Poster, page); err != nil {
			return 0, nil, err
		}
		tick()
	}
	first := 0
	for _, d := range ds {
		all := pd.Range(first, first+len(d.Units))
		if err := write(p.dirOf(d)+"/"+PrintAllName, all); err != nil {
			return 0, nil, err
		}
		first += len(d.Units)
	}
	// Each print format: its pages cut the same way.
	for k, f := range o.Formats {
		fd, err := prints[k].Parsed()
		if err != nil {
			return 0, nil, err
		}
		fd.Recompress()
		for i, e := range order {
			if err := write(e.Prints[k], fd.Page(i)); err != nil {
				return 0, nil, err
			}
		}
		first := 0
		for _, d := range ds {
			name := strings.TrimSuffix(PrintAllName, ".pdf") + "-" + f.Name + ".pdf"
			if err := write(p.dirOf(d)+"/"+name, fd.Range(first, first+len(d.Units))); err != nil {
				return 0, nil, err
			}
			first += len(d.Units)
		}
	}
	return n, warnings, nil
}

func (p *Plan) writeManifest(entries []Entry) error {
	var buf bytes.Buffer
	if err := manifestCSV(&buf, entries, p.o.Formats); err != nil {
		return err
	}
	return p.out.WriteFile(ManifestName, buf.Bytes())
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

func manifestCSV(out io.Writer, entries []Entry, formats []poster.Format) error {
	w := excelcsv.NewWriter(out)
	head := []string{"code", "type", "name", "district", "token", "link", "poster", "qr_level", "qr", "social", "banner", "web"}
	for _, f := range formats {
		head = append(head, f.Name)
	}
	w.Write(head)
	for _, e := range entries {
		u := e.Unit
		w.Write(append([]string{u.Code, u.Type.String(), u.Name, u.District, e.Token, e.Link, e.Poster, e.Level.String(), e.QR, e.Social, e.Banner, e.Web}, e.Prints...))
	}
	return w.Flush()
}
