package report

import (
	"io"
	"strconv"
	"strings"

	"github.com/prakat/prakat/internal/excelcsv"
	"github.com/prakat/prakat/internal/messages"
	"github.com/prakat/prakat/internal/roster"
)

// UnmatchedFile is the name of the list of responses matched to no unit,
// written beside the report (and named by its page).
const UnmatchedFile = "unmatched-responses.csv"

// Responses are a survey platform's export counted per unit.
type Responses struct {
	Counts    map[string]int // responses by unit code
	Header    []string       // the export's header row
	Unmatched []Unmatched    // responses matched to no unit, in file order
}

// Unmatched is a response that could not be counted for a unit.
type Unmatched struct {
	Row    int    // in the file; the header is row 1
	Unit   string // the cell that should have named the unit
	Reason messages.Text
	Cells  []string // the whole response
}

// ReadResponses counts a survey platform's export (a Google Forms or
// LimeSurvey CSV, or XLSX) per unit. The column naming the unit is found by
// its values: the one in which most cells name a unit of the list, by its
// code or by its name in any form a unit list may hold it (full,
// abbreviated อบต.ท่าทราย, or bare ท่าทราย), cleaned as the list was. Names
// repeat: a name several units share is matched only when a column of
// districts, also found by its values, tells them apart. Every response
// that is not counted is returned with its reason.
func ReadResponses(name string, data []byte, units []roster.Unit) (*Responses, error) {
	rows, err := roster.Table(name, data)
	if err != nil {
		return nil, err
	}
	if len(rows) < 2 {
		return nil, messages.Errorf(name, "no responses in the file")
	}
	ix := newUnitIndex(units)
	unitCol, districtCol := ix.columns(rows[1:])
	if unitCol < 0 {
		return nil, messages.Errorf(name, "no column holds a unit's code or name").
			WithHint("prefill the survey with the unit's code, e.g. a Google Forms link with entry.NNN={code}")
	}
	res := &Responses{Counts: map[string]int{}, Header: rows[0]}
	for i, r := range rows[1:] {
		if blank(r) {
			continue
		}
		district := ""
		if districtCol >= 0 {
			district = roster.CleanDistrict(cell(r, districtCol))
		}
		code, reason := ix.match(cell(r, unitCol), district)
		if code == "" {
			res.Unmatched = append(res.Unmatched, Unmatched{Row: i + 2, Unit: cell(r, unitCol), Reason: reason, Cells: r})
			continue
		}
		res.Counts[code]++
	}
	return res, nil
}

func cell(r []string, col int) string {
	if col < len(r) {
		return r[col]
	}
	return ""
}

func blank(r []string) bool {
	for _, c := range r {
		if roster.Clean(c) != "" {
			return false
		}
	}
	return true
}

// unitIndex finds the units a cell may name.
type unitIndex struct {
	byCode    map[string]roster.Unit
	byName    map[typedName][]roster.Unit // by type and bare name: อบต.ท่าทราย
	byBare    map[string][]roster.Unit    // by bare name alone: ท่าทราย
	districts map[string]bool
}

type typedName struct {
	typ  roster.Type
	bare string
}

func newUnitIndex(units []roster.Unit) *unitIndex {
	ix := &unitIndex{byCode: map[string]roster.Unit{}, byName: map[typedName][]roster.Unit{},
		byBare: map[string][]roster.Unit{}, districts: map[string]bool{}}
	for _, u := range units {
		ix.byCode[u.Code] = u
		k := typedName{u.Type, u.Bare()}
		ix.byName[k] = append(ix.byName[k], u)
		ix.byBare[u.Bare()] = append(ix.byBare[u.Bare()], u)
		ix.districts[u.District] = true
	}
	return ix
}

// find returns the units a cell names: one for a code or a name only one
// unit has, several for a name they share, none for anything else.
func (ix *unitIndex) find(s string) []roster.Unit {
	if code, ok := roster.ParseCode(s); ok {
		if u, ok := ix.byCode[code]; ok {
			return []roster.Unit{u}
		}
		return nil
	}
	typ, bare, typed := roster.SplitName(s)
	if typed {
		return ix.byName[typedName{typ, bare}]
	}
	return ix.byBare[bare]
}

// columns finds the column naming units and the one naming districts (-1
// if none). A column of districts can look like bare unit names, as many
// units are named after their district: the unit column is one whose cells
// name units more often than districts, when there is such a column.
func (ix *unitIndex) columns(rows [][]string) (unitCol, districtCol int) {
	width := 0
	for _, r := range rows {
		width = max(width, len(r))
	}
	unitN := make([]int, width)
	districtN := make([]int, width)
	filled := make([]int, width)
	for _, r := range rows {
		for col, c := range r {
			if roster.Clean(c) == "" {
				continue
			}
			filled[col]++
			if len(ix.find(c)) > 0 {
				unitN[col]++
			}
			if ix.districts[roster.CleanDistrict(c)] {
				districtN[col]++
			}
		}
	}
	unitCol = -1
	for pass := 0; pass < 2 && unitCol < 0; pass++ {
		best := 0
		for col := range width {
			if unitN[col] > best && (pass == 1 || unitN[col] > districtN[col]) {
				unitCol, best = col, unitN[col]
			}
		}
	}
	districtCol = -1
	best := 0
	for col := range width {
		if col != unitCol && districtN[col] > best && 2*districtN[col] >= filled[col] {
			districtCol, best = col, districtN[col]
		}
	}
	return unitCol, districtCol
}

// match returns the code of the one unit s names, in district when that is
// a district of the list, or why there is none.
func (ix *unitIndex) match(s, district string) (string, messages.Text) {
	clean := roster.Clean(s)
	if clean == "" {
		return "", messages.T("no unit given")
	}
	if code, ok := roster.ParseCode(s); ok {
		// A code is the unit's own: no district is needed, none can overrule it.
		if _, ok := ix.byCode[code]; ok {
			return code, messages.Text{}
		}
		return "", messages.T("no unit of the list has the code %s", code)
	}
	found := ix.find(s)
	if ix.districts[district] {
		var in []roster.Unit
		for _, u := range found {
			if u.District == district {
				in = append(in, u)
			}
		}
		if len(found) > 0 && len(in) == 0 {
			return "", messages.T("%s is in district %s, not %s", found[0].Name, found[0].District, district)
		}
		found = in
	}
	switch {
	case len(found) == 1:
		return found[0].Code, messages.Text{}
	case len(found) > 1:
		names := make([]string, len(found))
		for i, u := range found {
			names[i] = u.Name + " (" + u.District + ")"
		}
		return "", messages.T("%q could be any of %d units: %s", clean, len(found), strings.Join(names, ", "))
	}
	return "", messages.T("no unit of the list is named %q", clean)
}

// WriteUnmatchedCSV lists the responses matched to no unit, each with its
// row in the export, the cell that should have named the unit and the
// reason, then the response as it was (UTF-8 with BOM, for Excel).
func (rs *Responses) WriteUnmatchedCSV(w io.Writer, p *messages.Printer) error {
	cw := excelcsv.NewWriter(w)
	cw.Write(append([]string{p.Sprintf("row"), p.Sprintf("unit as written"), p.Sprintf("reason")}, rs.Header...))
	for _, u := range rs.Unmatched {
		cw.Write(append([]string{strconv.Itoa(u.Row), u.Unit, p.Sprint(u.Reason)}, u.Cells...))
	}
	return cw.Flush()
}
