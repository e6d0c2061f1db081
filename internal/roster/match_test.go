package roster

import "testing"

func TestSplitName(t *testing.T) {
	for _, tt := range []struct {
		in   string
		typ  Type
		bare string
		ok   bool
	}{
		{"อบต.ท่าทราย", SubdistrictOrg, "ท่าทราย", true},
		{" อบต.  ท่าทราย\u200b", SubdistrictOrg, "ท่าทราย", true},
		{"องค์การบริหารส่วนตำบลอําแพง", SubdistrictOrg, "อำแพง", true}, // ํ + า
		{"ทต.บ้านแพ้ว", SubdistrictMunicipality, "บ้านแพ้ว", true},
		{"ทม.กระทุ่มแบน", TownMunicipality, "กระทุ่มแบน", true},
		{"ทน.สมุทรสาคร", CityMunicipality, "สมุทรสาคร", true},
		{"อบจ.สมุทรสาคร", ProvincialOrg, "สมุทรสาคร", true},
		{"เมืองพัทยา", Pattaya, "เมืองพัทยา", true},
		{"ท่าทราย", 0, "ท่าทราย", false},
	} {
		typ, bare, ok := SplitName(tt.in)
		if typ != tt.typ || bare != tt.bare || ok != tt.ok {
			t.Errorf("SplitName(%q) = %v, %q, %v; want %v, %q, %v", tt.in, typ, bare, ok, tt.typ, tt.bare, tt.ok)
		}
	}
	if got := CleanDistrict(" อ.เมืองสมุทรสาคร "); got != "เมืองสมุทรสาคร" {
		t.Errorf("CleanDistrict = %q", got)
	}
}
