package thai

import (
	"fmt"
	"strings"
	"testing"
)

func hex(rs []rune) string {
	var parts []string
	for _, r := range rs {
		if r >= 0xF700 {
			parts = append(parts, fmt.Sprintf("%X", r))
		} else {
			parts = append(parts, string(r))
		}
	}
	return strings.Join(parts, " ")
}

// Every rule of the fallback, against the glyph sequence HarfBuzz's Thai
// shaper gives a font with the Windows private-use glyphs.
func TestShape(t *testing.T) {
	tests := []struct{ in, want, rule string }{
		// Tone marks with nothing above them are lowered (SD).
		{"บ้าน", "บ F70B า น", "tone lowered"},
		{"ที่", "ท ี ่", "tone after an upper vowel stays"},
		{"ก่", "ก F70A", "mai ek lowered"},
		{"ก๊", "ก F70C", "mai tri lowered"},
		{"ก๋", "ก F70D", "mai chattawa lowered"},
		{"ก์", "ก F70E", "thanthakhat lowered"},
		{"ผู้ใหญ่", "ผ ู F70B ใ ห ญ F70A", "tone after a lower vowel lowered"},
		// After ป ฝ ฟ upper vowels and tones move left (SL, SDL).
		{"ปี่", "ป F702 F713", "upper vowel and tone left"},
		{"ป่า", "ป F705 า", "tone down-left"},
		{"ฝั่ง", "ฝ F710 F713 ง", "mai han-akat and tone left"},
		{"ฟื้นฟู", "ฟ F704 F714 น ฟ ู", "sara uee and tone left"},
		{"ปิ", "ป F701", "sara i left"},
		{"ฟึ", "ฟ F703", "sara ue left"},
		{"ป็", "ป F712", "maitaikhu left"},
		{"ปํ", "ป F711", "nikhahit left"},
		{"ป๊", "ป F707", "mai tri down-left"},
		{"ป๋", "ป F708", "mai chattawa down-left"},
		{"ป์", "ป F709", "thanthakhat down-left"},
		{"ป้", "ป F706", "mai tho down-left"},
		// ญ ฐ lose their descender above a lower vowel (RD).
		{"ญู", "F70F ู", "yo ying without descender"},
		{"ฐุ", "F700 ุ", "tho than without descender"},
		{"ญ", "ญ", "yo ying alone keeps it"},
		// Lower vowels move down below ฎ ฏ (SD).
		{"ฎุ", "ฎ F718", "sara u down"},
		{"ฏู", "ฏ F719", "sara uu down"},
		{"ฎฺ", "ฎ F71A", "phinthu down"},
		{"กุ", "ก ุ", "ordinary consonant: nothing"},
		// A mark with no consonant (after a space or a vowel) is left alone
		// above, and lowered below.
		{" ่", "  ่", "tone after a space"},
		{"าุ", "า F718", "lower vowel after a non-consonant"},
		// Sara am: tones before it stay high, as above a nikhahit.
		{"น้ำ", "น ้ ำ", "tone before sara am"},
		{"ต่ำ", "ต ่ ำ", "mai ek before sara am"},
		{"ตำบล", "ต ำ บ ล", "sara am alone"},
		// After ป ฝ ฟ the nikhahit of ำ moves left, and the tones with it:
		// HarfBuzz gives ป F711 F713 า for ป่ำ.
		{"ปำ", "ป F71B", "sara am after po pla"},
		{"ฝำ", "ฝ F71B", "sara am after fo fa"},
		{"ฟำ", "ฟ F71B", "sara am after fo fan"},
		{"ลำปำ", "ล ำ ป F71B", "the real unit's name"},
		{"ป่ำ", "ป F713 F71B", "mai ek before sara am after po pla"},
		{"ป้ำ", "ป F714 F71B", "mai tho before sara am after po pla"},
		{"ฟ๊ำ", "ฟ F715 F71B", "mai tri before sara am after fo fan"},
		{"ฝ๋ำ", "ฝ F716 F71B", "mai chattawa before sara am after fo fa"},
		{"ล้ำ", "ล ้ ำ", "tone before sara am after an ordinary consonant"},
		{"ป้ำป่า", "ป F714 F71B ป F705 า", "the state ends at sara am"},
		{"ป ำ", "ป   ำ", "sara am after a space"},
		{"ปาำ", "ป า ำ", "sara am after a spacing vowel"},
		{"กตัญญู", "ก ต ั ญ F70F ู", "from the facts: yo ying before sara uu"},
	}
	for _, tt := range tests {
		got := hex(Shape([]rune(tt.in)))
		if got != tt.want {
			t.Errorf("%s: Shape(%q) = %s; want %s", tt.rule, tt.in, got, tt.want)
		}
	}
}

// Unshape undoes every variant Shape makes.
func TestUnshapeInverts(t *testing.T) {
	for _, s := range []string{"บ้าน ปี่ ป่า ฝั่ง ฟื้นฟู ผู้ใหญ่ ฐุ ญู ฎุ ปํ ป็ ฎฺ ป์ ก์ ก๋ ลำปำ ป้ำ ฟ่ำ"} {
		in := []rune(s)
		out := Shape(in)
		for i, r := range out {
			if u, ok := Unshape[r]; ok {
				r = u
			}
			if r != in[i] {
				t.Errorf("Unshape(Shape(%q))[%d] = %q; want %q", s, i, r, in[i])
			}
		}
	}
	if len(Unshape) != len(PUAGlyphs)+1 {
		t.Errorf("Unshape covers %d variants; want PUAGlyphs' %d and AmLeft", len(Unshape), len(PUAGlyphs))
	}
}
