package thai

import (
	"strings"
	"testing"
)

// runs shows text with each run in brackets.
func runs(text string, rs []Run) string {
	t := []rune(text)
	var b strings.Builder
	at := 0
	for _, r := range rs {
		b.WriteString(string(t[at:r.Start]) + "[" + string(t[r.Start:r.End]) + "]")
		at = r.End
	}
	b.WriteString(string(t[at:]))
	return b.String()
}

func TestUnbreakable(t *testing.T) {
	tests := []struct{ in, want string }{
		{"ตามหนังสือที่ มท ๐๘๑๐.๗/ว ๒๕๒๒ ลงวันที่", "ตามหนังสือที่ [มท ๐๘๑๐.๗/ว ๒๕๒๒] ลงวันที่"},
		{"ที่ สค ๐๐๒๓.๓/ว ๑๕๖๓๓", "ที่ [สค ๐๐๒๓.๓/ว ๑๕๖๓๓]"},
		{"ที่ มท 0810.4/123 เรื่อง", "ที่ [มท 0810.4/123] เรื่อง"},
		{"ที่ ๐๘๑๐.๗/ว ๒๕๒๒", "ที่ [๐๘๑๐.๗/ว ๒๕๒๒]"},
		{"ภายในวันที่ ๒๙ ตุลาคม ๒๕๖๔ และ", "ภายในวันที่ [๒๙ ตุลาคม ๒๕๖๔] และ"},
		{"on 12 November 2021, by", "on [12 November 2021,] by"},
		{"on November 12, 2021 by", "on [November 12, 2021] by"},
		{"ปี พ.ศ. ๒๕๖๔ นี้", "ปี [พ.ศ. ๒๕๖๔] นี้"},
		{"เดือน พฤศจิกายน ๒๕๖๙ นี้", "เดือน [พฤศจิกายน ๒๕๖๙] นี้"},
		{"วันที่ ๒๙ ต.ค. ๒๕๖๔", "วันที่ [๒๙ ต.ค. ๒๕๖๔]"},
		{"๒๙ ตุลาคม พ.ศ. ๒๕๖๔", "[๒๙ ตุลาคม พ.ศ. ๒๕๖๔]"},
		{"โทร. ๐ ๓๔๘๑ ๐๙๒๗ ต่อ ๑๒", "โทร. [๐ ๓๔๘๑ ๐๙๒๗] ต่อ ๑๒"},
		{"โทร. 08 1234 5678", "โทร. [08 1234 5678]"},
		{"สแกน QR code ที่ติดไว้", "สแกน [QR code] ที่ติดไว้"},
		{"ผ่าน Google Forms online", "ผ่าน [Google Forms online]"},
		// Not runs: a sentence of Latin, a month alone, a lone number.
		{"please fill in the form", "please fill in the form"},
		{"เดือนตุลาคม ทุกปี", "เดือนตุลาคม ทุกปี"},
		{"จำนวน ๑๒ แห่ง", "จำนวน ๑๒ แห่ง"},
		{"ณ จุดบริการ", "ณ จุดบริการ"},
	}
	for _, tt := range tests {
		if got := runs(tt.in, Unbreakable([]rune(tt.in))); got != tt.want {
			t.Errorf("Unbreakable(%q) = %s; want %s", tt.in, got, tt.want)
		}
	}
}

func TestTerms(t *testing.T) {
	for in, want := range map[string]string{
		"ขอให้นายอำเภอแจ้งองค์การบริหารส่วนตำบลและเทศบาลตำบลทุกแห่ง": "ขอให้[นายอำเภอ]แจ้ง[องค์การบริหารส่วนตำบล]และ[เทศบาลตำบล]ทุกแห่ง",
		// Words of the letters the dictionary holds only in parts.
		"ช่องทางของหน่วยงาน ทั้งนี้ให้ดำเนินการผ่านเว็บไซต์": "ช่องทางของ[หน่วยงาน] ทั้งนี้ให้[ดำเนินการ]ผ่าน[เว็บไซต์]",
	} {
		if got := runs(in, Terms([]rune(in))); got != want {
			t.Errorf("Terms(%q) = %s; want %s", in, got, want)
		}
	}
}
