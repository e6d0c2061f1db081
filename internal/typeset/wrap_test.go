package typeset

import (
	"strings"
	"testing"
)

func texts(lines []Line) string {
	var s []string
	for _, l := range lines {
		s = append(s, string(l.Text))
	}
	return strings.Join(s, "|")
}

func TestWrap(t *testing.T) {
	f := laksaman(t)
	const sentence = "ด้วยจังหวัดสมุทรสาครได้รับแจ้งจากกรมส่งเสริมการปกครองท้องถิ่น"
	full := f.Width(mustEncode(t, f, sentence), 16)
	tests := []struct {
		name  string
		text  string
		width float64
		opt   WrapOptions
		want  string
	}{
		{"fits", sentence, full + 1, WrapOptions{}, sentence},
		{"two even lines", sentence, full*0.55 + 1, WrapOptions{Balance: true},
			"ด้วยจังหวัดสมุทรสาครได้รับแจ้ง|จากกรมส่งเสริมการปกครองท้องถิ่น"},
		{"prefers the space", "อำเภอเมืองสมุทรสาคร จังหวัดสมุทรสาคร", 0, WrapOptions{Balance: true},
			"อำเภอเมืองสมุทรสาคร|จังหวัดสมุทรสาคร"},
		{"newline forces", "บรรทัดแรก\nบรรทัดสอง", 1000, WrapOptions{}, "บรรทัดแรก|บรรทัดสอง"},
	}
	for _, tt := range tests {
		w := tt.width
		if w == 0 {
			w = f.Width(mustEncode(t, f, "อำเภอเมืองสมุทรสาคร จังหวัด"), 16)
		}
		if got := texts(f.Wrap(tt.text, 16, w, tt.opt)); got != tt.want {
			t.Errorf("%s: Wrap = %s; want %s", tt.name, got, tt.want)
		}
	}
}

// A unit's name stays on one line when the line can break elsewhere, even
// where the dictionary sees words inside it.
func TestWrapKeepsNames(t *testing.T) {
	f := laksaman(t)
	text := "ขอเชิญประชาชนผู้รับบริการขององค์การบริหารส่วนตำบลบ้านน้อยซุ้มขี้เหล็กร่วมตอบแบบประเมิน"
	name := "องค์การบริหารส่วนตำบลบ้านน้อยซุ้มขี้เหล็ก"
	start := len([]rune(text[:strings.Index(text, name)]))
	keep := []Span{{start, start + len([]rune(name))}}
	width := f.Width(mustEncode(t, f, name), 16) * 1.15
	lines := f.Wrap(text, 16, width, WrapOptions{Keep: keep})
	found := false
	for _, l := range lines {
		if strings.Contains(string(l.Text), name) {
			found = true
		}
		if l.Width > width {
			t.Errorf("line %q is %.1f wide; the measure is %.1f", string(l.Text), l.Width, width)
		}
	}
	if !found {
		t.Errorf("the name was broken: %s", texts(lines))
	}
}

// No line ever breaks inside a cluster, however narrow the measure.
func TestWrapNeverSplitsClusters(t *testing.T) {
	f := laksaman(t)
	for _, text := range []string{"ผู้ใหญ่บ้านน้ำท่วมปี่ฟื้นฟู", "ฆฆฆโฆฆฆฆ"} {
		for _, l := range f.Wrap(text, 16, 1, WrapOptions{}) {
			first := []rune(string(l.Text))[0]
			if strings.ContainsRune("ัิีึืุู็่้๊๋์ํะาำๅ", first) {
				t.Errorf("%s: a line starts with %q", text, first)
			}
		}
	}
}

func mustEncode(t *testing.T, f *Font, s string) []rune {
	t.Helper()
	enc, missing := f.Encode([]rune(s))
	if len(missing) > 0 {
		t.Fatalf("missing %q", missing)
	}
	return enc
}

// A paragraph that fits is set as one line without asking where it may
// break: the lines of least cost are that one line, whatever the options.
func TestWrapFitsOneLine(t *testing.T) {
	f := laksaman(t)
	paragraphs := []string{
		"องค์การบริหารส่วนตำบลบ้านหนองน้ำใส",
		"  อำเภอเมืองสมุทรสาคร จังหวัดสมุทรสาคร ",
		"https://s.example.go.th/K7QX2M9PRT",
		"เทศบาลตำบล ท่าข้าม ศูนย์ราชการ (อาคาร ๒)",
		"ตอบแบบประเมินได้ถึงวันที่ ๓๑ ธันวาคม ๒๕๖๙",
	}
	opts := []WrapOptions{{}, {Balance: true}, {Indent: 12}, {Balance: true, Keep: []Span{{3, 9}}}, {Whole: []Span{{0, 5}}}}
	for _, p := range paragraphs {
		rs := []rune(p)
		enc := mustEncode(t, f, p)
		prefix := make([]float64, len(rs)+1)
		for i, r := range enc {
			prefix[i+1] = prefix[i] + f.Advance(r)*16
		}
		a, b := trimSpaces(rs, 0, len(rs))
		for _, opt := range opts {
			// Just wide enough, and with room to spare.
			for _, width := range []float64{prefix[b] - prefix[a] + opt.Indent + 0.001, prefix[b] - prefix[a] + opt.Indent + 40} {
				got := f.Wrap(p, 16, width, opt)
				want := f.breakLines(rs, enc, prefix, 16, width, opt.Indent, opt.Keep, opt.Whole, opt.Balance)
				if texts(got) != texts(want) || len(got) != 1 || got[0].Width != want[0].Width {
					t.Errorf("%q at %.1f, %+v: Wrap = %s; the lines of least cost are %s", p, width, opt, texts(got), texts(want))
				}
			}
		}
	}
}

// OneLine.Fits tells, at every size, whether Wrap sets a text on one line
// that fits; at the very width the text measures, which the last bit of
// the sum decides.
func TestOneLineFits(t *testing.T) {
	f := laksaman(t)
	for _, text := range []string{
		"องค์การบริหารส่วนตำบลบ้านหนองน้ำใส",
		"  อำเภอเมืองสมุทรสาคร จังหวัดสมุทรสาคร ",
		"HTTPS://S.EXAMPLE.GO.TH/K7QX2M9P",
		"เทศบาลตำบลท่าข้าม\nศูนย์ราชการ",
		"   ",
	} {
		one := f.OneLine(text)
		for size := 10.0; size < 80; size *= 1.07 {
			lines := f.Wrap(text, size, 400, WrapOptions{Balance: true})
			fits := len(lines) == 1 && lines[0].Width <= 400
			if got := one.Fits(size, 400); got != fits {
				t.Errorf("%q at %.2f: Fits = %v, Wrap gives %d lines, the first %.3f wide", text, size, got, len(lines), lines[0].Width)
			}
			// Exactly as wide as Wrap measures it.
			w := lines[0].Width
			if len(lines) == 1 && !one.Fits(size, w) {
				t.Errorf("%q at %.2f does not fit in its own width %v", text, size, w)
			}
		}
	}
}
