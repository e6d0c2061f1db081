package docx

import (
	"bytes"
	"context"
	"flag"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
)

var keepDir = flag.String("docx.keep", "", "copy the sample letter's .docx and its LibreOffice PDF to this folder, to look at")

// need skips the test when a tool is missing, except in CI, where .ci/run
// installs them all and a missing one is a failure.
func need(t *testing.T, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s is not installed; .ci/run installs it", tool)
			}
			t.Skipf("%s is not installed", tool)
		}
	}
}

// soffice converts the file at src to format ("pdf", "txt:Text") in
// LibreOffice with a profile of its own, and returns the converted file's
// path.
func soffice(t *testing.T, src, format string) string {
	t.Helper()
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "soffice",
		"-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--headless", "--convert-to", format, "--outdir", dir, src)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	start := time.Now()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("soffice --convert-to %s: %v\n%s", format, err, out)
	}
	t.Logf("soffice --convert-to %s: %v", format, time.Since(start).Round(100*time.Millisecond))
	ext, _, _ := strings.Cut(format, ":")
	got := filepath.Join(dir, strings.TrimSuffix(filepath.Base(src), ".docx")+"."+ext)
	if _, err := os.Stat(got); err != nil {
		t.Fatalf("soffice --convert-to %s wrote no %s:\n%s", format, filepath.Base(got), out)
	}
	return got
}

func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).Output()
	if err != nil {
		t.Fatalf("%s %s: %v", name, strings.Join(args, " "), err)
	}
	return string(out)
}

// squeeze drops white space, which a converter may add or drop between
// lines and columns.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '\uFEFF' {
			return -1
		}
		return r
	}, s)
}

// dropToneMarks drops Thai tone marks too. pdftotext orders a tone mark
// by where the font draws it, which with a mark over an upper vowel can
// come after the next consonant: "ขึ้น" is read back as "ขึน้".
func dropToneMarks(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '\u0E48' && r <= '\u0E4B' {
			return -1
		}
		return r
	}, squeeze(s))
}

// inOrder reports the first of parts that text does not hold after the
// previous one, or "" when it holds them all in order.
func inOrder(text string, parts []string, norm func(string) string) string {
	text = norm(text)
	for _, p := range parts {
		i := strings.Index(text, norm(p))
		if i < 0 {
			return p
		}
		text = text[i+len(norm(p)):]
	}
	return ""
}

// TestLibreOffice opens the sample letter in LibreOffice, as a clerk's
// office PC would, and reads back what it made of it.
func TestLibreOffice(t *testing.T) {
	need(t, "soffice", "pdftotext", "pdfinfo", "pdfimages", "pdftoppm")
	doc, parts := sampleLetter(t)
	b, err := Bytes(doc)
	if err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(t.TempDir(), "letter.docx")
	if err := os.WriteFile(src, b, 0o644); err != nil {
		t.Fatal(err)
	}

	txt := soffice(t, src, "txt:Text")
	plain, err := os.ReadFile(txt)
	if err != nil {
		t.Fatal(err)
	}
	if missing := inOrder(string(plain), parts, squeeze); missing != "" {
		t.Errorf("LibreOffice's text lacks %q, or has it out of order:\n%s", missing, plain)
	}

	pdf := soffice(t, src, "pdf")
	if *keepDir != "" {
		os.WriteFile(filepath.Join(*keepDir, "letter.docx"), b, 0o644)
		data, _ := os.ReadFile(pdf)
		os.WriteFile(filepath.Join(*keepDir, "letter.pdf"), data, 0o644)
	}
	text := run(t, "pdftotext", "-layout", pdf, "-")
	if missing := inOrder(text, parts, dropToneMarks); missing != "" {
		t.Errorf("the PDF's text lacks %q, or has it out of order:\n%s", missing, text)
	}

	info := run(t, "pdfinfo", pdf)
	if !regexp.MustCompile(`Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)`).MatchString(info) {
		t.Errorf("pdfinfo: not A4:\n%s", info)
	}
	pages, _ := strconv.Atoi(regexp.MustCompile(`Pages:\s+(\d+)`).FindStringSubmatch(info)[1])
	if pages < 2 {
		t.Fatalf("pdfinfo: %d pages; the sample needs at least 2 to show page numbers", pages)
	}
	if !regexp.MustCompile(`(?m)^\s+1\s+0\s+image\s+300\s+330\s`).MatchString(run(t, "pdfimages", "-list", pdf)) {
		t.Errorf("pdfimages: no 300x330 image on page 1:\n%s", run(t, "pdfimages", "-list", pdf))
	}

	// Page numbers: none on page 1, "- 2 -" at the top of page 2 (Word
	// shows "- ๒ -"; LibreOffice ignores the Thai number format).
	first := squeeze(run(t, "pdftotext", "-layout", "-f", "1", "-l", "1", pdf, "-"))
	second := squeeze(run(t, "pdftotext", "-layout", "-f", "2", "-l", "2", pdf, "-"))
	if strings.HasPrefix(first, "-") {
		t.Errorf("page 1 starts with a page number: %.40q", first)
	}
	if !strings.HasPrefix(second, "-2-") && !strings.HasPrefix(second, "-๒-") {
		t.Errorf("page 2 does not start with its number: %.40q", second)
	}

	checkLayout(t, pdf)
}

// checkLayout measures page 1: the text between the margins (left 3 cm,
// right 2 cm), the date from near the centre, and the Garuda 3 cm tall,
// centred, 1.5 cm from the top edge.
func checkLayout(t *testing.T, pdf string) {
	const ptPerMM = 72 / 25.4
	words := regexp.MustCompile(`<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>`).
		FindAllStringSubmatch(run(t, "pdftotext", "-bbox", "-f", "1", "-l", "1", pdf, "-"), -1)
	if len(words) == 0 {
		t.Fatal("pdftotext -bbox: no words on page 1")
	}
	left, right, date := 1e9, 0.0, -1.0
	for _, w := range words {
		x0, _ := strconv.ParseFloat(w[1], 64)
		x1, _ := strconv.ParseFloat(w[2], 64)
		left, right = min(left, x0), max(right, x1)
		if w[3] == "๒๖" {
			date = x0
		}
	}
	if mm := left / ptPerMM; mm < 29.5 || mm > 31 {
		t.Errorf("text starts %.1f mm from the left edge; want 30", mm)
	}
	if mm := 210 - right/ptPerMM; mm < 19.5 {
		t.Errorf("text ends %.1f mm from the right edge; want at least 20", mm)
	}
	if mm := date / ptPerMM; mm < 95 || mm > 115 {
		t.Errorf("the date starts %.1f mm from the left edge; want near the centre, 105", mm)
	}

	// Find the Garuda stand-in's red and gold pixels at 2 pixels a mm.
	prefix := filepath.Join(t.TempDir(), "page")
	run(t, "pdftoppm", "-r", "50.8", "-f", "1", "-l", "1", "-png", "-singlefile", pdf, prefix)
	f, err := os.ReadFile(prefix + ".png")
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(f))
	if err != nil {
		t.Fatal(err)
	}
	x0, y0, x1, y1 := 1<<30, 1<<30, -1, -1
	bounds := img.Bounds()
	for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
		for x := bounds.Min.X; x < bounds.Max.X; x++ {
			r, g, b, _ := img.At(x, y).RGBA()
			if r > 0x9000 && b < 0x5000 && r > g+0x2000 { // red or gold, not black or white
				x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
			}
		}
	}
	if x1 < 0 {
		t.Fatal("no Garuda on page 1")
	}
	const pxPerMM = 2.0
	centre := float64(x0+x1+1) / 2 / pxPerMM
	top := float64(y0) / pxPerMM
	height := float64(y1-y0+1) / pxPerMM
	t.Logf("Garuda: centre %.1f mm, top %.1f mm, %.1f mm tall", centre, top, height)
	if centre < 103 || centre > 107 {
		t.Errorf("Garuda centred at %.1f mm; want 105", centre)
	}
	// The stand-in's ring leaves a margin of 2.5 pixels in 330 at each end.
	if top < 14 || top > 17 {
		t.Errorf("Garuda starts %.1f mm from the top; want 15", top)
	}
	if height < 28 || height > 31 {
		t.Errorf("Garuda %.1f mm tall; want 30", height)
	}
}
