package typeset

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/prakat/prakat/fonts"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// The worst Thai stacks: tones over upper vowels, lowered vowels under ฎ ฏ,
// ญ ฐ without their descender.
const stacks = "ปิ่น ฟื้น ฎู ฏุ ญู ฐู ฤๅ ถ้ำ ค้ำ ผู้ใหญ่ ฟื้นฟู ป๊ะ ปั๋ว ฎีกา"

func bothWeights(t *testing.T) []*Font {
	t.Helper()
	bold, err := LoadFont("Laksaman Bold", fonts.Bold)
	if err != nil {
		t.Fatal(err)
	}
	return []*Font{laksaman(t), bold}
}

// outlineExtent reads a character's glyph outline from the original font
// file, point by point, for comparison with what LoadFont measured.
func outlineExtent(t *testing.T, ttf []byte, r rune) (above, below float64) {
	t.Helper()
	f, err := sfnt.Parse(ttf)
	if err != nil {
		t.Fatal(err)
	}
	var b sfnt.Buffer
	gi, _ := f.GlyphIndex(&b, r)
	segs, err := f.LoadGlyph(&b, gi, fixed.Int26_6(f.UnitsPerEm()), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range segs {
		for _, p := range s.Args {
			// y grows downwards; control points bound the curve.
			above = max(above, -float64(p.Y)/float64(f.UnitsPerEm()))
			below = max(below, float64(p.Y)/float64(f.UnitsPerEm()))
		}
	}
	return above, below
}

func TestInkExtents(t *testing.T) {
	f := laksaman(t)
	tests := []struct {
		text  string
		chars string // the characters whose outlines reach farthest up, down
	}{
		{"ก", "กก"},
		{"ฟื้น", "\u0E49น"},    // the tone over the upper vowel; น's foot
		{"ฎู", "ฎ\uF719"},      // the lowered ู
		{"ญู", "\uF70F\u0E39"}, // ญ without its descender, ู in place
		{"ค้ำ", "\u0E49ค"},     // the tone stays high over ำ's nikhahit
		{"บ้าน", "\uF70Bน"},    // a lone tone, lowered
		{"AgÅ", "Åg"},          // Latin
	}
	for _, tt := range tests {
		enc := mustEncode(t, f, tt.text)
		above, below := f.InkExtents(enc)
		c := []rune(tt.chars)
		wantAbove, _ := outlineExtent(t, fonts.Regular, c[0])
		_, wantBelow := outlineExtent(t, fonts.Regular, c[1])
		if math.Abs(above-wantAbove) > 0.002 || math.Abs(below-wantBelow) > 0.002 {
			t.Errorf("InkExtents(%s) = %.3f, %.3f; want %.3f, %.3f", tt.text, above, below, wantAbove, wantBelow)
		}
	}
	if a, b := f.InkExtents(mustEncode(t, f, "   ")); a != 0 || b != 0 {
		t.Errorf("InkExtents of spaces = %v, %v; want 0, 0", a, b)
	}
}

// MaxInk bounds the ink of every line, and is reached by the stacks.
func TestMaxInk(t *testing.T) {
	for _, f := range bothWeights(t) {
		above, below := f.MaxInk()
		a, b := f.InkExtents(mustEncode(t, f, stacks))
		if a > above || b > below {
			t.Errorf("%s: the stacks reach %.3f, %.3f em; MaxInk says %.3f, %.3f", f.Name, a, b, above, below)
		}
		// The tone over an upper vowel and the ุ ู under ฎ ฏ are the extremes.
		if above-a > 0.02 || below-b > 0.02 {
			t.Errorf("%s: MaxInk %.3f, %.3f em; the stacks reach %.3f, %.3f", f.Name, above, below, a, b)
		}
		if above < 1.2 || below < 0.6 {
			t.Errorf("%s: MaxInk %.3f, %.3f em; Laksaman reaches 1.25 and 0.63", f.Name, above, below)
		}
	}
}

// stackLines returns lines of the stacks, each in a different order, so
// that below vowels of one line stand over tones of the next somewhere.
func stackLines(n int) [][]rune {
	words := strings.Fields(stacks)
	var lines [][]rune
	for i := range n {
		rot := append(append([]string{}, words[i%len(words):]...), words[:i%len(words)]...)
		lines = append(lines, []rune(strings.Join(rot, " ")+" "+strings.Join(rot, "")))
	}
	return lines
}

// At the pitch MaxInk gives, lines of the worst stacks never touch; at the
// 1.25 line spacing letters used, they do, and CheckInk says where.
func TestPitchFromMaxInk(t *testing.T) {
	const size, x, top = 16.0, 20.0, 30.0
	for _, f := range bothWeights(t) {
		above, below := f.MaxInk()
		draw := func(pitch float64) []InkLine {
			var ls []InkLine
			for i, l := range stackLines(12) {
				enc := mustEncode(t, f, string(l))
				ink := f.Ink(enc, size, x, top+float64(i)*pitch, nil)
				ink.Page = 1
				ls = append(ls, ink)
			}
			return ls
		}
		pitch := size*PtMM*(above+below) + 0.2
		if err := CheckInk(draw(pitch)); err != nil {
			t.Errorf("%s at %.2f mm: %v", f.Name, pitch, err)
		}
		err := CheckInk(draw(size * PtMM * 1.25))
		var ie *InkError
		if !errors.As(err, &ie) {
			t.Fatalf("%s at 1.25 em: CheckInk = %v; want the collisions found", f.Name, err)
		}
		if ie.Overlap <= 0 || ie.Page != 1 {
			t.Errorf("%s: %+v", f.Name, ie)
		}
	}
}

func TestClearance(t *testing.T) {
	f := laksaman(t)
	const size = 16.0
	upper := f.Ink(mustEncode(t, f, "ฎูฎูฎู"), size, 20, 50, nil)
	lower := f.Ink(mustEncode(t, f, "ฟื้นฟื้นฟื้น"), size, 20, 50+7, nil)
	c := Clearance(upper, lower)
	// ู under ฎ reaches 0.633 em, the tone 1.254 em: 1.887 em in all.
	want := 7 - 1.887*size*PtMM
	if math.Abs(c-want) > 0.05 {
		t.Errorf("Clearance = %.2f mm; want %.2f", c, want)
	}
	if Clearance(lower, upper) != c {
		t.Error("Clearance depends on the order of its arguments")
	}
	// Moved aside, nothing stands over anything.
	aside := f.Ink(mustEncode(t, f, "ฟื้น"), size, 150, 57, nil)
	if c := Clearance(upper, aside); !math.IsInf(c, 1) {
		t.Errorf("Clearance of lines side by side = %v; want +Inf", c)
	}
	lower.Page = 2
	if c := Clearance(upper, lower); !math.IsInf(c, 1) {
		t.Errorf("Clearance across pages = %v; want +Inf", c)
	}
}

// The document records what it draws where, justified lines with their gaps.
func TestDocRecordsInk(t *testing.T) {
	f := laksaman(t)
	d := NewDoc(f)
	d.AddPage()
	d.Text(f, 16, 20, 30, mustEncode(t, f, "ไม่บันทึก"))
	d.RecordInk()
	line := f.Wrap("ด้วยกรมส่งเสริมการปกครองท้องถิ่น ขอความร่วมมือ", 16*PtMM, 1000, WrapOptions{})[0]
	d.TextJustified(f, 16, 20, 40, 150, line)
	d.AddPage()
	d.Text(f, 16, 20, 30, mustEncode(t, f, "ฎู"))
	ink := d.Ink()
	if len(ink) != 2 {
		t.Fatalf("%d lines recorded; want 2", len(ink))
	}
	if ink[0].Page != 1 || ink[1].Page != 2 || ink[0].Text != string(line.Text) {
		t.Errorf("recorded %q on page %d, %q on page %d", ink[0].Text, ink[0].Page, ink[1].Text, ink[1].Page)
	}
	last := ink[0].Boxes[len(ink[0].Boxes)-1]
	if last.X1 < 165 || last.X1 > 170.01 {
		t.Errorf("the justified line's last glyph ends at %.2f mm; want it near 170", last.X1)
	}
}
