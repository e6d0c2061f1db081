package generate

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/prakat/prakat/fonts"
	"github.com/prakat/prakat/internal/links"
	"github.com/prakat/prakat/internal/poster"
	"github.com/prakat/prakat/internal/qr"
	"github.com/prakat/prakat/internal/roster"
	"github.com/prakat/prakat/internal/typeset"
	"github.com/prakat/prakat/templates"
)

func testOptions(t testing.TB, out string) Options {
	t.Helper()
	reg, err := typeset.LoadFont("Laksaman", fonts.Regular)
	if err != nil {
		t.Fatal(err)
	}
	bold, _ := typeset.LoadFont("Laksaman Bold", fonts.Bold)
	data, _ := templates.FS.ReadFile(templates.Poster)
	tmpl, err := poster.ParseTemplate("poster.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	fs := poster.Fonts{Regular: reg, Bold: bold}
	return Options{Out: out, Renderer: poster.NewRenderer(tmpl, fs), Fonts: fs, QRLevel: qr.Q,
		Fields: func(a links.Assignment) poster.Fields {
			return poster.Fields{"name": a.Unit.Name, "district": a.Unit.District, "province": a.Unit.Province, "link": a.Link,
				"closing_date": "๓๑ ธันวาคม ๒๕๖๙", "contact": "โทร. ๐ ๓๔๔๑ ๑๒๓๔"}
		}}
}

func fakeUnits(n, districts int) []links.Assignment {
	var as []links.Assignment
	for i := 0; i < n; i++ {
		code := fmt.Sprintf("6%02d%02d%02d", 10+i%70, i%districts, i%100)
		u := roster.Unit{Code: code, Type: roster.SubdistrictOrg, Name: fmt.Sprintf("องค์การบริหารส่วนตำบลบ้านหนองน้ำใส%d", i),
			District: fmt.Sprintf("เมือง%d", i%districts), Province: "สมุทรสาคร"}
		tok := links.Derive([]byte("secret"), code+fmt.Sprint(i), 0)
		as = append(as, links.Assignment{Unit: u, Token: tok, Link: links.ShortLink("https://s.example.go.th", tok)})
	}
	return as
}

func BenchmarkGenerate(b *testing.B) {
	as := fakeUnits(100, 2)
	o := testOptions(b, "")
	o.Jobs = 1
	for b.Loop() {
		o.Out = filepath.Join(b.TempDir(), "out")
		if _, err := Run(context.Background(), as, o); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(as))/1e6, "ms/poster")
}
