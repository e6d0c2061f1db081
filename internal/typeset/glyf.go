package typeset

import (
	"encoding/binary"
	"errors"

	"golang.org/x/image/font/sfnt"
)

// withComposite returns the TrueType font file ttf with one glyph added
// after the last: the parts drawn over each other, each at its own origin,
// advancing by adv font units. It returns the new glyph's index.
//
// It exists for sara am after ป ฝ ฟ: the left-moved nikhahit (U+F711) and
// sara aa as one glyph, so that one code in the PDF draws both and reads
// back, through the ToUnicode map, as the one ำ that was typed.
func withComposite(ttf []byte, adv uint16, parts ...sfnt.GlyphIndex) ([]byte, sfnt.GlyphIndex, error) {
	tables, err := readTables(ttf)
	if err != nil {
		return nil, 0, err
	}
	at := map[string]int{}
	for i, t := range tables {
		at[t.tag] = i
	}
	for _, tag := range []string{"head", "maxp", "hhea", "hmtx", "loca", "glyf"} {
		if _, ok := at[tag]; !ok {
			return nil, 0, errors.New("no " + tag + " table: not a TrueType-outline font")
		}
	}
	head, maxp, hhea := tables[at["head"]].data, tables[at["maxp"]].data, tables[at["hhea"]].data
	if len(head) < 54 || len(maxp) < 6 || len(hhea) < 36 {
		return nil, 0, errors.New("truncated head, maxp or hhea table")
	}
	n := int(binary.BigEndian.Uint16(maxp[4:]))
	if n >= 0xFFFF {
		return nil, 0, errors.New("no room for another glyph")
	}
	long := binary.BigEndian.Uint16(head[50:]) == 1
	loca, glyf := tables[at["loca"]].data, tables[at["glyf"]].data
	offset := func(i int) int {
		if long {
			return int(binary.BigEndian.Uint32(loca[4*i:]))
		}
		return 2 * int(binary.BigEndian.Uint16(loca[2*i:]))
	}
	if (long && len(loca) < 4*(n+1)) || (!long && len(loca) < 2*(n+1)) || offset(n) > len(glyf) {
		return nil, 0, errors.New("truncated loca or glyf table")
	}

	// The new glyph: a composite whose box holds its parts' boxes.
	g := make([]byte, 10, 10+8*len(parts))
	binary.BigEndian.PutUint16(g, 0xFFFF) // numberOfContours -1: composite
	box := [4]int16{0x7FFF, 0x7FFF, -0x8000, -0x8000}
	depth := 1
	for k, p := range parts {
		if int(p) >= n {
			return nil, 0, errors.New("no such glyph")
		}
		d := glyf[offset(int(p)):offset(int(p)+1)]
		if len(d) >= 10 {
			if int16(binary.BigEndian.Uint16(d)) < 0 {
				depth = 2
			}
			for j := range box {
				v := int16(binary.BigEndian.Uint16(d[2+2*j:]))
				if j < 2 {
					box[j] = min(box[j], v)
				} else {
					box[j] = max(box[j], v)
				}
			}
		}
		flags := uint16(0x0001 | 0x0002) // ARG_1_AND_2_ARE_WORDS, ARGS_ARE_XY_VALUES
		if k < len(parts)-1 {
			flags |= 0x0020 // MORE_COMPONENTS
		}
		g = binary.BigEndian.AppendUint16(g, flags)
		g = binary.BigEndian.AppendUint16(g, uint16(p))
		g = binary.BigEndian.AppendUint32(g, 0) // dx, dy
	}
	if box[0] > box[2] {
		box = [4]int16{}
	}
	for j, v := range box {
		binary.BigEndian.PutUint16(g[2+2*j:], uint16(v))
	}

	// glyf and loca: the glyph after the last, on a four-byte boundary.
	newGlyf := append(append([]byte(nil), glyf[:offset(n)]...), make([]byte, (4-offset(n)%4)%4)...)
	start := len(newGlyf)
	newGlyf = append(newGlyf, g...)
	end := len(newGlyf)
	if !long && end/2 > 0xFFFF {
		long = true
	}
	var newLoca []byte
	for i := 0; i <= n+1; i++ {
		o := end
		switch {
		case i < n:
			o = offset(i)
		case i == n:
			o = start
		}
		if long {
			newLoca = binary.BigEndian.AppendUint32(newLoca, uint32(o))
		} else {
			newLoca = binary.BigEndian.AppendUint16(newLoca, uint16(o/2))
		}
	}

	// hmtx: a full metric for every glyph, the new one's last.
	hmtx := tables[at["hmtx"]].data
	h := int(binary.BigEndian.Uint16(hhea[34:]))
	if h == 0 || h > n || len(hmtx) < 4*h+2*(n-h) {
		return nil, 0, errors.New("truncated hmtx table")
	}
	newHmtx := make([]byte, 0, 4*(n+1))
	for i := 0; i < n; i++ {
		if i < h {
			newHmtx = append(newHmtx, hmtx[4*i:4*i+4]...)
		} else {
			newHmtx = append(newHmtx, hmtx[4*(h-1):4*(h-1)+2]...)
			newHmtx = append(newHmtx, hmtx[4*h+2*(i-h):4*h+2*(i-h)+2]...)
		}
	}
	newHmtx = binary.BigEndian.AppendUint16(newHmtx, adv)
	newHmtx = binary.BigEndian.AppendUint16(newHmtx, uint16(box[0]))

	head = append([]byte(nil), head...)
	if long {
		binary.BigEndian.PutUint16(head[50:], 1)
	}
	maxp = append([]byte(nil), maxp...)
	binary.BigEndian.PutUint16(maxp[4:], uint16(n+1))
	if len(maxp) >= 32 { // version 1.0: the composite limits
		binary.BigEndian.PutUint16(maxp[28:], max(binary.BigEndian.Uint16(maxp[28:]), uint16(len(parts))))
		binary.BigEndian.PutUint16(maxp[30:], max(binary.BigEndian.Uint16(maxp[30:]), uint16(depth)))
	}
	hhea = append([]byte(nil), hhea...)
	binary.BigEndian.PutUint16(hhea[34:], uint16(n+1))

	var out []table
	for _, t := range tables {
		switch t.tag {
		case "head":
			t.data = head
		case "maxp":
			t.data = maxp
		case "hhea":
			t.data = hhea
		case "hmtx":
			t.data = newHmtx
		case "loca":
			t.data = newLoca
		case "glyf":
			t.data = newGlyf
		case "post":
			// Glyph names are listed per glyph in version 2; version 3 has none.
			if len(t.data) >= 32 {
				t.data = append([]byte{0, 3, 0, 0}, t.data[4:32]...)
			}
		case "hdmx", "LTSH", "VDMX":
			continue // per-glyph device metrics, which would now be a glyph short
		}
		out = append(out, t)
	}
	return writeFont(ttf, out), sfnt.GlyphIndex(n), nil
}
