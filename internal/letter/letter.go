package letter

import (
	"path/filepath"
	"strconv"
	"strings"

	"github.com/prakat/prakat/internal/messages"
	"github.com/prakat/prakat/internal/thai"
	"github.com/prakat/prakat/internal/typeset"
)

// Letter is one letter, every part filled in, in the regulation's order.
type Letter struct {
	Number      string   // after ที่; empty leaves room to write it in
	Office      []string // the issuing office, then its address
	Date        string
	Subject     string
	To          []string // after เรียน: the recipients, each kept whole on a line
	Reference   string
	Attachments []string
	Body        []string // paragraphs
	Signer      string   // empty leaves the brackets to write in
	Position    string
	ActingFor   []string
	Section     string
	Phone       string
	Fax         string
	Email       string
	// ListTitle and List, when set, add a page naming every recipient.
	ListTitle string
	List      []string
}

// Layout sets letters on A4 pages.
type Layout struct {
	t      *Template
	font   *typeset.Font
	style  thai.DateStyle
	garuda []byte
	imgTyp string
}

// NewLayout returns a layout for t in font; garuda is the emblem image
// (PNG or JPEG, named by garudaName), or nil to keep its space empty.
func NewLayout(t *Template, font *typeset.Font, style thai.DateStyle, garudaName string, garuda []byte) *Layout {
	typ := strings.TrimPrefix(strings.ToLower(filepath.Ext(garudaName)), ".")
	if typ == "jpeg" {
		typ = "jpg"
	}
	return &Layout{t: t, font: font, style: style, garuda: garuda, imgTyp: typ}
}

// A4 and the vertical places of a letter, in mm.
const (
	pageW       = 210.0
	pageH       = 297.0
	garudaTop   = 15.0
	garudaH     = 30.0
	firstTop    = garudaTop + garudaH + 3
	nextTop     = 25.0 // text on pages after the first
	pageNumberY = 15.0
	bottom      = pageH - 20
)

// flow places lines down the pages of one letter.
type flow struct {
	l     *Layout
	d     *typeset.Doc
	size  float64 // font size, points
	lh    float64 // line height, mm
	y     float64 // top of the next line
	pages int
	left  float64
	right float64
}

func (fl *flow) newPage() {
	fl.d.AddPage()
	fl.pages++
	fl.y = nextTop
	if fl.pages > 1 {
		// Continuation pages carry their number at the top: - ๒ -
		fl.centred(pageNumberY-fl.lh*0.75, "- "+fl.l.style.Number(strconv.Itoa(fl.pages))+" -")
	}
}

// need starts a new page unless n lines fit on this one.
func (fl *flow) need(n int) {
	if fl.y+float64(n)*fl.lh > bottom {
		fl.newPage()
	}
}

func (fl *flow) enc(s string) []rune {
	e, _ := fl.l.font.Encode([]rune(s))
	return e
}

func (fl *flow) width(s string) float64 { return fl.l.font.Width(fl.enc(s), fl.size*typeset.PtMM) }

// at draws s with its line box's top at y.
func (fl *flow) at(x, y float64, s string) {
	fl.d.Text(fl.l.font, fl.size, x, y+fl.lh*0.75, fl.enc(s))
}

func (fl *flow) centred(y float64, s string) {
	fl.at((pageW-fl.width(s))/2, y, s)
}

// line draws s at x on the next line.
func (fl *flow) line(x float64, s string) {
	fl.need(1)
	fl.at(x, fl.y, s)
	fl.y += fl.lh
}

// labelled draws a label and its text, the text wrapped in the column
// after the label: เรื่อง, เรียน, อ้างถึง. Names in keep stay whole.
func (fl *flow) labelled(label, text string, keep ...typeset.Span) {
	x := fl.left + fl.width(label) + fl.width("  ")
	fl.wrapped(x, text, keep, func() { fl.at(fl.left, fl.y, label) })
}

// wrapped draws text wrapped to the measure from x, a line at a time, each
// line where the page has room; first, when set, draws what stands before
// the first line (a label, a number).
func (fl *flow) wrapped(x float64, text string, keep []typeset.Span, first func()) {
	for j, ln := range fl.l.font.Wrap(text, fl.size*typeset.PtMM, fl.right-x, typeset.WrapOptions{Keep: keep}) {
		fl.need(1)
		if j == 0 && first != nil {
			first()
		}
		fl.d.Text(fl.l.font, fl.size, x, fl.y+fl.lh*0.75, ln.Enc)
		fl.y += fl.lh
	}
}

// number writes the ordinal of item i in the letter's digits: ๑. ๒. …
func (fl *flow) number(i int) string { return fl.l.style.Number(strconv.Itoa(i+1)) + ". " }

// paragraph draws body text: the first line indented, every line but the
// last justified to the measure. The last two lines stay with the next
// follow lines (the closing and signature), so that never stands alone on
// a page.
func (fl *flow) paragraph(text string, follow int) {
	w := fl.right - fl.left
	lines := fl.l.font.Wrap(text, fl.size*typeset.PtMM, w, typeset.WrapOptions{Indent: fl.l.t.Indent})
	for i, ln := range lines {
		if follow > 0 && i == max(len(lines)-2, 0) {
			fl.need(len(lines) - i + follow)
		}
		fl.need(1)
		x := fl.left
		if i == 0 {
			x += fl.l.t.Indent
		}
		base := fl.y + fl.lh*0.75
		if i < len(lines)-1 {
			fl.d.TextJustified(fl.l.font, fl.size, x, base, fl.right-x, ln)
		} else {
			fl.d.Text(fl.l.font, fl.size, x, base, ln.Enc)
		}
		fl.y += fl.lh
	}
}

// Draw adds the letter's pages to d and returns how many it took.
func (l *Layout) Draw(d *typeset.Doc, lt *Letter) (int, error) {
	texts := append([]string{lt.Subject, lt.Position, lt.Signer, lt.Section}, lt.To...)
	texts = append(append(append(texts, lt.Body...), lt.Office...), lt.List...)
	for _, s := range texts {
		if _, missing := l.font.Encode([]rune(s)); len(missing) > 0 {
			return 0, messages.Errorf("", "the font %s has no glyph for %q", l.font.Name, string(missing))
		}
	}
	t, w := l.t, l.t.Words
	fl := &flow{l: l, d: d, size: t.FontSize, lh: t.FontSize * typeset.PtMM * t.LineSpacing,
		left: t.MarginLeft, right: pageW - t.MarginRight}
	fl.newPage()
	if l.garuda != nil {
		im, err := d.AddImage("garuda", l.imgTyp, l.garuda)
		if err != nil {
			return 0, messages.Errorf("", "cannot use the Garuda image (%v)", err)
		}
		wmm := garudaH * im.Aspect()
		d.DrawImage(im, (pageW-wmm)/2, garudaTop, wmm, garudaH)
	}
	fl.y = firstTop
	centre := fl.left + (fl.right-fl.left)*0.45 // where the date, closing and signature start

	// ที่ on the left; the office and its address as a block on the right.
	number := lt.Number
	if number == "" {
		number = strings.Repeat(".", 24)
	}
	fl.at(fl.left, fl.y, w.Number+" "+number)
	officeW := 0.0
	for _, s := range lt.Office {
		officeW = max(officeW, fl.width(s))
	}
	ox := max(fl.right-officeW, centre+10)
	for i, s := range lt.Office {
		fl.at(ox, fl.y+float64(i)*fl.lh, s)
	}
	fl.y += float64(max(len(lt.Office), 1)) * fl.lh
	fl.y += fl.lh * 0.4
	fl.line(centre, lt.Date)
	fl.y += fl.lh * 0.4

	fl.labelled(w.Subject, lt.Subject)
	fl.y += fl.lh * 0.3
	to, keep := joinKeep(lt.To, " ")
	fl.labelled(w.To, to, keep...)
	if lt.Reference != "" {
		fl.labelled(w.Reference, lt.Reference)
	}
	switch len(lt.Attachments) {
	case 0:
	case 1:
		fl.labelled(w.Attachments, lt.Attachments[0])
	default:
		x := fl.left + fl.width(w.Attachments) + fl.width("  ")
		fl.need(1)
		fl.at(fl.left, fl.y, w.Attachments)
		for i, a := range lt.Attachments {
			num := fl.number(i)
			fl.wrapped(x+fl.width(num), a, nil, func() { fl.at(x, fl.y, num) })
		}
	}
	fl.y += fl.lh * 0.4
	sig := []string{"(" + lt.Signer + ")"}
	if lt.Signer == "" {
		sig[0] = "(" + strings.Repeat(" ", 40) + ")"
	}
	sig = append(sig, lt.Position)
	sig = append(sig, lt.ActingFor...)
	sigLines := 5 + len(sig) // the gap, the closing, room to sign, the block
	for i, p := range lt.Body {
		follow := 0
		if i == len(lt.Body)-1 {
			follow = sigLines
		}
		fl.paragraph(p, follow)
		fl.y += fl.lh * 0.2
	}

	// The closing and the signature block stay together.
	fl.y += fl.lh * 0.6
	fl.need(sigLines - 1)
	fl.at(centre, fl.y, w.Closing)
	mid := centre + fl.width(w.Closing)/2
	fl.y += fl.lh * 3.5
	for _, s := range sig {
		fl.at(mid-fl.width(s)/2, fl.y, s)
		fl.y += fl.lh
	}

	// The office that owns the matter, and how to reach it.
	var contact []string
	for _, c := range [][2]string{{"", lt.Section}, {w.Phone, lt.Phone}, {w.Fax, lt.Fax}, {w.Email, lt.Email}} {
		if c[1] == "" {
			continue
		}
		if c[0] != "" {
			contact = append(contact, c[0]+" "+c[1])
		} else {
			contact = append(contact, c[1])
		}
	}
	if len(contact) > 0 {
		fl.y += fl.lh
		fl.need(len(contact))
		for _, c := range contact {
			fl.line(fl.left, c)
		}
	}

	if len(lt.List) > 0 {
		fl.newPage()
		fl.y = nextTop + fl.lh
		fl.centred(fl.y, lt.ListTitle)
		fl.y += fl.lh * 1.5
		x := fl.left + fl.width(l.style.Number("00")+". ")
		for i, item := range lt.List {
			num := fl.number(i)
			// Each part of an item (a title, a file name) stays whole.
			text, keep := joinKeep(strings.Split(item, " – "), " – ")
			fl.wrapped(x, text, keep, func() { fl.at(x-fl.width(num), fl.y, num) })
		}
	}
	return fl.pages, nil
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
		{"subject", []string{lt.Subject}}, {"to", lt.To}, {"reference", []string{lt.Reference}},
		{"attachments", lt.Attachments}, {"body", lt.Body}, {"signer", []string{lt.Signer}},
		{"position", []string{lt.Position}}, {"acting_for", lt.ActingFor}, {"section", []string{lt.Section}},
		{"phone", []string{lt.Phone}}, {"fax", []string{lt.Fax}}, {"email", []string{lt.Email}},
		{"list_title", []string{lt.ListTitle}}, {"list", lt.List},
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
