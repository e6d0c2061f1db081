package typeset

import (
	"encoding/binary"
	"math"
	"strings"
	"sync"

	"github.com/prakat/prakat/internal/thai"
)

// Line is one set line.
type Line struct {
	Text  []rune // the characters, without the space the line broke at
	Enc   []rune // as drawn (see Font.Encode)
	Width float64
}

// Span is a run of characters [Start, End) that should stay on one line:
// a unit's name, a place name.
type Span struct{ Start, End int }

// WrapOptions tune line breaking.
type WrapOptions struct {
	// Keep lists spans not to break inside while a break elsewhere serves.
	Keep []Span
	// Whole lists spans that must stay on one line unless nothing else
	// fits, as Wrap keeps the document numbers, dates, telephone numbers
	// and short Latin phrases it finds itself (see thai.Unbreakable): for
	// others the caller knows of, a reference or a code.
	Whole []Span
	// Balance evens out all lines, the last included, as centred headings
	// want; otherwise the last line may be short, as in a paragraph, but
	// not a lone short word when a better break exists.
	Balance bool
	// Indent narrows the first line of each paragraph.
	Indent float64
}

// Penalties of breaking, added to a line's raggedness (100 for a line
// that is empty, 0 for one that is full).
const (
	penaltyWord     = 5     // between Thai words: fine, a space is better
	penaltyTerm     = 30    // inside an official name (thai.Terms)
	penaltyShort    = 150   // a paragraph's last line that is almost empty
	penaltyLoose    = 1000  // a line justification cannot fill without gaps extractors read as spaces
	penaltyKeep     = 5000  // inside a name
	penaltyWhole    = 10000 // inside a date, a document number (thai.Unbreakable, WrapOptions.Whole)
	penaltyCluster  = 20000 // inside a word the dictionary does not know
	penaltyOverfull = 1e9   // a line wider than the measure
)

// shortLast is the width, as a share of the measure, under which a
// paragraph's last line counts as almost empty.
const shortLast = 0.18

// Wrap breaks text into lines no wider than width at size (both in the same
// unit, points or millimetres). Lines break at spaces, then between Thai
// words, never inside a cluster. It chooses the breaks for the whole
// paragraph at once, so lines come out even rather than greedily full. A
// newline in text forces a break.
//
// As official text wants, it keeps on one line, unless nothing else fits,
// document numbers (มท ๐๘๑๐.๗/ว ๒๕๒๒), dates (๒๙ ตุลาคม ๒๕๖๔, พ.ศ. ๒๕๖๔),
// telephone numbers (๐ ๓๔๘๑ ๐๙๒๗), short Latin phrases (QR code) and the
// spans in opt.Whole; it avoids, at a smaller cost, breaking inside the
// names of offices and forms (องค์การบริหารส่วนตำบล; see thai.Terms) and
// the spans in opt.Keep. Unless opt.Balance is set, it also avoids ending
// a paragraph with a lone short word, and lines without a space that
// TextJustified could fill only with gaps that read as spaces.
func (f *Font) Wrap(text string, size, width float64, opt WrapOptions) []Line {
	var lines []Line
	offset := 0
	for _, para := range strings.Split(text, "\n") {
		rs := []rune(para)
		clip := func(spans []Span) []Span {
			var out []Span
			for _, k := range spans {
				if s, e := k.Start-offset, k.End-offset; e > 0 && s < len(rs) {
					out = append(out, Span{max(s, 0), min(e, len(rs))})
				}
			}
			return out
		}
		lines = append(lines, f.wrapParagraph(rs, size, width, opt.Indent, clip(opt.Keep), clip(opt.Whole), opt.Balance)...)
		offset += len(rs) + 1
	}
	return lines
}

func (f *Font) wrapParagraph(rs []rune, size, width, indent float64, keep, whole []Span, balance bool) []Line {
	enc, _ := f.Encode(rs)
	n := len(rs)
	if n == 0 {
		return []Line{{}}
	}
	prefix := make([]float64, n+1)
	for i, r := range enc {
		prefix[i+1] = prefix[i] + f.Advance(r)*size
	}
	// A paragraph that fits is one line whatever the options: every
	// break costs more (each line's slack counts squared, so two lines
	// cost more than the one they would split, and breaks have penalties
	// of their own), and the dictionary need not be asked.
	if a, b := trimSpaces(rs, 0, n); prefix[b]-prefix[a] <= width-indent {
		return []Line{{Text: rs[a:b], Enc: enc[a:b], Width: prefix[b] - prefix[a]}}
	}
	return f.breakLines(rs, enc, prefix, size, width, indent, keep, whole, balance)
}

// OneLine is a text measured as Wrap measures a line, to tell at size
// after size whether Wrap sets it on one line: encoded once, summed at
// each size.
type OneLine struct {
	f    *Font
	enc  []rune
	a, b int  // the text without the spaces at its ends
	many bool // more than one paragraph: never one line
}

// OneLine encodes text for OneLine.Fits.
func (f *Font) OneLine(text string) OneLine {
	rs := []rune(text)
	enc, _ := f.Encode(rs)
	a, b := trimSpaces(rs, 0, len(rs))
	return OneLine{f: f, enc: enc, a: a, b: b, many: strings.Contains(text, "\n")}
}

// Fits reports whether Wrap, without an indent, sets the text on one line
// at size in width: text without a newline whose width, spaces at its
// ends left out, is at most width. It asks no dictionary where the text may
// break.
func (l OneLine) Fits(size, width float64) bool {
	if l.many {
		return false
	}
	// The sum as wrapParagraph's prefix makes it, to the last bit.
	var at, w float64
	for i, r := range l.enc[:l.b] {
		if i == l.a {
			at = w
		}
		w += l.f.Advance(r) * size
	}
	if l.a == l.b {
		at = w
	}
	return w-at <= width
}

// breakLines breaks a paragraph, its runes encoded as enc and prefix[i]
// the width of rs[:i], into the lines of least cost.
func (f *Font) breakLines(rs, enc []rune, prefix []float64, size, width, indent float64, keep, whole []Span, balance bool) []Line {
	n := len(rs)
	kinds := thai.Breaks(rs)
	cands := []int{0}
	for i := 1; i < n; i++ {
		if kinds[i] != thai.NoBreak {
			cands = append(cands, i)
		}
	}
	cands = append(cands, n)

	trim := func(i, j int) (int, int) { return trimSpaces(rs, i, j) }
	// extra[p] is the penalty of breaking at p for the spans around it.
	extra := make([]float64, n+1)
	inside := func(spans []Span, pen float64) {
		for _, k := range spans {
			for p := k.Start + 1; p < k.End; p++ {
				extra[p] += pen
			}
		}
	}
	inside(keep, penaltyKeep)
	inside(whole, penaltyWhole)
	for _, r := range thai.Unbreakable(rs) {
		inside([]Span{{r.Start, r.End}}, penaltyWhole)
	}
	for _, r := range thai.Terms(rs) {
		inside([]Span{{r.Start, r.End}}, penaltyTerm)
	}
	penalty := func(p int) float64 {
		if p == n {
			return 0
		}
		pen := extra[p]
		switch kinds[p] {
		case thai.Word:
			pen += penaltyWord
		case thai.Cluster:
			pen += penaltyCluster
		}
		return pen
	}
	// For lines that TextJustified may space out: spaces[i] counts the
	// spaces in rs[:i], gaps[i] the gaps before rs[1:i] it may widen
	// (those outside clusters). A line without a space is loose when its
	// gaps would have to be wider than ClusterGapMax.
	spaces := make([]int, n+1)
	gaps := make([]int, n+1)
	for i, r := range rs {
		spaces[i+1], gaps[i+1] = spaces[i], gaps[i]
		if isSpace(r) {
			spaces[i+1]++
		}
		if i > 0 {
			if gapClass(rs, enc, nil, i) != gapNone {
				gaps[i+1]++
			}
		}
	}
	loose := func(a, b int, slack float64) bool {
		return spaces[b]-spaces[a] == 0 && b > a+1 && slack > float64(gaps[b]-gaps[a+1])*ClusterGapMax*size
	}

	best := make([]float64, len(cands))
	from := make([]int, len(cands))
	for j := 1; j < len(cands); j++ {
		best[j] = math.Inf(1)
		for i := j - 1; i >= 0; i-- {
			a, b := trim(cands[i], cands[j])
			w := prefix[b] - prefix[a]
			width := width
			if i == 0 {
				width -= indent
			}
			if w > width && i < j-1 {
				break // longer lines only get wider
			}
			var c float64
			last := cands[j] == n
			switch {
			case w > width:
				c = penaltyOverfull
			case !last || balance:
				slack := (width - w) / width
				c = 100 * slack * slack
				if !balance && loose(a, b, width-w) {
					c += penaltyLoose
				}
			case i > 0 && w < shortLast*width:
				c = penaltyShort * (1 - w/(shortLast*width))
			}
			c += best[i] + penalty(cands[j])
			if c < best[j] {
				best[j], from[j] = c, i
			}
		}
	}
	var lines []Line
	for j := len(cands) - 1; j > 0; j = from[j] {
		a, b := trim(cands[from[j]], cands[j])
		lines = append(lines, Line{Text: rs[a:b], Enc: enc[a:b], Width: prefix[b] - prefix[a]})
	}
	for i, j := 0, len(lines)-1; i < j; i, j = i+1, j-1 {
		lines[i], lines[j] = lines[j], lines[i]
	}
	return lines
}

// trimSpaces gives the extent of rs[i:j] without spaces at its ends.
func trimSpaces(rs []rune, i, j int) (int, int) {
	for i < j && rs[i] == ' ' {
		i++
	}
	for j > i && rs[j-1] == ' ' {
		j--
	}
	return i, j
}

// LineCache remembers how wording breaks, for layouts that set the same
// words many times (the fixed wording of every unit's poster, the body of
// each copy of a circular): a text is broken once for a font, size, width
// and options, the spans it keeps included. It is safe for concurrent use;
// the lines it returns are shared and must not be changed.
type LineCache struct{ m sync.Map }

type lineKey struct {
	font                *Font
	text                string
	size, width, indent float64
	balance             bool
	spans               string // Keep, then Whole
}

// Wrap is f.Wrap, from the cache when the same text was broken the same
// way before.
func (c *LineCache) Wrap(f *Font, text string, size, width float64, opt WrapOptions) []Line {
	k := lineKey{f, text, size, width, opt.Indent, opt.Balance, ""}
	if len(opt.Keep) > 0 || len(opt.Whole) > 0 {
		b := make([]byte, 0, 8*(len(opt.Keep)+len(opt.Whole))+1)
		for _, sp := range opt.Keep {
			b = binary.AppendUvarint(binary.AppendUvarint(b, uint64(sp.Start)), uint64(sp.End))
		}
		b = append(b, 0xFF) // never a varint's first byte alone
		for _, sp := range opt.Whole {
			b = binary.AppendUvarint(binary.AppendUvarint(b, uint64(sp.Start)), uint64(sp.End))
		}
		k.spans = string(b)
	}
	if v, ok := c.m.Load(k); ok {
		return v.([]Line)
	}
	lines := f.Wrap(text, size, width, opt)
	c.m.Store(k, lines)
	return lines
}
