package letter

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prakat/prakat/fonts"
	"github.com/prakat/prakat/internal/typeset"
)

// emblem makes a PNG of w by h pixels, black inside a white border.
func emblem(w, h int) []byte {
	img := image.NewGray(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.Gray{Y: 255}
			if x > w/10 && x < w-w/10 && y > h/10 && y < h-h/10 {
				c.Y = 0
			}
			img.SetGray(x, y, c)
		}
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes()
}

func needTool(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not installed", name)
		}
		t.Skipf("%s is not installed", name)
	}
}

// The Garuda image stands 3 cm tall at the top centre of the first page
// only, in its own proportions.
func TestGarudaImage(t *testing.T) {
	needTool(t, "pdfimages")
	f, err := typeset.LoadFont("Laksaman", fonts.Regular)
	if err != nil {
		t.Fatal(err)
	}
	c := build(t)
	d := typeset.NewDoc(f)
	layout := NewLayout(template(t), f, style, "garuda.png", emblem(250, 300))
	pages := 0
	for _, lt := range []*Letter{c.Circular, c.Copies[0].Letter} { // two letters share one image
		n, err := layout.Draw(d, lt)
		if err != nil {
			t.Fatal(err)
		}
		pages += n
	}
	b, err := d.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "letters.pdf")
	os.WriteFile(path, b, 0o644)
	out, err := exec.Command("pdfimages", "-list", path).Output()
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")[2:]
	if len(lines) != 2 {
		t.Fatalf("%d images placed in two letters of %d pages; want 2 (one a letter's first page):\n%s", len(lines), pages, out)
	}
	for _, l := range lines {
		// page num type width height ... x-ppi y-ppi: 300 px over 30 mm is 254 ppi.
		f := strings.Fields(l)
		if f[3] != "250" || f[4] != "300" || f[12] != "254" {
			t.Errorf("image placed as %s", l)
		}
	}
	if first := strings.Fields(lines[0])[0]; first != "1" {
		t.Errorf("first image on page %s; want 1", first)
	}
}

// An image that is not one is refused, naming the Garuda.
func TestGarudaUnreadable(t *testing.T) {
	f, _ := typeset.LoadFont("Laksaman", fonts.Regular)
	c := build(t)
	_, err := NewLayout(template(t), f, style, "garuda.png", []byte("not a picture")).Draw(typeset.NewDoc(f), c.Circular)
	if err == nil || !strings.Contains(err.Error(), "Garuda") {
		t.Errorf("Draw with a broken image = %v; want an error naming the Garuda image", err)
	}
}

// Several attachments are numbered in Thai digits, in order, each under
// the one before.
func TestSeveralAttachments(t *testing.T) {
	needTool(t, "pdftotext")
	c := build(t)
	lt := c.Copies[0].Letter
	lt.Attachments = []string{"สำเนาหนังสือกรมส่งเสริมการปกครองท้องถิ่น", "โปสเตอร์ประชาสัมพันธ์พร้อม QR code", "บัญชีรายชื่อหน่วย"}
	path, _ := draw(t, lt)
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range strings.Split(string(out), "\n") {
		for i, a := range lt.Attachments {
			if strings.Contains(strings.Join(strings.Fields(l), " "), a) {
				got = append(got, string(rune('๑'+i))+". "+a)
				if !strings.Contains(l, string(rune('๑'+i))+".") {
					t.Errorf("attachment %d not numbered %c: %q", i+1, '๑'+i, l)
				}
			}
		}
	}
	want := []string{"๑. " + lt.Attachments[0], "๒. " + lt.Attachments[1], "๓. " + lt.Attachments[2]}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("attachments read %q; want %q, each on its own line:\n%s", got, want, out)
	}
}
