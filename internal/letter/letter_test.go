package letter

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/prakat/prakat/fonts"
	"github.com/prakat/prakat/internal/example"
	"github.com/prakat/prakat/internal/placeholder"
	"github.com/prakat/prakat/internal/roster"
	"github.com/prakat/prakat/internal/thai"
	"github.com/prakat/prakat/internal/typeset"
	"github.com/prakat/prakat/templates"
	"golang.org/x/text/encoding/charmap"
)

// template is the shipped letters.yaml with the chain filled in as the
// real Samut Sakhon case had it (the years moved to 2569).
func template(t testing.TB) *Template {
	t.Helper()
	data, _ := templates.FS.ReadFile(templates.Letters)
	tmpl, err := ParseTemplate("letters.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	tmpl.Department.Number, tmpl.Department.Date = "มท ๐๘๑๐.๗/ว ๒๕๒๒", "2026-10-29"
	tmpl.Province.Number, tmpl.Province.Sent = "๑๕๖๓๓", "2026-11-12"
	return tmpl
}

func samutSakhon(t testing.TB) []roster.District {
	t.Helper()
	l, err := roster.Read("units.csv", example.Units, roster.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return roster.Districts(l.Units)
}

var style = thai.DateStyle{ThaiDigits: true}

// build makes the Samut Sakhon letters from the shipped template.
func build(t testing.TB) *Chain {
	t.Helper()
	c, err := template(t).Build("สมุทรสาคร", samutSakhon(t), values())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// A placeholder without a value is an error naming it, never a blank: the
// closing date unset, or {district} in the province's own wording.
func TestMissingValueRefused(t *testing.T) {
	v := values()
	v.Closing = ""
	_, err := template(t).Build("สมุทรสาคร", samutSakhon(t), v)
	var me *placeholder.MissingError
	if !errors.As(err, &me) || me.Name != "closing_date" {
		t.Errorf("Build without a closing date = %v; want {closing_date} missing", err)
	}
	tmpl := template(t)
	tmpl.Province.Body = append(tmpl.Province.Body, "อำเภอ{district}")
	if _, err := tmpl.Build("สมุทรสาคร", samutSakhon(t), values()); !errors.As(err, &me) || me.Name != "district" {
		t.Errorf("Build with {district} in the province's letter = %v; want {district} missing", err)
	}
}

func values() Values {
	return Values{Title: "แบบประเมินความพึงพอใจของประชาชนต่อการให้บริการสาธารณะ", SurveyURL: "https://survey.example.go.th/s",
		Closing: "๓๑ ธันวาคม ๒๕๖๙", Today: time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC), Style: style}
}

// The Samut Sakhon circular is addressed as the real one was (ที่ สค
// ๐๐๒๓.๓/ว ๑๕๖๓๓ of 12 November 2564): the district chiefs as a group,
// then each unit the province supervises directly, "และ" before the last;
// each copy names its own recipient, and the list of recipients is
// attached, headed with the letter's number and date.
func TestChainSamutSakhon(t *testing.T) {
	c := build(t)
	to := strings.Join(c.Circular.To, " ")
	if want := "นายอำเภอทุกอำเภอ นายกองค์การบริหารส่วนจังหวัดสมุทรสาคร นายกเทศมนตรีนครสมุทรสาคร นายกเทศมนตรีนครอ้อมน้อย นายกเทศมนตรีเมืองกระทุ่มแบน และนายกเทศมนตรีเมืองคลองมะเดื่อ"; to != want {
		t.Errorf("เรียน %s\nwant  %s", to, want)
	}
	want := []string{
		"นายอำเภอเมืองสมุทรสาคร", "นายอำเภอกระทุ่มแบน", "นายอำเภอบ้านแพ้ว",
		"นายกองค์การบริหารส่วนจังหวัดสมุทรสาคร", "นายกเทศมนตรีนครสมุทรสาคร",
		"นายกเทศมนตรีนครอ้อมน้อย", "นายกเทศมนตรีเมืองกระทุ่มแบน", "นายกเทศมนตรีเมืองคลองมะเดื่อ",
	}
	if c.Circular.List == nil || strings.Join(c.Circular.List.Items, "|") != strings.Join(want, "|") {
		t.Fatalf("list of recipients: %+v\nwant %s", c.Circular.List, want)
	}
	// The province has sent it: its date is the day it went out, as the
	// district letters cite it.
	if got, want := c.Circular.List.Title, "บัญชีรายชื่อแนบท้ายหนังสือจังหวัดสมุทรสาคร ที่ สค ๐๐๒๓.๓/ว ๑๕๖๓๓ ลงวันที่ ๑๒ พฤศจิกายน ๒๕๖๙"; got != want {
		t.Errorf("list title %q; want %q", got, want)
	}
	if c.Circular.Number != "สค ๐๐๒๓.๓/ว ๑๕๖๓๓" {
		t.Errorf("ที่ %s", c.Circular.Number)
	}
	if len(c.Copies) != 8 || strings.Join(c.Copies[4].Letter.To, " ") != "นายกเทศมนตรีนครสมุทรสาคร" || c.Copies[4].Letter.List != nil {
		t.Errorf("copies: %d, the fifth to %s", len(c.Copies), c.Copies[4].Letter.To)
	}
	dept := "สำเนาหนังสือกรมส่งเสริมการปกครองท้องถิ่น ที่ มท ๐๘๑๐.๗/ว ๒๕๒๒ ลงวันที่ ๒๙ ตุลาคม ๒๕๖๙"
	if len(c.Circular.Attachments) == 0 || c.Circular.Attachments[0] != dept {
		t.Errorf("the circular attaches %q; want %q first", c.Circular.Attachments, dept)
	}
	counts := map[string]int{}
	cite := "หนังสือจังหวัดสมุทรสาคร ที่ สค ๐๐๒๓.๓/ว ๑๕๖๓๓ ลงวันที่ ๑๒ พฤศจิกายน ๒๕๖๙"
	for _, f := range c.Forwards {
		counts[f.District.Name] = len(f.Recipients)
		lt := f.Letter
		if lt.Position != "นายอำเภอ"+f.District.Name || lt.Office[0] != "ที่ว่าการอำเภอ"+f.District.Name {
			t.Errorf("%s: from %s, %s", f.District.Name, lt.Office[0], lt.Position)
		}
		if len(lt.References) != 1 || lt.References[0] != cite {
			t.Errorf("%s cites %q; want %q", f.District.Name, lt.References, cite)
		}
		if len(lt.Attachments) == 0 || lt.Attachments[0] != "สำเนา"+cite {
			t.Errorf("%s attaches %q; want a copy of the province's letter first", f.District.Name, lt.Attachments)
		}
		if got := strings.Join(lt.To, " "); got != "นายกเทศมนตรีตำบล และนายกองค์การบริหารส่วนตำบล ทุกแห่ง" {
			t.Errorf("%s: เรียน %s", f.District.Name, got)
		}
		for i, u := range f.Recipients {
			if lt.List == nil || lt.List.Items[i] != u.Head() {
				t.Errorf("%s's list does not name %s at %d", f.District.Name, u.Head(), i+1)
			}
		}
		for _, s := range append(lt.List.Items, lt.Body...) {
			if strings.Contains(s, ".pdf") {
				t.Errorf("%s: %q names a file", f.District.Name, s)
			}
		}
	}
	if counts["เมืองสมุทรสาคร"] != 16 || counts["กระทุ่มแบน"] != 7 || counts["บ้านแพ้ว"] != 10 {
		t.Errorf("forwarded: %v", counts)
	}
}

// Few recipients are named, "และ" before the last; a district's own code
// stands in its number.
func TestFewRecipientsNamed(t *testing.T) {
	ds := samutSakhon(t)
	d := ds[2] // บ้านแพ้ว
	var few []roster.Unit
	for _, u := range d.Units {
		if u.Type.ForwardedByDistrict() && len(few) < 2 {
			few = append(few, u)
		}
	}
	d.Units = few
	tmpl := template(t)
	tmpl.District.Codes = map[string]string{"บ้านแพ้ว": "สค ๐๓๑๘"}
	c, err := tmpl.Build("สมุทรสาคร", []roster.District{d}, values())
	if err != nil {
		t.Fatal(err)
	}
	lt := c.Forwards[0].Letter
	if got, want := strings.Join(lt.To, " "), few[0].Head()+" และ"+few[1].Head(); got != want {
		t.Errorf("เรียน %s; want %s", got, want)
	}
	if lt.List != nil {
		t.Error("a letter naming every recipient has a list attached")
	}
	if lt.Number != "สค ๐๓๑๘/ว" {
		t.Errorf("ที่ %q; want สค ๐๓๑๘/ว", lt.Number)
	}
	if strings.Join(c.Circular.To, " ") != "นายอำเภอบ้านแพ้ว" {
		t.Errorf("one district: เรียน %s", c.Circular.To)
	}
}

// Before the province has sent its letter, the district letters, which
// cite it, wait; the province's own letters are made.
func TestDistrictLettersWait(t *testing.T) {
	tmpl := template(t)
	tmpl.Province.Number, tmpl.Province.Sent = "", ""
	c, err := tmpl.Build("สมุทรสาคร", samutSakhon(t), values())
	if err != nil {
		t.Fatal(err)
	}
	if !c.Waiting || len(c.Forwards) != 0 || len(c.Copies) != 8 {
		t.Errorf("waiting %v, %d forwards, %d copies; want waiting, none, 8", c.Waiting, len(c.Forwards), len(c.Copies))
	}
	if c.Circular.Number != "สค ๐๐๒๓.๓/ว" {
		t.Errorf("ที่ %q; want the code with room for the number", c.Circular.Number)
	}
}

// The department's letter unset is an error naming it, never a blank.
func TestDepartmentLetterRequired(t *testing.T) {
	tmpl := template(t)
	tmpl.Department.Number = ""
	_, err := tmpl.Build("สมุทรสาคร", samutSakhon(t), values())
	var me *placeholder.MissingError
	if !errors.As(err, &me) || me.Name != "department_letter" {
		t.Errorf("Build = %v; want {department_letter} missing", err)
	}
}

func draw(t *testing.T, lt *Letter) (string, int) {
	t.Helper()
	f, err := typeset.LoadFont("Laksaman", fonts.Regular)
	if err != nil {
		t.Fatal(err)
	}
	d := typeset.NewDoc(f)
	n, err := NewLayout(template(t), f, style, "", nil).Draw(d, lt)
	if err != nil {
		t.Fatal(err)
	}
	b, err := d.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "letter.pdf")
	if out := os.Getenv("PRAKAT_SAMPLE"); out != "" {
		path = out
	}
	os.WriteFile(path, b, 0o644)
	return path, n
}

// The parts stand in the regulation's order, the date in Thai digits, and
// the text layer reads back exactly.
func TestLetterPartsInOrder(t *testing.T) {
	c := build(t)
	c.Circular.Number = "สค ๐๐๒๓.๓/ว"
	c.Circular.References = []string{"หนังสือกรมส่งเสริมการปกครองท้องถิ่น ที่ มท ๐๘๐๒.๓/ว ๑๒๓๔ ลงวันที่ ๑ พฤศจิกายน ๒๕๖๙"}
	c.Circular.Phone = "๐ ๓๔๔๑ ๑๒๓๔"
	path, pages := draw(t, c.Circular)
	if pages < 2 {
		t.Errorf("%d pages; want the letter and its list", pages)
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pdftotext is not installed")
		}
		t.Skip("pdftotext is not installed")
	}
	out, err := exec.Command("pdftotext", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	// Spaces aside: pdftotext sets out the page number and the brackets of
	// the signature with spaces of its own, and takes the "-" that ends the
	// line "- ๒ -" for a hyphen.
	text := strings.Join(strings.Fields(string(out)), "")
	parts := []string{"ที่ สค ๐๐๒๓.๓/ว", "ศาลากลางจังหวัดสมุทรสาคร", "พฤศจิกายน ๒๕๖๙", "เรื่อง ขอความร่วมมือ",
		"เรียน นายอำเภอทุกอำเภอ", "อ้างถึง หนังสือกรมส่งเสริม", "สิ่งที่ส่งมาด้วย ๑. สำเนาหนังสือกรม", "๒. โปสเตอร์",
		"ด้วยกรมส่งเสริมการปกครองท้องถิ่น", "ขอแสดงความนับถือ", "ผู้ว่าราชการจังหวัดสมุทรสาคร",
		"สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดสมุทรสาคร", "โทร. ๐ ๓๔๔๑ ๑๒๓๔", "บัญชีรายชื่อแนบท้ายหนังสือจังหวัดสมุทรสาคร",
		"๘. นายกเทศมนตรีเมืองคลองมะเดื่อ"}
	at := 0
	for _, p := range parts {
		p = strings.ReplaceAll(p, " ", "")
		i := strings.Index(text[at:], p)
		if i < 0 {
			t.Fatalf("%q is missing, or out of order, after %q:\n%s", p, text[:at], text)
		}
		at += i + len(p)
	}
	if !strings.Contains(text, "\u2011๒\u2011") {
		t.Error("the second page is not numbered - ๒ -")
	}
}

// longLetter is a copy of the circular whose body runs over two pages.
func longLetter(t *testing.T) *Letter {
	lt := build(t).Copies[0].Letter
	last := lt.Body[len(lt.Body)-1]
	lt.Body = append(append(append([]string{}, lt.Body[:len(lt.Body)-1]...), lt.Body[:len(lt.Body)-1]...), lt.Body[:len(lt.Body)-1]...)
	lt.Body = append(lt.Body, last)
	return lt
}

// A body that runs long continues on the next page: the page that
// continues ends with its catchword, the next is numbered - ๒ -, and both
// text extractors give back the body exactly, the page number and the
// catchword on lines of their own.
func TestLongBodyContinues(t *testing.T) {
	needTool(t, "pdftotext")
	needTool(t, "mutool")
	lt := longLetter(t)
	path, pages := draw(t, lt)
	if pages < 2 {
		t.Fatalf("a long body took %d page", pages)
	}
	pageNumber := regexp.MustCompile(`^[-\x{2011}] ?[๒-๙][๐-๙]* ?[-\x{2011}]$`)
	catchword := regexp.MustCompile(`^/\S+\.\.\.$`)
	for _, tool := range [][]string{{"pdftotext", path, "-"}, {"mutool", "draw", "-q", "-F", "txt", "-o", "-", path}} {
		out, err := exec.Command(tool[0], tool[1:]...).Output()
		if err != nil {
			t.Fatal(err)
		}
		var kept []string
		numbers, catches := 0, 0
		for _, line := range strings.Split(string(out), "\n") {
			line = strings.TrimSpace(strings.Trim(line, "\f"))
			switch {
			case pageNumber.MatchString(line):
				numbers++
			case catchword.MatchString(line):
				catches++
			default:
				kept = append(kept, line)
			}
		}
		if numbers != pages-1 || catches != pages-1 {
			t.Errorf("%s: %d page numbers and %d catchwords on lines of their own; want %d of each", tool[0], numbers, catches, pages-1)
		}
		text := squeeze(strings.Join(kept, ""))
		for _, p := range lt.Body {
			if !strings.Contains(text, squeeze(p)) {
				t.Errorf("%s does not give back the paragraph %q", tool[0], p)
			}
		}
	}
}

// Whatever the body's length, the closing never stands on a page with
// fewer than two lines of body text above it, and no page ends more than a
// few lines short when the next holds the closing.
func TestClosingKeepsBodyLines(t *testing.T) {
	needTool(t, "pdftotext")
	base := build(t).Forwards[2].Letter
	words := strings.Fields("ทั้งนี้ ขอให้รายงานผลการดำเนินการให้อำเภอทราบ พร้อมภาพถ่ายการปิดประกาศ ณ จุดให้บริการ และหน้าเว็บไซต์ของหน่วยงาน เพื่อจังหวัดจะได้รวบรวมรายงานกรมต่อไป")
	onLater := 0
	for n := 0; n < 60; n++ {
		lt := *base
		lt.Body = append([]string{}, base.Body...)
		extra := ""
		for i := 0; i < n; i++ {
			extra += " " + words[i%len(words)]
		}
		lt.Body[1] += extra
		path, pages := draw(t, &lt)
		letterPages := pages - 1 // the last is the list of recipients
		for p := 2; p <= letterPages; p++ {
			out, err := exec.Command("pdftotext", "-f", fmt.Sprint(p), "-l", fmt.Sprint(p), "-layout", path, "-").Output()
			if err != nil {
				t.Fatal(err)
			}
			var lines []string
			for _, l := range strings.Split(string(out), "\n") {
				if l = strings.TrimSpace(l); l != "" {
					lines = append(lines, l)
				}
			}
			for i, l := range lines {
				if l == lt.Closing {
					onLater++
					if body := i - 1; body < 2 { // the page number stands first
						t.Errorf("%d words more: page %d holds the closing under %d body lines:\n%s", n, p, body, out)
					}
				}
			}
		}
	}
	if onLater < 10 {
		t.Errorf("the closing fell on a later page in %d of 60 lengths; the test needs more", onLater)
	}
}

// letters.yaml is read as strictly as the other YAML files: a typo names
// its line and the setting meant, a Windows-874 file the line of its first
// Thai byte.
func TestTemplateErrors(t *testing.T) {
	data, _ := templates.FS.ReadFile(templates.Letters)
	shipped := string(data)
	lineOf := func(s, sub string) int {
		i := strings.Index(s, sub)
		if i < 0 {
			t.Fatalf("%q not in letters.yaml", sub)
		}
		return 1 + strings.Count(s[:i], "\n")
	}
	encode := func(s string) string {
		b, err := charmap.Windows874.NewEncoder().Bytes([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	english := "font_size: 16\nline_spacing: 1.25\nsubject: เรื่อง\n"
	tests := []struct{ name, yaml, want string }{
		{"typo at the top", strings.Replace(shipped, "\nmargin_left:", "\nmargin_lef:", 1),
			fmt.Sprintf("letters.yaml:%d: unknown setting \"margin_lef\"\nhint: did you mean margin_left?", lineOf(shipped, "\nmargin_left:")+1)},
		{"typo in a sender", strings.Replace(shipped, "  office:", "  ofice:", 1),
			fmt.Sprintf("letters.yaml:%d: unknown setting \"ofice\"\nhint: did you mean office?", lineOf(shipped, "  office:"))},
		{"typo in the words", strings.Replace(shipped, "  closing:", "  closng:", 1),
			fmt.Sprintf("letters.yaml:%d: unknown setting \"closng\"\nhint: did you mean closing?", lineOf(shipped, "  closing:"))},
		{"windows-874", encode(shipped), "letters.yaml:1: the file is saved as Windows-874 (Thai Windows), not UTF-8\nhint: save it as UTF-8"},
		{"windows-874 below english lines", encode(english), "letters.yaml:3: the file is saved as Windows-874"},
		{"Buddhist-era year", strings.Replace(shipped, "  sent: \"\"", "  sent: \"2569-11-12\"", 1), fmt.Sprintf("letters.yaml:%d: province.sent \"2569-11-12\" has a Buddhist-era year\nhint: write the year in the Gregorian calendar", lineOf(shipped, "  sent: \"\""))},
	}
	for _, tt := range tests {
		_, err := ParseTemplate("letters.yaml", []byte(tt.yaml))
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%s: err = %v; want %q…", tt.name, err, tt.want)
		}
	}
}
