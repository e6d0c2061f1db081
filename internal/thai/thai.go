// Package thai holds what prakat knows about written Thai, independent of
// any font or page: character classes, the placement of marks for fonts
// that carry the Windows private-use glyphs (the fallback HarfBuzz uses
// when a font has no Thai OpenType tables), where a line may break, and Thai
// digits and dates.
package thai

// Character classes used by shaping and by line breaking.

// IsConsonant reports ก to ฮ.
func IsConsonant(r rune) bool { return r >= 0x0E01 && r <= 0x0E2E }

// IsAboveMark reports the marks set above a consonant: ั ิ ี ึ ื ็ ่ ้ ๊ ๋ ์ ํ ๎.
func IsAboveMark(r rune) bool {
	return r == 0x0E31 || (r >= 0x0E34 && r <= 0x0E37) || (r >= 0x0E47 && r <= 0x0E4E)
}

// IsBelowMark reports the marks set below a consonant: ุ ู ฺ.
func IsBelowMark(r rune) bool { return r >= 0x0E38 && r <= 0x0E3A }

// IsMark reports any combining mark.
func IsMark(r rune) bool { return IsAboveMark(r) || IsBelowMark(r) }

// IsLeadingVowel reports เ แ โ ใ ไ, written before the consonant they follow in speech.
func IsLeadingVowel(r rune) bool { return r >= 0x0E40 && r <= 0x0E44 }

// isFollowing reports characters that belong to what precedes them and may
// not start a line: ะ า ำ ๅ ๆ ฯ.
func isFollowing(r rune) bool {
	switch r {
	case 0x0E30, 0x0E32, 0x0E33, 0x0E45, 0x0E46, 0x0E2F:
		return true
	}
	return false
}

// IsThai reports a character of the Thai block.
func IsThai(r rune) bool { return r >= 0x0E01 && r <= 0x0E5B }
