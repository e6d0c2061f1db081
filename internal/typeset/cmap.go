package typeset

import (
	"encoding/binary"
	"errors"
	"sort"

	"golang.org/x/image/font/sfnt"
)

// table is one table of a font file.
type table struct {
	tag  string
	data []byte
}

// readTables splits a font file into its tables, in directory order.
func readTables(ttf []byte) ([]table, error) {
	if len(ttf) < 12 {
		return nil, errors.New("truncated font file")
	}
	n := int(binary.BigEndian.Uint16(ttf[4:]))
	if len(ttf) < 12+16*n {
		return nil, errors.New("truncated font table directory")
	}
	var tables []table
	for i := 0; i < n; i++ {
		rec := ttf[12+16*i:]
		tag := string(rec[:4])
		off, ln := binary.BigEndian.Uint32(rec[8:]), binary.BigEndian.Uint32(rec[12:])
		if uint64(off)+uint64(ln) > uint64(len(ttf)) {
			return nil, errors.New("font table " + tag + " lies outside the file")
		}
		tables = append(tables, table{tag, ttf[off : off+ln]})
	}
	return tables, nil
}

// writeFont assembles tables into a font file with the given sfnt version
// (the first four bytes of the original), sorted by tag, checksums and the
// head table's adjustment recomputed.
func writeFont(version []byte, tables []table) []byte {
	tables = append([]table(nil), tables...)
	for i, t := range tables {
		if t.tag == "head" {
			data := append([]byte(nil), t.data...)
			if len(data) >= 12 {
				binary.BigEndian.PutUint32(data[8:], 0) // checkSumAdjustment, set below
			}
			tables[i].data = data
		}
	}
	sort.Slice(tables, func(i, j int) bool { return tables[i].tag < tables[j].tag })

	out := make([]byte, 12+16*len(tables))
	copy(out, version[:4])
	entrySelector := 0
	for 1<<(entrySelector+1) <= len(tables) {
		entrySelector++
	}
	searchRange := 16 << entrySelector
	binary.BigEndian.PutUint16(out[4:], uint16(len(tables)))
	binary.BigEndian.PutUint16(out[6:], uint16(searchRange))
	binary.BigEndian.PutUint16(out[8:], uint16(entrySelector))
	binary.BigEndian.PutUint16(out[10:], uint16(16*len(tables)-searchRange))
	headAt := -1
	for i, t := range tables {
		off := len(out)
		if t.tag == "head" {
			headAt = off
		}
		out = append(out, t.data...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
		rec := out[12+16*i:]
		copy(rec, t.tag)
		binary.BigEndian.PutUint32(rec[4:], checksum(t.data))
		binary.BigEndian.PutUint32(rec[8:], uint32(off))
		binary.BigEndian.PutUint32(rec[12:], uint32(len(t.data)))
	}
	if headAt >= 0 {
		binary.BigEndian.PutUint32(out[headAt+8:], 0xB1B0AFBA-checksum(out))
	}
	return out
}

// withCmap returns the font file ttf with its character map replaced by one
// that maps exactly the given code points to the given glyphs (a single
// Windows Unicode BMP subtable, format 4). Every other table is copied as
// it is; the checksums are recomputed.
func withCmap(ttf []byte, glyphs map[rune]sfnt.GlyphIndex) ([]byte, error) {
	tables, err := readTables(ttf)
	if err != nil {
		return nil, err
	}
	for i := range tables {
		if tables[i].tag == "cmap" {
			tables[i].data = format4(glyphs)
		}
	}
	return writeFont(ttf, tables), nil
}

// WithoutCmap returns the font file ttf without its character map. A PDF
// finds the glyphs of a CID font through the font's CIDToGIDMap, never
// through the font file's own map, and ISO 32000-1 (9.9, embedded font
// programs) says a TrueType program used with a CIDFont does not need the
// map and is not to carry one; the subsets fpdf embeds carry it all the
// same: 0.7 KB of a poster's two fonts, compressed. A file that cannot be
// read is returned as it is.
func WithoutCmap(ttf []byte) []byte {
	tables, err := readTables(ttf)
	if err != nil {
		return ttf
	}
	kept := tables[:0:0]
	for _, t := range tables {
		if t.tag != "cmap" {
			kept = append(kept, t)
		}
	}
	if len(kept) == len(tables) {
		return ttf
	}
	return writeFont(ttf, kept)
}

func checksum(b []byte) uint32 {
	var sum uint32
	for i := 0; i < len(b); i += 4 {
		var w [4]byte
		copy(w[:], b[i:])
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}

// format4 builds a cmap table with one (3,1) format-4 subtable. Each run of
// consecutive code points is a segment whose glyphs are listed in the glyph
// array.
func format4(glyphs map[rune]sfnt.GlyphIndex) []byte {
	codes := make([]rune, 0, len(glyphs))
	for r := range glyphs {
		if r > 0 && r < 0xFFFF {
			codes = append(codes, r)
		}
	}
	sort.Slice(codes, func(i, j int) bool { return codes[i] < codes[j] })
	type seg struct{ start, end rune }
	var segs []seg
	for _, r := range codes {
		if len(segs) > 0 && segs[len(segs)-1].end == r-1 {
			segs[len(segs)-1].end = r
		} else {
			segs = append(segs, seg{r, r})
		}
	}
	segs = append(segs, seg{0xFFFF, 0xFFFF})
	segX2 := 2 * len(segs)
	entrySelector := 0
	for 1<<(entrySelector+1) <= len(segs) {
		entrySelector++
	}
	searchRange := 2 << entrySelector

	var glyphArray []uint16
	idRangeOffset := make([]uint16, len(segs))
	for i, s := range segs[:len(segs)-1] {
		// Offset from this idRangeOffset entry to the segment's first glyph.
		idRangeOffset[i] = uint16(2*(len(segs)-i) + 2*len(glyphArray))
		for r := s.start; r <= s.end; r++ {
			glyphArray = append(glyphArray, uint16(glyphs[r]))
		}
	}
	sub := []uint16{4, 0, 0, uint16(segX2), uint16(searchRange), uint16(entrySelector), uint16(segX2 - searchRange)}
	for _, s := range segs {
		sub = append(sub, uint16(s.end))
	}
	sub = append(sub, 0)
	for _, s := range segs {
		sub = append(sub, uint16(s.start))
	}
	for i := range segs {
		if i == len(segs)-1 {
			sub = append(sub, 1) // idDelta: 0xFFFF maps to glyph 0
		} else {
			sub = append(sub, 0)
		}
	}
	sub = append(sub, idRangeOffset...)
	sub = append(sub, glyphArray...)
	sub[1] = uint16(2 * len(sub)) // length

	out := make([]byte, 12, 12+2*len(sub))
	binary.BigEndian.PutUint16(out[0:], 0) // version
	binary.BigEndian.PutUint16(out[2:], 1) // one subtable
	binary.BigEndian.PutUint16(out[4:], 3) // Windows
	binary.BigEndian.PutUint16(out[6:], 1) // Unicode BMP
	binary.BigEndian.PutUint32(out[8:], 12)
	for _, v := range sub {
		out = binary.BigEndian.AppendUint16(out, v)
	}
	return out
}
