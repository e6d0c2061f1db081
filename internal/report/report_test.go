package report

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/prakat/prakat/internal/example"
	"github.com/prakat/prakat/internal/messages"
	"github.com/prakat/prakat/internal/roster"
	"github.com/prakat/prakat/internal/thai"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/language"
)

func units(t *testing.T) []roster.Unit {
	l, err := roster.Read("units.csv", example.Units, roster.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return l.Units
}

var when = time.Date(2026, 11, 25, 3, 0, 0, 0, time.UTC)

func TestBuild(t *testing.T) {
	us := units(t)
	counts := map[string]Counts{
		"2740101": {Scans: 5, Visitors: 3, Bots: 2, First: when, Last: when.Add(time.Hour)},
		"6740304": {Scans: 1, Visitors: 1, First: when, Last: when},
		"9999999": {Scans: 7}, // a unit no longer listed: not reported
	}
	r := Build("t", us, counts, map[string]int{"2740101": 4}, when)
	if len(r.Rows) != 38 {
		t.Fatalf("%d rows; every unit of the list must appear", len(r.Rows))
	}
	follow := 0
	for _, row := range r.Rows {
		if row.FollowUp {
			follow++
		}
	}
	if follow != 36 {
		t.Errorf("%d units marked for follow-up; want 36", follow)
	}
	got := map[string]District{}
	for _, d := range r.Districts {
		got[d.Name] = d
	}
	if d := got["เมืองสมุทรสาคร"]; d.Units != 18 || d.Reached != 1 || d.Scans != 5 || d.Responses != 4 {
		t.Errorf("เมืองสมุทรสาคร: %+v", d)
	}
	if d := got["บ้านแพ้ว"]; d.Reached != 1 || d.Share() != 0.1 {
		t.Errorf("บ้านแพ้ว: %+v share %v", d, d.Share())
	}
	if tot := r.Totals(); tot.Units != 38 || tot.Reached != 2 || tot.Scans != 6 {
		t.Errorf("totals %+v", tot)
	}

	var b bytes.Buffer
	if err := r.WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(b.String(), "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if h := strings.Join(recs[0][:4], ","); h != "code,name,district,scans" {
		t.Errorf("header %s", h)
	}
	if strings.Join(recs[1], ",") != "2740101,องค์การบริหารส่วนจังหวัดสมุทรสาคร,เมืองสมุทรสาคร,5,3,2,2026-11-25 10:00,2026-11-25 11:00,4,0.80," {
		t.Errorf("row %v", recs[1])
	}

	b.Reset()
	if err := r.WriteXLSX(&b); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("districts")
	if len(rows) != 4 {
		t.Errorf("districts sheet has %d rows", len(rows))
	}

	b.Reset()
	if err := r.WriteHTML(&b); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	for _, want := range []string{"<svg", "ต้องติดตาม", "องค์การบริหารส่วนจังหวัดสมุทรสาคร", "2/38"} {
		if !strings.Contains(html, want) && !(want == "2/38" && strings.Contains(html, "<b>2</b> จาก 38")) {
			t.Errorf("the page lacks %q", want)
		}
	}
	for _, bad := range []string{"<script src", "<link ", "http://", "https://"} {
		if strings.Contains(html, bad) {
			t.Errorf("the page loads something from elsewhere: %q", bad)
		}
	}
}

func TestResponses(t *testing.T) {
	us := units(t)
	gforms := "Timestamp,ท่านพึงพอใจเพียงใด,รหัสหน่วยงาน\n" +
		"2026/11/25 9:00:00 AM GMT+7,5,2740101\n" +
		"2026/11/25 9:05:00 AM GMT+7,4,02740101\n" +
		"2026/11/25 9:07:00 AM GMT+7,4,6740304\n" +
		"2026/11/25 9:09:00 AM GMT+7,3,\n"
	counts, unmatched, err := Responses("gforms.csv", []byte(gforms), us)
	if err != nil {
		t.Fatal(err)
	}
	if counts["2740101"] != 2 || counts["6740304"] != 1 || unmatched != 1 {
		t.Errorf("counts %v, unmatched %d", counts, unmatched)
	}
	// LimeSurvey, by name.
	lime := "id,submitdate,unit\n1,2026-11-25,องค์การบริหารส่วนตำบลบ้านแพ้ว\n2,2026-11-25,เทศบาลตำบลบ้านแพ้ว\n"
	counts, _, err = Responses("lime.csv", []byte(lime), us)
	if err != nil || counts["6740304"] != 1 || counts["5740302"] != 1 {
		t.Errorf("by name: %v, %v", counts, err)
	}
	if _, _, err := Responses("x.csv", []byte("a,b\n1,2\n"), us); err == nil {
		t.Error("a file naming no unit was accepted")
	}
}

// In Thai the CSV and the workbook have Thai headers, the follow-up mark
// the README promises, and dates in the campaign's style; the page always
// writes dates the Thai way.
func TestThaiReport(t *testing.T) {
	us := units(t)
	counts := map[string]Counts{"2740101": {Scans: 5, Visitors: 3, First: when, Last: when.Add(time.Hour)}}
	for _, tt := range []struct {
		style thai.DateStyle
		first string
	}{
		{thai.DateStyle{ThaiDigits: true}, "๒๕ พฤศจิกายน ๒๕๖๙ ๑๐:๐๐"},
		{thai.DateStyle{}, "25 พฤศจิกายน 2569 10:00"},
		{thai.DateStyle{Gregorian: true}, "25 พฤศจิกายน 2026 10:00"},
	} {
		r := Build("t", us, counts, map[string]int{"2740101": 4}, when)
		r.Printer = messages.NewPrinter(language.Thai)
		r.Dates = tt.style
		var b bytes.Buffer
		if err := r.WriteCSV(&b); err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(b.String(), "\ufeff"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if got, want := strings.Join(recs[0], ","), "รหัส,ชื่อ,อำเภอ,สแกน,ผู้สแกนโดยประมาณ,โรบอต,สแกนครั้งแรก,สแกนล่าสุด,คำตอบ,คำตอบต่อการสแกน,การติดตาม"; got != want {
			t.Errorf("header %s; want %s", got, want)
		}
		if recs[1][6] != tt.first || recs[1][10] != "" {
			t.Errorf("%+v: first row %v; want first scan %q and no mark", tt.style, recs[1], tt.first)
		}
		if recs[2][10] != "ต้องติดตาม" {
			t.Errorf("a unit never scanned is marked %q; want ต้องติดตาม", recs[2][10])
		}

		b.Reset()
		if err := r.WriteXLSX(&b); err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(&b)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(f.GetSheetList(), ","); got != "หน่วย,อำเภอ" {
			t.Errorf("sheets %s", got)
		}
		rows, _ := f.GetRows("อำเภอ")
		if len(rows) != 4 || rows[0][0] != "อำเภอ" || rows[0][4] != "สัดส่วน" {
			t.Errorf("districts sheet %v", rows)
		}
		rows, _ = f.GetRows("หน่วย")
		if rows[1][6] != tt.first || rows[2][len(rows[2])-1] != "ต้องติดตาม" {
			t.Errorf("units sheet %v %v", rows[1], rows[2])
		}

		b.Reset()
		if err := r.WriteHTML(&b); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), "<td class=\"k\">"+tt.first+"</td>") {
			t.Errorf("%+v: the page lacks the first scan %q", tt.style, tt.first)
		}
	}
}
