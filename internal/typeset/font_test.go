package typeset

import (
	"testing"

	"github.com/prakat/prakat/fonts"
	"golang.org/x/image/font/sfnt"
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
