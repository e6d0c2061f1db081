package report

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/prakat/prakat/internal/example"
	"github.com/prakat/prakat/internal/messages"
	"github.com/prakat/prakat/internal/roster"
	"github.com/prakat/prakat/internal/thai"
	"github.com/prakat/prakat/internal/tracking"
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
	counts := map[string]tracking.Counts{
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
	res, err := ReadResponses("gforms.csv", []byte(gforms), us)
	if err != nil {
		t.Fatal(err)
	}
	if res.Counts["2740101"] != 2 || res.Counts["6740304"] != 1 || len(res.Unmatched) != 1 || res.Unmatched[0].Row != 5 {
		t.Errorf("counts %v, unmatched %v", res.Counts, res.Unmatched)
	}
	// LimeSurvey, by name.
	lime := "id,submitdate,unit\n1,2026-11-25,องค์การบริหารส่วนตำบลบ้านแพ้ว\n2,2026-11-25,เทศบาลตำบลบ้านแพ้ว\n"
	res, err = ReadResponses("lime.csv", []byte(lime), us)
	if err != nil || res.Counts["6740304"] != 1 || res.Counts["5740302"] != 1 {
		t.Errorf("by name: %v, %v", res, err)
	}
	if _, err := ReadResponses("x.csv", []byte("a,b\n1,2\n"), us); err == nil {
		t.Error("a file naming no unit was accepted")
	}
}

// Units are named in responses as clerks write them: abbreviated, bare,
// with stray spaces and invisible characters, codes in Thai digits. Each is
// matched as the unit list would read it; what cannot be is said, with why.
func TestResponsesAsWritten(t *testing.T) {
	us := units(t)
	in := []struct {
		cell string
		code string // "" when it must stay unmatched
		why  string // a word of the reason
	}{
		{"อบต.ท่าทราย", "6740110", ""},
		{"อบต. ท่าทราย", "6740110", ""},
		{"  อบต.  โคกขาม\u200b", "6740108", ""},
		{"ทต.บางปลา", "5740103", ""},
		{"ทม.กระทุ่มแบน", "4740202", ""},
		{"ทน.อ้อมน้อย", "3740201", ""},
		{"อบจ.สมุทรสาคร", "2740101", ""},
		{"อบต.อ\u0e4d\u0e32แพง", "6740309", ""}, // sara am typed as nikhahit + sara aa
		{"กาหลง", "6740107", ""},                // bare, and only one unit bears it
		{"๖๗๔๐๑๑๐", "6740110", ""},
		{"06740110", "6740110", ""},
		{"เทศบาลตำบล บ้านแพ้ว", "5740302", ""},
		{"บ้านแพ้ว", "", "could be any of 2 units"}, // ทต. and อบต. บ้านแพ้ว
		{"อบต.ไม่มีจริง", "", "is named"},
		{"6749999", "", "has the code 6749999"},
		{"", "", "no unit given"},
	}
	var b strings.Builder
	b.WriteString("ประทับเวลา,คะแนน,ชื่อหน่วยงาน\n")
	for i, tt := range in {
		fmt.Fprintf(&b, "2026/11/25 9:%02d:00,5,%s\n", i, tt.cell)
	}
	res, err := ReadResponses("responses.csv", []byte(b.String()), us)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{}
	var unmatched []string
	for _, tt := range in {
		if tt.code != "" {
			want[tt.code]++
		} else {
			unmatched = append(unmatched, tt.why)
		}
	}
	if !maps.Equal(res.Counts, want) {
		t.Errorf("counts %v; want %v", res.Counts, want)
	}
	if len(res.Unmatched) != len(unmatched) {
		t.Fatalf("%d unmatched; want %d: %v", len(res.Unmatched), len(unmatched), res.Unmatched)
	}
	for i, u := range res.Unmatched {
		if got := u.Reason.String(); !strings.Contains(got, unmatched[i]) {
			t.Errorf("row %d %q: reason %q; want it to say %q", u.Row, u.Unit, got, unmatched[i])
		}
	}
	if u := res.Unmatched[0]; u.Row != 14 || u.Unit != "บ้านแพ้ว" || len(u.Cells) != 3 {
		t.Errorf("first unmatched %+v; want row 14, บ้านแพ้ว, the whole response", u)
	}

	// The list beside the report: the header of the export after row, unit
	// and reason; UTF-8 with BOM, reasons in the user's language.
	var out bytes.Buffer
	if err := res.WriteUnmatchedCSV(&out, messages.NewPrinter(language.Thai)); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "\ufeff") {
		t.Error("no BOM")
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out.String(), "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(recs[0], ","); got != "แถว,หน่วยตามที่เขียน,เหตุผล,ประทับเวลา,คะแนน,ชื่อหน่วยงาน" {
		t.Errorf("header %s", got)
	}
	if len(recs) != 5 || recs[1][0] != "14" || !strings.Contains(recs[1][2], "อาจเป็นหน่วยใดก็ได้ใน 2 หน่วย") || recs[1][5] != "บ้านแพ้ว" {
		t.Errorf("rows %v", recs)
	}
}

// Names repeat across districts: a district column tells them apart; without
// one, or with the district left empty, the response is ambiguous. A district
// that contradicts a name is not overruled.
func TestResponsesRepeatedNames(t *testing.T) {
	us := []roster.Unit{
		{Code: "6740110", Type: roster.SubdistrictOrg, Name: "องค์การบริหารส่วนตำบลท่าทราย", District: "เมืองสมุทรสาคร"},
		{Code: "6740311", Type: roster.SubdistrictOrg, Name: "องค์การบริหารส่วนตำบลท่าทราย", District: "บ้านแพ้ว"},
		{Code: "6740107", Type: roster.SubdistrictOrg, Name: "องค์การบริหารส่วนตำบลกาหลง", District: "เมืองสมุทรสาคร"},
		{Code: "5740302", Type: roster.SubdistrictMunicipality, Name: "เทศบาลตำบลบ้านแพ้ว", District: "บ้านแพ้ว"},
	}
	withDistrict := "หน่วยงาน,อำเภอ,คะแนน\n" +
		"อบต.ท่าทราย,อ.เมืองสมุทรสาคร,5\n" +
		"อบต.ท่าทราย,อำเภอบ้านแพ้ว,4\n" +
		"อบต.ท่าทราย,บ้านแพ้ว,4\n" +
		"อบต.ท่าทราย,,3\n" +
		"อบต.กาหลง,บ้านแพ้ว,3\n" +
		"ทต.บ้านแพ้ว,บ้านแพ้ว,5\n"
	res, err := ReadResponses("r.csv", []byte(withDistrict), us)
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]int{"6740110": 1, "6740311": 2, "5740302": 1}; !maps.Equal(res.Counts, want) {
		t.Errorf("counts %v; want %v", res.Counts, want)
	}
	if len(res.Unmatched) != 2 ||
		!strings.Contains(res.Unmatched[0].Reason.String(), "could be any of 2 units") ||
		!strings.Contains(res.Unmatched[1].Reason.String(), "is in district เมืองสมุทรสาคร, not บ้านแพ้ว") {
		t.Errorf("unmatched %v", res.Unmatched)
	}

	without := "หน่วยงาน,คะแนน\nอบต.ท่าทราย,5\nอบต.กาหลง,4\n"
	res, err = ReadResponses("r.csv", []byte(without), us)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Counts) != 1 || res.Counts["6740107"] != 1 || len(res.Unmatched) != 1 || res.Unmatched[0].Row != 2 {
		t.Errorf("without districts: counts %v, unmatched %v", res.Counts, res.Unmatched)
	}
}

// In Thai the CSV and the workbook have Thai headers, the follow-up mark
// the README promises, and dates in the campaign's style; the page always
// writes dates the Thai way.
func TestThaiReport(t *testing.T) {
	us := units(t)
	counts := map[string]tracking.Counts{"2740101": {Scans: 5, Visitors: 3, First: when, Last: when.Add(time.Hour)}}
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
