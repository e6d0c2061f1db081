package roster

import (
	"strings"
	"unicode/utf8"

	"github.com/prakat/prakat/internal/messages"
	"golang.org/x/text/encoding/charmap"
)

// garbled refuses a list whose Thai was decoded in the wrong encoding and
// saved again: opened as Western text (Windows-1252 or Latin-1) by a
// program that did not know better, then written out as UTF-8. Nothing in
// such a file can be matched, so it gets one message, at the first row
// where it shows, instead of a complaint about every row.
//
// The tell-tale marks: UTF-8 Thai read as Western text starts every letter
// with "à¸" or "à¹" (bytes E0 B8, E0 B9); read that way twice, with "Ã Â¸";
// Windows-874 Thai read as Western text becomes runs of accented Latin
// letters (อบต. as "Íºµ."), in a list with no Thai at all.
func garbled(name string, rows []sheetRow) *Problems {
	anyThai := false
	for _, row := range rows {
		for _, c := range row.cells {
			if hasThai(c) {
				anyThai = true
			}
		}
	}
	for _, row := range rows {
		for _, c := range row.cells {
			if !isGarbled(c, anyThai) {
				continue
			}
			what := messages.T("the Thai text is garbled (%q): the file was opened in the wrong encoding and saved again", excerpt(c))
			if fixed, ok := mend(c); ok {
				what = messages.T("the Thai text is garbled: %q should read %q; the file was opened in the wrong encoding and saved again", excerpt(c), excerpt(fixed))
			}
			return fileProblem(name, row.n, what,
				messages.T("go back to the list as it was received, or open it in Excel on a Thai PC, and save it as CSV UTF-8 or as Excel Workbook (.xlsx); saving this copy again will not bring the Thai back"))
		}
	}
	return nil
}

func hasThai(s string) bool {
	for _, r := range s {
		if r >= 0x0E01 && r <= 0x0E5B {
			return true
		}
	}
	return false
}

// isGarbled reports a cell with the marks of Thai decoded as Western text.
func isGarbled(s string, fileHasThai bool) bool {
	for _, mark := range []string{"à¸", "à¹", "Ã\u00a0Â", "Ã Â"} {
		if strings.Contains(s, mark) {
			return true
		}
	}
	if fileHasThai {
		return false
	}
	latin := 0
	for _, r := range s {
		if r >= 0xA1 && r <= 0xFB && r != 0xD7 && r != 0xF7 { // × and ÷ are not letters
			latin++
		}
	}
	return latin >= 3
}

// mend undoes the damage where it can, to show the clerk which name the
// garbled cell was: Western text back to its bytes, once or twice, then
// read as UTF-8 or as Windows-874.
func mend(s string) (string, bool) {
	b, ok := westernBytes(s)
	if !ok {
		return "", false
	}
	if utf8.Valid(b) && hasThai(string(b)) {
		return string(b), true
	}
	if utf8.Valid(b) { // garbled twice
		if b2, ok := westernBytes(string(b)); ok && utf8.Valid(b2) && hasThai(string(b2)) {
			return string(b2), true
		}
	}
	t, err := charmap.Windows874.NewDecoder().Bytes(b)
	if err == nil && hasThai(string(t)) && !strings.ContainsRune(string(t), utf8.RuneError) {
		return string(t), true
	}
	return "", false
}

// westernBytes turns text back into the bytes that, read as Windows-1252,
// gave it. The five bytes Windows-1252 leaves undefined come back as the
// control characters Windows and Latin-1 read them as.
func westernBytes(s string) ([]byte, bool) {
	b := make([]byte, 0, len(s))
	for _, r := range s {
		if c, ok := cp1252[r]; ok {
			b = append(b, c)
		} else if r < 0x100 {
			b = append(b, byte(r))
		} else {
			return nil, false
		}
	}
	return b, true
}

// cp1252 maps the characters Windows-1252 puts at bytes 0x80–0x9F.
var cp1252 = func() map[rune]byte {
	m := map[rune]byte{}
	for c := 0x80; c <= 0x9F; c++ {
		if r := charmap.Windows1252.DecodeByte(byte(c)); r != utf8.RuneError && r >= 0x100 {
			m[r] = byte(c)
		}
	}
	return m
}()

// excerpt shortens a cell for a message.
func excerpt(s string) string {
	const max = 40
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	return string([]rune(s)[:max]) + "…"
}
