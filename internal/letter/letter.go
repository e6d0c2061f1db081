package letter

import (
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/prakat/prakat/internal/messages"
	"github.com/prakat/prakat/internal/thai"
	"github.com/prakat/prakat/internal/typeset"
)

// Layout sets letters on A4 pages.
type Layout struct {
	t      *Template
	font   *typeset.Font
	style  thai.DateStyle
	garuda []byte
	imgTyp string
	// lines keeps the wording broken into lines: the copies of a circular
	// differ in their เรียน line alone.
	lines *typeset.LineCache
}

// NewLayout returns a layout for t in font; garuda is the emblem image
// (PNG or JPEG, named by garudaName), or nil to keep its space empty.
func NewLayout(t *Template, font *typeset.Font, style thai.DateStyle, garudaName string, garuda []byte) *Layout {
	typ := strings.TrimPrefix(strings.ToLower(filepath.Ext(garudaName)), ".")
	if typ == "jpeg" {
		typ = "jpg"
	}
	return &Layout{t: t, font: font, style: style, garuda: garuda, imgTyp: typ, lines: &typeset.LineCache{}}
}

// A4 and the vertical places of a letter, in mm.
const (
	pageW     = 210.0
	pageH     = 297.0
	garudaTop = 15.0
	garudaH   = 30.0
	firstTop  = garudaTop + garudaH + 2
	// Continuation pages carry their number, - ๒ -, centred at the top;
	// the text starts a clear gap below it, so that text extraction reads
	// the number as a line of its own.
	pageNumberTop = 12.0
	nextTop       = 27.0
	bottom        = pageH - 20 // the last line ends above it
)

// MinLinesWithClosing is how many lines of body text stand above the
// closing on its page: a closing is never left alone on a page.
const MinLinesWithClosing = 2

// row is one line of a letter's flow, or a gap between parts. Heights are
// in lines (the letter's pitch); rows are drawn with their top at y.
type row struct {
	h    float64
	gap  bool // dropped at the top of a page
	keep bool // the page does not break after this row
	// text is what the row draws, for the ink that sets the pitch and the
	// catchword on the page before.
	text  []string
	draw  func(fl *flow, y float64)
	catch string // the first word, written at the foot of the page before
}

// flow draws the rows of one letter down its pages.
type flow struct {
	l     *Layout
	d     *typeset.Doc
	size  float64 // font size, points
	em    float64 // font size, mm
	pitch float64 // line pitch, mm
	base  float64 // from a line's top to its baseline, mm
	left  float64
	right float64
}

func (fl *flow) enc(s string) []rune {
	e, _ := fl.l.font.Encode([]rune(s))
	return e
}

func (fl *flow) width(s string) float64 { return fl.l.font.Width(fl.enc(s), fl.em) }

// at draws s with its line's top at y.
func (fl *flow) at(x, y float64, s string) {
	fl.d.Text(fl.l.font, fl.size, x, y+fl.base, fl.enc(s))
}

// Draw adds the letter's pages to d, and the pages of its list of
// recipients, and returns how many pages it took in all.
func (l *Layout) Draw(d *typeset.Doc, lt *Letter) (int, error) {
	if err := l.Check(lt); err != nil {
		return 0, err
	}
	t := l.t
	fl := &flow{l: l, d: d, size: t.FontSize, em: t.FontSize * typeset.PtMM,
		left: t.MarginLeft, right: pageW - t.MarginRight}
	head, rows := fl.rows(lt)
	fl.setPitch(append(append([]row{}, head...), rows...))

	var garuda *typeset.Image
	if l.garuda != nil {
		im, err := d.AddImage("garuda", l.imgTyp, l.garuda)
		if err != nil {
			return 0, messages.Errorf("", "cannot use the Garuda image (%v)", err)
		}
		garuda = im
	}
	pages := fl.paginate(head, rows, func(page int) {
		if page == 1 && garuda != nil {
			w := garudaH * garuda.Aspect()
			d.DrawImage(garuda, (pageW-w)/2, garudaTop, w, garudaH)
		}
	})
	if lt.List != nil {
		pages += fl.paginate(nil, fl.listRows(lt.List), nil)
	}
	return pages, nil
}

// setPitch chooses the line pitch: the template's line spacing, or more
// where the ink of the letter's lines needs it, so that no mark of one line
// touches the next (a tone over an upper vowel, a vowel under ฎ).
func (fl *flow) setPitch(rows []row) {
	above, below := 0.0, 0.0
	for _, r := range rows {
		for _, s := range r.text {
			a, b := fl.l.font.InkExtents(fl.enc(s))
			above, below = max(above, a), max(below, b)
		}
	}
	gap := 0.08 // em of white between the lowest ink of a line and the highest of the next
	ink := (above + below + gap) * fl.em
	fl.pitch = max(fl.l.t.LineSpacing*fl.em, ink)
	fl.base = (fl.pitch-(above+below)*fl.em)/2 + above*fl.em
}

// paginate places rows on pages, the first page's rows after head, and
// returns the number of pages. A page that continues keeps room at its
// foot for the catchword, the first word of the next page; a page after
// the first carries its number at the top.
func (fl *flow) paginate(head, rows []row, decorate func(page int)) int {
	page := 0
	i := 0
	for page == 0 || i < len(rows) {
		page++
		fl.d.AddPage()
		if decorate != nil {
			decorate(page)
		}
		y := nextTop
		if page == 1 && head != nil {
			y = firstTop
			for _, r := range head {
				r.draw(fl, y)
				y += r.h * fl.pitch
			}
		}
		if page > 1 {
			// Non-breaking hyphens: to the eye "- ๒ -"; to text extraction
			// not a word hyphenated onto the next line.
			n := "\u2011 " + fl.l.style.Number(strconv.Itoa(page)) + " \u2011"
			fl.at((pageW-fl.width(n))/2, pageNumberTop, n)
		}
		for i < len(rows) && rows[i].gap && page > 1 && y == nextTop {
			i++ // no gap at the top of a page
		}
		end := fl.fit(rows, i, bottom-y)
		for j := i; j < end; j++ {
			rows[j].draw(fl, y)
			y += rows[j].h * fl.pitch
		}
		if end < len(rows) {
			// The catchword: the next page's first word, at the foot right.
			k := end
			for k < len(rows) && rows[k].gap {
				k++
			}
			if k < len(rows) && rows[k].catch != "" {
				c := "/" + rows[k].catch + "..."
				fl.at(fl.right-fl.width(c), bottom-fl.pitch, c)
			}
		}
		i = end
	}
	return page
}

// fit returns the end of the rows from i that go on a page with room mm:
// all of them if they fit; otherwise as many as fit with a line kept for
// the catchword, ending where the page may break.
func (fl *flow) fit(rows []row, i int, room float64) int {
	h := 0.0
	for j := i; j < len(rows); j++ {
		h += rows[j].h * fl.pitch
	}
	if h <= room+0.01 {
		return len(rows)
	}
	room -= fl.pitch // the catchword's line
	h, end, last := 0, i, -1
	for end < len(rows) && h+rows[end].h*fl.pitch <= room+0.01 {
		h += rows[end].h * fl.pitch
		if !rows[end].keep && !rows[end].gap {
			last = end
		}
		end++
	}
	if last >= i {
		return last + 1
	}
	return max(end, i+1) // a run kept together longer than a page: break it
}

// rows sets out the letter: the head of the first page (ที่, the office,
// the date), then the parts that flow.
func (fl *flow) rows(lt *Letter) (head, rows []row) {
	l, w := fl.l, fl.l.t.Words
	centre := fl.left + (fl.right-fl.left)*0.45 // where the date, closing and signature start

	// ที่ on the left; the office and its address as a block on the right.
	number := w.Number + " " + lt.Number
	officeW := 0.0
	for _, s := range lt.Office {
		officeW = max(officeW, fl.width(s))
	}
	ox := max(fl.right-officeW, centre+10)
	for i, s := range lt.Office {
		r := row{h: 1, text: []string{s}}
		r.draw = func(fl *flow, y float64) { fl.at(ox, y, s) }
		if i == 0 {
			r.text = append(r.text, number)
			r.draw = func(fl *flow, y float64) { fl.at(fl.left, y, number); fl.at(ox, y, s) }
		}
		head = append(head, r)
	}
	head = append(head, row{h: 0.4, gap: true, draw: func(*flow, float64) {}})
	head = append(head, fl.textRow(centre, lt.Date))
	head = append(head, row{h: 0.4, gap: true, draw: func(*flow, float64) {}})

	labelled := func(label, text string, keep []typeset.Span) {
		x := fl.left + fl.width(label) + fl.width("  ")
		for j, ln := range l.lines.Wrap(l.font, text, fl.em, fl.right-x, typeset.WrapOptions{Keep: append(keep, lt.names(text)...)}) {
			r := fl.lineRow(x, ln)
			if j == 0 {
				inner := r.draw
				r.draw = func(fl *flow, y float64) { fl.at(fl.left, y, label); inner(fl, y) }
				r.text = append(r.text, label)
				r.catch = label
			}
			rows = append(rows, r)
		}
	}
	listed := func(label string, items []string) {
		switch len(items) {
		case 0:
		case 1:
			labelled(label, items[0], nil)
		default:
			x := fl.left + fl.width(label) + fl.width("  ")
			for i, item := range items {
				num := fl.number(i)
				for j, ln := range l.lines.Wrap(l.font, item, fl.em, fl.right-x-fl.width(num), typeset.WrapOptions{Keep: lt.names(item)}) {
					r := fl.lineRow(x+fl.width(num), ln)
					if j == 0 {
						inner := r.draw
						first := i == 0
						r.draw = func(fl *flow, y float64) {
							if first {
								fl.at(fl.left, y, label)
							}
							fl.at(x, y, num)
							inner(fl, y)
						}
						r.catch = strings.TrimSpace(num)
						if first {
							r.catch = label
						}
					}
					rows = append(rows, r)
				}
			}
		}
	}
	labelled(w.Subject, lt.Subject, nil)
	rows = append(rows, row{h: 0.3, gap: true, draw: func(*flow, float64) {}})
	to, keep := joinKeep(lt.To, " ")
	labelled(w.To, to, keep)
	listed(w.Reference, lt.References)
	listed(w.Attachments, lt.Attachments)
	rows = append(rows, row{h: 0.4, gap: true, draw: func(*flow, float64) {}})

	// The body: the first line indented, every line but a paragraph's last
	// justified. A paragraph parts on two pages with two lines or more on
	// each, and the last lines of the body stay with the closing.
	bodyEnd := -1
	for i, p := range lt.Body {
		lines := l.lines.Wrap(l.font, p, fl.em, fl.right-fl.left, typeset.WrapOptions{Indent: l.t.Indent, Keep: lt.names(p)})
		for j, ln := range lines {
			x := fl.left
			if j == 0 {
				x += l.t.Indent
			}
			r := fl.lineRow(x, ln)
			if j < len(lines)-1 {
				ln := ln
				r.draw = func(fl *flow, y float64) {
					fl.d.TextJustified(fl.l.font, fl.size, x, y+fl.base, fl.right-x, ln)
				}
			}
			r.keep = len(lines) > 1 && (j == 0 || j == len(lines)-2)
			rows = append(rows, r)
			bodyEnd = len(rows) - 1
		}
		if i < len(lt.Body)-1 {
			rows = append(rows, row{h: 0.25, gap: true, draw: func(*flow, float64) {}})
		}
	}
	// Keep the last MinLinesWithClosing body lines, and what stands between
	// them, with the closing.
	for j, n := bodyEnd, 0; j >= 0 && n < MinLinesWithClosing; j-- {
		rows[j].keep = true
		if !rows[j].gap {
			n++
		}
	}

	// The closing and the signature block, with the office that owns the
	// matter, stay together.
	block := []row{{h: 0.6, gap: false, draw: func(*flow, float64) {}}}
	block = append(block, fl.textRow(centre, lt.Closing))
	block = append(block, row{h: 2.5, draw: func(*flow, float64) {}}) // room to sign
	signer := "(" + lt.Signer + ")"
	if lt.Signer == "" {
		signer = "(" + strings.Repeat(" ", 40) + ")"
	}
	mid := centre + fl.width(lt.Closing)/2
	for _, s := range append([]string{signer, lt.Position}, lt.ActingFor...) {
		r := row{h: 1, text: []string{s}}
		r.draw = func(fl *flow, y float64) { fl.at(mid-fl.width(s)/2, y, s) }
		block = append(block, r)
	}
	if contact := lt.contact(w); len(contact) > 0 {
		block = append(block, row{h: 1, draw: func(*flow, float64) {}})
		for _, c := range contact {
			block = append(block, fl.textRow(fl.left, c))
		}
	}
	for i := range block {
		block[i].keep = i < len(block)-1
	}
	block[1].catch = lt.Closing
	rows = append(rows, block...)
	return head, rows
}

// names returns where the letter's names (its province, district and
// units) stand in text, to keep each whole on a line.
func (lt *Letter) names(text string) []typeset.Span {
	var spans []typeset.Span
	rs := []rune(text)
	for _, name := range lt.Names {
		n := []rune(name)
		for i := 0; i+len(n) <= len(rs); i++ {
			if rs[i] == n[0] && slices.Equal(rs[i:i+len(n)], n) {
				spans = append(spans, typeset.Span{Start: i, End: i + len(n)})
			}
		}
	}
	return spans
}

// contact is the foot of a letter: the section that owns the matter, then
// its telephone, fax and e-mail, each labelled, those given.
func (lt *Letter) contact(w Words) []string {
	var out []string
	for _, c := range [][2]string{{"", lt.Section}, {w.Phone, lt.Phone}, {w.Fax, lt.Fax}, {w.Email, lt.Email}} {
		switch {
		case c[1] == "":
		case c[0] != "":
			out = append(out, c[0]+" "+c[1])
		default:
			out = append(out, c[1])
		}
	}
	return out
}

// textRow is a row drawing s at x.
func (fl *flow) textRow(x float64, s string) row {
	r := row{h: 1, text: []string{s}, catch: firstWord(s)}
	r.draw = func(fl *flow, y float64) { fl.at(x, y, s) }
	return r
}

// lineRow is a row drawing a set line at x.
func (fl *flow) lineRow(x float64, ln typeset.Line) row {
	r := row{h: 1, text: []string{string(ln.Text)}, catch: firstWord(string(ln.Text))}
	r.draw = func(fl *flow, y float64) { fl.d.Text(fl.l.font, fl.size, x, y+fl.base, ln.Enc) }
	return r
}

// listRows sets out the list of recipients attached to a letter: its
// title, centred, then the recipients numbered in Thai digits.
func (fl *flow) listRows(list *List) []row {
	var rows []row
	for _, ln := range fl.l.lines.Wrap(fl.l.font, list.Title, fl.em, fl.right-fl.left, typeset.WrapOptions{Balance: true}) {
		ln := ln
		r := fl.lineRow(0, ln)
		r.draw = func(fl *flow, y float64) { fl.d.Text(fl.l.font, fl.size, (pageW-ln.Width)/2, y+fl.base, ln.Enc) }
		r.keep = true
		rows = append(rows, r)
	}
	rows = append(rows, row{h: 0.5, keep: true, draw: func(*flow, float64) {}})
	x := fl.left + fl.width(fl.l.style.Number("00")+". ")
	for i, item := range list.Items {
		num := fl.number(i)
		for j, ln := range fl.l.lines.Wrap(fl.l.font, item, fl.em, fl.right-x, typeset.WrapOptions{Keep: []typeset.Span{{Start: 0, End: len([]rune(item))}}}) {
			r := fl.lineRow(x, ln)
			if j == 0 {
				inner := r.draw
				r.draw = func(fl *flow, y float64) { fl.at(x-fl.width(num), y, num); inner(fl, y) }
			}
			rows = append(rows, r)
		}
	}
	return rows
}

// number writes the ordinal of item i in the letter's digits: ๑. ๒. …
func (fl *flow) number(i int) string { return fl.l.style.Number(strconv.Itoa(i+1)) + ". " }

// firstWord is the first word of a line, by the dictionary: the catchword.
func firstWord(s string) string {
	rs := []rune(strings.TrimSpace(s))
	br := thai.Breaks(rs)
	for i := 1; i < len(rs); i++ {
		if br[i] >= thai.Word {
			return strings.TrimSpace(string(rs[:i]))
		}
	}
	return string(rs)
}

// joinKeep joins names with sep and returns the span of each, to keep
// whole on a line.
func joinKeep(names []string, sep string) (string, []typeset.Span) {
	var b strings.Builder
	var keep []typeset.Span
	n := 0
	for i, name := range names {
		if i > 0 {
			b.WriteString(sep)
			n += len([]rune(sep))
		}
		b.WriteString(name)
		l := len([]rune(name))
		keep = append(keep, typeset.Span{Start: n, End: n + l})
		n += l
	}
	return b.String(), keep
}

// Check reports, as a *typeset.GlyphError naming the part of the letter,
// text the layout's font cannot draw.
func (l *Layout) Check(lt *Letter) error {
	parts := []struct {
		field string
		texts []string
	}{
		{"number", []string{lt.Number}}, {"office", lt.Office}, {"date", []string{lt.Date}},
		{"subject", []string{lt.Subject}}, {"to", lt.To}, {"references", lt.References},
		{"attachments", lt.Attachments}, {"body", lt.Body}, {"closing", []string{lt.Closing}}, {"signer", []string{lt.Signer}},
		{"position", []string{lt.Position}}, {"acting_for", lt.ActingFor}, {"section", []string{lt.Section}},
		{"phone", []string{lt.Phone}}, {"fax", []string{lt.Fax}}, {"email", []string{lt.Email}},
	}
	if lt.List != nil {
		parts = append(parts, struct {
			field string
			texts []string
		}{"list", append([]string{lt.List.Title}, lt.List.Items...)})
	}
	for _, p := range parts {
		for _, s := range p.texts {
			if err := l.font.CheckText(p.field, s); err != nil {
				return err
			}
		}
	}
	return nil
}
