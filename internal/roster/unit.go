// Package roster reads a province's list of local government units (the
// spreadsheet a provincial office keeps, or the DLA register) into clean,
// validated units.
package roster

import (
	"strings"
)

// Type is the form of a local government unit.
type Type int

// The forms of local government in the DLA register.
const (
	ProvincialOrg           Type = iota + 1 // องค์การบริหารส่วนจังหวัด (อบจ.)
	CityMunicipality                        // เทศบาลนคร (ทน.)
	TownMunicipality                        // เทศบาลเมือง (ทม.)
	SubdistrictMunicipality                 // เทศบาลตำบล (ทต.)
	SubdistrictOrg                          // องค์การบริหารส่วนตำบล (อบต.)
	Pattaya                                 // เมืองพัทยา, the register's ท้องถิ่นรูปแบบพิเศษ
)

// Types lists every type in the order a summary shows them.
var Types = []Type{ProvincialOrg, CityMunicipality, TownMunicipality, SubdistrictMunicipality, SubdistrictOrg, Pattaya}

type typeInfo struct {
	label   string   // as the register's type_th column writes it
	prefix  string   // what stands before the bare name in the full name
	abbrev  string   // the short prefix clerks write: อบต.ท่าทราย
	head    string   // the formal title of the unit's head, before the bare name
	digit   byte     // the first digit of the DLA code
	aliases []string // other spellings accepted in a type column, normalised by typeKey
}

var typeTable = map[Type]typeInfo{
	ProvincialOrg:           {"อบจ.", "องค์การบริหารส่วนจังหวัด", "อบจ.", "นายกองค์การบริหารส่วนจังหวัด", '2', []string{"provincial_admin_org", "pao"}},
	CityMunicipality:        {"เทศบาลนคร", "เทศบาลนคร", "ทน.", "นายกเทศมนตรีนคร", '3', []string{"city_municipality"}},
	TownMunicipality:        {"เทศบาลเมือง", "เทศบาลเมือง", "ทม.", "นายกเทศมนตรีเมือง", '4', []string{"town_municipality"}},
	SubdistrictMunicipality: {"เทศบาลตำบล", "เทศบาลตำบล", "ทต.", "นายกเทศมนตรีตำบล", '5', []string{"subdistrict_municipality"}},
	SubdistrictOrg:          {"อบต.", "องค์การบริหารส่วนตำบล", "อบต.", "นายกองค์การบริหารส่วนตำบล", '6', []string{"subdistrict_admin_org", "sao", "tao"}},
	Pattaya:                 {"เมืองพัทยา", "", "", "นายก", '3', []string{"ท้องถิ่นรูปแบบพิเศษ", "special_admin_area", "pattaya"}},
}

// pattayaName is the full (and only) name of the one special-status city.
const pattayaName = "เมืองพัทยา"

// String returns the type as the register labels it (อบจ., เทศบาลนคร, …).
func (t Type) String() string { return typeTable[t].label }

// Prefix returns the words that precede the bare name in the unit's full name.
func (t Type) Prefix() string { return typeTable[t].prefix }

// CodeDigit is the first digit of a DLA code for a unit of this type.
func (t Type) CodeDigit() byte { return typeTable[t].digit }

// typeKey normalises a type cell for lookup: lower case, no spaces or dots.
func typeKey(s string) string {
	s = strings.ToLower(s)
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '.':
			return -1
		}
		return r
	}, s)
}

var typeByKey = func() map[string]Type {
	m := map[string]Type{}
	for t, info := range typeTable {
		for _, s := range append([]string{info.label, info.abbrev, info.prefix}, info.aliases...) {
			if s != "" {
				m[typeKey(s)] = t
			}
		}
	}
	m[typeKey(pattayaName)] = Pattaya
	return m
}()

// ParseType reads a type as written in a spreadsheet: in full
// (เทศบาลตำบล), abbreviated (ทต.), or as the register's English slug.
func ParseType(s string) (Type, bool) {
	t, ok := typeByKey[typeKey(s)]
	return t, ok
}

// splitName finds a type prefix at the start of a cleaned name, in full
// (องค์การบริหารส่วนตำบลท่าทราย) or abbreviated (อบต.ท่าทราย, อบต. ท่าทราย),
// and returns the type and the bare name. ok is false for a bare name.
func splitName(name string) (t Type, bare string, ok bool) {
	if name == pattayaName {
		return Pattaya, name, true
	}
	for _, typ := range Types {
		info := typeTable[typ]
		for _, p := range []string{info.prefix, info.abbrev} {
			if p == "" || !strings.HasPrefix(name, p) {
				continue
			}
			rest := strings.TrimPrefix(name[len(p):], " ")
			if rest != "" {
				return typ, rest, true
			}
		}
	}
	return 0, name, false
}

// Unit is one local government unit as prakat addresses it.
type Unit struct {
	Code     string // the 7-digit DLA code, the only key: names repeat
	Type     Type
	Name     string // full official name: องค์การบริหารส่วนตำบลท่าทราย
	District string // the district (อำเภอ) without its prefix: กระทุ่มแบน
	Province string // the province's Thai name, when the list or the code tells it
	Row      int    // the spreadsheet row the unit was read from
	// Email is the unit's official mailbox when the list has an e-mail
	// column (email, อีเมล); the campaign's contacts.csv comes first.
	Email string
}

// Bare returns the name without its type prefix (ท่าทราย).
func (u Unit) Bare() string {
	if u.Type == Pattaya {
		return u.Name
	}
	return strings.TrimPrefix(u.Name, u.Type.Prefix())
}

// same reports whether two readings of a code describe the same unit.
func (u Unit) same(v Unit) bool {
	return u.Code == v.Code && u.Type == v.Type && u.Name == v.Name && u.District == v.District && u.Province == v.Province
}

// Head returns the formal title of the unit's head, by which a letter
// addresses it: นายกองค์การบริหารส่วนตำบลกาหลง, นายกเทศมนตรีตำบลบางปลา
// (a municipality's head drops "เทศบาล"), นายกเมืองพัทยา.
func (u Unit) Head() string {
	return typeTable[u.Type].head + u.Bare()
}

// HeadTitle returns the title of a unit's head before its bare name:
// นายกเทศมนตรีเมือง, นายกองค์การบริหารส่วนตำบล.
func (t Type) HeadTitle() string { return typeTable[t].head }

// ForwardedByDistrict reports whether the request reaches the unit through
// its district office (subdistrict municipalities and SAOs) rather than
// straight from the province.
func (t Type) ForwardedByDistrict() bool { return t == SubdistrictMunicipality || t == SubdistrictOrg }

// District is a district (อำเภอ) with the units that lie in it, in list order.
type District struct {
	Name     string
	Province string // district names repeat across provinces
	Units    []Unit
}

// Districts groups units by district, in the order each district first
// appears in the list.
func Districts(units []Unit) []District {
	type key struct{ province, district string }
	idx := map[key]int{}
	var ds []District
	for _, u := range units {
		k := key{u.Province, u.District}
		i, ok := idx[k]
		if !ok {
			i = len(ds)
			idx[k] = i
			ds = append(ds, District{Name: u.District, Province: u.Province})
		}
		ds[i].Units = append(ds[i].Units, u)
	}
	return ds
}
