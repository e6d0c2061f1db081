package generate

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/prakat/prakat/internal/links"
	"github.com/prakat/prakat/internal/poster"
	"github.com/prakat/prakat/internal/roster"
	"github.com/prakat/prakat/internal/thai"
)

func TestFileName(t *testing.T) {
	long := strings.Repeat("ท่าน้ำ", 30) // 180 runes, a mark wherever it is cut
	for _, c := range []struct{ in, want string }{
		{"บ้านแพ้ว", "บ้านแพ้ว"},
		{"a/b", "a-b"},
		{`a\b:c*d?e"f<g>h|i`, "a-b-c-d-e-f-g-h-i"},
		{"..", "_"},
		{"", "_"},
		{" . ", "_"},
		{"CON", "_CON"},
		{"nul", "_nul"},
		{"Com1.txt", "_Com1.txt"},
		{"CONSOLE", "CONSOLE"},
		{"name.", "name"},
		{"tab\there", "tab-here"},
		{"../../etc", "etc"},
		{"-rf", "rf"},
		{"--", "_"},
	} {
		if got := FileName(c.in); got != c.want {
			t.Errorf("FileName(%q) = %q; want %q", c.in, got, c.want)
		}
	}
	got := FileName(long)
	if n := utf8.RuneCountInString(got); n > MaxNameRunes || n < MaxNameRunes-3 {
		t.Errorf("FileName of %d runes has %d; want about %d", utf8.RuneCountInString(long), n, MaxNameRunes)
	}
	if !strings.HasPrefix(long, got) {
		t.Errorf("FileName(long) = %q is not a prefix of the name", got)
	}
	rest := []rune(long[len(got):])
	if thai.IsMark(rest[0]) || rest[0] == 0x0E33 {
		t.Errorf("FileName(long) cut before %q, parting a mark from its base", rest[0])
	}
}

// Names real users type make their files: every file lies inside OUT,
// distinct districts never share a folder, every manifest path exists, and
// no path is long for Windows.
func TestRunHostileNames(t *testing.T) {
	districts := []string{"letters", "manifest.csv", "letters.csv", "เมือง.zip", "../../etc", "a-b-2", "a/b", "a:b", `a\b`, `"q"`, "<x>|y", "..", "CON", "NUL", "เมือง", "เมือง/", strings.Repeat("อำเภอยาวมาก", 14)}
	var as []links.Assignment
	for i, d := range districts {
		for j := range 2 {
			code := "6" + string(rune('1'+i%9)) + "0" + string(rune('0'+i/9)) + string(rune('0'+i%10)) + "0" + string(rune('1'+j))
			name := "องค์การบริหารส่วนตำบล" + strings.Repeat("บ้านหนองน้ำใสสะอาด", 6) + "ก" // 130 Thai characters
			u := roster.Unit{Code: code, Type: roster.SubdistrictOrg, Name: name, District: d, Province: "สมุทรสาคร"}
			tok := links.Derive([]byte("secret"), code, 0)
			as = append(as, links.Assignment{Unit: u, Token: tok, Link: links.ShortLink("https://s.example.go.th", tok)})
		}
	}
	if n := utf8.RuneCountInString(as[0].Unit.Name); n < 130 {
		t.Fatalf("test name has %d runes; want 130 or more", n)
	}
	parent := t.TempDir()
	out := filepath.Join(parent, "out")
	o := testOptions(t, out)
	o.Zip = true // each district's bundle beside its folder: เมือง.zip and a district called เมือง.zip
	res, err := Run(context.Background(), as, o)
	if err != nil {
		t.Fatal(err)
	}
	folders := map[string]string{}
	for _, e := range res.Entries {
		for _, p := range []string{e.Poster, e.QR} {
			if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(p))); err != nil {
				t.Errorf("manifest path %q: %v", p, err)
			}
			if n := utf8.RuneCountInString(p); n > 3*MaxNameRunes+16 {
				t.Errorf("%q is %d characters", p, n)
			}
		}
		dir := filepath.Dir(e.Poster)
		if strings.Contains(dir, "/") || dir == "." || dir == ".." {
			t.Errorf("district %q has folder %q, not one folder below OUT", e.Unit.District, dir)
		}
		if d, ok := folders[dir]; ok && d != e.Unit.District {
			t.Errorf("districts %q and %q share the folder %q", d, e.Unit.District, dir)
		}
		folders[dir] = e.Unit.District
	}
	if len(folders) != len(districts) {
		t.Errorf("%d folders for %d districts", len(folders), len(districts))
	}
	for dir := range folders {
		if got := readPDF(t, filepath.Join(out, dir, PrintAllName)).Pages(); got != 2 {
			t.Errorf("%s/%s has %d pages; want 2", dir, PrintAllName, got)
		}
		if st, err := os.Stat(filepath.Join(out, dir+".zip")); err != nil || !st.Mode().IsRegular() {
			t.Errorf("%s.zip: %v", dir, err)
		}
		if strings.HasPrefix(dir, "-") {
			t.Errorf("folder %q starts with a dash", dir)
		}
	}
	assertNothingBeside(t, parent, "out")
}

// A list spanning provinces gets a folder for each province above its
// districts; the same district name in two provinces is two folders.
func TestRunSpansProvinces(t *testing.T) {
	as := fakeUnits(6, 2)
	for i := range as {
		if i >= 3 {
			as[i].Unit.Province = "นครปฐม"
		}
		as[i].Unit.District = "เมือง"
	}
	out := filepath.Join(t.TempDir(), "out")
	res, err := Run(context.Background(), as, testOptions(t, out))
	if err != nil {
		t.Fatal(err)
	}
	if res.Districts != 2 {
		t.Errorf("%d districts; want 2", res.Districts)
	}
	for i, e := range res.Entries {
		want := "สมุทรสาคร/เมือง/"
		if i >= 3 {
			want = "นครปฐม/เมือง/"
		}
		if !strings.HasPrefix(e.Poster, want) {
			t.Errorf("%s poster at %q; want it under %q", e.Unit.Code, e.Poster, want)
		}
	}
	for _, dir := range []string{"สมุทรสาคร/เมือง", "นครปฐม/เมือง"} {
		if got := readPDF(t, filepath.Join(out, dir, PrintAllName)).Pages(); got != 3 {
			t.Errorf("%s has %d pages; want 3", dir, got)
		}
	}
}

// Every print format makes one page of its size a unit, and a print file a
// district with as many pages as it has units; the manifest names them.
func TestRunPrintFormats(t *testing.T) {
	as := fakeUnits(12, 2)
	out := filepath.Join(t.TempDir(), "out")
	o := testOptions(t, out)
	o.Formats = []poster.Format{poster.Formats["A3"], poster.Formats["A5"], poster.Formats["tent"]}
	res, err := Run(context.Background(), as, o)
	if err != nil {
		t.Fatal(err)
	}
	boxes := []string{"MediaBox [0 0 841.89 1190.55]", "MediaBox [0 0 419.53 595.28]", "MediaBox [0 0 841.89 595.28]"}
	for _, e := range res.Entries {
		if len(e.Prints) != 3 {
			t.Fatalf("%s: %d print files; want 3", e.Unit.Code, len(e.Prints))
		}
		for k, p := range e.Prints {
			data, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(p)))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(data), boxes[k]) {
				t.Errorf("%s is not on a page of %s", p, boxes[k])
			}
			if n := readPDF(t, filepath.Join(out, filepath.FromSlash(p))).Pages(); n != 1 {
				t.Errorf("%s has %d pages", p, n)
			}
		}
	}
	for _, f := range []string{"A3", "A5", "tent"} {
		for _, d := range []string{"เมือง0", "เมือง1"} {
			if n := readPDF(t, filepath.Join(out, d, "print-all-"+f+".pdf")).Pages(); n != 6 {
				t.Errorf("%s/print-all-%s.pdf has %d pages; want 6", d, f, n)
			}
		}
	}
	m, _ := os.ReadFile(filepath.Join(out, ManifestName))
	if !strings.Contains(strings.SplitN(string(m), "\n", 2)[0], ",A3,A5,tent") {
		t.Errorf("manifest header %q lacks the formats", strings.SplitN(string(m), "\n", 2)[0])
	}
}
