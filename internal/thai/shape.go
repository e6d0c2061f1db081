package thai

// Shaping for fonts without Thai OpenType tables but with the Windows
// private-use glyphs (U+F700–U+F71A): the rules of HarfBuzz's Thai fallback
// shaper (hb-ot-shaper-thai.cc), which follow Microsoft's Thai font
// guidelines. Each mark is replaced by a variant drawn lower, further left,
// or both, and ญ ฐ lose their descender above a lower vowel.

type consonantClass int

const (
	nc    consonantClass = iota // ordinary consonant
	ac                          // ascending: ป ฝ ฟ
	rc                          // removable descender: ญ ฐ
	dc                          // strict descender: ฎ ฏ
	notCC                       // not a consonant
)

func classOf(r rune) consonantClass {
	switch r {
	case 0x0E1B, 0x0E1D, 0x0E1F:
		return ac
	case 0x0E0D, 0x0E10:
		return rc
	case 0x0E0E, 0x0E0F:
		return dc
	}
	if IsConsonant(r) {
		return nc
	}
	return notCC
}

type markClass int

const (
	av   markClass = iota // above vowel (and nikhahit, yamakkan)
	bv                    // below vowel
	tone                  // tone marks and thanthakhat
	notMark
)

func markOf(r rune) markClass {
	switch {
	case r == 0x0E31 || (r >= 0x0E34 && r <= 0x0E37) || r == 0x0E47 || r == 0x0E4D || r == 0x0E4E:
		return av
	case r >= 0x0E38 && r <= 0x0E3A:
		return bv
	case r >= 0x0E48 && r <= 0x0E4C:
		return tone
	}
	return notMark
}

type action int

const (
	nop action = iota
	sd         // shift down
	sl         // shift left
	sdl        // shift down and left
	rd         // remove the base's descender
)

type aboveState int

const (
	t0 aboveState = iota // nothing above yet
	t1                   // after an ascending consonant
	t2                   // after an ascending consonant and an above vowel
	t3                   // nothing more to adjust
)

var aboveStart = [...]aboveState{nc: t0, ac: t1, rc: t0, dc: t0, notCC: t3}

type edgeA struct {
	act  action
	next aboveState
}

var aboveMachine = [4][3]edgeA{
	//      av         bv         tone
	t0: {{nop, t3}, {nop, t0}, {sd, t3}},
	t1: {{sl, t2}, {nop, t1}, {sdl, t2}},
	t2: {{nop, t3}, {nop, t2}, {sl, t3}},
	t3: {{nop, t3}, {nop, t3}, {nop, t3}},
}

type belowState int

const (
	b0 belowState = iota // no descender
	b1                   // a descender that can be removed
	b2                   // a descender that stays
)

var belowStart = [...]belowState{nc: b0, ac: b0, rc: b1, dc: b2, notCC: b2}

type edgeB struct {
	act  action
	next belowState
}

var belowMachine = [3][3]edgeB{
	//      av         bv         tone
	b0: {{nop, b0}, {nop, b2}, {nop, b0}},
	b1: {{nop, b1}, {rd, b2}, {nop, b1}},
	b2: {{nop, b2}, {sd, b2}, {nop, b2}},
}

// The Windows private-use variants, by action and character.
var (
	puaSD = map[rune]rune{
		0x0E48: 0xF70A, 0x0E49: 0xF70B, 0x0E4A: 0xF70C, 0x0E4B: 0xF70D, 0x0E4C: 0xF70E,
		0x0E38: 0xF718, 0x0E39: 0xF719, 0x0E3A: 0xF71A,
	}
	puaSDL = map[rune]rune{
		0x0E48: 0xF705, 0x0E49: 0xF706, 0x0E4A: 0xF707, 0x0E4B: 0xF708, 0x0E4C: 0xF709,
	}
	puaSL = map[rune]rune{
		0x0E48: 0xF713, 0x0E49: 0xF714, 0x0E4A: 0xF715, 0x0E4B: 0xF716, 0x0E4C: 0xF717,
		0x0E31: 0xF710, 0x0E34: 0xF701, 0x0E35: 0xF702, 0x0E36: 0xF703, 0x0E37: 0xF704,
		0x0E47: 0xF712, 0x0E4D: 0xF711,
	}
	puaRD = map[rune]rune{0x0E0D: 0xF70F, 0x0E10: 0xF700}
)

// AmLeft stands for sara am (ำ) with its nikhahit moved left, clear of the
// tall stem of ป ฝ ฟ, where HarfBuzz puts it. The Windows layout has no
// code point for it: a font draws it as U+F711 (the nikhahit moved left)
// over sara aa, which package typeset composes into one glyph so that the
// text layer reads one ำ. It lies just past the Windows range.
const AmLeft rune = 0xF71B

// PUAGlyphs lists every private-use code point of the Windows layout Shape
// may produce; a font must map them all. (AmLeft is composed, not mapped.)
var PUAGlyphs = func() []rune {
	var rs []rune
	for r := rune(0xF700); r <= 0xF71A; r++ {
		rs = append(rs, r)
	}
	return rs
}()

// Unshape maps a private-use variant back to the character it stands for,
// so a PDF's text layer can give back the Thai that went in.
var Unshape = func() map[rune]rune {
	m := map[rune]rune{}
	for _, t := range []map[rune]rune{puaSD, puaSDL, puaSL, puaRD} {
		for u, p := range t {
			m[p] = u
		}
	}
	m[AmLeft] = 0x0E33
	return m
}()

func apply(r rune, a action) rune {
	var t map[rune]rune
	switch a {
	case sd:
		t = puaSD
	case sl:
		t = puaSL
	case sdl:
		t = puaSDL
	case rd:
		t = puaRD
	default:
		return r
	}
	if p, ok := t[r]; ok {
		return p
	}
	return r
}

// Shape returns the glyph sequence for drawing text: the same length, each
// rune either itself or its private-use variant.
//
// Sara am keeps one glyph, so the text layer reads ำ, not ํ + า. HarfBuzz
// decomposes it and moves the nikhahit before any tone marks, which then
// follow it through the rules: after ป ฝ ฟ the nikhahit and the tones move
// left (น้ำ keeps its tone high above the nikhahit; ป้ำ has both moved
// left). Here the nikhahit is shaped where HarfBuzz would put it, at the
// first above mark before the ำ or at the ำ itself, and an ำ whose nikhahit
// moves left becomes AmLeft.
func Shape(text []rune) []rune {
	out := make([]rune, len(text))
	copy(out, text)
	above, below := aboveStart[notCC], belowStart[notCC]
	base := 0
	nikhahit := -1 // the shaping of the coming ำ's nikhahit, once done
	for i, r := range text {
		if r == 0x0E33 {
			act := action(nikhahit)
			if nikhahit < 0 {
				act = aboveMachine[above][av].act
			}
			if act == sl {
				out[i] = AmLeft
			}
			// Its sara aa is a spacing vowel: nothing after it attaches.
			above, below, nikhahit = aboveStart[notCC], belowStart[notCC], -1
			continue
		}
		mt := markOf(r)
		if mt == notMark {
			ct := classOf(r)
			above, below = aboveStart[ct], belowStart[ct]
			base = i
			nikhahit = -1
			continue
		}
		if mt != bv && nikhahit < 0 && amFollows(text, i) {
			// The nikhahit of the coming ำ comes first.
			e := aboveMachine[above][av]
			above, nikhahit = e.next, int(e.act)
			below = belowMachine[below][av].next
		}
		ea, eb := aboveMachine[above][mt], belowMachine[below][mt]
		above, below = ea.next, eb.next
		act := ea.act
		if act == nop {
			act = eb.act
		}
		if act == rd {
			out[base] = apply(out[base], act)
		} else {
			out[i] = apply(r, act)
		}
	}
	return out
}

// amFollows reports whether the marks from i on lead to a sara am.
func amFollows(text []rune, i int) bool {
	for j := i; j < len(text); j++ {
		switch {
		case text[j] == 0x0E33:
			return true
		case !IsAboveMark(text[j]):
			return false
		}
	}
	return false
}
