package poster

import (
	"os"
	"testing"

	"github.com/prakat/prakat/fonts"
	"github.com/prakat/prakat/internal/qr"
	"github.com/prakat/prakat/internal/typeset"
	"github.com/prakat/prakat/templates"
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
	return NewRenderer(tmpl, fs), fs
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
	if err := r.Draw(d, longest, code); err != nil {
		t.Fatal(err)
	}
	b, err := d.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(out, b, 0o644)
}
