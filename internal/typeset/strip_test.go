package typeset

import (
	"bytes"
	"encoding/binary"
	"reflect"
	"strings"
	"testing"

	"github.com/prakat/prakat/fonts"
	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// Stripping drops the hinting and most names and changes no outline,
// advance or glyph number; the copyright and licence notices stay.
func TestWithoutHinting(t *testing.T) {
	for _, tc := range []struct {
		name string
		ttf  []byte
	}{{"regular", fonts.Regular}, {"bold", fonts.Bold}} {
		stripped, err := withoutHinting(tc.ttf)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if len(stripped) >= len(tc.ttf)*9/10 {
			t.Errorf("%s: %d bytes stripped from %d; want a tenth or more", tc.name, len(tc.ttf)-len(stripped), len(tc.ttf))
		}
		tables, err := readTables(stripped)
		if err != nil {
			t.Fatal(err)
		}
		at := map[string][]byte{}
		for _, tb := range tables {
			at[tb.tag] = tb.data
		}
		for _, tag := range []string{"fpgm", "prep", "cvt ", "gasp"} {
			if _, ok := at[tag]; ok {
				t.Errorf("%s: table %q kept", tc.name, tag)
			}
		}
		names := string(at["name"])
		for _, want := range []string{"Copyright (c) 2014 Theppitak Karoonboonyanan", "GNU General Public License", "http://www.gnu.org/licenses/old-licenses/gpl-2.0.html"} {
			if !strings.Contains(names, want) {
				t.Errorf("%s: the name table lost %q", tc.name, want)
			}
		}
		if !strings.Contains(names, "\x00L\x00a\x00k\x00s\x00a\x00m\x00a\x00n") {
			t.Errorf("%s: the name table lost the Windows family name", tc.name)
		}

		orig, _ := sfnt.Parse(tc.ttf)
		re, err := sfnt.Parse(stripped)
		if err != nil {
			t.Fatalf("%s: the stripped font does not parse: %v", tc.name, err)
		}
		if orig.NumGlyphs() != re.NumGlyphs() {
			t.Fatalf("%s: %d glyphs; want %d", tc.name, re.NumGlyphs(), orig.NumGlyphs())
		}
		var b1, b2 sfnt.Buffer
		ppem := fixed.Int26_6(orig.UnitsPerEm())
		for g := range orig.NumGlyphs() {
			gi := sfnt.GlyphIndex(g)
			s1, err1 := orig.LoadGlyph(&b1, gi, ppem, nil)
			s2, err2 := re.LoadGlyph(&b2, gi, ppem, nil)
			if (err1 == nil) != (err2 == nil) || !reflect.DeepEqual(s1, s2) {
				t.Fatalf("%s: glyph %d's outline changed", tc.name, g)
			}
			a1, _ := orig.GlyphAdvance(&b1, gi, ppem, font.HintingNone)
			a2, _ := re.GlyphAdvance(&b2, gi, ppem, font.HintingNone)
			if a1 != a2 {
				t.Fatalf("%s: glyph %d advances %v; want %v", tc.name, g, a2, a1)
			}
		}
		// No glyph keeps instructions.
		glyf, loca := at["glyf"], at["loca"]
		for g := range re.NumGlyphs() {
			start, end := binary.BigEndian.Uint32(loca[4*g:]), binary.BigEndian.Uint32(loca[4*g+4:])
			d := glyf[start:end]
			if len(d) == 0 {
				continue
			}
			if c := int16(binary.BigEndian.Uint16(d)); c >= 0 {
				if n := binary.BigEndian.Uint16(d[10+2*int(c):]); n != 0 {
					t.Fatalf("%s: glyph %d keeps %d bytes of instructions", tc.name, g, n)
				}
			}
		}
		if bytes.Equal(stripped, tc.ttf) {
			t.Errorf("%s: unchanged", tc.name)
		}
	}
}

// A font file without its character map keeps every other table as it was,
// with checksums that add up.
func TestWithoutCmap(t *testing.T) {
	f := laksaman(t)
	before, err := readTables(f.ttf)
	if err != nil {
		t.Fatal(err)
	}
	out := WithoutCmap(f.ttf)
	after, err := readTables(out)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]byte{}
	for _, tb := range before {
		if tb.tag != "cmap" && tb.tag != "head" { // head's checksum adjustment is set anew
			want[tb.tag] = tb.data
		}
	}
	if len(after) != len(before)-1 {
		t.Fatalf("%d tables after, %d before; want one fewer", len(after), len(before))
	}
	for i, tb := range after {
		if tb.tag == "cmap" {
			t.Fatal("the cmap table is still there")
		}
		if w, ok := want[tb.tag]; ok && !bytes.Equal(w, tb.data) {
			t.Errorf("table %s changed", tb.tag)
		}
		rec := out[12+16*i:]
		if got := binary.BigEndian.Uint32(rec[4:]); got != checksum(tb.data) && tb.tag != "head" {
			t.Errorf("table %s: checksum %08x; want %08x", tb.tag, got, checksum(tb.data))
		}
	}
	if sum := checksum(out); sum != 0xB1B0AFBA {
		t.Errorf("the file sums to %08x; want B1B0AFBA", sum)
	}
	if again := WithoutCmap(out); !bytes.Equal(again, out) {
		t.Error("a file without a cmap changed again")
	}
}
