// Package typeset sets Thai text on PDF pages drawn with fpdf: it prepares
// fonts, measures and breaks lines, places marks by the private-use
// fallback, and draws lines, left, centred or with Thai distributed
// justification.
package typeset

import (
	"errors"
	"fmt"
	"slices"

	"github.com/prakat/prakat/internal/thai"
	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// A font is handed to fpdf with its character map rewritten onto a small
// range of code points ("slots"): text in the Thai and Latin ranges keeps
// its code points, and the glyphs beyond them (the private-use mark
// variants, typographic punctuation) are moved into the unused block just
// after Thai. fpdf sizes its per-document work by the highest code point a
// font maps, so this keeps every document cheap; the PDF's ToUnicode map
// (see ToUnicode) sends each slot back to the character it stands for.
const (
	slotBase = 0x0E80 // first slot for glyphs outside the kept ranges
	slotEnd  = 0x0F00
)

// extraChars are characters outside the kept ranges that text may use.
var extraChars = []rune{
	'\u2010', '\u2011', '\u2013', '\u2014', '\u2018', '\u2019', '\u201C', '\u201D',
	'\u2022', '\u2026', '\u2032', '\u20AC', '\u2122', '\u2212', '\u25CC',
}

// kept reports the code points a font keeps as they are.
func kept(r rune) bool {
	return (r >= 0x20 && r <= 0x7E) || (r >= 0xA0 && r <= 0xFF) || (r >= 0x0E01 && r <= 0x0E5B)
}

// slots maps the characters that are moved to their slot.
var slots, unslots = func() (map[rune]rune, map[rune]rune) {
	s, u := map[rune]rune{}, map[rune]rune{}
	next := rune(slotBase)
	// AmLeft comes last, so that adding it moved no other slot.
	for _, r := range append(append(append([]rune{}, thai.PUAGlyphs...), extraChars...), thai.AmLeft) {
		s[r] = next
		// A private-use variant reads as the mark it varies.
		if orig, ok := thai.Unshape[r]; ok {
			u[next] = orig
		} else {
			u[next] = r
		}
		next++
	}
	return s, u
}()

// Font is a TrueType font ready for fpdf and for measuring.
type Font struct {
	Name       string
	ttf        []byte // with the rewritten character map
	unitsPerEm float64
	advance    [slotEnd]uint16 // by slot, in font units
	has        [slotEnd]bool
	ink        [slotEnd]glyphInk
	outline    outlines
	Ascent     float64 // in em
	Descent    float64 // in em, negative
}

// ErrNoPUA is the error for a font without the private-use Thai glyphs.
var ErrNoPUA = errors.New("the font lacks the Thai private-use glyphs (U+F700–U+F71A) that place tone marks and vowels; use Laksaman, TH Sarabun New or TH SarabunIT๙")

// LoadFont reads a TrueType font. name labels it in errors.
func LoadFont(name string, ttf []byte) (*Font, error) {
	if _, err := sfnt.Parse(ttf); err != nil {
		return nil, fmt.Errorf("%s: not a TrueType font: %w", name, err)
	}
	ttf, err := withoutHinting(ttf)
	if err != nil {
		return nil, fmt.Errorf("%s: not a TrueType font: %w", name, err)
	}
	f, err := sfnt.Parse(ttf)
	if err != nil {
		return nil, fmt.Errorf("%s: not a TrueType font: %w", name, err)
	}
	var buf sfnt.Buffer
	upem := f.UnitsPerEm()
	fnt := &Font{Name: name, unitsPerEm: float64(upem)}
	glyphs := map[rune]sfnt.GlyphIndex{}
	add := func(r, slot rune) error {
		gi, err := f.GlyphIndex(&buf, r)
		if err != nil || gi == 0 {
			return errors.New("missing")
		}
		adv, err := f.GlyphAdvance(&buf, gi, fixed.Int26_6(upem), font.HintingNone)
		if err != nil {
			return err
		}
		glyphs[slot] = gi
		fnt.advance[slot] = uint16(adv)
		fnt.has[slot] = true
		return nil
	}
	for r := rune(0x20); r < slotBase; r++ {
		if kept(r) {
			add(r, r) // a font may lack some; measuring treats them as missing
		}
	}
	for r, slot := range slots {
		if r == thai.AmLeft {
			continue
		}
		if err := add(r, slot); err != nil && r >= 0xF700 && r <= 0xF71A {
			return nil, fmt.Errorf("%s: %w", name, ErrNoPUA)
		}
	}
	// Sara am with its nikhahit moved left: one glyph composed of the two,
	// or, in a font where that cannot be done, sara am drawn in place.
	nikhahit, err1 := f.GlyphIndex(&buf, 0xF711)
	aa, err2 := f.GlyphIndex(&buf, 0x0E32)
	composed := false
	if err1 == nil && err2 == nil && nikhahit != 0 && aa != 0 {
		slot := slots[thai.AmLeft]
		if t, gi, err := withComposite(ttf, fnt.advance[0x0E32], nikhahit, aa); err == nil && fnt.has[0x0E32] {
			ttf, composed = t, true
			glyphs[slot], fnt.advance[slot], fnt.has[slot] = gi, fnt.advance[0x0E32], true
		}
	}
	if !composed {
		add(0x0E33, slots[thai.AmLeft])
	}
	// A non-breaking hyphen the font lacks is drawn with its hyphen. The
	// page number "- ๒ -" is set with it: a line ending in a plain hyphen
	// is joined to the next by text extraction, as a word broken in two.
	if s := slots['\u2011']; !fnt.has[s] {
		add('-', s)
	}
	for _, r := range "กขคงจ่้ัิุู" {
		if !fnt.has[r] {
			return nil, fmt.Errorf("%s: the font has no Thai letters", name)
		}
	}
	m, err := f.Metrics(&buf, fixed.Int26_6(upem), font.HintingNone)
	if err == nil {
		fnt.Ascent = float64(m.Ascent) / float64(upem)
		fnt.Descent = -float64(m.Descent) / float64(upem)
	}
	fnt.ttf, err = withCmap(ttf, glyphs)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if err := fnt.measureInk(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return fnt, nil
}

// Encode turns text into the slot code points fpdf draws: marks shaped,
// private-use variants and moved characters in their slots. A character the
// font cannot draw becomes '?' and is reported in missing.
func (f *Font) Encode(text []rune) (out []rune, missing []rune) {
	shaped := thai.Shape(text)
	out = make([]rune, len(shaped))
	for i, r := range shaped {
		if s, ok := slots[r]; ok {
			r = s
		}
		if r < 0 || r >= slotEnd || !f.has[r] {
			missing = append(missing, text[i])
			r = '?'
		}
		out[i] = r
	}
	return out, missing
}

// Missing returns the characters of s the font cannot draw, each once, in
// order; none means s can be set.
func (f *Font) Missing(s string) []rune {
	var out []rune
	for _, r := range s {
		if f.Has(r) || slices.Contains(out, r) {
			continue
		}
		out = append(out, r)
	}
	return out
}

// Has reports whether the font can draw r.
func (f *Font) Has(r rune) bool {
	if r == ' ' || r == '\n' {
		return true
	}
	if kept(r) { // most text: no slot to look up
		return f.has[r]
	}
	if s, ok := slots[r]; ok {
		r = s
	}
	return r >= 0 && r < slotEnd && f.has[r]
}

// Advance returns the advance of an encoded rune, in em.
func (f *Font) Advance(slot rune) float64 {
	if slot < 0 || slot >= slotEnd {
		return 0
	}
	return float64(f.advance[slot]) / f.unitsPerEm
}

// Width returns the width of encoded text at size (in the unit of size).
func (f *Font) Width(enc []rune, size float64) float64 {
	w := 0.0
	for _, r := range enc {
		w += f.Advance(r)
	}
	return w * size
}

// GlyphError is text a font cannot draw: which field of what is being set,
// and the characters missing from the font.
type GlyphError struct {
	Field string // the placeholder or setting the text came from
	Font  string
	Chars string
}

func (e *GlyphError) Error() string {
	return fmt.Sprintf("%s: the font %s has no glyph for %q", e.Field, e.Font, e.Chars)
}

// CheckText returns a *GlyphError naming field when f cannot draw s.
func (f *Font) CheckText(field, s string) error {
	if m := f.Missing(s); len(m) > 0 {
		return &GlyphError{Field: field, Font: f.Name, Chars: string(m)}
	}
	return nil
}
