package typeset

import (
	"encoding/xml"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prakat/prakat/internal/thai"
)

// Paragraphs as letters have them: long Thai runs, spaces, a Latin phrase,
// numbers and dates.
var paragraphs = []string{
	"ด้วยกรมส่งเสริมการปกครองท้องถิ่นได้ดำเนินการสำรวจความพึงพอใจของประชาชนต่อการให้บริการขององค์กรปกครองส่วนท้องถิ่น โดยให้ประชาชนผู้รับบริการตอบแบบประเมินความพึงพอใจผ่านระบบออนไลน์ด้วยการสแกน QR code ที่ติดไว้ ณ จุดให้บริการ",
	"จังหวัดสมุทรสาครจึงขอให้อำเภอแจ้งองค์การบริหารส่วนตำบลและเทศบาลตำบลในพื้นที่ดำเนินการติดประกาศภายในวันที่ ๒๙ ตุลาคม ๒๕๖๔ และรายงานผลให้จังหวัดทราบตามหนังสือที่ มท ๐๘๑๐.๗/ว ๒๕๒๒ ผู้ใหญ่บ้านฟื้นฟูน้ำท่วมปี่ฎีกากตัญญู",
}

// justifiedPDF sets each paragraph at each measure, every line but the
// last justified, and returns the PDF and the lines with where they went.
type setLine struct {
	x, y, width float64
	line        Line
	justified   bool
}

func justifiedPDF(t *testing.T, measures []float64) ([]byte, []setLine) {
	t.Helper()
	f := laksaman(t)
	d := NewDoc(f)
	const size = 16.0
	var set []setLine
	y := 300.0
	for _, w := range measures {
		for _, p := range paragraphs {
			lines := f.Wrap(p, size*PtMM, w, WrapOptions{})
			if y+float64(len(lines))*8 > 280 {
				d.AddPage()
				y = 20
			}
			for i, l := range lines {
				y += 8
				s := setLine{x: 25, y: y, width: w, line: l, justified: i < len(lines)-1}
				if s.justified {
					d.TextJustified(f, size, s.x, s.y, w, l)
				} else {
					d.Text(f, size, s.x, s.y, l.Enc)
				}
				set = append(set, s)
			}
			y += 4
		}
	}
	b, err := d.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	return b, set
}

var measures = []float64{160, 100, 62}

// Every justified line fills its measure exactly, the space sitting
// between clusters: none before a mark, most at spaces, and no more than
// 0.12 em between clusters while a space can take it.
func TestJustifyGaps(t *testing.T) {
	f := laksaman(t)
	const size = 16.0
	for _, w := range measures {
		for _, p := range paragraphs {
			lines := f.Wrap(p, size*PtMM, w, WrapOptions{})
			for _, l := range lines[:len(lines)-1] {
				gaps, ok := f.JustifyGaps(l, size, w)
				if !ok {
					t.Errorf("%q at %v mm: not justified", string(l.Text), w)
					continue
				}
				end := 0.0
				maxSpace, maxOther := 0.0, 0.0
				for i, r := range l.Enc {
					end += f.pdfAdvance(r)*size*PtMM + gaps[i]
					if i+1 < len(l.Enc) && isMarkSlot(l.Enc[i+1]) && gaps[i] != 0 {
						t.Errorf("%q: %.3f mm between %q and its mark", string(l.Text), gaps[i], l.Text[i])
					}
					if isSpace(l.Text[i]) {
						maxSpace = max(maxSpace, gaps[i])
					} else {
						maxOther = max(maxOther, gaps[i])
					}
				}
				if math.Abs(end-w) > 1e-6 {
					t.Errorf("%q at %v mm ends at %.4f mm", string(l.Text), w, end)
				}
				if strings.Contains(string(l.Text), " ") && maxOther > ClusterGapMax*size*PtMM+1e-9 {
					t.Errorf("%q: %.3f mm between clusters though the line has a space", string(l.Text), maxOther)
				}
				if maxSpace > 0 && maxSpace < maxOther {
					t.Errorf("%q: spaces widened %.3f mm, clusters %.3f mm", string(l.Text), maxSpace, maxOther)
				}
			}
		}
	}
	// Too wide for any gap: nothing to justify.
	l := f.Wrap("ทดสอบ", size*PtMM, 1000, WrapOptions{})[0]
	if _, ok := f.JustifyGaps(l, size, l.Width*0.9); ok {
		t.Error("a line wider than the measure was justified")
	}
}

// stextChar is a character as mutool's structured text gives it.
type stextChar struct {
	Quad string `xml:"quad,attr"`
	Y    string `xml:"y,attr"`
	C    string `xml:"c,attr"`
}

// The right edge of every justified line, as MuPDF places its glyphs from
// the PDF's own widths and adjustments, is within 0.1 mm of the measure.
func TestJustifiedLinesReachTheMargin(t *testing.T) {
	needTool(t, "mutool")
	pdf, set := justifiedPDF(t, measures)
	path := filepath.Join(t.TempDir(), "j.pdf")
	os.WriteFile(path, pdf, 0o644)
	out, err := exec.Command("mutool", "draw", "-q", "-F", "stext", "-o", "-", path).Output()
	if err != nil {
		t.Fatal(err)
	}
	// Right edges by page and baseline, in mm.
	type key struct {
		page int
		y    string
	}
	right := map[key]float64{}
	dec := xml.NewDecoder(strings.NewReader(string(out)))
	page := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "page":
			page++
		case "char":
			var c stextChar
			dec.DecodeElement(&c, &se)
			var q [8]float64
			fmt.Sscan(c.Quad, &q[0], &q[1], &q[2], &q[3], &q[4], &q[5], &q[6], &q[7])
			var y float64
			fmt.Sscan(c.Y, &y)
			k := key{page, fmt.Sprintf("%.1f", y*PtMM)}
			right[k] = max(right[k], q[2]*PtMM)
		}
	}
	page, prevY := 1, 0.0
	checked := 0
	for _, s := range set {
		if s.y < prevY {
			page++
		}
		prevY = s.y
		if !s.justified {
			continue
		}
		got, ok := right[key{page, fmt.Sprintf("%.1f", s.y)}]
		if !ok {
			t.Errorf("page %d: no text at %.1f mm", page, s.y)
			continue
		}
		checked++
		if math.Abs(got-(s.x+s.width)) > 0.1 {
			t.Errorf("page %d: %q ends at %.2f mm; the measure ends at %.2f", page, string(s.line.Text), got, s.x+s.width)
		}
	}
	if checked < 10 {
		t.Errorf("only %d justified lines checked", checked)
	}
}

// Justified paragraphs read back exactly in poppler and in MuPDF at the
// measures of a letter's body and of a column: the same words, no space
// added inside Thai, none lost.
func TestJustifiedTextLayer(t *testing.T) {
	pdf, set := justifiedPDF(t, []float64{160, 100})
	var want []string
	for _, s := range set {
		want = append(want, strings.Fields(string(s.line.Text))...)
	}
	for _, tool := range extractors {
		got := strings.Fields(extract(t, tool, pdf))
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("%s reads\n%s\nwant\n%s", tool[0], strings.Join(got, "|"), strings.Join(want, "|"))
		}
	}
}

// At a measure so narrow that some lines without a space must be spaced
// out more than MuPDF reads as joined, poppler still reads the text
// exactly, and MuPDF reads every character and cuts no word: the only
// spaces it adds are between Thai words.
func TestJustifiedTooLooseTextLayer(t *testing.T) {
	pdf, set := justifiedPDF(t, []float64{62})
	var want []rune
	words := map[int]bool{} // where in want a word starts
	var fields []string
	for _, s := range set {
		fields = append(fields, strings.Fields(string(s.line.Text))...)
		kinds := thai.Breaks(s.line.Text)
		words[len(want)] = true
		for i, r := range s.line.Text {
			if isSpace(r) {
				words[len(want)] = true
				continue
			}
			if kinds[i] >= thai.Word {
				words[len(want)] = true
			}
			want = append(want, r)
		}
	}
	got := strings.Fields(extract(t, extractors[0], pdf))
	if strings.Join(got, "|") != strings.Join(fields, "|") {
		t.Errorf("pdftotext reads\n%s\nwant\n%s", strings.Join(got, "|"), strings.Join(fields, "|"))
	}
	got = strings.Fields(extract(t, extractors[1], pdf))
	if string(want) != strings.Join(got, "") {
		t.Fatalf("mutool reads\n%s\nwant\n%s", strings.Join(got, ""), string(want))
	}
	at := 0
	for _, g := range got {
		if !words[at] {
			t.Errorf("mutool cuts a word before %q", g)
		}
		at += len([]rune(g))
	}
	if len(got) <= len(fields) {
		t.Errorf("mutool added no space: the measure no longer tests a line too loose")
	}
}

var extractors = [][]string{{"pdftotext", "-"}, {"mutool", "draw", "-q", "-F", "txt", "-o", "-"}}

// extract runs a text extractor on pdf, skipping the test without it.
func extract(t *testing.T, tool []string, pdf []byte) string {
	t.Helper()
	needTool(t, tool[0])
	path := filepath.Join(t.TempDir(), "j.pdf")
	os.WriteFile(path, pdf, 0o644)
	args := append(append([]string{}, tool[1:]...), path)
	if tool[0] == "pdftotext" {
		args = []string{path, "-"}
	}
	out, err := exec.Command(tool[0], args...).Output()
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// Justification shows no colour but the one set, and the same drawing
// gives the same bytes.
func TestJustifiedDeterministic(t *testing.T) {
	a, _ := justifiedPDF(t, measures)
	b, _ := justifiedPDF(t, measures)
	if string(a) != string(b) {
		t.Error("the same justified paragraphs gave different bytes")
	}
}
