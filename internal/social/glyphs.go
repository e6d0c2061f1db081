package social

import (
	"image"
	"math"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/prakat/prakat/internal/typeset"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/vector"
)

// Every unit's name is new, but its letters are not. A line is set from
// its glyphs' coverage, each glyph rasterized once for a size and a
// quarter-pixel position from its outline (as the PDF draws it), the
// coverages added where glyphs meet.

// phases is how many positions within a pixel a glyph is drawn at.
const phases = 4

// maxGlyphs bounds the glyphs kept (a few kilobytes each).
const maxGlyphs = 1 << 14

type glyphKey struct {
	f     *typeset.Font
	slot  rune
	size  float64
	phase int
}

// glyphMask is a glyph's coverage, its top left at x, y from the pen's
// whole-pixel position on the baseline; ink is the box of the pixels that
// draw some shade.
type glyphMask struct {
	alpha *image.Alpha
	x, y  int
	ink   image.Rectangle
}

// glyphCache keeps the glyphs of each font and size apart, so that a
// line, all of one, finds its glyphs by slot and phase alone.
type glyphCache struct {
	sizes kept[sizeKey, *sizeGlyphs]
	n     atomic.Int64 // glyphs kept
}

type sizeKey struct {
	f    *typeset.Font
	size float64
}

// sizeGlyphs are the glyphs of a font at a size, by slot<<2 | phase.
type sizeGlyphs struct {
	glyphs kept[int32, *glyphMask]
}

func slotPhase(slot rune, phase int) int32 { return int32(slot)<<2 | int32(phase) }

// rasterizers saves allocating a rasterizer's buffers for every glyph.
var rasterizers sync.Pool

// at returns the glyphs of f at size.
func (c *glyphCache) at(f *typeset.Font, size float64) *sizeGlyphs {
	k := sizeKey{f, size}
	if sg, ok := c.sizes.get(k); ok {
		return sg
	}
	sg, _ := c.sizes.put(k, &sizeGlyphs{}, math.MaxInt)
	return sg
}

func (c *glyphCache) get(k glyphKey) *glyphMask {
	sg := c.at(k.f, k.size)
	if g, ok := sg.glyphs.get(slotPhase(k.slot, k.phase)); ok {
		return g
	}
	g := rasterizeGlyph(k)
	if c.n.Load() < maxGlyphs {
		var ok bool
		if g, ok = sg.glyphs.put(slotPhase(k.slot, k.phase), g, math.MaxInt); ok {
			c.n.Add(1)
		}
	}
	return g
}

// rasterizeGlyph draws a glyph, anti-aliased, from its outline; nil for
// one without ink.
func rasterizeGlyph(k glyphKey) *glyphMask {
	path := k.f.Outline(k.slot)
	if len(path) == 0 {
		return nil
	}
	s := float32(k.size)
	off := float32(k.phase) / phases
	minX, minY := float32(math.Inf(1)), float32(math.Inf(1))
	maxX, maxY := float32(math.Inf(-1)), float32(math.Inf(-1))
	for _, op := range path {
		n := 1
		switch op.Op {
		case sfnt.SegmentOpQuadTo:
			n = 2
		case sfnt.SegmentOpCubeTo:
			n = 3
		}
		for _, p := range op.Pts[:n] { // a curve keeps inside its points
			minX, maxX = min(minX, p[0]*s+off), max(maxX, p[0]*s+off)
			minY, maxY = min(minY, p[1]*s), max(maxY, p[1]*s)
		}
	}
	x0, y0 := int(math.Floor(float64(minX)))-1, int(math.Floor(float64(minY)))-1
	w, h := int(math.Ceil(float64(maxX)))+1-x0, int(math.Ceil(float64(maxY)))+1-y0
	z, _ := rasterizers.Get().(*vector.Rasterizer)
	if z == nil {
		z = vector.NewRasterizer(w, h)
	} else {
		z.Reset(w, h)
	}
	defer rasterizers.Put(z)
	ox, oy := off-float32(x0), -float32(y0)
	for _, op := range path {
		p := op.Pts
		switch op.Op {
		case sfnt.SegmentOpMoveTo:
			z.ClosePath()
			z.MoveTo(ox+p[0][0]*s, oy+p[0][1]*s)
		case sfnt.SegmentOpLineTo:
			z.LineTo(ox+p[0][0]*s, oy+p[0][1]*s)
		case sfnt.SegmentOpQuadTo:
			z.QuadTo(ox+p[0][0]*s, oy+p[0][1]*s, ox+p[1][0]*s, oy+p[1][1]*s)
		case sfnt.SegmentOpCubeTo:
			z.CubeTo(ox+p[0][0]*s, oy+p[0][1]*s, ox+p[1][0]*s, oy+p[1][1]*s, ox+p[2][0]*s, oy+p[2][1]*s)
		}
	}
	z.ClosePath()
	a := image.NewAlpha(image.Rect(0, 0, w, h))
	z.Draw(a, a.Bounds(), image.Opaque, image.Point{})
	g := &glyphMask{alpha: a, x: x0, y: y0, ink: inked(a)}
	if g.ink.Empty() {
		return nil
	}
	return g
}

// inked returns the box of a's pixels that draw some shade.
func inked(a *image.Alpha) image.Rectangle {
	w, h := a.Rect.Dx(), a.Rect.Dy()
	x0, y0, x1, y1 := w, h, 0, 0
	for y := range h {
		row := a.Pix[y*a.Stride : y*a.Stride+w]
		l := 0
		for l < w && shadeOf[row[l]] == 0 {
			l++
		}
		if l == w {
			continue
		}
		r := w
		for shadeOf[row[r-1]] == 0 {
			r--
		}
		x0, x1 = min(x0, l), max(x1, r)
		y0, y1 = min(y0, y), y+1
	}
	if x0 >= x1 {
		return image.Rectangle{}
	}
	return image.Rect(x0, y0, x1, y1)
}

// placed is a glyph set on a line, its alpha's top left at x, y from the
// line's origin.
type placed struct {
	g     *glyphMask
	x, y  int
	slot  rune
	phase int
	i     int // its place in the line's text
}

// inkBox returns the box of the placed glyph's inked pixels, from the
// line's origin.
func (p placed) inkBox() image.Rectangle { return p.g.ink.Add(image.Pt(p.x, p.y)) }

// place sets encoded text at size from its glyphs, each at its pen
// position as the PDF draws it, and returns them with the box of the
// line's ink; they are appended to buf, emptied.
func (c *glyphCache) place(f *typeset.Font, enc []rune, size float64, buf []placed) ([]placed, image.Rectangle) {
	ps := slices.Grow(buf[:0], len(enc))
	sg := c.at(f, size)
	pen := 0.0
	for i, slot := range enc {
		ip := math.Floor(pen)
		phase := int(math.Round((pen - ip) * phases))
		if phase == phases {
			ip, phase = ip+1, 0
		}
		g, ok := sg.glyphs.get(slotPhase(slot, phase))
		if !ok {
			g = missing
		}
		if g != nil {
			ps = append(ps, placed{g, int(ip), 0, slot, phase, i})
		}
		pen += f.Advance(slot) * size
	}
	box := image.Rectangle{}
	out := ps[:0]
	for _, p := range ps {
		g := p.g
		if g == missing {
			if g = c.get(glyphKey{f, p.slot, size, p.phase}); g == nil {
				continue
			}
		}
		p.g, p.x, p.y = g, p.x+g.x, g.y
		out = append(out, p)
		box = box.Union(p.inkBox())
	}
	return out, box
}

// missing marks a glyph not kept yet, while a line is placed.
var missing = &glyphMask{}

// addCoverage adds the placed glyphs' coverage into a, whose top left is
// at box.Min from the line's origin.
func addCoverage(a *image.Alpha, ps []placed, at image.Point) {
	for _, p := range ps {
		src, in := p.g.alpha, p.g.ink
		for y := in.Min.Y; y < in.Max.Y; y++ {
			from := src.Pix[y*src.Stride+in.Min.X : y*src.Stride+in.Max.X]
			i := (p.y+y-at.Y)*a.Stride + p.x + in.Min.X - at.X
			to := a.Pix[i : i+len(from)]
			for x, v := range from {
				to[x] = uint8(min(255, uint(to[x])+uint(v)))
			}
		}
	}
}

// line sets encoded text at size from its glyphs. The mask is the box of
// the line's ink.
func (c *glyphCache) line(f *typeset.Font, enc []rune, size float64) *mask {
	ps, box := c.place(f, enc, size, nil)
	if box.Empty() {
		return &mask{alpha: image.NewAlpha(image.Rectangle{})}
	}
	a := newAlpha(box.Dx(), box.Dy())
	addCoverage(a, ps, box.Min)
	return &mask{alpha: a, dx: -box.Min.X, dy: -box.Min.Y, ink: a.Rect}
}

// alphas hold the pixels of lines drawn once, a unit's own, for the next.
var alphas sync.Pool // *[]byte

// newAlpha returns a clear coverage of w×h pixels.
func newAlpha(w, h int) *image.Alpha {
	if p, _ := alphas.Get().(*[]byte); p != nil && cap(*p) >= w*h {
		pix := (*p)[:w*h]
		clear(pix)
		return &image.Alpha{Pix: pix, Stride: w, Rect: image.Rect(0, 0, w, h)}
	}
	return image.NewAlpha(image.Rect(0, 0, w, h))
}

// release gives a coverage no longer drawn back for another line.
func release(a *image.Alpha) {
	pix := a.Pix[:0]
	alphas.Put(&pix)
}
