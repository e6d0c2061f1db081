package roster

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/prakat/prakat/internal/messages"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// decodeText turns the bytes of a text file into UTF-8 and names the
// encoding it found. Thai Excel saves "CSV" as Windows-874 (a superset of
// TIS-620), "CSV UTF-8" with a BOM, and "Unicode text" as UTF-16 with a BOM.
func decodeText(name string, data []byte) (string, string, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
		if !utf8.Valid(data) {
			return "", "", notText(name, data, firstInvalidUTF8(data), messages.T("the file says it is UTF-8 but is not"))
		}
		return checkText(name, string(data), "UTF-8")
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		s, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder().Bytes(data)
		if err != nil {
			return "", "", fileProblem(name, 0, messages.T("cannot decode the file as UTF-16"),
				messages.T("save the list again from Excel as CSV UTF-8 or as Thai (Windows-874) CSV"))
		}
		return checkText(name, string(s), "UTF-16")
	case utf8.Valid(data):
		return checkText(name, string(data), "UTF-8")
	}
	// Not UTF-8. A file whose Thai is mostly valid UTF-8 but has a few
	// broken bytes was damaged or pasted together: decoding it as
	// Windows-874 would turn every Thai letter into two wrong ones. (In a
	// real Windows-874 file a few letter pairs happen to form UTF-8
	// sequences too, so it takes most of the high bytes to say UTF-8.)
	bad := firstInvalidUTF8(data)
	if 2*3*thaiUTF8Sequences(data) > highBytes(data) {
		return "", "", notText(name, data, bad, messages.T("the file mixes UTF-8 with another encoding"))
	}
	s, err := charmap.Windows874.NewDecoder().Bytes(data)
	if err != nil {
		return "", "", notText(name, data, bad, messages.T("the file is neither UTF-8 nor Windows-874 text"))
	}
	if i := strings.IndexRune(string(s), utf8.RuneError); i >= 0 {
		return "", "", notText(name, data, undefined874(data), messages.T("the file is neither UTF-8 nor Windows-874 text"))
	}
	return checkText(name, string(s), "Windows-874")
}

// checkText refuses control characters that no spreadsheet writes: a file
// holding them is binary, whatever its name.
func checkText(name, s, enc string) (string, string, error) {
	for i, r := range s {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0x7F {
			line := 1 + strings.Count(s[:i], "\n")
			return "", "", fileProblem(name, line, messages.T("the file holds binary data (byte 0x%02X), not text", r),
				messages.T("give a CSV or XLSX file saved from a spreadsheet"))
		}
	}
	return s, enc, nil
}

func notText(name string, data []byte, at int, what messages.Text) error {
	line := 1 + bytes.Count(data[:at], []byte("\n"))
	return fileProblem(name, line, what, messages.T("in Excel choose File, Save As, and pick CSV UTF-8 or Excel Workbook (.xlsx)"))
}

func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// undefined874 finds the first byte Windows-874 does not define.
func undefined874(b []byte) int {
	for i, c := range b {
		if charmap.Windows874.DecodeByte(c) == utf8.RuneError {
			return i
		}
	}
	return 0
}

// thaiUTF8Sequences counts well-formed UTF-8 Thai letters (U+0E00–U+0E7F).
func thaiUTF8Sequences(b []byte) int {
	n := 0
	for i := 0; i+2 < len(b); i++ {
		if b[i] == 0xE0 && (b[i+1] == 0xB8 || b[i+1] == 0xB9) && b[i+2]&0xC0 == 0x80 {
			n++
			i += 2
		}
	}
	return n
}

func highBytes(b []byte) int {
	n := 0
	for _, c := range b {
		if c >= 0x80 {
			n++
		}
	}
	return n
}

// sniffDelimiter picks the separator of the first lines: comma, semicolon
// (European-locale Excel) or tab (Excel's "Unicode text").
func sniffDelimiter(s string) rune {
	if i := nthLine(s, 10); i >= 0 {
		s = s[:i]
	}
	best, bestN := ',', 0
	for _, d := range []rune{',', ';', '\t'} {
		if n := strings.Count(s, string(d)); n > bestN {
			best, bestN = d, n
		}
	}
	return best
}

func nthLine(s string, n int) int {
	off := 0
	for i := 0; i < n; i++ {
		j := strings.IndexByte(s[off:], '\n')
		if j < 0 {
			return -1
		}
		off += j + 1
	}
	return off
}

// csvRows decodes and splits a CSV file (RFC 4180, CRLF or LF) into rows
// numbered as a spreadsheet shows them: blank lines count, and a quoted cell
// spanning lines is still one row. A file whose quotes do not pair up gives
// the rows before the fault and a *quoteFault, which the caller places
// under its column once it knows the header.
func csvRows(name string, data []byte) ([]sheetRow, string, error) {
	text, enc, err := decodeText(name, data)
	if err != nil {
		return nil, "", err
	}
	cr := csv.NewReader(strings.NewReader(text))
	cr.Comma = sniffDelimiter(text)
	cr.FieldsPerRecord = -1
	var rows []sheetRow
	extra := 0 // lines taken by line breaks inside quoted cells so far
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				start := 0
				if pe.StartLine > 1 {
					start = nthLine(text, pe.StartLine-1)
				}
				cell, kind := findQuoteFault(text[start:], cr.Comma)
				if kind == quoteOK { // the scan and encoding/csv disagree: say what csv said
					return rows, enc, fileProblem(name, pe.StartLine-extra, messages.T("malformed CSV: %v", pe.Err), quoteHint)
				}
				return rows, enc, &quoteFault{file: name, row: pe.StartLine - extra, cell: cell, kind: kind}
			}
			return nil, "", err
		}
		line, _ := cr.FieldPos(0)
		rows = append(rows, sheetRow{n: line - extra, cells: rec})
		for _, c := range rec {
			extra += strings.Count(c, "\n")
		}
	}
	return rows, enc, nil
}

var quoteHint = messages.T("a cell holding a quote, comma or line break must be in double quotes, with each quote inside doubled (\"\")")

type quoteKind int

const (
	quoteOK       quoteKind = iota
	quoteUnclosed           // a quoted cell runs to the end of the file
	quoteTrailing           // text after a quoted cell's closing quote
	quoteBare               // a quote inside a cell that does not start with one
)

// quoteFault is a cell whose double quotes break the CSV rules: its row as
// a spreadsheet numbers it (where the cell starts) and its index in the row.
type quoteFault struct {
	file string
	row  int
	cell int
	kind quoteKind
}

func (q *quoteFault) Error() string { return q.problems(nil).Error() }

// problems places the fault under the header of its column; without a
// header, under the column's letter as a spreadsheet shows it.
func (q *quoteFault) problems(header []string) *Problems {
	col := columnLetter(q.cell)
	if q.cell < len(header) && Clean(header[q.cell]) != "" {
		col = Clean(header[q.cell])
	}
	var what messages.Text
	switch q.kind {
	case quoteUnclosed:
		what = messages.T("this cell opens a double quote that is never closed, so the rest of the file reads as this one cell")
	case quoteTrailing:
		what = messages.T("text follows the closing double quote of this cell")
	default:
		what = messages.T("a stray double quote in a cell that does not start with one")
	}
	return &Problems{List: []Problem{{File: q.file, Row: q.row, Column: col, What: what, Hint: quoteHint}}}
}

// columnLetter names a column as a spreadsheet does: A, B, …, Z, AA, …
func columnLetter(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}

// findQuoteFault scans one CSV record, text starting where the record
// starts, as encoding/csv does, and returns the cell that breaks the rules.
func findQuoteFault(text string, comma rune) (int, quoteKind) {
	sep := string(comma)
	for i, cell := 0, 0; ; cell++ {
		if strings.HasPrefix(text[i:], `"`) {
			j := i + 1
			for {
				k := strings.IndexByte(text[j:], '"')
				if k < 0 {
					return cell, quoteUnclosed
				}
				j += k + 1
				if !strings.HasPrefix(text[j:], `"`) {
					break
				}
				j++ // a doubled quote inside the cell
			}
			rest := text[j:]
			switch {
			case rest == "", rest[0] == '\n', strings.HasPrefix(rest, "\r\n"):
				return -1, quoteOK
			case strings.HasPrefix(rest, sep):
				i = j + len(sep)
				continue
			}
			return cell, quoteTrailing
		}
		end := len(text)
		if k := strings.IndexAny(text[i:], sep+"\n"); k >= 0 {
			end = i + k
		}
		if strings.Contains(text[i:end], `"`) {
			return cell, quoteBare
		}
		if end == len(text) || text[end] == '\n' {
			return -1, quoteOK
		}
		i = end + len(sep)
	}
}
