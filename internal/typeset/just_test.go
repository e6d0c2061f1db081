package typeset

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Justified lines read back exactly in poppler and in MuPDF, however wide
// the gaps between clusters.
func TestJustifiedTextLayer(t *testing.T) {
	f := laksaman(t)
	d := NewDoc(f)
	d.AddPage()
	s := "ด้วยกรมส่งเสริมการปกครองท้องถิ่นขอความร่วมมือน้ำ"
	line := f.Wrap(s, 16*PtMM, 1000, WrapOptions{})[0]
	for i, g := range []float64{0.01, 0.03, 0.06} {
		d.TextJustified(f, 16, 20, 30+float64(i)*10, line.Width+g*16*PtMM*40, line)
	}
	b, err := d.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "j.pdf")
	os.WriteFile(path, b, 0o644)
	for _, tool := range [][]string{{"pdftotext", path, "-"}, {"mutool", "draw", "-q", "-F", "txt", "-o", "-", path}} {
		needTool(t, tool[0])
		out, err := exec.Command(tool[0], tool[1:]...).Output()
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Fields(string(out))
		if len(lines) != 3 {
			t.Errorf("%s: %q; want the line three times, whole", tool[0], lines)
		}
		for _, l := range lines {
			if l != s {
				t.Errorf("%s: %q; want %q", tool[0], l, s)
			}
		}
	}
}
