package typeset

// Temporary: replaced by the ink extents of the typeset branch at merge.

import (
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

var inkCache sync.Map // *Font → *[slotEnd][2]float64

func (f *Font) inkTable() *[slotEnd][2]float64 {
	if v, ok := inkCache.Load(f); ok {
		return v.(*[slotEnd][2]float64)
	}
	t := new([slotEnd][2]float64)
	sf, err := sfnt.Parse(f.ttf)
	if err == nil {
		var buf sfnt.Buffer
		upem := fixed.Int26_6(sf.UnitsPerEm())
		for r := rune(0x20); r < slotEnd; r++ {
			if !f.has[r] {
				continue
			}
			gi, err := sf.GlyphIndex(&buf, r)
			if err != nil || gi == 0 {
				continue
			}
			b, _, err := sf.GlyphBounds(&buf, gi, upem, font.HintingNone)
			if err != nil {
				continue
			}
			t[r] = [2]float64{-float64(b.Min.Y) / float64(upem), float64(b.Max.Y) / float64(upem)}
		}
	}
	inkCache.Store(f, t)
	return t
}

// InkExtents returns how far the ink of an encoded line reaches above and
// below the baseline, in em.
func (f *Font) InkExtents(enc []rune) (above, below float64) {
	t := f.inkTable()
	for _, r := range enc {
		if r >= 0 && r < slotEnd {
			above = max(above, t[r][0])
			below = max(below, t[r][1])
		}
	}
	return above, below
}
