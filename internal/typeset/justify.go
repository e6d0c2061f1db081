package typeset

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf16"

	"codeberg.org/go-pdf/fpdf"
	"github.com/prakat/prakat/internal/thai"
)

// How a justified line shares its extra space out: in proportion to these
// weights, so a gap at a space takes most, a gap between two Thai words
// less, and a gap between two clusters of one Thai word least. Nothing
// goes between a character and its marks, nor, while other gaps can take
// it, between the letters or digits of a Latin word or a number.
const (
	justifySpace   = 8
	justifyWord    = 3
	justifyCluster = 1
)

// ClusterGapMax is the widest gap, in em, justification puts between two
// clusters that have no space between them, unless a line has no space
// and cannot reach its width otherwise. Text extractors read a wider gap
// as a space: MuPDF from 0.15 em, poppler from about 0.1 em (poppler reads
// the /ActualText TextJustified gives each line instead). Font.Wrap avoids
// lines that would need more, when it can.
const ClusterGapMax = 0.12

// extractorSpace is the gap, in em, from which MuPDF reads a space.
const extractorSpace = 0.15

// gap classes, for the gap before a glyph.
const (
	gapNone    = iota // before a mark, or before a space: never widened
	gapLatin          // inside a Latin word or a number: only as a last resort
	gapCluster        // between two clusters of a Thai word
	gapWord           // between two Thai words, or Thai and other text
	gapSpace          // after a space
)

// gapClass classifies the gap before text[i]; kinds are thai.Breaks of
// text, or nil to treat every Thai gap as one between clusters.
func gapClass(text, enc []rune, kinds []thai.BreakKind, i int) int {
	a, b := text[i-1], text[i]
	switch {
	case isMarkSlot(enc[i]) || isSpace(b):
		return gapNone
	case isSpace(a):
		return gapSpace
	case kinds != nil && kinds[i] >= thai.Word:
		return gapWord
	case thaiLetter(a) || thaiLetter(b):
		return gapCluster
	}
	return gapLatin
}

// JustifyGaps returns the extra space (in mm) TextJustified puts after
// each glyph of line to make it width mm wide at size points; the slice
// is as long as line.Enc, its last element 0. ok is false when the line
// cannot be spaced out: it is already as wide, or has no gap outside a
// cluster. The line's natural width is taken from the advances as the PDF
// records them (thousandths of an em), so the last glyph ends at width in
// a viewer.
//
// The space goes, by weight, to gaps after a space (most), between Thai
// words (as thai.Breaks cuts line.Text), and between the clusters of a
// Thai word (least); no gap without a space grows past ClusterGapMax em
// while other gaps can take the rest. A line that needs more (one without
// spaces, set too loose: Font.Wrap avoids those where it can) gets the
// rest evenly over every gap outside a cluster, or, if the gaps would
// then be wide enough to read as spaces (0.15 em), between its Thai words,
// so that it still reaches width.
func (f *Font) JustifyGaps(line Line, size, width float64) (gaps []float64, ok bool) {
	enc, text := line.Enc, line.Text
	n := len(enc)
	if len(text) != n {
		text = f.Decode(enc)
	}
	natural := 0.0
	for _, r := range enc {
		natural += f.pdfAdvance(r)
	}
	extra := width - natural*size*PtMM
	if n < 2 || extra <= 0 {
		return nil, false
	}
	kinds := thai.Breaks(text)
	weights := make([]float64, n) // weights[i]: the gap before glyph i
	limits := make([]float64, n)
	open := make([]bool, n) // gaps that may grow at all
	capped := ClusterGapMax * size * PtMM
	any := false
	for i := 1; i < n; i++ {
		c := gapClass(text, enc, kinds, i)
		open[i] = c != gapNone
		any = any || open[i]
		switch c {
		case gapSpace:
			weights[i], limits[i] = justifySpace, math.Inf(1)
		case gapWord:
			weights[i], limits[i] = justifyWord, capped
		case gapCluster:
			weights[i], limits[i] = justifyCluster, capped
		}
	}
	if !any {
		return nil, false
	}
	before := make([]float64, n)
	extra -= fill(before, weights, limits, extra)
	if extra > 1e-9 {
		// The line has no space, and every gap it prefers is as wide as it
		// may be. First the gaps inside Latin words and numbers come up
		// to the same width; then what is left goes evenly to every gap,
		// which keeps the widest as narrow as can be, or, when that would
		// still be read as a space, between Thai words only, so that
		// extractors cut no word.
		rest := make([]float64, n)
		count := 0
		for i := range rest {
			if open[i] {
				rest[i] = 1
				count++
			}
		}
		extra -= fill(before, rest, limits, extra)
		words := make([]float64, n)
		for i := range words {
			limits[i] = math.Inf(1)
			if weights[i] == justifyWord {
				words[i] = 1
			}
		}
		if capped+extra/float64(count) < extractorSpace*size*PtMM || fill(before, words, limits, extra) == 0 {
			fill(before, rest, limits, extra)
		}
	}
	// before[i] is the gap before glyph i; return it after glyph i-1.
	return append(before[1:], 0), true
}

// fill adds up to extra to gaps in proportion to weights, no gap growing
// past its limit, and returns how much it added: water filling, each
// round sharing what is left among the gaps not yet full. It visits the
// gaps in order, so the same line always gets the same sums.
func fill(gaps, weights, limits []float64, extra float64) float64 {
	added := 0.0
	full := make([]bool, len(gaps))
	for extra-added > 1e-9 {
		total := 0.0
		for i, w := range weights {
			if w > 0 && !full[i] && gaps[i] < limits[i] {
				total += w
			}
		}
		if total == 0 {
			break
		}
		share := (extra - added) / total
		filled := false
		for i, w := range weights {
			if w == 0 || full[i] || gaps[i] >= limits[i] {
				continue
			}
			d := share * w
			if gaps[i]+d >= limits[i] {
				d = limits[i] - gaps[i]
				full[i], filled = true, true
			}
			gaps[i] += d
			added += d
		}
		if !filled {
			break
		}
	}
	return added
}

func isSpace(r rune) bool { return r == ' ' || r == '\u00a0' }

// thaiLetter reports a Thai letter or vowel, not a digit or sign.
func thaiLetter(r rune) bool { return r >= 0x0E01 && r <= 0x0E4E && r != 0x0E2F && r != 0x0E46 }

// pdfAdvance is a glyph's advance as the PDF's width array gives it, in em:
// fpdf rounds every advance to a thousandth of an em.
func (f *Font) pdfAdvance(slot rune) float64 {
	if slot < 0 || slot >= slotEnd {
		return 0
	}
	return math.Round(float64(f.advance[slot])*1000/f.unitsPerEm) / 1000
}

// TextJustified draws a line with its baseline starting at (x, y), in mm,
// at size points, spaced out so that its last glyph ends at x+width: Thai
// distributed justification. The extra space goes between clusters (a
// character with its marks), never between a character and its marks:
// most at spaces, then between Thai words, least between the clusters of
// a word (see JustifyGaps). There is no cap that leaves a line short. A
// line already as wide as width, or with no gap to widen, is drawn as
// Text draws it.
//
// The line is one TJ operator with the gaps as position adjustments,
// inside a span whose /ActualText is the line's text: poppler reads that,
// MuPDF reads the glyphs, which read as the line while gaps between
// clusters stay under ClusterGapMax.
func (d *Doc) TextJustified(f *Font, size, x, y, width float64, line Line) {
	gaps, ok := f.JustifyGaps(line, size, width)
	if !ok {
		d.Text(f, size, x, y, line.Enc)
		return
	}
	d.use(f, size)
	text := line.Text
	if len(text) != len(line.Enc) {
		text = f.Decode(line.Enc)
	}
	d.pdf.RawWriteStr("/Span <</ActualText <" + utf16Hex(string(text)) + ">>> BDC\n")
	d.pdf.RawWriteStr(d.tj(size, x, y, line.Enc, gaps))
	d.pdf.RawWriteStr("EMC\n")
	if d.drawn == nil {
		d.drawn = map[*Font]map[rune]bool{}
	}
	if d.drawn[f] == nil {
		d.drawn[f] = map[rune]bool{}
	}
	for _, r := range line.Enc {
		d.drawn[f][r] = true
	}
	d.recordInk(f, size, x, y, line.Enc, gaps)
}

// tj writes encoded text as one text object, as fpdf's Text writes text
// in a UTF-8 font (each character as its two-byte code point, which the
// font's CIDToGIDMap sends to its glyph), with the gaps as TJ adjustments.
func (d *Doc) tj(size, x, y float64, enc []rune, gaps []float64) string {
	k := d.pdf.GetConversionRatio()
	_, h := d.pdf.GetPageSize()
	c := d.colour
	b := make([]byte, 0, 64+12*len(enc))
	b = fmt.Appendf(b, "q %.3f %.3f %.3f rg BT %.2f %.2f Td [<", float64(c.R)/255, float64(c.G)/255, float64(c.B)/255, x*k, (h-y)*k)
	for i, r := range enc {
		b = appendHex4(b, uint16(r))
		if i < len(enc)-1 && gaps[i] != 0 {
			// Thousandths of the font size; negative moves right.
			b = append(b, "> "...)
			b = strconv.AppendFloat(b, -gaps[i]*k/size*1000, 'f', 3, 64)
			b = append(b, " <"...)
		}
	}
	b = append(b, ">] TJ ET Q\n"...)
	return string(b)
}

// appendHex4 appends v as four upper-case hexadecimal digits.
func appendHex4(b []byte, v uint16) []byte {
	const digits = "0123456789ABCDEF"
	return append(b, digits[v>>12], digits[v>>8&15], digits[v>>4&15], digits[v&15])
}

// registerDrawn tells fpdf which characters the TJ lines drew, so that
// their glyphs are in the font subsets it embeds. fpdf records the
// characters of a font only as its own drawing calls draw them, and has no
// call that records without drawing; but a template shares its document's
// fonts and their records (so that a template's text can be drawn from
// the document's subset), and a template that is never used draws
// nothing. So each font's characters are drawn once in a template thrown
// away.
func (d *Doc) registerDrawn() {
	for f, drawn := range d.drawn {
		var s strings.Builder
		for r := range rune(slotEnd) {
			if drawn[r] {
				s.WriteRune(r)
			}
		}
		fam := d.fonts[f]
		d.pdf.CreateTemplate(func(t *fpdf.Tpl) {
			t.SetFont(fam, "", 10)
			t.Text(0, 10, s.String())
		})
	}
	d.drawn = nil
}

// Decode returns the characters encoded text stands for: each private-use
// variant or slot as the character it varies.
func (f *Font) Decode(enc []rune) []rune {
	out := make([]rune, len(enc))
	for i, r := range enc {
		if u, ok := unslots[r]; ok {
			r = u
		}
		out[i] = r
	}
	return out
}

// utf16Hex writes s as a PDF text string in hex: UTF-16BE after a BOM.
func utf16Hex(s string) string {
	b := make([]byte, 0, 4+4*len(s))
	b = append(b, "FEFF"...)
	for _, u := range utf16.Encode([]rune(s)) {
		b = appendHex4(b, u)
	}
	return string(b)
}
