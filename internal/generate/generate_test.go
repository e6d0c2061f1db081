package generate

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/prakat/prakat/fonts"
	"github.com/prakat/prakat/internal/links"
	"github.com/prakat/prakat/internal/pdfdoc"
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
	r, err := poster.NewRenderer(tmpl, fs)
	if err != nil {
		t.Fatal(err)
	}
	return Options{Out: out, Renderer: r, Fonts: fs, QRLevel: qr.Q,
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

// Districts drawn together in one document come apart right: each poster is
// its own one-page PDF, each district's print file has exactly its pages,
// and two runs give the same bytes.
func TestRunSplitsDocuments(t *testing.T) {
	as := fakeUnits(150, 7) // districts of about 21: several to a document
	out := filepath.Join(t.TempDir(), "out")
	res, err := Run(context.Background(), as, testOptions(t, out))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Entries) != 150 || res.Districts != 7 {
		t.Fatalf("%d entries in %d districts", len(res.Entries), res.Districts)
	}
	perDistrict := map[string]int{}
	for i, e := range res.Entries {
		if e.Unit.Code != as[i].Unit.Code {
			t.Fatalf("entry %d is %s; the list has %s there", i, e.Unit.Code, as[i].Unit.Code)
		}
		perDistrict[e.Unit.District]++
		pd := readPDF(t, filepath.Join(out, e.Poster))
		if pd.Pages() != 1 {
			t.Errorf("%s has %d pages", e.Poster, pd.Pages())
		}
	}
	for d, n := range perDistrict {
		if got := readPDF(t, filepath.Join(out, FileName(d), PrintAllName)).Pages(); got != n {
			t.Errorf("%s print file has %d pages; the district has %d units", d, got, n)
		}
	}
	again := filepath.Join(t.TempDir(), "out")
	if _, err := Run(context.Background(), as, testOptions(t, again)); err != nil {
		t.Fatal(err)
	}
	for _, e := range res.Entries[:20] {
		a, _ := os.ReadFile(filepath.Join(out, e.Poster))
		b, _ := os.ReadFile(filepath.Join(again, e.Poster))
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between two runs", e.Poster)
		}
	}
}

func readPDF(t *testing.T, path string) *pdfdoc.Doc {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	pd, err := pdfdoc.Parse(b)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return pd
}

// A failure part way leaves the previous output as it was, and no
// temporary folder behind.
func TestRunFailureKeepsOutput(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "out")
	o := testOptions(t, out)
	if _, err := Run(context.Background(), fakeUnits(10, 2), o); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(filepath.Join(out, ManifestName))
	bad := fakeUnits(80, 3)
	bad[70].Unit.Name = "ชื่อมีอีโมจิ 😀" // the font has no glyph: the run fails late
	o.Fields = testOptions(t, out).Fields
	if _, err := Run(context.Background(), bad, o); err == nil {
		t.Fatal("Run succeeded with an undrawable name")
	}
	after, _ := os.ReadFile(filepath.Join(out, ManifestName))
	if !bytes.Equal(before, after) {
		t.Error("the previous output changed")
	}
	entries, _ := os.ReadDir(parent)
	if len(entries) != 1 {
		t.Errorf("%d entries beside the output; want none", len(entries)-1)
	}
}
