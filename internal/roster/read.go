package roster

import (
	"bytes"
	"errors"
	"os"
	"strconv"
	"strings"

	"github.com/prakat/prakat/internal/messages"
)

// Options narrow what Read takes from a file.
type Options struct {
	// Province keeps only the units of one province; nil keeps all.
	Province *Province
	// Sheet names the worksheet of an XLSX file; empty means the first.
	Sheet string
}

// List is a unit list as read: the units in file order, and the warnings a
// clerk may want to look at.
type List struct {
	Units    []Unit
	Warnings []Problem
	Format   string // how the file was read: "UTF-8 CSV", "Windows-874 CSV", "XLSX", …
}

// MaxFileSize bounds what Read loads; the national register is about 1.5 MB.
const MaxFileSize = 64 << 20

// ReadFile reads the unit list at path. The error is a *Problems when the
// content is at fault, naming file, row and column; otherwise a plain error.
func ReadFile(path string, opt Options) (*List, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return nil, messages.Errorf(path, "is a folder, not a unit list")
	}
	if st.Size() > MaxFileSize {
		return nil, messages.Errorf(path, "is %d MB; a unit list is at most %d MB", st.Size()>>20, MaxFileSize>>20)
	}
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(f); err != nil {
		return nil, err
	}
	return Read(path, buf.Bytes(), opt)
}

// recoverPanics is switched off by the fuzz test, so that a panic in our
// own code shows there instead of being reported as an unreadable file.
var recoverPanics = true

// Read reads a unit list from data; name labels it in problems. CSV (UTF-8,
// with or without BOM, UTF-16, Windows-874/TIS-620) and XLSX are told apart
// by content, not by name.
func Read(name string, data []byte, opt Options) (list *List, err error) {
	defer func() {
		if !recoverPanics {
			return
		}
		// A reader library may panic on a file crafted or damaged in ways
		// nobody foresaw; the user still gets a message, not a stack trace.
		if r := recover(); r != nil {
			list = nil
			err = fileProblem(name, 0, messages.T("cannot read the file (%v)", r), messages.T("save it again from Excel as .xlsx or CSV"))
		}
	}()
	var rows []sheetRow
	var format string
	switch {
	case len(bytes.TrimSpace(data)) == 0:
		return nil, fileProblem(name, 1, messages.T("the file is empty"), messages.T("save the list with a header row: รหัส, ชื่อ, อำเภอ"))
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		rows, err = xlsxRows(name, data, opt.Sheet)
		format = "XLSX"
	case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return nil, fileProblem(name, 0, messages.T("this is an old Excel .xls workbook, which prakat does not read"),
			messages.T("in Excel choose File, Save As, and pick Excel Workbook (.xlsx) or CSV"))
	default:
		var enc string
		rows, enc, err = csvRows(name, data)
		format = enc + " CSV"
	}
	var qf *quoteFault
	if errors.As(err, &qf) {
		// Name the column by the header, when the header came before.
		hr := newRowReader(name, opt)
		if hr.findHeader(rows) == nil {
			return nil, qf.problems(rowCells(rows, hr.headerRow))
		}
		return nil, qf.problems(nil)
	}
	if err != nil {
		return nil, err
	}
	if p := garbled(name, rows); p != nil {
		return nil, p
	}
	r := newRowReader(name, opt)
	if err := r.findHeader(rows); err != nil {
		return nil, err
	}
	for _, row := range rows {
		if row.n <= r.headerRow {
			continue
		}
		if len(r.problems) >= MaxProblems && !allBlank(row.cells) {
			r.truncated = true
			break
		}
		r.row(row)
	}
	if len(r.problems) > 0 {
		return nil, &Problems{List: r.problems, Truncated: r.truncated}
	}
	if len(r.units) == 0 {
		if opt.Province != nil {
			return nil, fileProblem(name, 0, messages.T("no units of province %s", opt.Province.Name),
				messages.T("check --province, or the province column and codes in the file; if generate read another list (--units FILE), give the same --units, or copy that list over this file"))
		}
		return nil, fileProblem(name, r.headerRow, messages.T("no units below the header row"),
			messages.T("put one unit a row, right below the row of column names"))
	}
	return &List{Units: r.units, Warnings: r.warnings, Format: format}, nil
}

func fileProblem(name string, row int, what, hint messages.Text) *Problems {
	return &Problems{List: []Problem{{File: name, Row: row, What: what, Hint: hint}}}
}

// sheetRow is one row as a spreadsheet shows it: its number and its cells.
type sheetRow struct {
	n     int
	cells []string
}

// rowReader turns rows into units, collecting problems as it goes.
type rowReader struct {
	name      string
	opt       Options
	headerRow int
	cols      columns
	units     []Unit
	byCode    map[string]int // index into units
	problems  []Problem
	warnings  []Problem
	truncated bool
}

func newRowReader(name string, opt Options) *rowReader {
	return &rowReader{name: name, opt: opt, byCode: map[string]int{}}
}

func (r *rowReader) fail(row int, column string, what, hint messages.Text) {
	r.problems = append(r.problems, Problem{File: r.name, Row: row, Column: column, What: what, Hint: hint})
}

func (r *rowReader) warn(row int, column string, what, hint messages.Text) {
	r.warnings = append(r.warnings, Problem{File: r.name, Row: row, Column: column, What: what, Hint: hint, Warning: true})
}

// row reads one data row into a unit, or into problems.
func (r *rowReader) row(row sheetRow) {
	// Each cell is cleaned once; everything below reads the clean cells.
	cells := make([]string, len(row.cells))
	blank := true
	for i, c := range row.cells {
		cells[i] = Clean(c)
		blank = blank && cells[i] == ""
	}
	if blank {
		return
	}
	code, codeCol := r.cols.code.value(cells)
	code, codeErr := parseCode(code)

	var prov *Province
	if v, col := r.cols.province.value(cells); v != "" {
		p, ok := LookupProvince(v)
		if !ok {
			r.fail(row.n, col, messages.T("unknown province %q", v), messages.T("write the province's Thai name (สมุทรสาคร) or its two-digit code (74)"))
			return
		}
		prov = &p
	} else if codeErr == nil {
		if p, ok := LookupProvince(code[1:3]); ok {
			prov = &p
		}
	}
	if r.opt.Province != nil && prov != nil && prov.Code != r.opt.Province.Code {
		return
	}

	u := Unit{Code: code, Row: row.n}
	if prov != nil {
		u.Province = prov.Name
	}
	bad := false
	if codeErr != nil {
		r.fail(row.n, codeCol, codeErr.What, codeErr.Hint)
		bad = true
	}

	name, nameCol := r.cols.name.value(cells)
	nameType, bare, hasPrefix := splitName(name)
	typeCell, typeCol := r.cols.typ.value(cells)
	switch {
	case name == "":
		r.fail(row.n, nameCol, messages.T("empty name"),
			messages.T("write the unit's Thai name, e.g. เทศบาลตำบลท่าจีน, or delete the row if it holds no unit"))
		bad = true
	case typeCell != "":
		t, ok := ParseType(typeCell)
		if !ok {
			r.fail(row.n, typeCol, messages.T("unknown type %q", typeCell),
				messages.T("write one of อบจ., เทศบาลนคร (ทน.), เทศบาลเมือง (ทม.), เทศบาลตำบล (ทต.), อบต., เมืองพัทยา"))
			bad = true
			break
		}
		if hasPrefix && nameType != t {
			r.fail(row.n, typeCol, messages.T("type %s does not match the name %q", t, name),
				messages.T("correct either the type or the name"))
			bad = true
			break
		}
		u.Type = t
	case hasPrefix:
		u.Type = nameType
	default:
		col := typeCol
		if col == "" {
			col = nameCol
		}
		r.fail(row.n, col, messages.T("cannot tell the type of %q", name),
			messages.T("add a type column (ประเภท) or write the full name, e.g. องค์การบริหารส่วนตำบล%s", name))
		bad = true
	}
	if !bad {
		if u.Type == Pattaya {
			u.Name = pattayaName
		} else {
			u.Name = u.Type.Prefix() + bare
		}
		if u.Code[0] != u.Type.CodeDigit() {
			r.warn(row.n, codeCol, messages.T("code %s starts with %c, but a %s code starts with %c", u.Code, u.Code[0], u.Type, u.Type.CodeDigit()),
				messages.T("usual after a unit is upgraded; the code is kept as it is"))
		}
	}

	district, districtCol := r.cols.district.value(cells)
	u.District = stripPlace(district, districtPrefixes...)
	if u.District == "" {
		r.fail(row.n, districtCol, messages.T("empty district"), messages.T("every unit needs its district (อำเภอ): letters and bundles go by district"))
		bad = true
	}
	// Excel writes "?" for a character a Windows-874 (Thai) CSV cannot
	// hold, an emoji or a symbol: the name as it was is lost.
	for _, c := range []struct{ col, v string }{{nameCol, name}, {districtCol, district}} {
		if strings.ContainsRune(c.v, '?') {
			r.fail(row.n, c.col, messages.T("%q has a \"?\" where a character was lost when the list was saved", c.v),
				messages.T("correct the name, then save the list as CSV UTF-8 or as Excel Workbook (.xlsx): a Thai (Windows-874) CSV has no room for some characters"))
			bad = true
			break
		}
	}
	if bad {
		return
	}
	if v, col := r.cols.email.value(cells); v != "" {
		if addr, ok := ParseEmail(v); ok {
			u.Email = addr
		} else {
			// The unit is still made; only its mail waits for the address.
			r.warn(row.n, col, messages.T("%q is not an e-mail address; the unit is treated as having none", v),
				messages.T("write one address, e.g. saraban@example.go.th"))
		}
	}

	i, seen := r.byCode[u.Code]
	switch {
	case !seen:
		r.byCode[u.Code] = len(r.units)
		r.units = append(r.units, u)
	case !r.units[i].same(u):
		first := r.units[i]
		col, was, now := r.differ(first, u, nameCol, typeCol, districtCol)
		r.fail(row.n, col, messages.T("code %s is %q here but %q on row %d", u.Code, now, was, first.Row),
			messages.T("one code, one unit: correct whichever row is wrong"))
	}
	// Otherwise the same unit again, as the raw register repeats it per tambon.
}

// differ names the first column in which two readings of one code disagree.
func (r *rowReader) differ(a, b Unit, nameCol, typeCol, districtCol string) (col, was, now string) {
	switch {
	case a.Name != b.Name:
		return nameCol, a.Name, b.Name
	case a.Type != b.Type:
		return typeCol, a.Type.String(), b.Type.String()
	case a.District != b.District:
		return districtCol, a.District, b.District
	}
	col = r.cols.province.header()
	if col == "" {
		col = r.cols.code.header()
	}
	return col, a.Province, b.Province
}

// parseCode reads a DLA code, from a clean cell, as a spreadsheet may hold
// it: 7 digits, the zero-padded 8-digit form, Thai digits, a number shown
// as 2740101.0.
func parseCode(s string) (string, *Problem) {
	s = strings.ReplaceAll(asciiDigits(s), " ", "")
	if s == "" {
		return "", &Problem{What: messages.T("empty code"),
			Hint: messages.T("write the unit's DLA code, 7 digits, e.g. 2740101")}
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && strings.ContainsAny(s, ".eE") && f == float64(int64(f)) && f > 0 {
		s = strconv.FormatInt(int64(f), 10)
	}
	if len(s) == 8 && s[0] == '0' {
		s = s[1:]
	}
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return "", &Problem{What: messages.T("code %q is not a number", s),
				Hint: messages.T("a DLA code is 7 digits, e.g. 2740101")}
		}
	}
	if len(s) != 7 {
		return "", &Problem{What: messages.T("code %s has %d digits, not 7", s, len(s)),
			Hint: messages.T("a DLA code is 7 digits, e.g. 2740101")}
	}
	if s[0] < '2' || s[0] > '6' {
		return "", &Problem{What: messages.T("code %s does not start with a type digit (2 to 6)", s),
			Hint: messages.T("a DLA code is 7 digits, e.g. 2740101")}
	}
	return s, nil
}

func allBlank(cells []string) bool {
	for _, c := range cells {
		if Clean(c) != "" {
			return false
		}
	}
	return true
}

// Table reads a spreadsheet as rows of cells, whatever its form (CSV in any
// of the encodings Read accepts, or the first sheet of an XLSX), for files
// that are not unit lists, such as a survey platform's export.
func Table(name string, data []byte) (rows [][]string, err error) {
	defer func() {
		if r := recover(); r != nil {
			rows, err = nil, fileProblem(name, 0, messages.T("cannot read the file (%v)", r),
				messages.T("save the list again from Excel, as a workbook (.xlsx) or as CSV"))
		}
	}()
	var srs []sheetRow
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		srs, err = xlsxRows(name, data, "")
	} else {
		srs, _, err = csvRows(name, data)
	}
	if qf := (*quoteFault)(nil); errors.As(err, &qf) {
		// An export's header is its first row.
		var header []string
		if len(srs) > 0 && srs[0].n < qf.row {
			header = srs[0].cells
		}
		return nil, qf.problems(header)
	}
	if err != nil {
		return nil, err
	}
	for _, r := range srs {
		for len(rows) < r.n-1 {
			rows = append(rows, nil)
		}
		rows = append(rows, r.cells)
	}
	return rows, nil
}

// rowCells returns the cells of row n.
func rowCells(rows []sheetRow, n int) []string {
	for _, r := range rows {
		if r.n == n {
			return r.cells
		}
	}
	return nil
}

// ParseCode reads a DLA code as Read does; ok is false for anything else.
func ParseCode(s string) (string, bool) {
	c, p := parseCode(Clean(s))
	return c, p == nil
}
