package poster

import (
	"fmt"
	"strconv"

	"github.com/prakat/prakat/internal/messages"
	"github.com/prakat/prakat/internal/placeholder"
	"github.com/prakat/prakat/internal/qr"
	"github.com/prakat/prakat/internal/typeset"
)

// A4 in millimetres.
const (
	pageW = 210.0
	pageH = 297.0
)

// MaxPrintedLink is the longest link printed under the QR code; a longer
// one (a survey link with the unit's name percent-encoded, say) could not be
// typed, and its block is left out.
const MaxPrintedLink = 80

// Format is a paper size posters are printed on, with the cards on it,
// each a copy of the A4 poster scaled to fit.
type Format struct {
	Name          string
	Width, Height float64 // the page, mm
	Cards         []Card
	Fold          bool // a dashed line down the middle, where a tent folds
}

// Card is where one copy of the poster goes on a format's page, mm.
type Card struct{ X, Y, Width, Height float64 }

// Formats are the print formats a campaign may ask for (print_formats):
// the A4 poster, an A3 poster, an A5 counter card, and a table tent (A4
// landscape, folded down the middle and stood on the counter, an A5 card
// upright on each face).
var Formats = map[string]Format{
	"A4":   {Name: "A4", Width: 210, Height: 297, Cards: []Card{{0, 0, 210, 297}}},
	"A3":   {Name: "A3", Width: 297, Height: 420, Cards: []Card{{0, 0, 297, 420}}},
	"A5":   {Name: "A5", Width: 148, Height: 210, Cards: []Card{{0, 0, 148, 210}}},
	"tent": {Name: "tent", Width: 297, Height: 210, Cards: []Card{{0, 0, 148.5, 210}, {148.5, 0, 148.5, 210}}, Fold: true},
}

// MinShrink is how far a one_line block may shrink before it wraps.
const MinShrink = 0.6

// Fonts are the faces a poster is set in.
type Fonts struct{ Regular, Bold *typeset.Font }

// Renderer draws posters from one template. It is safe for concurrent use.
type Renderer struct {
	t     *Template
	fonts Fonts
	lines typeset.LineCache // the blocks every poster shares, broken once
}

// NewRenderer returns a renderer for t set in fonts. It refuses a template
// whose fixed wording the fonts cannot draw.
func NewRenderer(t *Template, fonts Fonts) (*Renderer, error) {
	r := &Renderer{t: t, fonts: fonts}
	for _, b := range t.Blocks {
		if b.QR == 0 && b.Logo == 0 && !placeholder.Has(b.Text) {
			if err := r.drawable(b, b.Text); err != nil {
				return nil, err
			}
		}
	}
	return r, nil
}

func (r *Renderer) font(b Block) *typeset.Font {
	if b.Bold {
		return r.fonts.Bold
	}
	return r.fonts.Regular
}

// drawable checks that the block's font has a glyph for every character.
func (r *Renderer) drawable(b Block, text string) error {
	f := r.font(b)
	if _, missing := f.Encode([]rune(text)); len(missing) > 0 {
		return messages.Errorf("", "the font %s has no glyph for %q", f.Name, string(missing))
	}
	return nil
}

// Check reports a required value missing from fields (a
// *placeholder.MissingError), or one that a block's font cannot draw (a
// *typeset.GlyphError naming the placeholder).
func (r *Renderer) Check(fields Fields) error {
	for _, b := range r.t.Blocks {
		if b.QR > 0 || b.Logo > 0 {
			continue
		}
		if _, err := placeholder.Fill(b.Text, placeholder.Values(fields), nil); err != nil {
			return err
		}
		for _, name := range placeholder.Used(b.Text) {
			if err := r.font(b).CheckText(name, fields[name]); err != nil {
				return err
			}
		}
	}
	return nil
}

// Fields are a unit's values for the template's placeholders.
type Fields = placeholder.Values

// item is a block filled for one unit.
type item struct {
	block Block
	text  string
	keep  []typeset.Span
	font  *typeset.Font
	lines []typeset.Line
	size  float64 // scaled, points
}

func (r *Renderer) wrap(it *item, width float64) []typeset.Line {
	opt := typeset.WrapOptions{Keep: it.keep, Balance: true}
	if !it.block.common { // a unit's own: the cache would grow with every unit
		return it.font.Wrap(it.text, it.size*typeset.PtMM, width, opt)
	}
	return r.lines.Wrap(it.font, it.text, it.size*typeset.PtMM, width, opt)
}

// Draw adds one page to d: the poster filled with fields, with code as its
// QR symbol and logo, when not nil, as the unit's emblem. Everything is
// shrunk together until it fits the page.
func (r *Renderer) Draw(d *typeset.Doc, fields Fields, code *qr.Code, logo *typeset.Image) error {
	return r.draw(d, fields, code, logo, func(paint func()) {
		d.AddPage()
		paint()
	})
}

// DrawFormat adds one page of format f to d: the same poster, scaled from
// A4 to the format's cards (an A5 card, an A3 sheet, the two faces of a
// table tent).
func (r *Renderer) DrawFormat(d *typeset.Doc, f Format, fields Fields, code *qr.Code, logo *typeset.Image) error {
	return r.draw(d, fields, code, logo, func(paint func()) {
		d.AddPageSize(f.Width, f.Height)
		for _, c := range f.Cards {
			s := min(c.Width/pageW, c.Height/pageH)
			d.Placed(s, c.X+(c.Width-pageW*s)/2, c.Y+(c.Height-pageH*s)/2, paint)
		}
		if f.Fold {
			d.DashedLine(f.Width/2, 0, f.Width/2, f.Height)
		}
	})
}

// draw lays the poster out and hands its painting to page, which starts
// the page and places it.
func (r *Renderer) draw(d *typeset.Doc, fields Fields, code *qr.Code, logo *typeset.Image, page func(paint func())) error {
	t := r.t
	var items []*item
	for _, b := range t.Blocks {
		it := &item{block: b}
		if b.Logo > 0 && logo == nil {
			continue
		}
		if b.QR == 0 && b.Logo == 0 {
			f, err := placeholder.Fill(b.Text, fields, nil)
			if err != nil {
				return err
			}
			if f.Empty { // an optional value is absent: the block goes
				continue
			}
			it.text, it.font = f.Text, r.font(b)
			for _, v := range f.Values {
				it.keep = append(it.keep, typeset.Span{Start: v.Start, End: v.End})
			}
			if len(it.keep) > 0 { // fixed wording was checked once, by NewRenderer
				if err := r.drawable(b, it.text); err != nil {
					return err
				}
			}
		}
		items = append(items, it)
	}

	width := pageW - 2*t.Margin
	avail := pageH - 2*t.Margin
	var scale, total float64
	for scale = 1; ; scale *= 0.94 {
		total = 0
		for _, it := range items {
			total += it.block.SpaceBefore * scale
			if it.block.QR > 0 {
				side := it.block.QR * scale
				total += side + 2*qr.QuietZone*side/float64(code.Size)
				continue
			}
			if it.block.Logo > 0 {
				total += it.block.Logo * scale
				continue
			}
			it.size = it.block.Size * scale
			it.lines = r.wrap(it, width)
			for it.block.OneLine && len(it.lines) > 1 && it.size > it.block.Size*scale*MinShrink {
				it.size *= 0.97
				it.lines = r.wrap(it, width)
			}
			total += float64(len(it.lines)) * it.size * typeset.PtMM * t.LineSpacing
		}
		if total <= avail || scale < 0.3 {
			break
		}
	}
	if total > avail {
		return messages.Errorf("", "the poster's blocks do not fit one page")
	}

	// Spread what is left over between the blocks, a little at most, and
	// centre the rest.
	gap := min((avail-total)/float64(len(items)+1), 9)
	y := t.Margin + (avail-total-gap*float64(len(items)-1))/2

	page(func() { r.paint(d, items, code, logo, scale, width, y, gap) })
	return nil
}

// paint draws a laid-out poster on the current page, in A4 millimetres from
// its top left (a format sets it elsewhere with Doc.Placed).
func (r *Renderer) paint(d *typeset.Doc, items []*item, code *qr.Code, logo *typeset.Image, scale, width, y, gap float64) {
	t := r.t
	if f := t.Frame; f != nil {
		c, _ := t.colour(f.Colour)
		d.Rect(f.Inset, f.Inset, pageW-2*f.Inset, pageH-2*f.Inset, f.Width, c)
	}
	for i, it := range items {
		if i > 0 {
			y += gap
		}
		y += it.block.SpaceBefore * scale
		if it.block.QR > 0 {
			y = drawQR(d, code, it.block.QR*scale, y)
			continue
		}
		if it.block.Logo > 0 {
			h := it.block.Logo * scale
			w := min(h*logo.Aspect(), width)
			h = w / logo.Aspect()
			d.DrawImage(logo, (pageW-w)/2, y, w, h)
			y += it.block.Logo * scale
			continue
		}
		c, _ := t.colour(it.block.Colour)
		d.SetTextColour(c)
		lh := it.size * typeset.PtMM * t.LineSpacing
		for _, l := range it.lines {
			x := t.Margin + (width-l.Width)/2
			// The baseline sits low enough for stacked marks above it.
			d.Text(it.font, it.size, x, y+lh*0.72, l.Enc)
			y += lh
		}
	}
}

// drawQR draws the symbol centred across the page, its top quiet zone
// starting at y, and returns the y below its bottom quiet zone. The
// modules are drawn in their own coordinates (one unit a module), as one
// filled path of rectangles: a few bytes each instead of a drawing command
// with millimetre coordinates.
func drawQR(d *typeset.Doc, code *qr.Code, side, y float64) float64 {
	m := side / float64(code.Size)
	x0 := (pageW - side) / 2
	y0 := y + qr.QuietZone*m
	k := 1 / typeset.PtMM // points a millimetre
	runs := code.Runs()
	b := make([]byte, 0, 64+len(runs)*16)
	// Origin at the symbol's top left, y downwards, one unit a module.
	b = fmt.Appendf(b, "q 0 g %.4f 0 0 %.4f %.2f %.2f cm\n", m*k, -m*k, x0*k, (d.PageHeight()-y0)*k)
	for _, r := range runs {
		// A hair taller than a module, so rows print without seams.
		// (strconv, not fmt: a fifth of the time, for some 600 runs a
		// poster.)
		b = strconv.AppendInt(b, int64(r.X), 10)
		b = append(b, ' ')
		b = strconv.AppendInt(b, int64(r.Y), 10)
		b = append(b, ' ')
		b = strconv.AppendInt(b, int64(r.W), 10)
		b = append(b, " 1.01 re\n"...)
	}
	b = append(b, "f Q\n"...)
	d.Content(string(b))
	return y0 + side + qr.QuietZone*m
}
