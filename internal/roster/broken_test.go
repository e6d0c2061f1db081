package roster

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

const header = "รหัส,ประเภท,ชื่อ,อำเภอ\n"

func TestBrokenFiles(t *testing.T) {
	good := "2740101,อบจ.,องค์การบริหารส่วนจังหวัดสมุทรสาคร,เมืองสมุทรสาคร\n"
	truncatedXLSX := xlsxWithTitle(t, true)[:300]
	tests := []struct {
		name   string
		data   []byte
		sheet  string
		row    int
		column string
		msg    string // a part of the English message
	}{
		{"empty", []byte(" \n\n"), "", 1, "", "the file is empty"},
		{"png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "", 1, "", "neither UTF-8 nor Windows-874"},
		{"nul byte", []byte(header + good + "5740103,ทต.,บาง\x00ปลา,เมืองสมุทรสาคร\n"), "", 3, "", "binary data (byte 0x00)"},
		{"old xls", []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest"), "", 0, "", "old Excel .xls"},
		{"truncated xlsx", truncatedXLSX, "", 0, "", "not a readable XLSX"},
		{"no such sheet", xlsxWithTitle(t, true), "หน่วย", 0, "", `no sheet named "หน่วย"`},
		{"no header", []byte("\na,b,c\n1,2,3\n"), "", 2, "", "no header row"},
		{"no district column", []byte("\nรหัส,ชื่อ\n2740101,องค์การบริหารส่วนจังหวัดสมุทรสาคร\n"), "", 2, "", "no district column"},
		{"header only", []byte("\n" + header), "", 2, "", "no units below the header row"},
		{"empty code", []byte(header + good + ",ทต.,บางปลา,เมืองสมุทรสาคร\n"), "", 3, "รหัส", "empty code"},
		{"short code", []byte(header + good + "574010,ทต.,บางปลา,เมืองสมุทรสาคร\n"), "", 3, "รหัส", "has 6 digits, not 7"},
		{"letters in code", []byte(header + good + "57401O3,ทต.,บางปลา,เมืองสมุทรสาคร\n"), "", 3, "รหัส", "is not a number"},
		{"unknown type", []byte(header + good + "5740103,เทศบาล,บางปลา,เมืองสมุทรสาคร\n"), "", 3, "ประเภท", `unknown type "เทศบาล"`},
		{"bare name, no type", []byte("รหัส,ชื่อ,อำเภอ\n5740103,บางปลา,เมืองสมุทรสาคร\n"), "", 2, "ชื่อ", `cannot tell the type of "บางปลา"`},
		{"type contradicts name", []byte(header + "5740103,อบต.,เทศบาลตำบลบางปลา,เมืองสมุทรสาคร\n"), "", 2, "ประเภท", "does not match the name"},
		{"empty name", []byte(header + good + "5740103,ทต., ,เมืองสมุทรสาคร\n"), "", 3, "ชื่อ", "empty name"},
		{"empty district", []byte(header + good + "5740103,ทต.,บางปลา,\u200b\n"), "", 3, "อำเภอ", "empty district"},
		{"emoji lost in a windows-874 save", toWindows874(t, []byte(header+good+"5740103,ทต.,บางปลา ?,เมืองสมุทรสาคร\n")), "", 3, "ชื่อ", `"บางปลา ?" has a "?" where a character was lost`},
		{"same code, other name", []byte(header + good + "5740103,ทต.,บางปลา,เมืองสมุทรสาคร\n" + "5740103,ทต.,บางหญ้าแพรก,เมืองสมุทรสาคร\n"), "", 4, "ชื่อ", `"เทศบาลตำบลบางหญ้าแพรก" here but "เทศบาลตำบลบางปลา" on row 3`},
		{"same code, other district", []byte(header + good + "2740101,อบจ.,องค์การบริหารส่วนจังหวัดสมุทรสาคร,บ้านแพ้ว\n"), "", 3, "อำเภอ", "on row 2"},
		{"unclosed quote", []byte(header + good + "5740103,ทต.,\"บางปลา,เมืองสมุทรสาคร\n" + good + good), "", 3, "ชื่อ", "never closed"},
		{"unclosed quote after a cell with line breaks", []byte(header + "2740101,อบจ.,\"องค์การบริหาร\nส่วนจังหวัดสมุทรสาคร\",เมืองสมุทรสาคร\n\n5740103,ทต.,บางปลา,\"เมือง\n" + good), "", 4, "อำเภอ", "never closed"},
		{"unclosed quote in the header", []byte("รหัส,\"ชื่อ,อำเภอ\n" + good), "", 1, "B", "never closed"},
		{"text after a closing quote", []byte(header + good + "5740103,\"ทต.\"x,บางปลา,เมืองสมุทรสาคร\n"), "", 3, "ประเภท", "text follows the closing double quote"},
		{"stray quote", []byte(header + good + good + "5740103,ทต.,บาง\"ปลา,เมืองสมุทรสาคร\n"), "", 4, "ชื่อ", "stray double quote"},
		{"stray quote, semicolons", []byte(strings.ReplaceAll(header+good+"5740103;ทต.;บางปลา;เมือง\"สมุทรสาคร\n", ",", ";")), "", 3, "อำเภอ", "stray double quote"},
		{"utf-8 read as windows-1252", []byte("code,type,name,district\n" + garble(t, "2740101,อบจ.,องค์การบริหารส่วนจังหวัดสมุทรสาคร,เมืองสมุทรสาคร\n")), "", 2, "",
			`the Thai text is garbled: "à¸\u00adà¸šà¸ˆ." should read "อบจ."`},
		{"garbled twice", []byte("code,type,name,district\n" + garble(t, garble(t, "2740101,อบจ.,องค์การบริหารส่วนจังหวัดสมุทรสาคร,เมืองสมุทรสาคร\n"))), "", 2, "", `should read "อบจ."`},
		{"garbled header too", []byte(garble(t, header+good)), "", 1, "", `should read "รหัส"`},
		{"garbled below good rows", []byte(header + good + garble(t, "5740103,ทต.,บางปลา,เมืองสมุทรสาคร\n")), "", 3, "", `should read "ทต."`},
		{"windows-874 read as latin-1", []byte("code,type,name,district\n" + latin1(toWindows874(t, []byte("2740101,อบจ.,องค์การบริหารส่วนจังหวัดสมุทรสาคร,เมืองสมุทรสาคร\n")))), "", 2, "",
			`"Íº¨." should read "อบจ."`},
		{"unknown province", []byte("รหัส,ชื่อ,อำเภอ,จังหวัด\n2740101,องค์การบริหารส่วนจังหวัดสมุทรสาคร,เมืองสมุทรสาคร,สมุทรสาครร\n"), "", 2, "จังหวัด", `unknown province "สมุทรสาครร"`},
		{"utf-8 with a windows-874 byte", []byte(header + good + "5740103,ทต.,บางปลา\xa1,เมืองสมุทรสาคร\n"), "", 3, "", "mixes UTF-8"},
		{"undefined windows-874 byte", append(toWindows874(t, []byte(header+good)), []byte("5740103,\xfc\xfd,x,y\n")...), "", 3, "", "neither UTF-8 nor Windows-874"},
		{"bom but not utf-8", []byte("\xEF\xBB\xBF" + header + "\xa1\xa2\n"), "", 2, "", "says it is UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := Read("units.csv", tt.data, Options{Sheet: tt.sheet})
			var ps *Problems
			if !errors.As(err, &ps) {
				t.Fatalf("Read = %v, %v; want *Problems", l, err)
			}
			p := ps.List[0]
			if p.File != "units.csv" || p.Row != tt.row || p.Column != tt.column || !strings.Contains(p.What.String(), tt.msg) {
				t.Errorf("problem = %s (row %d, column %q); want row %d, column %q, containing %q", p, p.Row, p.Column, tt.row, tt.column, tt.msg)
			}
			want := fmt.Sprintf("units.csv:%d: ", tt.row)
			if tt.row == 0 {
				want = "units.csv: "
			}
			if tt.column != "" {
				want += fmt.Sprintf("column %q: ", tt.column)
			}
			if !strings.HasPrefix(p.String(), want) {
				t.Errorf("rendered %q; want prefix %q", p.String(), want)
			}
			// Every refusal tells the clerk what to do about it.
			if p.Hint.String() == "" {
				t.Errorf("%s: no hint", p)
			}
		})
	}
}

// garble does to UTF-8 text what a program does that opens it as
// Windows-1252 and saves it as UTF-8.
func garble(t *testing.T, s string) string {
	t.Helper()
	b, err := charmap.Windows1252.NewDecoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// latin1 reads bytes as Latin-1, as a program does that knows no better.
func latin1(b []byte) string {
	rs := make([]rune, len(b))
	for i, c := range b {
		rs[i] = rune(c)
	}
	return string(rs)
}

// A garbled list is one problem, not one per row: the rows would each
// report an unknown type otherwise.
func TestGarbledIsOneProblem(t *testing.T) {
	var b strings.Builder
	b.WriteString("code,type,name,district\n")
	for _, line := range []string{"2740101,อบจ.,สมุทรสาคร,เมืองสมุทรสาคร", "5740103,ทต.,บางปลา,เมืองสมุทรสาคร", "6740104,อบต.,ท่าทราย,เมืองสมุทรสาคร"} {
		b.WriteString(garble(t, line+"\n"))
	}
	_, err := Read("units.csv", []byte(b.String()), Options{})
	var ps *Problems
	if !errors.As(err, &ps) || len(ps.List) != 1 {
		t.Fatalf("Read = %v; want one problem", err)
	}
	if h := ps.List[0].Hint.String(); !strings.Contains(h, "CSV UTF-8") || !strings.Contains(h, "Thai PC") {
		t.Errorf("hint %q; want it to say how to save the list", h)
	}
}

// Thai in the list and Western accented names are not taken for garbled
// text.
func TestNotGarbled(t *testing.T) {
	for _, data := range []string{
		header + "2740101,อบจ.,องค์การบริหารส่วนจังหวัดสมุทรสาคร,เมืองสมุทรสาคร\n",
		"code,type,name,district,note\n2740101,อบจ.,องค์การบริหารส่วนจังหวัดสมุทรสาคร,เมืองสมุทรสาคร,café Señor Müller\n",
	} {
		if _, err := Read("u.csv", []byte(data), Options{}); err != nil {
			t.Errorf("Read(%q) = %v", data, err)
		}
	}
}

// Rows are numbered as a spreadsheet shows them: blank lines count, and a
// quoted cell with a line break inside stays one row.
func TestRowNumbers(t *testing.T) {
	data := header + "\n" + "2740101,อบจ.,\"องค์การบริหารส่วนจังหวัด\nสมุทรสาคร\",เมืองสมุทรสาคร\n\n" + "5740103,ทต.,บางปลา,\n"
	_, err := Read("u.csv", []byte(data), Options{})
	var ps *Problems
	if !errors.As(err, &ps) || len(ps.List) != 1 || ps.List[0].Row != 5 {
		t.Fatalf("err = %v; want one problem on row 5", err)
	}
	l, err := Read("u.csv", []byte(strings.Replace(data, "บางปลา,", "บางปลา,เมืองสมุทรสาคร", 1)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if l.Units[0].Name != "องค์การบริหารส่วนจังหวัดสมุทรสาคร" || l.Units[0].Row != 3 || l.Units[1].Row != 5 {
		t.Errorf("units = %+v", l.Units)
	}
}

func TestManyProblemsStop(t *testing.T) {
	var b bytes.Buffer
	b.WriteString(header)
	for i := 0; i < 200; i++ {
		b.WriteString(",ทต.,บางปลา,เมืองสมุทรสาคร\n")
	}
	_, err := Read("u.csv", b.Bytes(), Options{})
	var ps *Problems
	if !errors.As(err, &ps) || len(ps.List) != MaxProblems || !ps.Truncated {
		t.Fatalf("got %d problems, truncated %v; want %d, true", len(ps.List), ps.Truncated, MaxProblems)
	}
	if ps.List[MaxProblems-1].Row != MaxProblems+1 {
		t.Errorf("last problem on row %d; want %d", ps.List[MaxProblems-1].Row, MaxProblems+1)
	}
}

// Every problem in a file is reported, not just the first.
func TestAllProblemsReported(t *testing.T) {
	data := header + "274010,อบจ.,องค์การบริหารส่วนจังหวัดสมุทรสาคร,\n5740103,ทต.,บางปลา,เมืองสมุทรสาคร\n5740104,xx,บางหญ้าแพรก,เมืองสมุทรสาคร\n"
	_, err := Read("u.csv", []byte(data), Options{})
	var ps *Problems
	if !errors.As(err, &ps) {
		t.Fatal(err)
	}
	var got []string
	for _, p := range ps.List {
		got = append(got, fmt.Sprintf("%d:%s", p.Row, p.Column))
	}
	if g, w := strings.Join(got, " "), "2:รหัส 2:อำเภอ 4:ประเภท"; g != w {
		t.Errorf("problems at %s; want %s", g, w)
	}
}

// A survey export read with Table places a quote fault under its first
// row's heading.
func TestTableQuoteFault(t *testing.T) {
	data := "Timestamp,รหัสหน่วย,ความพึงพอใจ\n2026-01-05,2740101,5\n2026-01-06,5740103,\"มาก\n2026-01-07,5740104,4\n"
	_, err := Table("responses.csv", []byte(data))
	var ps *Problems
	if !errors.As(err, &ps) || len(ps.List) != 1 {
		t.Fatalf("Table = %v; want one problem", err)
	}
	if got, want := ps.List[0].String(), `responses.csv:3: column "ความพึงพอใจ": this cell opens a double quote that is never closed`; !strings.HasPrefix(got, want) {
		t.Errorf("problem = %q; want prefix %q", got, want)
	}
}
