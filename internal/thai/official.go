package thai

import (
	_ "embed"
	"slices"
	"strings"
	"unicode"
)

// Run is the characters text[Start:End].
type Run struct{ Start, End int }

//go:embed dict/terms.txt
var termList string

var terms = func() [][]rune {
	var out [][]rune
	for _, t := range strings.Fields(termList) {
		out = append(out, []rune(t))
	}
	return out
}()

// Terms returns the runs of text that are names of offices, titles and
// forms official letters repeat (องค์การบริหารส่วนตำบล, นายอำเภอ,
// แบบประเมินความพึงพอใจ; the list is dict/terms.txt), which read better
// on one line. Runs may overlap.
func Terms(text []rune) []Run {
	var out []Run
	for i, r := range text {
		for _, t := range terms {
			if t[0] == r && i+len(t) <= len(text) && slices.Equal(text[i:i+len(t)], t) {
				out = append(out, Run{i, i + len(t)})
			}
		}
	}
	return out
}

// Thai and English month names, and the abbreviations of the Thai ones,
// as dates in official text write them.
var monthNames = func() map[string]bool {
	m := map[string]bool{}
	for _, s := range months {
		m[s] = true
	}
	for _, s := range strings.Fields("ม.ค. ก.พ. มี.ค. เม.ย. พ.ค. มิ.ย. ก.ค. ส.ค. ก.ย. ต.ค. พ.ย. ธ.ค. " +
		"January February March April May June July August September October November December " +
		"Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec") {
		m[s] = true
		m[s+"."] = true
	}
	return m
}()

// A token is a run of text between spaces.
type token struct {
	start, end int
	raw        string
	s          string // without the punctuation that may close it
	single     bool   // followed by exactly one space and another token
}

func tokens(text []rune) []token {
	var out []token
	for i := 0; i < len(text); {
		if isSpaceRune(text[i]) {
			i++
			continue
		}
		j := i
		for j < len(text) && !isSpaceRune(text[j]) {
			j++
		}
		raw := string(text[i:j])
		t := token{start: i, end: j, raw: raw, s: strings.TrimRight(raw, ",;:)")}
		t.single = j+1 < len(text) && isSpaceRune(text[j]) && !isSpaceRune(text[j+1])
		out = append(out, t)
		i = j
	}
	return out
}

func isSpaceRune(r rune) bool { return r == ' ' || r == '\u00a0' }

func isDigit(r rune) bool { return (r >= '0' && r <= '9') || (r >= '๐' && r <= '๙') }

// digits reports a token of n digits, min ≤ n ≤ max.
func digits(s string, min, max int) bool {
	n := 0
	for _, r := range s {
		if !isDigit(r) {
			return false
		}
		n++
	}
	return n >= min && n <= max
}

// Unbreakable returns the runs of text official Thai keeps on one line:
//
//   - a document number: the issuing office's consonant abbreviation, its
//     file number and, for a circular, ว and the number
//     (มท ๐๘๑๐.๗/ว ๒๕๒๒, สค ๐๐๒๓.๓/ว ๑๕๖๓๓, มท ๐๘๑๐.๔/๑๒๓);
//   - a date: day, month and year, or month and year, in Thai or English,
//     with or without พ.ศ. or ค.ศ. (๒๙ ตุลาคม ๒๕๖๔, 12 November 2021,
//     พฤศจิกายน ๒๕๖๙, พ.ศ. ๒๕๖๔);
//   - a telephone number written in groups (๐ ๓๔๘๑ ๐๙๒๗, 02 123 4567);
//   - a short Latin phrase: two or three Latin words with single spaces,
//     20 characters at most (QR code); a longer run is a sentence, and
//     breaks as one.
//
// Digits may be Thai or Arabic. The runs are in order and do not overlap.
func Unbreakable(text []rune) []Run {
	ts := tokens(text)
	var out []Run
	for k := 0; k < len(ts); {
		// A Latin phrase starts at the start of a run of Latin words.
		inLatin := k > 0 && ts[k-1].single && latinWord(ts[k-1].s)
		n := match(ts[k:], inLatin)
		if n < 2 {
			k++
			continue
		}
		out = append(out, Run{ts[k].start, ts[k+n-1].end})
		k += n
	}
	return out
}

// match returns how many tokens from ts[0] make one of Unbreakable's
// runs, or 0. inLatin says ts[0] continues a run of Latin words.
func match(ts []token, inLatin bool) int {
	// next reports that ts[i] exists and follows ts[i-1] after one space.
	next := func(i int) bool { return i < len(ts) && ts[i-1].single }
	at := func(i int, ok func(string) bool) bool { return next(i) && ok(ts[i].s) }
	for _, m := range []func() int{
		func() int { // document number
			i := 0
			if office(ts[0].s) {
				i = 1
				if !at(1, fileNumber) {
					return 0
				}
			} else if !fileNumber(ts[0].s) {
				return 0
			}
			if strings.HasSuffix(ts[i].s, "/ว") {
				if !at(i+1, func(s string) bool { return digits(s, 1, 8) }) {
					return 0
				}
				i++
			} else if i == 0 {
				return 0
			}
			return i + 1
		},
		func() int { // date
			i := 0
			switch {
			case digits(ts[0].s, 1, 2) && at(1, isMonth):
				i = 2
			case isMonth(ts[0].s) && at(1, func(s string) bool { return digits(s, 1, 2) }) &&
				strings.HasSuffix(ts[1].raw, ","):
				i = 2 // November 12, 2021
			case isMonth(ts[0].s):
				i = 1
			}
			switch {
			case i == 0 && isEra(ts[0].s):
				i = 1
			case i == 0:
				return 0
			case at(i, isEra):
				i++
			}
			if at(i, func(s string) bool { return digits(s, 4, 4) }) {
				i++
			}
			return i
		},
		func() int { // telephone number
			if !strings.HasPrefix(ts[0].s, "0") && !strings.HasPrefix(ts[0].s, "๐") {
				return 0
			}
			count := 0
			i := 0
			for ; i == 0 || next(i); i++ {
				s := strings.ReplaceAll(ts[i].s, "-", "")
				if !digits(s, 1, 10) || count+len([]rune(s)) > 10 {
					break
				}
				count += len([]rune(s))
			}
			if count < 9 {
				return 0
			}
			return i
		},
		func() int { // short Latin phrase
			if inLatin {
				return 0
			}
			i, chars := 0, 0
			for ; (i == 0 || next(i)) && latinWord(ts[i].s); i++ {
				chars += ts[i].end - ts[i].start + 1
			}
			if i < 2 || i > 3 || chars-1 > 20 {
				return 0
			}
			return i
		},
	} {
		if n := m(); n >= 2 {
			return n
		}
	}
	return 0
}

// office reports an office's abbreviation in a document number: two to
// four Thai consonants (มท, สค, ศธ).
func office(s string) bool {
	n := 0
	for _, r := range s {
		if !IsConsonant(r) {
			return false
		}
		n++
	}
	return n >= 2 && n <= 4
}

// fileNumber reports the file part of a document number: digits and dots,
// a slash, and ว or more digits (๐๘๑๐.๗/ว, ๐๘๑๐.๔/๑๒๓).
func fileNumber(s string) bool {
	head, tail, ok := strings.Cut(s, "/")
	if !ok || head == "" || !isDigit([]rune(head)[0]) {
		return false
	}
	for _, r := range head {
		if !isDigit(r) && r != '.' {
			return false
		}
	}
	return tail == "ว" || digits(tail, 1, 8)
}

func isMonth(s string) bool { return monthNames[s] }

func isEra(s string) bool { return s == "พ.ศ." || s == "ค.ศ." }

// latinWord reports a word of Latin letters (and digits, hyphens or
// apostrophes after the first letter) other than a month's name, which
// belongs to a date.
func latinWord(s string) bool {
	for i, r := range s {
		letter := r < 0x80 && unicode.IsLetter(r)
		if i == 0 && !letter || !letter && !(r >= '0' && r <= '9') && r != '-' && r != '\'' {
			return false
		}
	}
	return s != "" && !isMonth(s)
}
