package typeset

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// withoutHinting returns the TrueType font file ttf as a PDF needs it: its
// hinting dropped, and its name table cut down to the names a reader and
// the font's licence need. It is done once, when a font is loaded, so that
// every PDF that embeds the font carries the smaller file.
//
// Hinting is the font's program for fitting outlines to a coarse pixel grid
// (the fpgm, prep and cvt tables, gasp's advice on using it, and each
// glyph's instructions); PDF viewers and printers draw the outlines
// unhinted, or hint them on their own, so it is about a fifth of what a
// poster embeds for nothing it shows. Of the names, a font keeps its
// copyright notice (name 0), its family, style, full name, version and
// PostScript name (1 to 6, which the PDF names it by), its trademark notice
// (7), and its licence and the licence's address (13, 14): Laksaman's
// licence, the GPL with the font exception, asks that the notices of
// copyright and licence be kept with every copy. Each is kept once: the
// names 1 to 6 in the Windows Unicode record, which systems look up; the
// notices in the Macintosh Roman one, one byte a character, where the font
// has one (the licence is 1.2 KB of text).
func withoutHinting(ttf []byte) ([]byte, error) {
	tables, err := readTables(ttf)
	if err != nil {
		return nil, err
	}
	at := map[string]int{}
	for i, t := range tables {
		at[t.tag] = i
	}
	if _, ok := at["glyf"]; !ok {
		return ttf, nil // not TrueType outlines: left as it is
	}
	for _, tag := range []string{"head", "maxp", "loca"} {
		if _, ok := at[tag]; !ok {
			return nil, errors.New("no " + tag + " table")
		}
	}
	head, maxp := tables[at["head"]].data, tables[at["maxp"]].data
	if len(head) < 54 || len(maxp) < 6 {
		return nil, errors.New("truncated head or maxp table")
	}
	n := int(binary.BigEndian.Uint16(maxp[4:]))
	long := binary.BigEndian.Uint16(head[50:]) == 1
	glyf, loca, err := stripGlyphs(tables[at["glyf"]].data, tables[at["loca"]].data, n, long)
	if err != nil {
		return nil, err
	}
	var out []table
	for _, t := range tables {
		switch t.tag {
		case "fpgm", "prep", "cvt ", "gasp", "hdmx", "LTSH", "VDMX":
			continue // the hinting program, and metrics made by running it
		case "glyf":
			t.data = glyf
		case "loca":
			t.data = loca
		case "head":
			t.data = append([]byte(nil), t.data...)
			binary.BigEndian.PutUint16(t.data[50:], 1) // long offsets: the new loca
		case "maxp":
			if len(t.data) >= 32 { // version 1.0: the limits of the hinting program
				t.data = append([]byte(nil), t.data...)
				for _, off := range []int{14, 16, 18, 20, 22, 24, 26} {
					binary.BigEndian.PutUint16(t.data[off:], 0)
				}
				binary.BigEndian.PutUint16(t.data[14:], 1) // maxZones: 1 without a twilight zone
			}
		case "name":
			names, err := keptNames(t.data)
			if err != nil {
				return nil, fmt.Errorf("name table: %w", err)
			}
			t.data = names
		}
		out = append(out, t)
	}
	return writeFont(ttf, out), nil
}

// stripGlyphs returns the glyf table without instructions and its loca
// table, with long offsets.
func stripGlyphs(glyf, loca []byte, n int, long bool) ([]byte, []byte, error) {
	offset := func(i int) int {
		if long {
			return int(binary.BigEndian.Uint32(loca[4*i:]))
		}
		return 2 * int(binary.BigEndian.Uint16(loca[2*i:]))
	}
	if (long && len(loca) < 4*(n+1)) || (!long && len(loca) < 2*(n+1)) {
		return nil, nil, errors.New("truncated loca table")
	}
	out := make([]byte, 0, len(glyf))
	newLoca := make([]byte, 0, 4*(n+1))
	for i := 0; i < n; i++ {
		newLoca = binary.BigEndian.AppendUint32(newLoca, uint32(len(out)))
		start, end := offset(i), offset(i+1)
		if start > end || end > len(glyf) {
			return nil, nil, fmt.Errorf("glyph %d lies outside the glyf table", i)
		}
		g, err := stripGlyph(glyf[start:end])
		if err != nil {
			return nil, nil, fmt.Errorf("glyph %d: %w", i, err)
		}
		out = append(out, g...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	newLoca = binary.BigEndian.AppendUint32(newLoca, uint32(len(out)))
	return out, newLoca, nil
}

// stripGlyph returns one glyph's data without its instructions.
func stripGlyph(g []byte) ([]byte, error) {
	if len(g) == 0 {
		return nil, nil
	}
	if len(g) < 10 {
		return nil, errors.New("truncated")
	}
	contours := int16(binary.BigEndian.Uint16(g))
	if contours >= 0 {
		// Simple: the contours' ends, the instructions, then the points.
		p := 10 + 2*int(contours)
		if len(g) < p+2 {
			return nil, errors.New("truncated")
		}
		il := int(binary.BigEndian.Uint16(g[p:]))
		if len(g) < p+2+il {
			return nil, errors.New("truncated instructions")
		}
		out := make([]byte, 0, len(g)-il)
		out = append(out, g[:p]...)
		out = append(out, 0, 0)
		return append(out, g[p+2+il:]...), nil
	}
	// Composite: the components, then the instructions if any says so.
	p := 10
	const (
		argWords   = 0x0001
		scale      = 0x0008
		more       = 0x0020
		xyScale    = 0x0040
		twoByTwo   = 0x0080
		haveInstrs = 0x0100
	)
	out := append([]byte(nil), g...)
	for {
		if len(g) < p+4 {
			return nil, errors.New("truncated component")
		}
		flags := binary.BigEndian.Uint16(g[p:])
		binary.BigEndian.PutUint16(out[p:], flags&^haveInstrs)
		p += 4
		if flags&argWords != 0 {
			p += 4
		} else {
			p += 2
		}
		switch {
		case flags&scale != 0:
			p += 2
		case flags&xyScale != 0:
			p += 4
		case flags&twoByTwo != 0:
			p += 8
		}
		if flags&more == 0 {
			break
		}
	}
	if p > len(g) {
		return nil, errors.New("truncated component")
	}
	return out[:p], nil
}

// keptNames returns a name table (format 0) with only the records
// withoutHinting keeps.
func keptNames(name []byte) ([]byte, error) {
	if len(name) < 6 {
		return nil, errors.New("truncated")
	}
	count := int(binary.BigEndian.Uint16(name[2:]))
	strings := int(binary.BigEndian.Uint16(name[4:]))
	if len(name) < 6+12*count || strings > len(name) {
		return nil, errors.New("truncated")
	}
	type record struct {
		platform, encoding, language, id uint16
		text                             []byte
	}
	keep := map[uint16]bool{0: true, 1: true, 2: true, 3: true, 4: true, 5: true, 6: true, 7: true, 13: true, 14: true}
	var all []record
	windows := map[uint16]bool{} // the names that have a Windows Unicode record
	roman := map[uint16]bool{}   // and a Macintosh Roman one
	isWindows := func(r record) bool { return r.platform == 3 && r.encoding == 1 && r.language == 0x409 }
	isRoman := func(r record) bool { return r.platform == 1 && r.encoding == 0 && r.language == 0 }
	notice := func(id uint16) bool { return id == 0 || id == 7 || id == 13 || id == 14 }
	for i := range count {
		r := name[6+12*i:]
		rec := record{binary.BigEndian.Uint16(r), binary.BigEndian.Uint16(r[2:]), binary.BigEndian.Uint16(r[4:]), binary.BigEndian.Uint16(r[6:]), nil}
		ln, off := int(binary.BigEndian.Uint16(r[8:])), int(binary.BigEndian.Uint16(r[10:]))
		if strings+off+ln > len(name) {
			return nil, fmt.Errorf("name %d lies outside the table", rec.id)
		}
		rec.text = name[strings+off : strings+off+ln]
		if !keep[rec.id] {
			continue
		}
		windows[rec.id] = windows[rec.id] || isWindows(rec)
		roman[rec.id] = roman[rec.id] || isRoman(rec)
		all = append(all, rec)
	}
	var kept []record
	for _, r := range all {
		switch {
		case notice(r.id) && roman[r.id]:
			if !isRoman(r) {
				continue
			}
		case windows[r.id]:
			if !isWindows(r) {
				continue
			}
		}
		kept = append(kept, r)
	}
	out := make([]byte, 6+12*len(kept))
	binary.BigEndian.PutUint16(out[2:], uint16(len(kept)))
	binary.BigEndian.PutUint16(out[4:], uint16(len(out)))
	var text []byte
	for i, r := range kept { // in the table's order, which is sorted
		rec := out[6+12*i:]
		binary.BigEndian.PutUint16(rec, r.platform)
		binary.BigEndian.PutUint16(rec[2:], r.encoding)
		binary.BigEndian.PutUint16(rec[4:], r.language)
		binary.BigEndian.PutUint16(rec[6:], r.id)
		binary.BigEndian.PutUint16(rec[8:], uint16(len(r.text)))
		binary.BigEndian.PutUint16(rec[10:], uint16(len(text)))
		text = append(text, r.text...)
	}
	return append(out, text...), nil
}
