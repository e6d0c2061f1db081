package letter

import (
	"strings"
	"testing"

	"github.com/prakat/prakat/fonts"
	"github.com/prakat/prakat/internal/typeset"
)

// drawAll draws the letters into one document recording the ink of every
// line.
func drawAll(t *testing.T, letters ...*Letter) []typeset.InkLine {
	t.Helper()
	f, err := typeset.LoadFont("Laksaman", fonts.Regular)
	if err != nil {
		t.Fatal(err)
	}
	d := typeset.NewDoc(f)
	d.RecordInk()
	layout := NewLayout(template(t), f, style, "", nil)
	for _, lt := range letters {
		if _, err := layout.Draw(d, lt); err != nil {
			t.Fatal(err)
		}
	}
	return d.Ink()
}

// The letters' test text: every letter of the Samut Sakhon chain, a long
// one, and one whose body stacks the tallest marks over the deepest.
func inkLetters(t *testing.T) []*Letter {
	c := build(t)
	marks := *c.Copies[0].Letter
	marks.Body = []string{
		"ผู้ใหญ่บ้านฎีกาปิ่นโตถ้ำน้ำฟื้นฟูกุฏุมพีปฏิรูปฎุมพีญูฐูคู่มือผู้ใช้ปู่ย่าตายายพี่น้องปู้ป้าน้ำใจที่นี่ ฎูฏุฎุฏู ปิ่นปี่ฟื้นฝั่ง ผู้ใหญ่ปู่ย่า",
		"ปฏิรูปกฎหมายกุฏุมพีฎีกาฏุ ที่นี่นั่นโน่นผู้นั้นปู่ทวดชั่วคู่ถ้ำเขาปู้ฟู่ฟ่าฟื้นฟูกฎู ฎู ฏู ฏุ ปิ่น ถ้ำ ค้ำ ผู้ใหญ่ บ้าน น้ำ ที่นั่น",
		marks.Body[len(marks.Body)-1],
	}
	return append(append(c.Letters(), longLetter(t)), &marks)
}

// No glyph of one line touches a glyph of the next, in any letter: checked
// from the glyphs' outlines where they were drawn.
func TestNoInkTouches(t *testing.T) {
	if err := typeset.CheckInk(drawAll(t, inkLetters(t)...)); err != nil {
		t.Error(err)
	}
}

// Every justified line of the body, all but a paragraph's last, ends at
// the right margin: its last glyph's ink within 1 mm of it.
func TestJustifiedLinesReachTheMargin(t *testing.T) {
	right := 210 - template(t).MarginRight
	justified := 0
	for _, l := range drawAll(t, inkLetters(t)...) {
		if !l.Justified {
			continue
		}
		justified++
		end := 0.0
		for _, b := range l.Boxes {
			end = max(end, b.X1)
		}
		if end < right-1 || end > right+0.5 {
			t.Errorf("%q ends at %.1f mm; the margin is at %.1f", l.Text, end, right)
		}
	}
	if justified < 20 {
		t.Errorf("only %d justified lines; the test reads too little", justified)
	}
}

// A place the letter speaks of is never parted across two lines: บ้าน|แพ้ว
// are two dictionary words, but the district's name stays whole.
func TestNamesStayWhole(t *testing.T) {
	lt := *build(t).Forwards[2].Letter // บ้านแพ้ว
	var b []string
	for i := 0; i < 40; i++ {
		b = append(b, "อำเภอบ้านแพ้วแจ้ง")
	}
	lt.Body = []string{strings.Join(b, ""), lt.Body[len(lt.Body)-1]}
	lines := drawAll(t, &lt)
	parted := 0
	for i := 1; i < len(lines); i++ {
		if strings.HasSuffix(strings.TrimSpace(lines[i-1].Text), "บ้าน") && strings.HasPrefix(lines[i].Text, "แพ้ว") {
			parted++
		}
	}
	if parted > 0 {
		t.Errorf("บ้านแพ้ว parted across lines %d times", parted)
	}
	lt.Names = nil // without the names, the same text does part them
	lines = drawAll(t, &lt)
	for i := 1; i < len(lines); i++ {
		if strings.HasSuffix(strings.TrimSpace(lines[i-1].Text), "บ้าน") && strings.HasPrefix(lines[i].Text, "แพ้ว") {
			return
		}
	}
	t.Error("the text never parts the name even without keeping it; the test shows nothing")
}
