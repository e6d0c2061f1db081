package typeset

import (
	"fmt"
	"math"
	"sort"

	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// glyphInk is the bounding box of one glyph's outline, in font units, y up,
// relative to the glyph's origin. A glyph without ink (a space) has none.
type glyphInk struct {
	x0, y0, x1, y1 int16
	some           bool
}

// measureInk reads the outline bounds of every slot from the font file as
// it will be embedded, so composed glyphs are measured as drawn.
func (f *Font) measureInk() error {
	sf, err := sfnt.Parse(f.ttf)
	if err != nil {
		return err
	}
	var buf sfnt.Buffer
	ppem := fixed.Int26_6(sf.UnitsPerEm()) // 26.6 values in font units
	for slot := rune(0); slot < slotEnd; slot++ {
		if !f.has[slot] {
			continue
		}
		gi, err := sf.GlyphIndex(&buf, slot)
		if err != nil || gi == 0 {
			continue
		}
		b, _, err := sf.GlyphBounds(&buf, gi, ppem, font.HintingNone)
		if err != nil {
			return fmt.Errorf("glyph %d: %w", gi, err)
		}
		if b.Max.X <= b.Min.X || b.Max.Y <= b.Min.Y {
			continue
		}
		// sfnt's y grows downwards.
		f.ink[slot] = glyphInk{int16(b.Min.X), int16(-b.Max.Y), int16(b.Max.X), int16(-b.Min.Y), true}
	}
	return nil
}

// InkExtents returns how far the ink of an encoded line (see Encode)
// reaches above and below the baseline, in em, from the bounding boxes of
// its glyphs' outlines. Marks count where the font draws them: fpdf sets
// every glyph at its advance position, so a mark's outline coordinates are
// its place on the line. Text with no ink gives 0, 0.
func (f *Font) InkExtents(enc []rune) (above, below float64) {
	for _, r := range enc {
		if r < 0 || r >= slotEnd || !f.ink[r].some {
			continue
		}
		g := f.ink[r]
		above = max(above, float64(g.y1)/f.unitsPerEm)
		below = max(below, -float64(g.y0)/f.unitsPerEm)
	}
	return above, below
}

// MaxInk returns the farthest the ink of any text the font can set reaches
// above and below the baseline, in em: the worst of every glyph it maps
// for Thai (the private-use mark variants included), Latin and the
// punctuation Encode uses. Lines whose baselines lie
//
//	size × (above + below) + gap
//
// apart can never touch, whatever they hold. That pitch is generous (for
// Laksaman it is set by the lowered ู under ฎ and a tone over an upper
// vowel); a layout that wants a tighter pitch can measure the lines it
// has with InkExtents, or check what it drew with CheckInk.
func (f *Font) MaxInk() (above, below float64) {
	for slot := rune(0); slot < slotEnd; slot++ {
		if g := f.ink[slot]; g.some && f.has[slot] {
			above = max(above, float64(g.y1)/f.unitsPerEm)
			below = max(below, -float64(g.y0)/f.unitsPerEm)
		}
	}
	return above, below
}

// InkBox is the ink of one glyph on a page: the bounding box of its
// outline, in mm from the page's top left (y grows downwards).
type InkBox struct {
	X0, Y0, X1, Y1 float64
	Char           rune // the character the glyph stands for, for messages
}

// InkLine is one line of text as drawn: where, and the ink of each glyph.
type InkLine struct {
	Page  int     // from 1
	X, Y  float64 // the start of the baseline, mm
	Text  string  // what the line reads, for messages
	Boxes []InkBox
	// Justified is set for a line drawn by TextJustified, spaced out to
	// its width.
	Justified bool
}

// extent returns the top of the highest ink and the bottom of the lowest.
func (l InkLine) extent() (top, bottom float64) {
	top, bottom = math.Inf(1), math.Inf(-1)
	for _, b := range l.Boxes {
		top, bottom = min(top, b.Y0), max(bottom, b.Y1)
	}
	return top, bottom
}

// Ink returns the ink of encoded text drawn with its baseline starting at
// (x, y) mm at size points, each glyph at its advance position, as
// Doc.Text draws it. gaps, when not nil, gives extra space (mm) added
// after each glyph, as justification spaces a line; it is as long as enc.
func (f *Font) Ink(enc []rune, size, x, y float64, gaps []float64) InkLine {
	k := size * PtMM / f.unitsPerEm // mm a font unit
	l := InkLine{X: x, Y: y}
	text := make([]rune, 0, len(enc))
	for i, r := range enc {
		ch := r
		if u, ok := unslots[r]; ok {
			ch = u
		}
		text = append(text, ch)
		if r >= 0 && r < slotEnd && f.ink[r].some {
			g := f.ink[r]
			b := InkBox{x + float64(g.x0)*k, y - float64(g.y1)*k, x + float64(g.x1)*k, y - float64(g.y0)*k, ch}
			l.Boxes = append(l.Boxes, b)
		}
		x += f.Advance(r) * size * PtMM
		if gaps != nil {
			x += gaps[i]
		}
	}
	l.Text = string(text)
	return l
}

// Clearance returns the smallest vertical distance, in mm, from the ink of
// the upper of two lines down to the ink of the lower, over the places
// where a glyph of one stands above a glyph of the other: negative when
// they overlap, and then by how much the lower line would have to move
// down to clear the upper. It is +Inf when no glyph of one stands over a
// glyph of the other, or the lines are on different pages.
//
// A layout can use it to choose a pitch from the lines it has: for lines
// drawn pitch apart, pitch − Clearance + gap is the pitch at which those
// two would keep gap between their ink.
func Clearance(a, b InkLine) float64 {
	if a.Page != b.Page {
		return math.Inf(1)
	}
	if a.Y > b.Y {
		a, b = b, a
	}
	c := math.Inf(1)
	for _, p := range a.Boxes {
		for _, q := range b.Boxes {
			if p.X1 > q.X0 && q.X1 > p.X0 {
				c = min(c, q.Y0-p.Y1)
			}
		}
	}
	return c
}

// InkError reports ink of one line touching ink of another.
type InkError struct {
	Page             int
	Upper, Lower     string  // the two lines' text
	UpperCh, LowerCh rune    // the glyphs that meet
	Overlap          float64 // mm
}

func (e *InkError) Error() string {
	return fmt.Sprintf("page %d: %q of %q overlaps %q of the line below, %q, by %.2f mm",
		e.Page, e.UpperCh, e.Upper, e.LowerCh, e.Lower, e.Overlap)
}

// CheckInk returns an *InkError for the first pair of lines, on the same
// page and with different baselines, whose glyph ink overlaps; nil when no
// glyph of any line touches a glyph of another. Boxes that merely touch
// do not count. Lines sharing a baseline (a label and its text) are parts
// of one line and are not compared.
func CheckInk(lines []InkLine) error {
	ls := append([]InkLine(nil), lines...)
	sort.SliceStable(ls, func(i, j int) bool {
		if ls[i].Page != ls[j].Page {
			return ls[i].Page < ls[j].Page
		}
		return ls[i].Y < ls[j].Y
	})
	const sameBaseline = 0.01 // mm
	bottoms := make([]float64, len(ls))
	for i, l := range ls {
		_, bottoms[i] = l.extent()
	}
	for i := range ls {
		for j := i + 1; j < len(ls) && ls[j].Page == ls[i].Page; j++ {
			a, b := ls[i], ls[j]
			if b.Y-a.Y < sameBaseline {
				continue
			}
			if top, _ := b.extent(); top >= bottoms[i] {
				continue
			}
			if err := overlap(a, b); err != nil {
				return err
			}
		}
	}
	return nil
}

// overlap finds the deepest overlap of a's glyphs with b's, a above b.
func overlap(a, b InkLine) *InkError {
	var worst *InkError
	for _, p := range a.Boxes {
		for _, q := range b.Boxes {
			if p.X1 <= q.X0 || q.X1 <= p.X0 || q.Y0 >= p.Y1 || p.Y0 >= q.Y1 {
				continue
			}
			d := min(p.Y1, q.Y1) - max(p.Y0, q.Y0)
			if worst == nil || d > worst.Overlap {
				worst = &InkError{a.Page, a.Text, b.Text, p.Char, q.Char, d}
			}
		}
	}
	return worst
}
