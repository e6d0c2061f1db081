package roster

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"testing"
)

// nationalRegister is the DLA register of all 7,849 units, which lives in
// the project's shared data beside the repository; tests that need it skip
// where it is absent.
var nationalRegister = filepath.Join("..", "..", "..", "shared", "data", "lao-national.csv")

func loadNational(t testing.TB) []byte {
	t.Helper()
	data, err := os.ReadFile(nationalRegister)
	if err != nil {
		t.Skipf("the national register is not beside the repository: %v", err)
	}
	return data
}

func TestNationalRegister(t *testing.T) {
	data := loadNational(t)
	l, err := Read("lao-national.csv", data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	count := map[Type]int{}
	for _, u := range l.Units {
		count[u.Type]++
	}
	want := map[Type]int{ProvincialOrg: 76, CityMunicipality: 30, TownMunicipality: 195, SubdistrictMunicipality: 2247, SubdistrictOrg: 5300, Pattaya: 1}
	if len(l.Units) != 7849 {
		t.Errorf("%d units; want 7849", len(l.Units))
	}
	for ty, n := range want {
		if count[ty] != n {
			t.Errorf("%d units of type %s; want %d", count[ty], ty, n)
		}
	}
	// Two เทศบาลตำบล still carry the อบต. digit 6 after their upgrade.
	if len(l.Warnings) != 2 {
		t.Errorf("%d warnings; want 2: %v", len(l.Warnings), l.Warnings)
	}

	// Every full name is the register's own, and the bare name with the type
	// column gives the same unit.
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var bare bytes.Buffer
	w := csv.NewWriter(&bare)
	for i, r := range recs {
		if i > 0 && l.Units[i-1].Name != r[4] {
			t.Errorf("row %d: name %q; register has %q", i+1, l.Units[i-1].Name, r[4])
		}
		w.Write([]string{r[0], r[1], r[3], r[7]}) // dla_code,type_th,name_th,district_th
	}
	w.Flush()
	lb, err := Read("bare.csv", bare.Bytes(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range l.Units {
		a, b := l.Units[i], lb.Units[i]
		if a.Name != b.Name || a.Type != b.Type || a.District != b.District || a.Province != b.Province {
			t.Errorf("unit %s: from full names %+v, from bare names %+v", a.Code, a, b)
		}
	}

	// Saved by Thai Excel as Windows-874, it reads the same.
	l874, err := Read("lao-874.csv", toWindows874(t, data), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if l874.Format != "Windows-874 CSV" || len(l874.Units) != len(l.Units) {
		t.Fatalf("Windows-874: %s, %d units", l874.Format, len(l874.Units))
	}
	for i := range l.Units {
		if l874.Units[i] != l.Units[i] {
			t.Errorf("Windows-874 unit %d = %+v; want %+v", i, l874.Units[i], l.Units[i])
		}
	}

	// Every province of the register is found by name and by code.
	for _, u := range l.Units {
		p, ok := LookupProvince(u.Province)
		if !ok || p.Code != u.Code[1:3] {
			t.Fatalf("province %q of %s: %+v, %v", u.Province, u.Code, p, ok)
		}
	}
}

func BenchmarkReadNational(b *testing.B) {
	data := loadNational(b)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Read("lao-national.csv", data, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
