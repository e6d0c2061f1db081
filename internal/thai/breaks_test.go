package thai

import (
	"strings"
	"testing"
)

// split shows text cut at every break of at least kind min.
func split(text string, min BreakKind) string {
	rs := []rune(text)
	kinds := Breaks(rs)
	var b strings.Builder
	for i, r := range rs {
		if i > 0 && kinds[i] >= min {
			b.WriteByte('|')
		}
		b.WriteRune(r)
	}
	return b.String()
}

func TestBreaks(t *testing.T) {
	tests := []struct{ in, want string }{
		// The sentence from the facts, as libthai and swath cut it.
		{"ด้วยจังหวัดสมุทรสาครได้รับแจ้งจากกรมส่งเสริมการปกครองท้องถิ่น",
			"ด้วย|จังหวัด|สมุทรสาคร|ได้|รับ|แจ้ง|จาก|กรม|ส่งเสริม|การ|ปกครอง|ท้องถิ่น"},
		{"ขอเชิญประชาชนร่วมประเมินความพึงพอใจ", "ขอ|เชิญ|ประชาชน|ร่วม|ประเมิน|ความ|พึงพอใจ"},
		{"องค์การบริหารส่วนตำบลท่าทราย", "องค์การ|บริหาร|ส่วน|ตำบล|ท่า|ทราย"},
		// Spaces: break after the space.
		{"อำเภอเมือง สมุทรสาคร", "อำเภอ|เมือง |สมุทรสาคร"},
		// Latin and digits break only at spaces and after a slash.
		{"HTTPS://S.EXAMPLE.GO.TH/AB3X9K2M", "HTTPS://S.EXAMPLE.GO.TH/AB3X9K2M"},
		{"พ.ศ. ๒๕๖๙", "พ.ศ. |๒๕๖๙"},
		{"โทร. 0 3441 1234", "โทร. |0 |3441 |1234"},
		// Punctuation stays with its word.
		{"(อบต.) ท่าทราย,", "(อบต.) |ท่า|ทราย,"},
		// ๆ belongs to the word before it.
		{"ต่างๆ นานา", "ต่างๆ |นานา"},
	}
	for _, tt := range tests {
		if got := split(tt.in, Word); got != tt.want {
			t.Errorf("Breaks(%q) = %s; want %s", tt.in, got, tt.want)
		}
	}
}

// An unknown word is never cut: not between a consonant and its marks,
// not after a leading vowel, not inside the run.
func TestBreaksKeepUnknownWhole(t *testing.T) {
	for _, name := range []string{"บ้านน้อยซุ้มขี้เหล็ก", "คลองมะเดื่อ", "เจ็ดริ้ว", "กาหลง"} {
		rs := []rune(name)
		kinds := Breaks(rs)
		for i := 1; i < len(rs); i++ {
			if kinds[i] != NoBreak && (IsMark(rs[i]) || isFollowing(rs[i]) || IsLeadingVowel(rs[i-1])) {
				t.Errorf("%s: break allowed at %d, inside a cluster", name, i)
			}
		}
	}
	// A link breaks after a slash, and only when nothing else fits.
	if got := split("HTTPS://S.EXAMPLE.GO.TH/AB3X9K2M", Cluster); got != "HTTPS:/|/|S.EXAMPLE.GO.TH/|AB3X9K2M" {
		t.Errorf("link split: %s", got)
	}
	// A made-up name of unknown syllables: no break at all.
	if got := split("ฆฆฆโฆ", Cluster); got != "ฆฆฆโฆ" {
		t.Errorf("unknown run split: %s", got)
	}
}

func TestIsWord(t *testing.T) {
	for _, w := range []string{"ประเมิน", "พึงพอใจ", "สมุทรสาคร"} {
		if !IsWord(w) {
			t.Errorf("IsWord(%q) = false", w)
		}
	}
	if IsWord("ประเมินความ") || IsWord("") {
		t.Error("IsWord accepts a non-word")
	}
}

func BenchmarkBreaks(b *testing.B) {
	text := []rune("ด้วยจังหวัดสมุทรสาครได้รับแจ้งจากกรมส่งเสริมการปกครองท้องถิ่นว่า ขอให้องค์กรปกครองส่วนท้องถิ่นทุกแห่งประชาสัมพันธ์แบบประเมินความพึงพอใจของประชาชนต่อการให้บริการสาธารณะ")
	dictionary()
	for b.Loop() {
		Breaks(text)
	}
}
