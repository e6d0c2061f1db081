// Package report tells the province which units and districts reach
// citizens: scans (and survey responses, when given) per unit and per
// district, every unit of the list included, those never scanned marked for
// a reminder. It writes CSV, XLSX and one self-contained HTML page.
package report

import (
	"fmt"
	"time"

	"github.com/prakat/prakat/internal/messages"
	"github.com/prakat/prakat/internal/roster"
	"github.com/prakat/prakat/internal/thai"
	"github.com/prakat/prakat/internal/tracking"
)

// Row is one unit in the report.
type Row struct {
	Unit      roster.Unit
	Counts    tracking.Counts
	Responses int
	FollowUp  bool // never scanned: remind the unit to put its poster up
}

// District sums its units.
type District struct {
	Name      string
	Province  string
	Units     int
	Reached   int // units scanned at least once
	Scans     int
	Visitors  int
	Responses int
	FollowUp  []roster.Unit // its units that need a reminder, in the list's order
}

// Share is the part of the district's units that were scanned, 0 to 1.
func (d District) Share() float64 {
	if d.Units == 0 {
		return 0
	}
	return float64(d.Reached) / float64(d.Units)
}

// Percent writes a share as the report and the dashboard show it: 33%.
func Percent(share float64) string { return fmt.Sprintf("%.0f%%", 100*share) }

// Report is the whole picture.
type Report struct {
	Title        string
	Generated    time.Time
	Rows         []Row
	Districts    []District
	HasResponses bool
	Unmatched    int // responses matched to no unit of the list

	// Printer is the language of the CSV's and the workbook's headers,
	// marks and dates; nil is English. The HTML page is always Thai.
	Printer *messages.Printer
	// Dates is how Thai dates are written: the campaign's style.
	Dates thai.DateStyle
}

// Build puts the list and its counts together. responses may be nil.
func Build(title string, units []roster.Unit, counts map[string]tracking.Counts, responses map[string]int, now time.Time) *Report {
	r := &Report{Title: title, Generated: now, HasResponses: responses != nil}
	for _, d := range roster.Districts(units) {
		dist := District{Name: d.Name, Province: d.Province, Units: len(d.Units)}
		for _, u := range d.Units {
			c := counts[u.Code]
			row := Row{Unit: u, Counts: c, Responses: responses[u.Code], FollowUp: c.Scans == 0}
			r.Rows = append(r.Rows, row)
			if row.FollowUp {
				dist.FollowUp = append(dist.FollowUp, u)
			}
			if c.Scans > 0 {
				dist.Reached++
			}
			dist.Scans += c.Scans
			dist.Visitors += c.Visitors
			dist.Responses += row.Responses
		}
		r.Districts = append(r.Districts, dist)
	}
	return r
}

// Totals sums the districts.
func (r *Report) Totals() District {
	t := District{Name: ""}
	for _, d := range r.Districts {
		t.Units += d.Units
		t.Reached += d.Reached
		t.Scans += d.Scans
		t.Visitors += d.Visitors
		t.Responses += d.Responses
	}
	return t
}
