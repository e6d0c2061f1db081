package email

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/prakat/prakat/internal/letter"
	"github.com/prakat/prakat/internal/messages"
	"github.com/prakat/prakat/internal/roster"
)

// The files generate writes that say who receives which file.
const (
	lettersCSV  = "letters.csv"
	manifestCSV = "manifest.csv"
)

// ProvinceLetters is one province's chain of letters and the districts it
// was built for.
type ProvinceLetters struct {
	Chain     *letter.Chain
	Districts []roster.District
}

// Plan lists the messages of the kinds asked for, in the order they are
// sent: the province's copies, then the districts' bundles, then the units'
// files. The files are OUT's own, as its letters.csv and manifest.csv name
// them: nothing is attached that generate did not write. address gives a
// recipient's address, "" for none.
func Plan(out string, ps []ProvinceLetters, rs []Recipient, kinds []Kind, address func(Recipient) string) ([]Delivery, error) {
	chief := map[[2]string]Recipient{}
	unit := map[string]Recipient{}
	for _, r := range rs {
		if r.Unit == nil {
			chief[[2]string{r.Province, r.District}] = r
		} else {
			unit[r.Unit.Code] = r
		}
	}
	stale := func(file string) *messages.Error {
		return messages.Errorf(file, "does not match the campaign's unit list and letters").
			WithHint("run prakat generate again, then send")
	}
	var copies [][]string // letters.csv: the province's copies, in order
	if slices.Contains(kinds, Province) {
		rows, err := readTable(out, lettersCSV)
		if err != nil {
			return nil, err
		}
		for _, r := range rows[1:] {
			if len(r) >= 3 && r[1] == "" {
				copies = append(copies, r)
			}
		}
	}
	posters := map[string]string{}     // code → the unit's poster below OUT
	unitFiles := map[string][]string{} // code → its own files
	if slices.Contains(kinds, District) || slices.Contains(kinds, Unit) {
		rows, err := readTable(out, manifestCSV)
		if err != nil {
			return nil, err
		}
		head := rows[0]
		col := func(name string) int { return slices.Index(head, name) }
		code, poster, web := col("code"), col("poster"), col("web")
		if code < 0 || poster < 0 || web < 0 {
			return nil, stale(filepath.Join(out, manifestCSV))
		}
		for _, r := range rows[1:] {
			if len(r) < len(head) {
				continue
			}
			posters[r[code]] = r[poster]
			var files []string
			for i, h := range head {
				// The poster, its QR image, pictures and web snippet, and
				// the poster in each print format (the columns after web).
				if (i == poster || h == "qr" || h == "social" || h == "banner" || i >= web) && r[i] != "" {
					files = append(files, r[i])
				}
			}
			unitFiles[r[code]] = files
		}
	}

	var ds []Delivery
	add := func(k Kind, r Recipient, files []string, lt *letter.Letter) {
		ds = append(ds, Delivery{Kind: k, To: r, Address: address(r), Files: files,
			Letter: Letter{Number: lt.Number, Date: lt.Date, Subject: lt.Subject}})
	}
	if slices.Contains(kinds, Province) {
		next := 0
		for _, p := range ps {
			// The copies go to the district chiefs, then to the units the
			// province writes to directly, as letter.Build lists them.
			var to []Recipient
			for _, d := range p.Districts {
				to = append(to, chief[[2]string{d.Province, d.Name}])
			}
			for _, d := range p.Districts {
				for _, u := range d.Units {
					if !u.Type.ForwardedByDistrict() {
						to = append(to, unit[u.Code])
					}
				}
			}
			if len(to) != len(p.Chain.Copies) {
				return nil, stale(filepath.Join(out, lettersCSV))
			}
			for i, cp := range p.Chain.Copies {
				if next >= len(copies) || copies[next][0] != cp.Recipient || to[i].Title != cp.Recipient {
					return nil, stale(filepath.Join(out, lettersCSV))
				}
				files := []string{copies[next][2]}
				if docx := strings.TrimSuffix(files[0], ".pdf") + ".docx"; exists(out, docx) {
					files = append(files, docx)
				}
				next++
				add(Province, to[i], files, p.Chain.Circular)
			}
		}
	}
	if slices.Contains(kinds, District) {
		for _, p := range ps {
			for _, d := range p.Districts {
				dir, ok := posters[d.Units[0].Code]
				if !ok {
					return nil, stale(filepath.Join(out, manifestCSV))
				}
				bundle := path.Dir(dir) + ".zip"
				if !exists(out, bundle) {
					return nil, messages.Errorf(filepath.Join(out, filepath.FromSlash(bundle)), "no district bundle here").
						WithHint("make the bundles with: prakat generate --zip")
				}
				add(District, chief[[2]string{d.Province, d.Name}], []string{bundle}, p.Chain.Circular)
			}
		}
	}
	if slices.Contains(kinds, Unit) {
		for _, p := range ps {
			for _, d := range p.Districts {
				for _, u := range d.Units {
					files, ok := unitFiles[u.Code]
					if !ok {
						return nil, stale(filepath.Join(out, manifestCSV))
					}
					add(Unit, unit[u.Code], files, p.Chain.Circular)
				}
			}
		}
	}
	for _, d := range ds {
		for _, f := range d.Files {
			if !exists(out, f) {
				return nil, messages.Errorf(filepath.Join(out, filepath.FromSlash(f)), "is missing").
					WithHint("run prakat generate again, then send")
			}
		}
	}
	return ds, nil
}

func readTable(out, name string) ([][]string, error) {
	p := filepath.Join(out, name)
	data, err := os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, messages.Errorf(p, "is missing: %s is not a folder prakat generate made", out).
			WithHint("give --out the folder prakat generate wrote")
	}
	if err != nil {
		return nil, err
	}
	rows, err := roster.Table(p, data)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, messages.Errorf(p, "is empty").WithHint("run prakat generate again, then send")
	}
	return rows, nil
}

func exists(out, rel string) bool {
	st, err := os.Stat(filepath.Join(out, filepath.FromSlash(rel)))
	return err == nil && st.Mode().IsRegular()
}

// ReadFiles reads a delivery's files from OUT.
func ReadFiles(out string, d Delivery) ([]Attachment, error) {
	var as []Attachment
	for _, f := range d.Files {
		data, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(f)))
		if err != nil {
			return nil, err
		}
		as = append(as, Attachment{Path: f, Data: data})
	}
	return as, nil
}
