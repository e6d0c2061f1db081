package report

import (
	"github.com/prakat/prakat/internal/messages"
	"github.com/prakat/prakat/internal/roster"
)

// Responses counts a survey platform's export (a Google Forms or LimeSurvey
// CSV, or XLSX) per unit. The column naming the unit is found by its
// values: the one in which most cells are a unit's code or full name. It
// returns the counts and how many responses named no unit.
func Responses(name string, data []byte, units []roster.Unit) (map[string]int, int, error) {
	rows, err := roster.Table(name, data)
	if err != nil {
		return nil, 0, err
	}
	if len(rows) < 2 {
		return nil, 0, messages.Errorf(name, "no responses in the file")
	}
	byName := map[string]string{}
	for _, u := range units {
		byName[u.Name] = u.Code
	}
	byCode := map[string]bool{}
	for _, u := range units {
		byCode[u.Code] = true
	}
	match := func(cell string) string {
		if c, ok := roster.ParseCode(cell); ok && byCode[c] {
			return c
		}
		return byName[roster.Clean(cell)]
	}
	width := 0
	for _, r := range rows {
		width = max(width, len(r))
	}
	best, bestN := -1, 0
	for col := 0; col < width; col++ {
		n := 0
		for _, r := range rows[1:] {
			if col < len(r) && match(r[col]) != "" {
				n++
			}
		}
		if n > bestN {
			best, bestN = col, n
		}
	}
	if best < 0 {
		return nil, 0, messages.Errorf(name, "no column holds a unit's code or full name").
			WithHint("prefill the survey with the unit's code, e.g. a Google Forms link with entry.NNN={code}")
	}
	counts := map[string]int{}
	unmatched := 0
	for _, r := range rows[1:] {
		empty := true
		for _, c := range r {
			empty = empty && roster.Clean(c) == ""
		}
		if empty {
			continue
		}
		code := ""
		if best < len(r) {
			code = match(r[best])
		}
		if code == "" {
			unmatched++
			continue
		}
		counts[code]++
	}
	return counts, unmatched, nil
}
