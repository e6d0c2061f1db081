package roster

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Clean tidies a cell the way a careful clerk would: zero-width characters
// removed, every run of white space made one space, ends trimmed, a sara am
// typed as nikhahit + sara aa (U+0E4D U+0E32) composed to ำ (U+0E33), NFC.
// NFC alone does not compose sara am, and NFKC would damage correct text.
func Clean(s string) string {
	if plainASCII(s) { // codes, numbers, coordinates: nothing to clean
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case isInvisible(r):
			continue
		case unicode.IsSpace(r) || unicode.IsControl(r):
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	out := strings.ReplaceAll(b.String(), "\u0e4d\u0e32", "\u0e33")
	return norm.NFC.String(out)
}

// plainASCII reports whether s is printable ASCII with single spaces
// between words and none at its ends, which Clean returns as it is.
func plainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ' ' {
			if i == 0 || i == len(s)-1 || s[i-1] == ' ' {
				return false
			}
			continue
		}
		if c < 0x21 || c > 0x7E {
			return false
		}
	}
	return true
}

// isInvisible reports characters that carry no text: zero-width spaces and
// joiners, the word joiner, a stray byte-order mark and the soft hyphen.
func isInvisible(r rune) bool {
	switch r {
	case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad':
		return true
	}
	return false
}

// cleanPlace strips a prefix a clerk may have typed before a district or
// province name: อำเภอเมืองสมุทรสาคร, อ.เมืองสมุทรสาคร, จังหวัดสมุทรสาคร, จ.สมุทรสาคร.
func cleanPlace(s string, prefixes ...string) string {
	return stripPlace(Clean(s), prefixes...)
}

// stripPlace is cleanPlace for a string already clean.
func stripPlace(s string, prefixes ...string) string {
	for _, p := range prefixes {
		if rest, ok := strings.CutPrefix(s, p); ok && strings.TrimSpace(rest) != "" {
			return strings.TrimSpace(rest)
		}
	}
	return s
}

var (
	districtPrefixes = []string{"กิ่งอำเภอ", "อำเภอ", "อ."}
	provincePrefixes = []string{"จังหวัด", "จ."}
)

// asciiDigits turns Thai digits into ASCII ones, so a code typed ๒๗๔๐๑๐๑ reads.
func asciiDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '๐' && r <= '๙' {
			return '0' + (r - '๐')
		}
		return r
	}, s)
}
