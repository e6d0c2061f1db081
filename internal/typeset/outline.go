package typeset

import (
	"sync"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// PathOp is one step of a glyph's outline, in em, y down, relative to the
// glyph's origin: a move, a line, a quadratic or a cubic curve to the last
// of its points (Op is sfnt's SegmentOp; only the first N points count).
type PathOp struct {
	Op  sfnt.SegmentOp
	Pts [3][2]float32
}

// outlines holds every slot's outline, read once from the font file as it
// is embedded, so a composed glyph is drawn as the PDF draws it.
type outlines struct {
	once  sync.Once
	paths [slotEnd][]PathOp
}

// Outline returns the outline of an encoded rune (see Encode), for drawing
// it outside a PDF; a glyph without ink has none. Marks are placed as fpdf
// places them: at the pen position, by their own coordinates. It is safe
// for concurrent use.
func (f *Font) Outline(slot rune) []PathOp {
	if slot < 0 || slot >= slotEnd {
		return nil
	}
	f.outline.once.Do(f.loadOutlines)
	return f.outline.paths[slot]
}

func (f *Font) loadOutlines() {
	sf, err := sfnt.Parse(f.ttf)
	if err != nil { // LoadFont parsed these bytes already
		return
	}
	var buf sfnt.Buffer
	upem := float32(f.unitsPerEm)
	for slot := rune(0); slot < slotEnd; slot++ {
		if !f.has[slot] || !f.ink[slot].some {
			continue
		}
		gi, err := sf.GlyphIndex(&buf, slot)
		if err != nil || gi == 0 {
			continue
		}
		segs, err := sf.LoadGlyph(&buf, gi, fixed.Int26_6(f.unitsPerEm), nil)
		if err != nil {
			continue
		}
		path := make([]PathOp, len(segs))
		for i, s := range segs {
			path[i].Op = s.Op
			for k, p := range s.Args {
				path[i].Pts[k] = [2]float32{float32(p.X) / upem, float32(p.Y) / upem}
			}
		}
		f.outline.paths[slot] = path
	}
}
