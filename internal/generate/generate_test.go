package generate

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"strings"
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
	return Options{Out: out, Renderer: r, Fonts: fs, QR: qr.Policy{Min: qr.Q},
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

// A unit the font cannot draw is refused by the plan, naming its row,
// before anything is written: the previous output stays as it was, and
// nothing but the folder's lock is left beside it.
func TestPlanRefusesUndrawableName(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "out")
	o := testOptions(t, out)
	if _, err := Run(context.Background(), fakeUnits(10, 2), o); err != nil {
		t.Fatal(err)
	}
	before := treeSum(t, out)
	bad := fakeUnits(80, 3)
	bad[70].Unit.Name = "ชื่อมีอีโมจิ 😀"
	bad[70].Unit.Row = 72
	o.Source = "units.csv"
	_, err := NewPlan(units(bad), o)
	var ps *roster.Problems
	if !errors.As(err, &ps) || len(ps.List) != 1 {
		t.Fatalf("NewPlan = %v; want one problem", err)
	}
	if p := ps.List[0]; p.File != "units.csv" || p.Row != 72 || p.Column != "name" || !strings.Contains(p.What.String(), bad[70].Unit.Code) || !strings.Contains(p.What.String(), "😀") {
		t.Errorf("problem = %+v; want units.csv row 72, column name, the unit's code and the emoji", p)
	}
	if after := treeSum(t, out); after != before {
		t.Error("the previous output changed")
	}
	assertNothingBeside(t, parent, "out")
}

// A run cancelled part way (Ctrl-C) leaves the previous output as it was
// and nothing beside it.
func TestRunCancelled(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "out")
	if _, err := Run(context.Background(), fakeUnits(10, 2), testOptions(t, out)); err != nil {
		t.Fatal(err)
	}
	before := treeSum(t, out)
	ctx, cancel := context.WithCancel(context.Background())
	o := testOptions(t, out)
	o.Jobs = 1
	o.Progress = func(done, total int) {
		if done == 3 {
			cancel()
		}
	}
	_, err := Run(ctx, fakeUnits(300, 5), o)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Run = %v; want context.Canceled", err)
	}
	if after := treeSum(t, out); after != before {
		t.Error("the previous output changed")
	}
	assertNothingBeside(t, parent, "out")
}

func units(as []links.Assignment) []roster.Unit {
	var us []roster.Unit
	for _, a := range as {
		us = append(us, a.Unit)
	}
	return us
}

// assertNothingBeside fails if parent holds anything but the output and its
// lock.
func assertNothingBeside(t *testing.T, parent, out string) {
	t.Helper()
	ents, _ := os.ReadDir(parent)
	for _, e := range ents {
		if e.Name() != out && e.Name() != "."+out+".prakat-lock" {
			t.Errorf("%s left beside the output", e.Name())
		}
	}
}

// treeSum hashes every file's path and content under dir.
func treeSum(t *testing.T, dir string) string {
	t.Helper()
	h := sha256.New()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		fmt.Fprintf(h, "%s %x\n", p, sha256.Sum256(b))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

// The emblems are listed once a run: every file readLogo could find is
// listed (by code, in lower case), other files are not, and a campaign
// without the folder has none.
func TestListLogos(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"6740110.png", "6740111.JPG", "6740112.jpeg", "notes.txt", "6740113.gif"} {
		os.WriteFile(filepath.Join(dir, name), []byte("x"), 0o644)
	}
	got, err := listLogos(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"6740110": true, "6740111": true, "6740112": true}
	if !maps.Equal(got, want) {
		t.Errorf("listLogos = %v; want %v", got, want)
	}
	if got, err := listLogos(filepath.Join(dir, "none")); err != nil || len(got) != 0 {
		t.Errorf("listLogos of an absent folder = %v, %v; want none", got, err)
	}
}
