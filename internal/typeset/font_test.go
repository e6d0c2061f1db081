package typeset

import (
	"testing"

	"github.com/prakat/prakat/fonts"
	"github.com/prakat/prakat/internal/thai"
	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

func laksaman(t testing.TB) *Font {
	t.Helper()
	f, err := LoadFont("Laksaman", fonts.Regular)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// The rewritten font maps each slot to the glyph the original font has for
// the character the slot stands for.
func TestRewrittenCmap(t *testing.T) {
	f := laksaman(t)
	orig, _ := sfnt.Parse(fonts.Regular)
	re, err := sfnt.Parse(f.ttf)
	if err != nil {
		t.Fatalf("rewritten font does not parse: %v", err)
	}
	var b sfnt.Buffer
	check := func(r, slot rune) {
		want, _ := orig.GlyphIndex(&b, r)
		got, _ := re.GlyphIndex(&b, slot)
		if got != want || got == 0 {
			t.Errorf("slot %U for %U: glyph %d; want %d", slot, r, got, want)
		}
	}
	for _, r := range "กขฮ่้ำAz0~ ฿" {
		check(r, r)
	}
	for r, slot := range slots {
		if r >= 0xF700 && r <= 0xF71A {
			check(r, slot)
		}
	}
	if g, _ := re.GlyphIndex(&b, 0xF70A); g != 0 {
		t.Errorf("private-use code point still mapped to glyph %d", g)
	}
}

func TestFontWithoutPUARefused(t *testing.T) {
	// A font whose map lacks the private-use code points: Laksaman with its
	// map rewritten to Thai letters only.
	orig, _ := sfnt.Parse(fonts.Regular)
	var b sfnt.Buffer
	glyphs := map[rune]sfnt.GlyphIndex{}
	for r := rune(0x0E01); r <= 0x0E5B; r++ {
		if g, _ := orig.GlyphIndex(&b, r); g != 0 {
			glyphs[r] = g
		}
	}
	stripped, err := withCmap(fonts.Regular, glyphs)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := LoadFont("plain", stripped); err == nil {
		t.Error("a font without private-use glyphs was accepted")
	}
	if _, err := LoadFont("junk", []byte("not a font")); err == nil {
		t.Error("junk accepted as a font")
	}
}

func TestWidth(t *testing.T) {
	f := laksaman(t)
	enc, missing := f.Encode([]rune("ที่"))
	if len(missing) != 0 {
		t.Fatalf("missing %q", missing)
	}
	// Marks take no room: ที่ is as wide as ท.
	if w, wt := f.Width(enc, 10), f.Width([]rune("ท"), 10); w != wt || w <= 0 {
		t.Errorf("width of ที่ = %v; ท = %v", w, wt)
	}
	if _, missing := f.Encode([]rune("ท😀")); len(missing) != 1 {
		t.Errorf("missing = %q; want the emoji", missing)
	}
}

// Sara am after ป ฝ ฟ is one composed glyph: the left-moved nikhahit
// (U+F711) over sara aa, with sara aa's advance, in both weights. Every
// glyph of the original keeps its index and its advance.
func TestAmLeftComposed(t *testing.T) {
	for _, tt := range []struct {
		name string
		ttf  []byte
	}{{"Laksaman", fonts.Regular}, {"Laksaman Bold", fonts.Bold}} {
		f, err := LoadFont(tt.name, tt.ttf)
		if err != nil {
			t.Fatal(err)
		}
		orig, _ := sfnt.Parse(tt.ttf)
		re, err := sfnt.Parse(f.ttf)
		if err != nil {
			t.Fatalf("%s: the font with the composed glyph does not parse: %v", tt.name, err)
		}
		var b sfnt.Buffer
		slot := slots[thai.AmLeft]
		g, _ := re.GlyphIndex(&b, slot)
		if re.NumGlyphs() != orig.NumGlyphs()+1 || int(g) != orig.NumGlyphs() {
			t.Fatalf("%s: %d glyphs, AmLeft at %d; want %d, at %d", tt.name, re.NumGlyphs(), g, orig.NumGlyphs()+1, orig.NumGlyphs())
		}
		ppem := fixed.Int26_6(orig.UnitsPerEm())
		// The outline is F711's outline followed by sara aa's.
		outline := func(f *sfnt.Font, gs ...sfnt.GlyphIndex) []sfnt.Segment {
			var all []sfnt.Segment
			for _, g := range gs {
				segs, err := f.LoadGlyph(&b, g, ppem, nil)
				if err != nil {
					t.Fatalf("%s: glyph %d: %v", tt.name, g, err)
				}
				all = append(all, segs...)
			}
			return all
		}
		nik, _ := orig.GlyphIndex(&b, 0xF711)
		aa, _ := orig.GlyphIndex(&b, 0x0E32)
		want := outline(orig, nik, aa)
		got := outline(re, g)
		if len(got) == 0 || len(got) != len(want) {
			t.Fatalf("%s: composed outline has %d segments; want %d", tt.name, len(got), len(want))
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("%s: segment %d = %v; want %v", tt.name, i, got[i], want[i])
				break
			}
		}
		if f.Advance(slot) != f.Advance(0x0E33) || f.Advance(slot) == 0 {
			t.Errorf("%s: AmLeft advances %v; ำ %v", tt.name, f.Advance(slot), f.Advance(0x0E33))
		}
		for i := 0; i < orig.NumGlyphs(); i++ {
			a1, _ := orig.GlyphAdvance(&b, sfnt.GlyphIndex(i), ppem, font.HintingNone)
			a2, _ := re.GlyphAdvance(&b, sfnt.GlyphIndex(i), ppem, font.HintingNone)
			if a1 != a2 {
				t.Fatalf("%s: glyph %d advances %v; was %v", tt.name, i, a2, a1)
			}
		}
		enc, _ := f.Encode([]rune("ลำปำ"))
		if enc[1] != 0x0E33 || enc[3] != slot {
			t.Errorf("%s: Encode(ลำปำ) = %U; want ำ in place after ล, AmLeft after ป", tt.name, enc)
		}
	}
}

// TestOutlineMatchesInk checks that each outline lies in the glyph's ink
// box, the box the PDF checks measure, so pictures place marks as posters
// do.
func TestOutlineMatchesInk(t *testing.T) {
	f := laksaman(t)
	enc, _ := f.Encode([]rune("ปั้นน้ำ ก่อ"))
	drawn := 0
	for _, r := range enc {
		path := f.Outline(r)
		g := f.ink[r]
		if len(path) == 0 {
			if g.some {
				t.Errorf("Outline(%U) is empty; the glyph has ink", r)
			}
			continue
		}
		drawn++
		upem := float32(f.unitsPerEm)
		for _, op := range path {
			end := map[sfnt.SegmentOp]int{sfnt.SegmentOpMoveTo: 0, sfnt.SegmentOpLineTo: 0, sfnt.SegmentOpQuadTo: 1, sfnt.SegmentOpCubeTo: 2}[op.Op]
			for _, p := range op.Pts[end : end+1] {
				x, y := p[0]*upem, -p[1]*upem
				if x < float32(g.x0)-1 || x > float32(g.x1)+1 || y < float32(g.y0)-1 || y > float32(g.y1)+1 {
					t.Errorf("Outline(%U): point (%v, %v) outside the ink box %+v", r, x, y, g)
				}
			}
		}
	}
	if drawn < 8 {
		t.Errorf("%d glyphs drawn; want every letter and mark", drawn)
	}
}
