package typeset

import (
	"strings"
	"testing"
)

// Official text keeps document numbers, dates, telephone numbers and short
// Latin phrases on one line. Each measure fits the text up to the middle
// of the run, so a breaker without the rule would split it there.
func TestWrapKeepsOfficialRunsWhole(t *testing.T) {
	f := laksaman(t)
	const size = 16 * PtMM
	tests := []struct {
		name, text, whole, fits string
		opt                     WrapOptions
	}{
		{"document number", "ขอให้ดำเนินการตามหนังสือที่ มท ๐๘๑๐.๗/ว ๒๕๒๒ โดยด่วน", "มท ๐๘๑๐.๗/ว ๒๕๒๒", "ขอให้ดำเนินการตามหนังสือที่ มท ๐๘๑๐.๗/ว", WrapOptions{}},
		{"document number, office first", "อ้างถึง หนังสือจังหวัดสมุทรสาคร ที่ สค ๐๐๒๓.๓/ว ๑๕๖๓๓ ลงวันที่", "สค ๐๐๒๓.๓/ว ๑๕๖๓๓", "อ้างถึง หนังสือจังหวัดสมุทรสาคร ที่ สค", WrapOptions{}},
		{"date", "ขอให้รายงานผลภายในวันที่ ๒๙ ตุลาคม ๒๕๖๔ ทุกแห่ง", "๒๙ ตุลาคม ๒๕๖๔", "ขอให้รายงานผลภายในวันที่ ๒๙ ตุลาคม", WrapOptions{}},
		{"date in English", "the survey was submitted on 12 November 2021 to the office", "12 November 2021", "the survey was submitted on 12 November", WrapOptions{}},
		{"era and year", "ตามแผนปฏิบัติราชการประจำปีงบประมาณ พ.ศ. ๒๕๖๔ ของจังหวัด", "พ.ศ. ๒๕๖๔", "ตามแผนปฏิบัติราชการประจำปีงบประมาณ พ.ศ.", WrapOptions{}},
		{"month and year", "ให้แล้วเสร็จภายในเดือน พฤศจิกายน ๒๕๖๙ เท่านั้น", "พฤศจิกายน ๒๕๖๙", "ให้แล้วเสร็จภายในเดือน พฤศจิกายน", WrapOptions{}},
		{"telephone", "ติดต่อสอบถามได้ที่ โทร. ๐ ๓๔๘๑ ๐๙๒๗ ในวันและเวลาราชการ", "๐ ๓๔๘๑ ๐๙๒๗", "ติดต่อสอบถามได้ที่ โทร. ๐ ๓๔๘๑", WrapOptions{}},
		{"Latin phrase", "ขอให้ผู้รับบริการสแกน QR code ที่ติดไว้ ณ จุดให้บริการ", "QR code", "ขอให้ผู้รับบริการสแกน QR", WrapOptions{}},
		{"Latin phrase, balanced", "ขอให้ผู้รับบริการสแกน QR code ที่ติดไว้", "QR code", "ขอให้ผู้รับบริการสแกน QR", WrapOptions{Balance: true}},
		{"a span in Whole", "ส่งถึงบ้านเลขที่ ๑๒๓ หมู่ ๔ ตำบลท่าทราย", "เลขที่ ๑๒๓ หมู่ ๔", "ส่งถึงบ้านเลขที่ ๑๒๓ หมู่",
			WrapOptions{Whole: []Span{{len([]rune("ส่งถึงบ้าน")), len([]rune("ส่งถึงบ้านเลขที่ ๑๒๓ หมู่ ๔"))}}}},
	}
	for _, tt := range tests {
		end := strings.Index(tt.text, tt.whole) + len(tt.whole)
		width := max(f.Width(mustEncode(t, f, tt.fits), size), f.Width(mustEncode(t, f, tt.whole), size)) + 0.3
		if f.Width(mustEncode(t, f, tt.text[:end]), size) <= width {
			t.Fatalf("%s: the measure fits the whole run; it tests nothing", tt.name)
		}
		lines := f.Wrap(tt.text, size, width, tt.opt)
		whole := false
		for _, l := range lines {
			whole = whole || strings.Contains(string(l.Text), tt.whole)
		}
		if !whole {
			t.Errorf("%s: Wrap = %s; want %q on one line", tt.name, texts(lines), tt.whole)
		}
	}
}

// A paragraph does not end on a lone short word when moving a word down
// gives a better last line; a heading (Balance) evens its lines anyway,
// and a paragraph whose last line is long enough keeps its breaks.
func TestWrapAvoidsShortLastLine(t *testing.T) {
	f := laksaman(t)
	const size = 16 * PtMM
	tests := []struct {
		name, text, fits string
		want             func(last Line, width float64) bool
	}{
		{"lone word", "จึงเรียนมาเพื่อโปรดทราบและพิจารณาดำเนินการในส่วนที่เกี่ยวข้องต่อไป", "จึงเรียนมาเพื่อโปรดทราบและพิจารณาดำเนินการในส่วนที่เกี่ยวข้องต่อ",
			func(last Line, width float64) bool { return last.Width >= shortLast*width }},
		{"lone word after a space", "ขอให้ทุกหน่วยงานถือปฏิบัติตามแนวทางนี้โดยเคร่งครัด ด้วย", "ขอให้ทุกหน่วยงานถือปฏิบัติตามแนวทางนี้โดยเคร่งครัด",
			func(last Line, width float64) bool { return last.Width >= shortLast*width }},
		{"long enough", "จึงเรียนมาเพื่อโปรดทราบ และดำเนินการในส่วนที่เกี่ยวข้องต่อไปด้วย", "จึงเรียนมาเพื่อโปรดทราบ และดำเนินการในส่วนที่",
			func(last Line, width float64) bool {
				return string(last.Text) == "เกี่ยวข้องต่อไปด้วย"
			}},
	}
	for _, tt := range tests {
		width := f.Width(mustEncode(t, f, tt.fits), size) + 0.3
		lines := f.Wrap(tt.text, size, width, WrapOptions{})
		if len(lines) < 2 || !tt.want(lines[len(lines)-1], width) {
			t.Errorf("%s: Wrap = %s", tt.name, texts(lines))
		}
	}
}

// The names of offices and forms stay whole when a break elsewhere costs
// little.
func TestWrapKeepsTerms(t *testing.T) {
	f := laksaman(t)
	const size = 16 * PtMM
	for _, term := range []string{"องค์การบริหารส่วนตำบล", "กรมส่งเสริมการปกครองท้องถิ่น", "แบบประเมินความพึงพอใจ", "ผู้ว่าราชการจังหวัด", "เทศบาลเมือง"} {
		before := "จังหวัดสมุทรสาครจึงขอแจ้งให้ทุกอำเภอ ประสานงานกับ"
		text := before + term + "ในพื้นที่ทุกแห่ง"
		width := f.Width(mustEncode(t, f, before), size) + 0.6*f.Width(mustEncode(t, f, term), size)
		lines := f.Wrap(text, size, width, WrapOptions{})
		whole := false
		for _, l := range lines {
			whole = whole || strings.Contains(string(l.Text), term)
		}
		if !whole {
			t.Errorf("Wrap = %s; want %q on one line", texts(lines), term)
		}
	}
}
