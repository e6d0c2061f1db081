package roster

import (
	_ "embed"
	"encoding/csv"
	"strings"
)

// provincesCSV lists Thailand's 77 provinces with their DOPA codes, which are
// also digits 2–3 of a DLA code. Extracted from shared/data/thailand-admin.csv
// (thailand-geography-data/thailand-geography-json, MIT). The abbr column is
// the province's letters in the numbers of official letters (สค in
// "ที่ สค ๐๐๒๓.๓/ว ๑๕๖๓๓"), from the consonant codes annexed to the
// Regulation on Official Correspondence; an office should check its own.
//
//go:embed provinces.csv
var provincesCSV string

// Province is one of Thailand's provinces.
type Province struct {
	Code   string // two digits, as in a DLA code
	Name   string // Thai
	NameEN string
	Abbr   string // the letters official letters number it by: สค
}

var provinces = func() []Province {
	recs, err := csv.NewReader(strings.NewReader(provincesCSV)).ReadAll()
	if err != nil {
		panic("roster: embedded provinces.csv: " + err.Error())
	}
	var ps []Province
	for _, r := range recs[1:] {
		ps = append(ps, Province{Code: r[0], Name: r[1], NameEN: r[2], Abbr: r[3]})
	}
	return ps
}()

// LookupProvince finds a province by its two-digit code, its Thai name (with
// or without จังหวัด) or its English name.
func LookupProvince(s string) (Province, bool) {
	s = asciiDigits(cleanPlace(s, provincePrefixes...))
	if len(s) == 1 && s[0] >= '1' && s[0] <= '9' {
		s = "0" + s
	}
	for _, p := range provinces {
		if s == p.Code || s == p.Name || strings.EqualFold(s, p.NameEN) {
			return p, true
		}
	}
	return Province{}, false
}
