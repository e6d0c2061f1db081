package report

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/prakat/prakat/internal/example"
	"github.com/prakat/prakat/internal/roster"
	"github.com/xuri/excelize/v2"
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
