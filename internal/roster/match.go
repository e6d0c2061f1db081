package roster

// SplitName reads a unit's name as Read does: cleaned, with a type prefix
// in full (องค์การบริหารส่วนตำบลท่าทราย) or abbreviated (อบต.ท่าทราย, ทต. บางปลา)
// recognised. It returns the type and the bare name; ok is false for a bare
// name, which is returned cleaned. Files that name units, such as a
// survey's responses, are matched to a list through it.
func SplitName(s string) (t Type, bare string, ok bool) { return splitName(Clean(s)) }

// CleanDistrict reads a district's name as Read does: cleaned, without an
// อำเภอ or อ. prefix.
func CleanDistrict(s string) string { return cleanPlace(s, districtPrefixes...) }
