package roster

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// toWindows874 encodes b as Thai Excel saves "CSV". Windows-874 has no
// zero-width space, so those are dropped, as Excel drops them.
func toWindows874(t testing.TB, b []byte) []byte {
	t.Helper()
	b = bytes.ReplaceAll(b, []byte("\u200b"), nil)
	out, err := charmap.Windows874.NewEncoder().Bytes(b)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// thaiExcelWant is what testdata/thai-excel.csv holds, cleaned.
var thaiExcelWant = []Unit{
	{Code: "2740101", Type: ProvincialOrg, Name: "องค์การบริหารส่วนจังหวัดสมุทรสาคร", District: "เมืองสมุทรสาคร", Province: "สมุทรสาคร", Row: 2},
	{Code: "3740102", Type: CityMunicipality, Name: "เทศบาลนครสมุทรสาคร", District: "เมืองสมุทรสาคร", Province: "สมุทรสาคร", Row: 3},
	{Code: "6740110", Type: SubdistrictOrg, Name: "องค์การบริหารส่วนตำบลท่าทราย", District: "เมืองสมุทรสาคร", Province: "สมุทรสาคร", Row: 4},
	{Code: "6740112", Type: SubdistrictOrg, Name: "องค์การบริหารส่วนตำบลบ้านบ่อ", District: "เมืองสมุทรสาคร", Province: "สมุทรสาคร", Row: 5},
	{Code: "5740302", Type: SubdistrictMunicipality, Name: "เทศบาลตำบลบ้านแพ้ว", District: "บ้านแพ้ว", Province: "สมุทรสาคร", Row: 6},
	{Code: "6740309", Type: SubdistrictOrg, Name: "องค์การบริหารส่วนตำบลอำแพง", District: "บ้านแพ้ว", Province: "สมุทรสาคร", Row: 7},
	{Code: "6740304", Type: SubdistrictOrg, Name: "องค์การบริหารส่วนตำบลบ้านแพ้ว", District: "บ้านแพ้ว", Province: "สมุทรสาคร", Row: 8},
}

func xlsxWithTitle(t *testing.T, numericCodes bool) []byte {
	t.Helper()
	f := excelize.NewFile()
	sh := f.GetSheetName(0)
	set := func(cell string, v any) {
		if err := f.SetCellValue(sh, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	set("A1", "บัญชีรายชื่อองค์กรปกครองส่วนท้องถิ่น จังหวัดสมุทรสาคร")
	// Row 2 blank; the header sits on row 3.
	for i, h := range []string{"อำเภอ", "ชื่อ", "รหัส", "ประเภท", "หมายเหตุ"} {
		cell, _ := excelize.CoordinatesToCellName(i+1, 3)
		set(cell, h)
	}
	rows := [][]any{
		{"เมืองสมุทรสาคร", "องค์การบริหารส่วนจังหวัดสมุทรสาคร", 2740101, "อบจ.", ""},
		{"กระทุ่มแบน", "อ้อมน้อย", 3740201, "ทน.", "ยกฐานะ 2550"},
		{},
		{"บ้านแพ้ว", "หลักห้า", "5740303", "ทต.", ""},
	}
	for r, row := range rows {
		for c, v := range row {
			cell, _ := excelize.CoordinatesToCellName(c+1, 4+r)
			if n, ok := v.(int); ok && !numericCodes {
				v = strconv.Itoa(n)
			}
			set(cell, v)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestReadShapes(t *testing.T) {
	thaiExcel := readFixture(t, "thai-excel.csv")
	utf16, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes(
		bytes.ReplaceAll(thaiExcel, []byte(","), []byte("\t")))
	xlsxWant := []Unit{
		{Code: "2740101", Type: ProvincialOrg, Name: "องค์การบริหารส่วนจังหวัดสมุทรสาคร", District: "เมืองสมุทรสาคร", Province: "สมุทรสาคร", Row: 4},
		{Code: "3740201", Type: CityMunicipality, Name: "เทศบาลนครอ้อมน้อย", District: "กระทุ่มแบน", Province: "สมุทรสาคร", Row: 5},
		{Code: "5740303", Type: SubdistrictMunicipality, Name: "เทศบาลตำบลหลักห้า", District: "บ้านแพ้ว", Province: "สมุทรสาคร", Row: 7},
	}
	tests := []struct {
		name   string
		data   []byte
		format string
		want   []Unit
	}{
		{"utf-8 crlf", thaiExcel, "UTF-8 CSV", thaiExcelWant},
		{"utf-8 bom lf", append([]byte("\ufeff"), bytes.ReplaceAll(thaiExcel, []byte("\r\n"), []byte("\n"))...), "UTF-8 CSV", thaiExcelWant},
		{"windows-874", toWindows874(t, thaiExcel), "Windows-874 CSV", thaiExcelWant},
		{"utf-16 tab", utf16, "UTF-16 CSV", thaiExcelWant},
		{"semicolons", bytes.ReplaceAll(bytes.ReplaceAll(thaiExcel, []byte(","), []byte(";")), []byte(`"ศาลากลาง; ชั้น 2"`), []byte(`"ศาลากลาง; ชั้น 2"`)), "UTF-8 CSV", thaiExcelWant},
		{"xlsx title row, numeric codes", xlsxWithTitle(t, true), "XLSX", xlsxWant},
		{"xlsx title row, text codes", xlsxWithTitle(t, false), "XLSX", xlsxWant},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := Read("units", tt.data, Options{})
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			if l.Format != tt.format {
				t.Errorf("Format = %q; want %q", l.Format, tt.format)
			}
			checkUnits(t, l.Units, tt.want)
		})
	}
}

func checkUnits(t *testing.T, got, want []Unit) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d units; want %d:\n%v", len(got), len(want), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("unit %d = %+v\nwant      %+v", i, got[i], want[i])
		}
	}
}

func TestReadRawRegisterMergesRepeats(t *testing.T) {
	data := readFixture(t, "dla-raw.csv")
	l, err := Read("dla-raw.csv", data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, u := range l.Units {
		codes = append(codes, u.Code)
	}
	if got, want := strings.Join(codes, " "), "2740101 5740103 6740304 2110101"; got != want {
		t.Errorf("codes = %s; want %s", got, want)
	}
	for _, prov := range []string{"สมุทรสาคร", "จังหวัดสมุทรสาคร", "74", "๗๔", "Samut Sakhon"} {
		p, ok := LookupProvince(prov)
		if !ok {
			t.Fatalf("LookupProvince(%q) failed", prov)
		}
		l, err := Read("dla-raw.csv", data, Options{Province: &p})
		if err != nil {
			t.Fatal(err)
		}
		if len(l.Units) != 3 {
			t.Errorf("--province %s: %d units; want 3", prov, len(l.Units))
		}
	}
}

// The province filter works from the code's digits 2–3 when the file has no
// province column.
func TestProvinceFromCode(t *testing.T) {
	csv := "รหัส,ชื่อ,อำเภอ\n2740101,องค์การบริหารส่วนจังหวัดสมุทรสาคร,เมืองสมุทรสาคร\n2110101,องค์การบริหารส่วนจังหวัดสมุทรปราการ,เมืองสมุทรปราการ\n"
	p, _ := LookupProvince("11")
	l, err := Read("u.csv", []byte(csv), Options{Province: &p})
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Units) != 1 || l.Units[0].Code != "2110101" || l.Units[0].Province != "สมุทรปราการ" {
		t.Errorf("got %+v", l.Units)
	}
	p, _ = LookupProvince("50")
	_, err = Read("u.csv", []byte(csv), Options{Province: &p})
	var ps *Problems
	if !errors.As(err, &ps) || !strings.Contains(ps.Error(), "no units of province เชียงใหม่") {
		t.Errorf("other province: err = %v", err)
	}
}

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  ท่าทราย ", "ท่าทราย"},
		{"บ้าน\u00a0\u00a0แพ้ว", "บ้าน แพ้ว"},
		{"อ\u0e4d\u0e32แพง", "อำแพง"},
		{"นา\u200bดี\u200c\ufeff", "นาดี"},
		{"เทศบาล\tตำบล\n  บางปลา", "เทศบาล ตำบล บางปลา"},
		{"\u00ad", ""},
		{"ปู่", "ปู่"},
		// Plain ASCII is returned as it is; anything else in it is cleaned.
		{"6130408", "6130408"},
		{"13.59958534", "13.59958534"},
		{"Samut Sakhon", "Samut Sakhon"},
		{" 6130408", "6130408"},
		{"6130408 ", "6130408"},
		{"Samut  Sakhon", "Samut Sakhon"},
		{"Samut	Sakhon", "Samut Sakhon"},
		{"61\u200b30408", "6130408"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Clean(tt.in); got != tt.want {
			t.Errorf("Clean(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseType(t *testing.T) {
	tests := []struct {
		in   string
		want Type
	}{
		{"อบจ.", ProvincialOrg}, {"อบจ", ProvincialOrg}, {"องค์การบริหารส่วนจังหวัด", ProvincialOrg}, {"provincial_admin_org", ProvincialOrg},
		{"ทน.", CityMunicipality}, {"เทศบาลนคร", CityMunicipality}, {"city_municipality", CityMunicipality},
		{"ทม.", TownMunicipality}, {"เทศบาลเมือง", TownMunicipality},
		{"ทต", SubdistrictMunicipality}, {"เทศบาล ตำบล", SubdistrictMunicipality}, {"subdistrict_municipality", SubdistrictMunicipality},
		{"อบต.", SubdistrictOrg}, {"องค์การบริหารส่วนตำบล", SubdistrictOrg}, {"subdistrict_admin_org", SubdistrictOrg},
		{"ท้องถิ่นรูปแบบพิเศษ", Pattaya}, {"เมืองพัทยา", Pattaya}, {"special_admin_area", Pattaya},
	}
	for _, tt := range tests {
		if got, ok := ParseType(tt.in); !ok || got != tt.want {
			t.Errorf("ParseType(%q) = %v, %v; want %v", tt.in, got, ok, tt.want)
		}
	}
	for _, bad := range []string{"", "เทศบาล", "อำเภอ", "x"} {
		if got, ok := ParseType(bad); ok {
			t.Errorf("ParseType(%q) = %v; want failure", bad, got)
		}
	}
}

func TestParseCode(t *testing.T) {
	ok := map[string]string{"2740101": "2740101", "02740101": "2740101", " 2740101 ": "2740101",
		"๒๗๔๐๑๐๑": "2740101", "2740101.0": "2740101", "2.740101E+06": "2740101", "27 40 101": "2740101"}
	for in, want := range ok {
		if got, p := parseCode(in); p != nil || got != want {
			t.Errorf("parseCode(%q) = %q, %v; want %q", in, got, p, want)
		}
	}
	for _, bad := range []string{"", "274010", "27401011", "12740101", "9740101", "1740101", "27401O1", "-2740101"} {
		if got, p := parseCode(bad); p == nil {
			t.Errorf("parseCode(%q) = %q; want a problem", bad, got)
		}
	}
}

func TestTypeDigitMismatchWarns(t *testing.T) {
	csv := "code,type,name,district\n6130408,เทศบาลตำบล,เชียงรากน้อย,สามโคก\n"
	l, err := Read("u.csv", []byte(csv), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Warnings) != 1 || l.Warnings[0].Row != 2 || l.Warnings[0].Column != "code" {
		t.Errorf("warnings = %v", l.Warnings)
	}
	if l.Units[0].Type != SubdistrictMunicipality || l.Units[0].Name != "เทศบาลตำบลเชียงรากน้อย" {
		t.Errorf("unit = %+v", l.Units[0])
	}
}

func TestPattaya(t *testing.T) {
	csv := "dla_code,type_th,name_th,district_th\n3200408,ท้องถิ่นรูปแบบพิเศษ,เมืองพัทยา,บางละมุง\n"
	l, err := Read("u.csv", []byte(csv), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if u := l.Units[0]; u.Type != Pattaya || u.Name != "เมืองพัทยา" || u.Bare() != "เมืองพัทยา" {
		t.Errorf("unit = %+v", u)
	}
}

func TestDistricts(t *testing.T) {
	ds := Districts(thaiExcelWant)
	var got []string
	for _, d := range ds {
		got = append(got, d.Name+":"+strconv.Itoa(len(d.Units)))
	}
	if g, w := strings.Join(got, " "), "เมืองสมุทรสาคร:4 บ้านแพ้ว:3"; g != w {
		t.Errorf("Districts = %s; want %s", g, w)
	}
}

func TestHead(t *testing.T) {
	tests := map[string]Unit{
		"นายกองค์การบริหารส่วนจังหวัดสมุทรสาคร": {Type: ProvincialOrg, Name: "องค์การบริหารส่วนจังหวัดสมุทรสาคร"},
		"นายกเทศมนตรีนครอ้อมน้อย":               {Type: CityMunicipality, Name: "เทศบาลนครอ้อมน้อย"},
		"นายกเทศมนตรีเมืองกระทุ่มแบน":           {Type: TownMunicipality, Name: "เทศบาลเมืองกระทุ่มแบน"},
		"นายกเทศมนตรีตำบลบางปลา":                {Type: SubdistrictMunicipality, Name: "เทศบาลตำบลบางปลา"},
		"นายกองค์การบริหารส่วนตำบลกาหลง":        {Type: SubdistrictOrg, Name: "องค์การบริหารส่วนตำบลกาหลง"},
		"นายกเมืองพัทยา":                        {Type: Pattaya, Name: "เมืองพัทยา"},
	}
	for want, u := range tests {
		if got := u.Head(); got != want {
			t.Errorf("Head(%s) = %s; want %s", u.Name, got, want)
		}
	}
}

func TestEmailColumn(t *testing.T) {
	data := "รหัส,ชื่อ,อำเภอ,อีเมล\n" +
		"2740101,องค์การบริหารส่วนจังหวัดสมุทรสาคร,เมืองสมุทรสาคร,saraban@sakhonpao.go.th\n" +
		"6740102,องค์การบริหารส่วนตำบลท่าทราย,เมืองสมุทรสาคร,saraban@thasai\n" +
		"6740103,องค์การบริหารส่วนตำบลบางหญ้าแพรก,เมืองสมุทรสาคร,\n"
	list, err := Read("units.csv", []byte(data), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, u := range list.Units {
		got = append(got, u.Email)
	}
	if want := []string{"saraban@sakhonpao.go.th", "", ""}; !slices.Equal(got, want) {
		t.Errorf("emails = %q; want %q", got, want)
	}
	if len(list.Warnings) != 1 || list.Warnings[0].Row != 3 || list.Warnings[0].Column != "อีเมล" {
		t.Fatalf("warnings = %v; want one for row 3, column อีเมล", list.Warnings)
	}
}

func TestParseEmail(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"saraban@samutsakhon.go.th", "saraban@samutsakhon.go.th", true},
		{" สารบรรณ <saraban@samutsakhon.go.th> ", "saraban@samutsakhon.go.th", true},
		{"saraban@gmail", "", false},
		{"saraban@", "", false},
		{"a@b.go.th, c@d.go.th", "", false},
		{"saraban samutsakhon.go.th", "", false},
	} {
		got, ok := ParseEmail(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("ParseEmail(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}
