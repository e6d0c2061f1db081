package typeset

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prakat/prakat/fonts"
	"github.com/prakat/prakat/internal/pdfdoc"
)

// The words the issue names, and more: every kind of mark placement.
const markWords = "ที่ ปี่ ป่า ฝั่ง ฟื้นฟู ผู้ใหญ่ บ้าน ฐุ ญู ฎุ น้ำ ตำบล กตัญญู ปั้น ฟ้า"

func needTool(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not installed; .ci/run installs it", name)
		}
		t.Skipf("%s is not installed", name)
	}
}

func samplePDF(t *testing.T, lines ...string) []byte {
	t.Helper()
	reg := laksaman(t)
	bold, err := LoadFont("Laksaman Bold", fonts.Bold)
	if err != nil {
		t.Fatal(err)
	}
	d := NewDoc(reg, bold)
	d.AddPage()
	for i, l := range lines {
		f := reg
		if i%2 == 1 {
			f = bold
		}
		enc, missing := f.Encode([]rune(l))
		if len(missing) > 0 {
			t.Fatalf("missing %q", missing)
		}
		d.Text(f, 16, 15, 30+float64(i)*12, enc)
	}
	b, err := d.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// The text layer gives back exactly the Thai that was drawn, in poppler and
// in MuPDF, with no private-use character.
func TestTextLayer(t *testing.T) {
	lines := []string{markWords, "องค์การบริหารส่วนตำบลบ้านน้อยซุ้มขี้เหล็ก “ทดสอบ” – ๒๕๖๙",
		// ำ after ป ฝ ฟ is one composed glyph; it must still read as ำ.
		"องค์การบริหารส่วนตำบลลำปำ ฟำ ฝำ ป้ำ ฟ่ำ ล้ำ"}
	pdf := samplePDF(t, lines...)
	path := filepath.Join(t.TempDir(), "t.pdf")
	os.WriteFile(path, pdf, 0o644)
	// And as posters and letters are written: the fonts compressed again,
	// without their cmap.
	pd, err := pdfdoc.Parse(pdf)
	if err != nil {
		t.Fatal(err)
	}
	pd.SetFontFile(WithoutCmap)
	pd.Recompress()
	again := filepath.Join(t.TempDir(), "again.pdf")
	os.WriteFile(again, pd.Bytes(), 0o644)
	if bytes.Equal(pd.Bytes(), pdf) {
		t.Fatal("recompressing without the fonts' cmap changed nothing")
	}
	for _, tool := range [][]string{{"pdftotext", "-layout", path, "-"}, {"mutool", "draw", "-F", "txt", "-o", "-", path},
		{"pdftotext", "-layout", again, "-"}, {"mutool", "draw", "-F", "txt", "-o", "-", again}} {
		needTool(t, tool[0])
		out, err := exec.Command(tool[0], tool[1:]...).Output()
		if err != nil {
			t.Fatalf("%s: %v", tool[0], err)
		}
		text := string(out)
		for _, l := range lines {
			if !strings.Contains(strings.Join(strings.Fields(text), " "), l) {
				t.Errorf("%s text layer:\n%s\nlacks %q", tool[0], text, l)
			}
		}
		for _, r := range text {
			if r >= 0xE000 && r <= 0xF8FF || r == 0xFFFD {
				t.Errorf("%s: text layer holds %U", tool[0], r)
			}
		}
	}
}

func TestDeterministic(t *testing.T) {
	a, b := samplePDF(t, markWords), samplePDF(t, markWords)
	if !bytes.Equal(a, b) {
		t.Error("the same drawing gave different bytes")
	}
}

func TestWriteSample(t *testing.T) {
	if os.Getenv("PRAKAT_SAMPLE") == "" {
		t.Skip()
	}
	os.WriteFile(os.Getenv("PRAKAT_SAMPLE"), samplePDF(t, markWords, markWords, "น้ำ ค่ำ ต่ำ ปั่น ป่ำ ฟ้ำ ฐู ฎู ฏุ", "ลำปำ ฟำ ปำ ฝำ ป้ำ ฟ่ำ ล้ำ", "ลำปำ ฟำ ปำ ฝำ ป้ำ ฟ่ำ ล้ำ"), 0o644)
}
