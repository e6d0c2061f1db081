package main

import (
	"bytes"
	"encoding/csv"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prakat/prakat/internal/cli"
)

// needTools skips where the PDF and QR tools are missing, and fails in CI,
// where .ci/run installs them.
func needTools(t *testing.T, names ...string) {
	t.Helper()
	for _, n := range names {
		if _, err := exec.LookPath(n); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s is not installed; .ci/run installs poppler-utils, mupdf-tools, zbar-tools and qpdf", n)
			}
			t.Skipf("%s is not installed", n)
		}
	}
}

// runDemo runs `prakat demo` in a temporary folder and returns its output folder.
func runDemo(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	var stderr bytes.Buffer
	if code := cli.Run([]string{"demo", "--out", dir, "-q"}, cli.IO{Out: &stderr, Err: &stderr}); code != 0 {
		t.Fatalf("demo: exit %d\n%s", code, stderr.String())
	}
	return filepath.Join(dir, "output")
}

// readCSV reads a CSV prakat wrote (UTF-8 with BOM).
func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).Output()
	if err != nil {
		t.Fatalf("%s %s: %v", name, strings.Join(args, " "), err)
	}
	return string(out)
}

// TestDemoPostersEndToEnd checks every demo poster as a reader and a phone
// would: one A4 page with embedded fonts, a QR code that scans (rendered at
// 150 dpi) to exactly its manifest link, and a text layer, in poppler and
// in MuPDF, holding the unit's exact name and no private-use character.
func TestDemoPostersEndToEnd(t *testing.T) {
	needTools(t, "pdfinfo", "pdffonts", "pdftoppm", "pdftotext", "mutool", "zbarimg")
	out := runDemo(t)
	recs := readCSV(t, filepath.Join(out, "manifest.csv"))
	if len(recs) != 39 {
		t.Fatalf("manifest has %d rows; want 38 and a header", len(recs)-1)
	}
	for _, r := range recs[1:] {
		name, link, poster := r[2], r[5], filepath.Join(out, filepath.FromSlash(r[6]))
		t.Run(r[0], func(t *testing.T) {
			info := run(t, "pdfinfo", poster)
			if !strings.Contains(info, "Pages:           1\n") || !strings.Contains(info, "595.28 x 841.89 pts (A4)") {
				t.Errorf("not one A4 page:\n%s", info)
			}
			st, _ := os.Stat(poster)
			if st.Size() > 40<<10 {
				t.Errorf("poster is %d bytes; at most 40 KB", st.Size())
			}
			for _, line := range strings.Split(run(t, "pdffonts", poster), "\n")[2:] {
				if f := strings.Fields(line); len(f) > 4 && f[len(f)-5] != "yes" {
					t.Errorf("font not embedded: %s", line)
				}
			}
			png := filepath.Join(t.TempDir(), "p")
			run(t, "pdftoppm", "-r", "150", "-png", "-singlefile", poster, png)
			if got := strings.TrimSpace(run(t, "zbarimg", "-q", "--raw", png+".png")); got != link {
				t.Errorf("QR code reads %q; manifest has %q", got, link)
			}
			for _, text := range []string{
				run(t, "pdftotext", poster, "-"),
				run(t, "mutool", "draw", "-q", "-F", "txt", "-o", "-", poster),
			} {
				if !strings.Contains(strings.Join(strings.Fields(text), ""), strings.ReplaceAll(name, " ", "")) {
					t.Errorf("text layer lacks %q:\n%s", name, text)
				}
				for _, c := range text {
					if (c >= 0xE000 && c <= 0xF8FF) || c == 0xFFFD {
						t.Errorf("text layer holds %U", c)
						break
					}
				}
			}
		})
	}
}

// TestDemoLettersEndToEnd reads every demo letter as poppler and MuPDF do:
// each names its recipients, in Thai that extracts exactly.
func TestDemoLettersEndToEnd(t *testing.T) {
	needTools(t, "pdftotext", "mutool")
	out := runDemo(t)
	recs := readCSV(t, filepath.Join(out, "letters.csv"))
	recipients := map[string][]string{"letters/circular.pdf": nil}
	for _, r := range recs[1:] {
		recipients[r[2]] = append(recipients[r[2]], r[0])
	}
	if len(recipients) != 1+8+3 {
		t.Errorf("%d letters; want the circular, 8 copies and 3 district letters", len(recipients))
	}
	for file, names := range recipients {
		path := filepath.Join(out, filepath.FromSlash(file))
		for _, text := range []string{
			run(t, "pdftotext", path, "-"),
			run(t, "mutool", "draw", "-q", "-F", "txt", "-o", "-", path),
		} {
			flat := strings.Join(strings.Fields(text), "")
			for _, want := range append([]string{"ขอแสดงความนับถือ", "เรื่องขอความร่วมมือ"}, names...) {
				if !strings.Contains(flat, want) {
					t.Errorf("%s lacks %q", file, want)
				}
			}
			for _, c := range text {
				if (c >= 0xE000 && c <= 0xF8FF) || c == 0xFFFD {
					t.Errorf("%s: text layer holds %U", file, c)
					break
				}
			}
		}
	}
}

// TestDemoPDFsPassQPDF checks every PDF the demo makes with a validator
// that shares no code with prakat's own PDF handling.
func TestDemoPDFsPassQPDF(t *testing.T) {
	needTools(t, "qpdf")
	out := runDemo(t)
	n := 0
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".pdf" {
			return err
		}
		n++
		if b, err := exec.Command("qpdf", "--check", p).CombinedOutput(); err != nil {
			rel, _ := filepath.Rel(out, p)
			t.Errorf("qpdf --check %s: %v\n%s", rel, err, b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 38+3+9 {
		t.Errorf("checked %d PDFs; the demo makes 38 posters, 3 print files and the letters", n)
	}
}
