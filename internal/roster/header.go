package roster

import (
	"strings"

	"github.com/prakat/prakat/internal/messages"
)

// A field is something prakat reads from a unit list; each has the header
// spellings that mean it, in order of preference, normalised by headerKey.
type field int

const (
	fieldCode field = iota
	fieldType
	fieldName
	fieldDistrict
	fieldProvince
	fieldEmail
	numFields
)

var headerNames = [numFields][]string{
	fieldCode:     {"รหัสอปท", "รหัส", "รหัสองค์กรปกครองส่วนท้องถิ่น", "รหัสหน่วยงาน", "dlacode", "code", "laocode", "unitcode"},
	fieldType:     {"ประเภท", "ประเภทอปท", "ประเภทองค์กรปกครองส่วนท้องถิ่น", "รูปแบบ", "typeth", "type"},
	fieldName:     {"fullnameth", "ชื่อเต็ม", "fullname", "ชื่ออปท", "ชื่อองค์กรปกครองส่วนท้องถิ่น", "ชื่อ", "ชื่อหน่วยงาน", "อปท", "หน่วยงาน", "nameth", "name", "unitname", "unit"},
	fieldDistrict: {"อำเภอ", "ชื่ออำเภอ", "อำเภอที่ตั้ง", "districtth", "district", "amphoe", "amphur"},
	fieldProvince: {"จังหวัด", "ชื่อจังหวัด", "provinceth", "province", "provincecode", "รหัสจังหวัด", "changwat"},
	fieldEmail:    {"อีเมล", "อีเมล์", "อีเมลสารบรรณ", "email", "emailaddress", "mail", "saraban"},
}

// headerKey normalises a header cell: case, spaces, dots, underscores,
// hyphens and brackets do not matter (รหัส อปท. = รหัสอปท, dla_code = DLA Code).
func headerKey(s string) string {
	s = strings.ToLower(Clean(s))
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '.', '_', '-', '(', ')':
			return -1
		}
		return r
	}, s)
}

// column is one column of the file that holds a field.
type column struct {
	idx    int
	header string // as written in the file
}

// fieldColumns are the columns holding one field, best first. A row takes
// the first of them that is not empty, so a full name wins over a bare one.
type fieldColumns []column

// value reads the field from a row's clean cells.
func (fc fieldColumns) value(cells []string) (value, header string) {
	for _, c := range fc {
		if c.idx < len(cells) && cells[c.idx] != "" {
			return cells[c.idx], c.header
		}
	}
	return "", fc.header()
}

func (fc fieldColumns) header() string {
	if len(fc) == 0 {
		return ""
	}
	return fc[0].header
}

type columns struct {
	code, typ, name, district, province, email fieldColumns
}

func matchHeader(cells []string) columns {
	var found [numFields][]column
	rank := map[int]int{} // column index → preference, for ordering
	for i, cell := range cells {
		k := headerKey(cell)
		if k == "" {
			continue
		}
	fields:
		for f, names := range headerNames {
			for pref, n := range names {
				if k == n {
					found[f] = append(found[f], column{idx: i, header: Clean(cell)})
					rank[i] = pref
					break fields
				}
			}
		}
	}
	for f := range found {
		cs := found[f]
		for i := 1; i < len(cs); i++ { // insertion sort: a handful of columns
			for j := i; j > 0 && rank[cs[j].idx] < rank[cs[j-1].idx]; j-- {
				cs[j], cs[j-1] = cs[j-1], cs[j]
			}
		}
	}
	return columns{
		code: found[fieldCode], typ: found[fieldType], name: found[fieldName],
		district: found[fieldDistrict], province: found[fieldProvince], email: found[fieldEmail],
	}
}

// headerSearchRows is how far down a header row may sit below titles and
// blank rows.
const headerSearchRows = 30

// findHeader finds the first row that names a code and a name column.
func (r *rowReader) findHeader(rows []sheetRow) error {
	for i, row := range rows {
		if i >= headerSearchRows {
			break
		}
		cols := matchHeader(row.cells)
		if len(cols.code) == 0 || len(cols.name) == 0 {
			continue
		}
		if len(cols.district) == 0 {
			return &Problems{List: []Problem{{File: r.name, Row: row.n,
				What: messages.T("no district column in the header row"),
				Hint: messages.T("add a column headed อำเภอ (or district): letters and bundles go by district")}}}
		}
		r.headerRow = row.n
		r.cols = cols
		return nil
	}
	first := 0
	for _, row := range rows {
		if !allBlank(row.cells) {
			first = row.n
			break
		}
	}
	return fileProblem(r.name, first, messages.T("no header row with a code and a name column in the first %d rows", headerSearchRows),
		messages.T("head the columns รหัส (code), ประเภท (type), ชื่อ (name), อำเภอ (district); จังหวัด (province) is optional"))
}
