package generate

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/prakat/prakat/internal/excelcsv"
	"github.com/prakat/prakat/internal/letter"
	"github.com/prakat/prakat/internal/messages"
	"github.com/prakat/prakat/internal/placeholder"
	"github.com/prakat/prakat/internal/typeset"
)

// Letters says how to write the circulars; nil in Options writes none.
type Letters struct {
	Template *letter.Template
	Layout   *letter.Layout
	Font     *typeset.Font
	Values   letter.Values
	Source   string // the letter template's file, for messages
}

// lettersDir is the province's letters' folder below OUT.
const lettersDir = "letters"

// LettersName is the list of who receives which letter.
const LettersName = "letters.csv"

// letterRow is one line of letters.csv.
type letterRow struct{ recipient, district, file string }

// check builds every province's letters and refuses wording the letter
// font cannot draw, before anything is issued. The chains are kept for Run.
func (p *Plan) checkLetters() error {
	l := p.o.Letters
	p.chains = make([]*letter.Chain, len(p.provinces))
	for i, pr := range p.provinces {
		chain, err := l.Template.Build(pr.name, pr.districts, l.Values)
		if err != nil {
			return missing(l.Source, err)
		}
		p.chains[i] = chain
		if chain.Waiting {
			p.Waiting = append(p.Waiting, pr.name)
		}
		for _, lt := range chain.Letters() {
			if err := l.Layout.Check(lt); err != nil {
				var ge *typeset.GlyphError
				if errors.As(err, &ge) {
					return messages.Errorf(l.Source, "the letters' %s: the font %s has no glyph for %q", ge.Field, ge.Font, ge.Chars).
						WithHint("write it without that character, or name a font that has it (font_regular in campaign.yaml)")
				}
				return err
			}
		}
	}
	return nil
}

// LetterProvinces is how many provinces' letters are drawn in one
// document before it is cut into the letters' files. Each document costs
// the same to start and finish (its font is loaded, cut down and
// compressed), and a letter cut from it carries the font cut down to the
// glyphs of all its letters. On the national register, 76 provinces:
// eight a document instead of one took 2–3% off the run's CPU time (four
// rounds alternated), for letters about 3% larger (15.2 KB to 15.7 KB).
const LetterProvinces = 8

// writeLetters draws every letter of the provinces ps in one document and
// cuts it into the letters' files: each province's circular with its list
// of recipients and a copy for each recipient under letters/, and each
// district's forwarding letter in the district's folder. It returns the
// rows of letters.csv of each province.
func (p *Plan) writeLetters(tmp string, ps []int) ([][]letterRow, error) {
	l := p.o.Letters
	doc := typeset.NewDoc(l.Font)
	doc.FastCompression() // letters have no size to keep under; many pages
	type part struct {
		file       string
		letter     *letter.Letter
		start, end int
	}
	var parts []part
	page := 0
	draw := func(file string, lt *letter.Letter) error {
		n, err := l.Layout.Draw(doc, lt)
		if err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
		parts = append(parts, part{file, lt, page, page + n})
		page += n
		return nil
	}
	rows := make([][]letterRow, len(ps))
	for k, i := range ps {
		chain := p.chains[i]
		dir := lettersDir
		if p.multi {
			dir += "/" + path.Base(path.Dir(p.dirOf(p.provinces[i].districts[0])))
		}
		if err := os.MkdirAll(filepath.Join(tmp, filepath.FromSlash(dir)), 0o755); err != nil {
			return nil, err
		}
		if err := draw(dir+"/circular.pdf", chain.Circular); err != nil {
			return nil, err
		}
		for n, c := range chain.Copies {
			file := fmt.Sprintf("%s/%02d-%s.pdf", dir, n+1, FileName(c.Recipient))
			if err := draw(file, c.Letter); err != nil {
				return nil, err
			}
			rows[k] = append(rows[k], letterRow{c.Recipient, "", file})
		}
		for _, f := range chain.Forwards {
			file := p.dirOf(f.District) + "/letter.pdf"
			if err := draw(file, f.Letter); err != nil {
				return nil, err
			}
			for _, u := range f.Recipients {
				rows[k] = append(rows[k], letterRow{u.Head(), f.District.Name, file})
			}
		}
	}
	pd, err := doc.Parsed()
	if err != nil {
		return nil, err
	}
	pd.Recompress()
	for _, pt := range parts {
		if err := p.out.WriteFile(pt.file, pd.Range(pt.start, pt.end)); err != nil {
			return nil, err
		}
		// The Word copy beside it, for a clerk to change a word before signing.
		doc, err := l.Layout.Docx(pt.letter)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", pt.file, err)
		}
		if err := p.out.WriteFile(strings.TrimSuffix(pt.file, ".pdf")+".docx", doc); err != nil {
			return nil, err
		}
	}
	return rows, nil
}

func (p *Plan) writeLettersCSV(rows []letterRow) error {
	var buf bytes.Buffer
	w := excelcsv.NewWriter(&buf)
	w.Write([]string{"recipient", "district", "file"})
	for _, r := range rows {
		w.Write([]string{r.recipient, r.district, r.file})
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return p.out.WriteFile(LettersName, buf.Bytes())
}

// writeZip packs a district's folder (its letter, posters, QR images and
// print file) with its slice of the manifest into one file to send on.
func (p *Plan) writeZip(tmp, dir string, entries []Entry) error {
	f, err := p.out.Create(dir + ".zip")
	if err != nil {
		return err
	}
	zw := zip.NewWriter(f)
	files, err := os.ReadDir(filepath.Join(tmp, filepath.FromSlash(dir)))
	if err != nil {
		f.Close()
		return err
	}
	for _, fe := range files {
		data, err := os.ReadFile(filepath.Join(tmp, filepath.FromSlash(dir), fe.Name()))
		if err != nil {
			f.Close()
			return err
		}
		// PDF and PNG are compressed already: stored, not deflated again.
		w, err := zw.CreateHeader(&zip.FileHeader{Name: dir + "/" + fe.Name(), Method: zip.Store, Modified: zipTime})
		if err != nil {
			f.Close()
			return err
		}
		w.Write(data)
	}
	var buf bytes.Buffer
	if err := manifestCSV(&buf, entries, p.o.Formats); err != nil {
		f.Close()
		return err
	}
	w, err := zw.CreateHeader(&zip.FileHeader{Name: dir + "/" + ManifestName, Method: zip.Deflate, Modified: zipTime})
	if err != nil {
		f.Close()
		return err
	}
	w.Write(buf.Bytes())
	if err := zw.Close(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// Missing speaks of a placeholder without a value in the letter template
// as generate does, for commands that build the letters' chain too.
func Missing(template string, err error) error { return missing(template, err) }

// missing names the template whose placeholder has no value.
func missing(template string, err error) error {
	var me *placeholder.MissingError
	if !errors.As(err, &me) {
		return err
	}
	switch me.Name {
	case "closing_date":
		return messages.Errorf(template, "{closing_date} has no value: the campaign has no closing date").
			WithHint("set closing_date in campaign.yaml to the day the survey closes (YYYY-MM-DD)")
	case "department_letter":
		return messages.Errorf(template, "{department_letter} has no value: the department's letter has no number or date").
			WithHint("fill department: number and date in letters.yaml from the department's letter, e.g. number: \"มท ๐๘๑๐.๗/ว ๒๕๒๒\", date: 2021-10-29")
	}
	return messages.Errorf(template, "{%s} has no value here", me.Name).
		WithHint("set it in campaign.yaml, or take {%s} out of this part of the template", me.Name)
}
