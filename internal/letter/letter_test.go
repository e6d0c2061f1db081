package letter

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prakat/prakat/fonts"
	"github.com/prakat/prakat/internal/example"
	"github.com/prakat/prakat/internal/placeholder"
	"github.com/prakat/prakat/internal/roster"
	"github.com/prakat/prakat/internal/thai"
	"github.com/prakat/prakat/internal/typeset"
	"github.com/prakat/prakat/templates"
	"golang.org/x/text/encoding/charmap"
)

func template(t testing.TB) *Template {
	t.Helper()
	data, _ := templates.FS.ReadFile(templates.Letters)
	tmpl, err := ParseTemplate("letters.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
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
		Closing: "๓๑ ธันวาคม ๒๕๖๙", Date: "๒๕ พฤศจิกายน ๒๕๖๙", Style: style,
		PosterPath: func(u roster.Unit) string { return u.District + "/" + u.Code + ".pdf" }}
}

// The Samut Sakhon circular goes to its eight direct recipients by their
// titles; each district forwards to every one of its subdistrict units.
func TestChainSamutSakhon(t *testing.T) {
	c := build(t)
	want := []string{
		"นายอำเภอเมืองสมุทรสาคร", "นายอำเภอกระทุ่มแบน", "นายอำเภอบ้านแพ้ว",
		"นายกองค์การบริหารส่วนจังหวัดสมุทรสาคร", "นายกเทศมนตรีนครสมุทรสาคร",
		"นายกเทศมนตรีนครอ้อมน้อย", "นายกเทศมนตรีเมืองกระทุ่มแบน", "นายกเทศมนตรีเมืองคลองมะเดื่อ",
	}
	if got := strings.Join(c.Circular.List, "|"); got != strings.Join(want, "|") {
		t.Errorf("recipients:\n%s\nwant\n%s", got, strings.Join(want, "|"))
	}
	if strings.Join(c.Circular.To, "|") != strings.Join(want, "|") {
		t.Errorf("เรียน %s", c.Circular.To)
	}
	if len(c.Copies) != 8 || c.Copies[4].Letter.To[0] != "นายกเทศมนตรีนครสมุทรสาคร" {
		t.Errorf("copies: %d, the fifth to %s", len(c.Copies), c.Copies[4].Letter.To)
	}
	counts := map[string]int{}
	for _, f := range c.Forwards {
		counts[f.District.Name] = len(f.Recipients)
		if f.Letter.Position != "นายอำเภอ"+f.District.Name || f.Letter.Office[0] != "ที่ว่าการอำเภอ"+f.District.Name {
			t.Errorf("%s: from %s, %s", f.District.Name, f.Letter.Office[0], f.Letter.Position)
		}
		for _, u := range f.Recipients {
			if !strings.Contains(strings.Join(f.Letter.List, "\n"), u.Head()) {
				t.Errorf("%s's letter does not name %s", f.District.Name, u.Head())
			}
		}
	}
	if counts["เมืองสมุทรสาคร"] != 16 || counts["กระทุ่มแบน"] != 7 || counts["บ้านแพ้ว"] != 10 {
		t.Errorf("forwarded: %v", counts)
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
	c.Circular.Reference = "หนังสือกรมส่งเสริมการปกครองท้องถิ่น ที่ มท ๐๘๐๒.๓/ว ๑๒๓๔ ลงวันที่ ๑ พฤศจิกายน ๒๕๖๙"
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
	parts := []string{"ที่ สค ๐๐๒๓.๓/ว", "ศาลากลางจังหวัดสมุทรสาคร", "๒๕ พฤศจิกายน ๒๕๖๙", "เรื่อง ขอความร่วมมือ",
		"เรียน นายอำเภอเมืองสมุทรสาคร", "อ้างถึง หนังสือกรมส่งเสริม", "สิ่งที่ส่งมาด้วย โปสเตอร์",
		"ด้วยกรมส่งเสริมการปกครองท้องถิ่น", "ขอแสดงความนับถือ", "ผู้ว่าราชการจังหวัดสมุทรสาคร",
		"สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดสมุทรสาคร", "โทร. ๐ ๓๔๔๑ ๑๒๓๔", "บัญชีรายชื่อผู้รับหนังสือ",
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
	if !strings.Contains(text, "-๒") {
		t.Error("the second page is not numbered - ๒ -")
	}
}

// A body that runs long continues on the next page, numbered.
func TestLongBodyContinues(t *testing.T) {
	c := build(t)
	lt := c.Copies[0].Letter
	for i := 0; i < 4; i++ {
		lt.Body = append(lt.Body[:len(lt.Body)-1], lt.Body[0], lt.Body[1], lt.Body[len(lt.Body)-1])
	}
	_, pages := draw(t, lt)
	if pages < 2 {
		t.Errorf("a long body took %d page", pages)
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
	}
	for _, tt := range tests {
		_, err := ParseTemplate("letters.yaml", []byte(tt.yaml))
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%s: err = %v; want %q…", tt.name, err, tt.want)
		}
	}
}
