package poster

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/prakat/prakat/fonts"
	"github.com/prakat/prakat/internal/placeholder"
	"github.com/prakat/prakat/internal/qr"
	"github.com/prakat/prakat/internal/typeset"
	"github.com/prakat/prakat/templates"
	"golang.org/x/text/encoding/charmap"
)

func renderer(t testing.TB) (*Renderer, Fonts) {
	t.Helper()
	reg, err := typeset.LoadFont("Laksaman", fonts.Regular)
	if err != nil {
		t.Fatal(err)
	}
	bold, err := typeset.LoadFont("Laksaman Bold", fonts.Bold)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := templates.FS.ReadFile(templates.Poster)
	tmpl, err := ParseTemplate("poster.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	fs := Fonts{Regular: reg, Bold: bold}
	r, err := NewRenderer(tmpl, fs)
	if err != nil {
		t.Fatal(err)
	}
	return r, fs
}

var longest = Fields{
	"name": "องค์การบริหารส่วนตำบลบ้านน้อยซุ้มขี้เหล็ก", "district": "เมืองสมุทรสาคร", "province": "สมุทรสาคร",
	"code": "6740110", "type": "อบต.", "link": "HTTPS://S.EXAMPLE.GO.TH/MQ4CUZQ9",
	"closing_date": "๓๑ ธันวาคม ๒๕๖๙", "contact": "สอบถาม สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดสมุทรสาคร โทร. ๐ ๓๔๔๑ ๑๒๓๔",
}

func TestWriteSamplePoster(t *testing.T) {
	out := os.Getenv("PRAKAT_SAMPLE")
	if out == "" {
		t.Skip("set PRAKAT_SAMPLE=file.pdf to write a sample poster")
	}
	r, fs := renderer(t)
	d := typeset.NewDoc(fs.Regular, fs.Bold)
	code, _ := qr.Encode(longest["link"], qr.Q)
	if err := r.Draw(d, longest, code, nil); err != nil {
		t.Fatal(err)
	}
	b, err := d.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(out, b, 0o644)
}

// BenchmarkPoster times one poster as a single document: laying it out,
// drawing it, finishing the PDF. (generate draws many to a document, which
// is cheaper a poster; scripts/bench-peer.sh times that whole run.)
func BenchmarkPoster(b *testing.B) {
	r, fs := renderer(b)
	code, _ := qr.Encode(longest["link"], qr.Q)
	var n int
	for b.Loop() {
		d := typeset.NewDoc(fs.Regular, fs.Bold)
		if err := r.Draw(d, longest, code, nil); err != nil {
			b.Fatal(err)
		}
		out, err := d.Bytes()
		if err != nil {
			b.Fatal(err)
		}
		n = len(out)
	}
	b.ReportMetric(float64(n)/1024, "KB")
}

// The longest unit name in the register fits on one line, whole, and the
// poster is one page whatever the template is given.
func TestLongestNameOneLine(t *testing.T) {
	r, fs := renderer(t)
	d := typeset.NewDoc(fs.Regular, fs.Bold)
	code, _ := qr.Encode(longest["link"], qr.Q)
	if err := r.Draw(d, longest, code, nil); err != nil {
		t.Fatal(err)
	}
	if d.Pages() != 1 {
		t.Errorf("%d pages", d.Pages())
	}
	it := &item{block: Block{Size: 30, Bold: true, OneLine: true}, text: longest["name"], font: fs.Bold,
		keep: []typeset.Span{{Start: 0, End: len([]rune(longest["name"]))}}}
	it.size = 30
	lines := r.wrap(it, pageW-2*r.t.Margin)
	for it.block.OneLine && len(lines) > 1 && it.size > 30*MinShrink {
		it.size *= 0.97
		lines = r.wrap(it, pageW-2*r.t.Margin)
	}
	if len(lines) != 1 {
		t.Errorf("the longest name takes %d lines", len(lines))
	}
}

func TestTemplateErrors(t *testing.T) {
	base := "blocks:\n  - text: \"{name}\"\n    size: 20\n  - qr: 80\n"
	tests := []struct{ name, yaml, want string }{
		{"unknown field", base + "  - text: x\n    sise: 20\n", "t.yaml:6: unknown setting \"sise\"\nhint: did you mean size?"},
		{"unknown top setting", "margn: 10\n" + base, "t.yaml:1: unknown setting \"margn\"\nhint: did you mean margin?"},
		{"unknown frame setting", base + "frame:\n  color: \"#000000\"\n", "t.yaml:6: unknown setting \"color\"\nhint: did you mean colour?"},
		{"windows-874", string(win874(t, base+"  - text: ชื่อหน่วย\n    size: 20\n")), "t.yaml:5: the file is saved as Windows-874 (Thai Windows), not UTF-8\nhint: save it as UTF-8"},
		{"placeholder", "blocks:\n  - text: \"{unit}\"\n    size: 20\n  - qr: 80\n", "t.yaml:2: unknown placeholder {unit}"},
		{"no qr", "blocks:\n  - text: x\n    size: 20\n", "exactly one qr block, not 0"},
		{"two qr", base + "  - qr: 40\n", "exactly one qr block, not 2"},
		{"tiny text", "blocks:\n  - text: x\n    size: 2\n  - qr: 80\n", "t.yaml:2: text size 2 pt"},
		{"colour", "blocks:\n  - text: x\n    size: 20\n    colour: red\n  - qr: 80\n", `unknown colour "red"`},
		{"bad hex", "colours:\n  a: \"#12\"\n" + base, `colour a: "#12" is not #RRGGBB`},
		{"both", "blocks:\n  - text: x\n    qr: 40\n", "t.yaml:2: a block is one of text, qr or logo"},
	}
	for _, tt := range tests {
		_, err := ParseTemplate("t.yaml", []byte(tt.yaml))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v; want %q", tt.name, err, tt.want)
		}
	}
	if _, err := ParseTemplate("t.yaml", []byte(base)); err != nil {
		t.Errorf("a minimal template: %v", err)
	}
}

func win874(t *testing.T, s string) []byte {
	t.Helper()
	b, err := charmap.Windows874.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// The shipped template saved by a Thai Windows editor is refused at its
// first line, the Thai comment at the top.
func TestShippedTemplateInWindows874(t *testing.T) {
	data, _ := templates.FS.ReadFile(templates.Poster)
	_, err := ParseTemplate("poster.yaml", win874(t, string(data)))
	if err == nil || !strings.HasPrefix(err.Error(), "poster.yaml:1: the file is saved as Windows-874") {
		t.Errorf("err = %v; want poster.yaml:1 and Windows-874", err)
	}
}

// A block whose optional value is absent is left out; a required value
// absent refuses the poster, naming the placeholder.
func TestAbsentValues(t *testing.T) {
	r, fs := renderer(t)
	fields := Fields{"name": "องค์การบริหารส่วนตำบลบ้านแพ้ว", "district": "บ้านแพ้ว", "province": "สมุทรสาคร",
		"closing_date": "๓๑ ธันวาคม ๒๕๖๙", "title": "แบบประเมิน"}
	if err := r.Check(fields); err != nil {
		t.Errorf("Check without the optional link and contact: %v", err)
	}
	delete(fields, "closing_date")
	var me *placeholder.MissingError
	if err := r.Check(fields); !errors.As(err, &me) || me.Name != "closing_date" {
		t.Errorf("Check without a closing date = %v; want {closing_date} missing", err)
	}
	if err := r.Draw(typeset.NewDoc(fs.Regular, fs.Bold), fields, nil, nil); !errors.As(err, &me) {
		t.Errorf("Draw without a closing date = %v; want {closing_date} missing", err)
	}
}
