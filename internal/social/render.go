package social

import (
	"bytes"
	"hash/maphash"
	"image"
	"image/color"
	"math"
	"sync"
	"sync/atomic"

	"github.com/prakat/prakat/internal/deflate"
	"github.com/prakat/prakat/internal/messages"
	"github.com/prakat/prakat/internal/placeholder"
	"github.com/prakat/prakat/internal/qr"
	"github.com/prakat/prakat/internal/typeset"
)

// MinShrink is how far a one_line block may shrink before it wraps.
const MinShrink = 0.6

// Fonts are the faces the pictures are set in.
type Fonts struct{ Regular, Bold *typeset.Font }

// Fields are a unit's values for the template's placeholders.
type Fields = placeholder.Values

// Renderer draws the pictures of one template. It is safe for concurrent
// use.
type Renderer struct {
	t      *Template
	fonts  Fonts
	social *canvasStyle
	banner *canvasStyle
	masks  sync.Map // maskKey → *mask of the wording
	// keptBytes counts the kept masks' pixels, up to maxKeptMasks.
	keptBytes atomic.Int64
	glyphs    glyphCache
	lines     typeset.LineCache
}

// wrap breaks an item's text into lines; lines of fixed wording are broken
// once.
func (r *Renderer) wrap(it *item, width float64) []typeset.Line {
	opt := typeset.WrapOptions{Keep: it.keep, Balance: true}
	if !it.shared { // a unit's own: kept, the cache would grow with every unit
		return it.font.Wrap(it.text, it.size, width, opt)
	}
	return r.lines.Wrap(it.font, it.text, it.size, width, opt)
}

// canvasStyle is a layout with its palette: the background, white and
// black for the QR code, 15 shades of each ink over the background, and a
// colour cube for emblems.
type canvasStyle struct {
	layout  *Layout
	palette color.Palette
	plte    []byte               // the palette as a PNG's PLTE chunk holds it
	ink     map[color.RGBA]uint8 // the index of an ink's first shade
	base    *image.Paletted      // the background and frame every picture starts from
	// again marks the base's rows that are the row above again.
	again []bool
	// segs are where each stretch of a row starts: a column of the
	// layout each, so that what one column holds is coded apart.
	segs []int
	// baseClass numbers each stretch of each of the base's rows, the same
	// number for the same pixels.
	baseClass [][]int32
	memo      segMemo
	pieces    pieceCache
	wordCache wordCache
	edgeCodes atomic.Pointer[styleEdges]
	codes     *deflate.Table // tuned to a sample picture of the style
}

const (
	shades   = 15
	idxWhite = 1
	idxBlack = 2
)

// NewRenderer returns a renderer for t set in fonts. It refuses a template
// whose fixed wording the fonts cannot draw.
func NewRenderer(t *Template, fonts Fonts) (*Renderer, error) {
	r := &Renderer{t: t, fonts: fonts}
	r.social = t.style(&t.Social)
	r.banner = t.style(&t.Banner)
	for _, l := range []*Layout{&t.Social, &t.Banner} {
		for _, b := range append(append([]Block{}, l.Blocks...), l.Side...) {
			if b.Text != "" && !placeholder.Has(b.Text) {
				if err := r.font(b).CheckText("", b.Text); err != nil {
					return nil, messages.Errorf("", "the font %s has no glyph for %q", r.font(b).Name, string(r.font(b).Missing(b.Text)))
				}
			}
		}
	}
	r.tune(r.social)
	r.tune(r.banner)
	return r, nil
}

// sampleLink is the link of the sample picture the codes are tuned to.
const sampleLink = "https://s.example.go.th/SAMPLE23"

// tune makes the style's codes from the symbols of a sample picture, the
// template filled with a sample unit: the same codes for every run, and
// whatever the units, a few bits an index for the colours the pictures
// use most. A template the sample cannot fill keeps deflate's fixed codes.
func (r *Renderer) tune(s *canvasStyle) {
	s.codes = deflate.Fixed
	fields := Fields{"name": "องค์การบริหารส่วนตำบลบ้านตัวอย่าง", "link": sampleLink}
	for _, l := range []*Layout{&r.t.Social, &r.t.Banner} {
		for _, b := range append(append([]Block{}, l.Blocks...), l.Side...) {
			for _, name := range placeholder.Used(b.Text) {
				if _, ok := fields[name]; !ok {
					fields[name] = "ตัวอย่าง"
				}
			}
		}
	}
	code, err := qr.Encode(sampleLink, qr.Q)
	if err != nil {
		return
	}
	ops, err := r.layout(s, fields, code, nil)
	if err != nil {
		return
	}
	var counts symbolCounts
	s.write(ops, deflate.Fixed, &counts)
	s.codes = deflate.Tuned(counts.lit, counts.dist)
}

func (t *Template) style(l *Layout) *canvasStyle {
	bg, _ := t.colour(l.Background)
	s := &canvasStyle{layout: l, ink: map[color.RGBA]uint8{}}
	s.pieces.seed, s.wordCache.seed = maphash.MakeSeed(), maphash.MakeSeed()
	s.palette = color.Palette{bg, color.RGBA{255, 255, 255, 255}, color.RGBA{0, 0, 0, 255}}
	for _, c := range t.inks() {
		s.ink[c] = uint8(len(s.palette))
		for k := 1; k <= shades; k++ {
			s.palette = append(s.palette, blend(bg, c, float64(k)/shades))
		}
	}
	for r := range 5 {
		for g := range 6 {
			for b := range 5 {
				s.palette = append(s.palette, color.RGBA{uint8(r * 255 / 4), uint8(g * 255 / 5), uint8(b * 255 / 4), 255})
			}
		}
	}
	s.base = image.NewPaletted(image.Rect(0, 0, l.Width, l.Height), s.palette)
	if f := l.Frame; f != nil {
		c, _ := t.colour(f.Colour)
		drawFrame(s.base, s.ink[c]+shades-1, f)
	}
	for _, c := range s.palette {
		r, g, b, _ := c.RGBA()
		s.plte = append(s.plte, byte(r>>8), byte(g>>8), byte(b>>8))
	}
	row := func(y int) []byte { return s.base.Pix[y*s.base.Stride : y*s.base.Stride+l.Width] }
	s.again = make([]bool, l.Height)
	for y := 1; y < l.Height; y++ {
		s.again[y] = bytes.Equal(row(y), row(y-1))
	}
	s.segs = []int{0}
	if len(l.Side) > 0 {
		// Halfway between the columns.
		s.segs = append(s.segs, int(float64(l.Width)-l.Margin-l.SideWidth-l.Margin/2))
	}
	s.baseClass = make([][]int32, len(s.segs))
	for i, x0 := range s.segs {
		x1 := l.Width
		if i+1 < len(s.segs) {
			x1 = s.segs[i+1]
		}
		class := map[string]int32{}
		s.baseClass[i] = make([]int32, l.Height)
		for y := range l.Height {
			k := string(row(y)[x0:x1])
			if _, ok := class[k]; !ok {
				class[k] = int32(len(class))
			}
			s.baseClass[i][y] = class[k]
		}
	}
	return s
}

func blend(a, b color.RGBA, f float64) color.RGBA {
	mix := func(x, y uint8) uint8 { return uint8(math.Round(float64(x)*(1-f) + float64(y)*f)) }
	return color.RGBA{mix(a.R, b.R), mix(a.G, b.G), mix(a.B, b.B), 255}
}

func (r *Renderer) font(b Block) *typeset.Font {
	if b.Bold {
		return r.fonts.Bold
	}
	return r.fonts.Regular
}

// Check reports a required value missing from fields, or one a block's
// font cannot draw (a *typeset.GlyphError naming the placeholder).
func (r *Renderer) Check(fields Fields) error {
	for _, l := range []*Layout{&r.t.Social, &r.t.Banner} {
		for _, b := range append(append([]Block{}, l.Blocks...), l.Side...) {
			if b.Text == "" {
				continue
			}
			if _, err := placeholder.Fill(b.Text, fields, nil); err != nil {
				return err
			}
			for _, name := range placeholder.Used(b.Text) {
				if err := r.font(b).CheckText(name, fields[name]); err != nil {
					return err
				}
			}
		}
	}
	_, err := placeholder.Fill(r.t.Alt, fields, nil)
	return err
}

// Social draws the square picture for social media, as a PNG. logo, when
// not nil, is the unit's emblem.
func (r *Renderer) Social(fields Fields, code *qr.Code, logo image.Image) ([]byte, error) {
	return r.draw(r.social, fields, code, logo)
}

// Banner draws the website banner, as a PNG.
func (r *Renderer) Banner(fields Fields, code *qr.Code, logo image.Image) ([]byte, error) {
	return r.draw(r.banner, fields, code, logo)
}

// Size returns the pixel size of the social picture and of the banner.
func (r *Renderer) Size() (social, banner image.Point) {
	return image.Pt(r.t.Social.Width, r.t.Social.Height), image.Pt(r.t.Banner.Width, r.t.Banner.Height)
}

// item is a block filled for one unit.
type item struct {
	block  Block
	shared bool // the same for every unit: no unit's own value in it
	text   string
	keep   []typeset.Span
	font   *typeset.Font
	lines  []typeset.Line
	size   float64 // scaled, px
	side   float64 // a QR code's or an emblem's height, scaled
}

func (r *Renderer) items(blocks []Block, fields Fields, logo image.Image) ([]*item, error) {
	var items []*item
	for _, b := range blocks {
		it := &item{block: b}
		switch {
		case b.Logo > 0 && logo == nil:
			continue
		case b.Text != "":
			f, err := placeholder.Fill(b.Text, fields, nil)
			if err != nil {
				return nil, err
			}
			if f.Empty {
				continue
			}
			it.text, it.font = f.Text, r.font(b)
			it.shared = b.common
			for _, v := range f.Values {
				it.keep = append(it.keep, typeset.Span{Start: v.Start, End: v.End})
			}
			if m := it.font.Missing(it.text); len(m) > 0 {
				return nil, messages.Errorf("", "the font %s has no glyph for %q", it.font.Name, string(m))
			}
		}
		items = append(items, it)
	}
	return items, nil
}

// fit shrinks a column's items together until they fit its height, and
// returns their total height.
func (r *Renderer) fit(items []*item, code *qr.Code, l *Layout, width, avail float64) (float64, error) {
	var total float64
	for scale := 1.0; ; scale *= 0.94 {
		total = 0
		for _, it := range items {
			b := it.block
			total += b.SpaceBefore * scale
			switch {
			case b.QR > 0:
				// Whole pixels a module, so the modules print crisp.
				m := math.Max(1, math.Floor(b.QR*scale/float64(code.Size+2*qr.QuietZone)))
				it.side = m * float64(code.Size+2*qr.QuietZone)
				total += it.side
				continue
			case b.Logo > 0:
				it.side = math.Round(b.Logo * scale)
				total += it.side
				continue
			}
			it.size = b.Size * scale
			it.lines = r.wrap(it, width)
			if b.OneLine {
				r.shrink(it, b.Size*scale*MinShrink, width)
			}
			if !fitIn(it.lines, width) {
				total = math.Inf(1) // a word wider than the column
			}
			total += float64(len(it.lines)) * it.size * l.LineSpacing
		}
		if total <= avail || scale < 0.3 {
			break
		}
	}
	if total > avail {
		return 0, messages.Errorf("", "the picture's blocks do not fit")
	}
	return total, nil
}

func (r *Renderer) draw(s *canvasStyle, fields Fields, code *qr.Code, logo image.Image) ([]byte, error) {
	ops, err := r.layout(s, fields, code, logo)
	if err != nil {
		return nil, err
	}
	png := s.encode(ops)
	for _, o := range ops {
		switch o := o.(type) {
		case *textOp:
			if !o.common {
				release(o.m.alpha) // a unit's own line, drawn once
			}
		case *ownLine:
			releaseOwnLine(o)
		}
	}
	return png, nil
}

// layout places a unit's blocks on a picture of style s, as ops.
func (r *Renderer) layout(s *canvasStyle, fields Fields, code *qr.Code, logo image.Image) ([]op, error) {
	l := s.layout
	columns := []struct {
		blocks []Block
		x, w   float64
	}{{l.Blocks, l.Margin, float64(l.Width) - 2*l.Margin}}
	if len(l.Side) > 0 {
		columns[0].w -= l.SideWidth + l.Margin
		columns = append(columns, struct {
			blocks []Block
			x, w   float64
		}{l.Side, float64(l.Width) - l.Margin - l.SideWidth, l.SideWidth})
	}
	avail := float64(l.Height) - 2*l.Margin
	var ops []op
	for _, col := range columns {
		items, err := r.items(col.blocks, fields, logo)
		if err != nil {
			return nil, err
		}
		total, err := r.fit(items, code, l, col.w, avail)
		if err != nil {
			return nil, err
		}
		gap := min((avail-total)/float64(len(items)+1), 0.03*float64(l.Height))
		y := l.Margin + (avail-total-gap*float64(len(items)-1))/2
		for i, it := range items {
			if i > 0 {
				y += gap
			}
			y += it.block.SpaceBefore
			switch {
			case it.block.QR > 0:
				m := int(it.side) / (code.Size + 2*qr.QuietZone)
				ops = append(ops, newQROp(code, int(math.Round(col.x+(col.w-it.side)/2)), int(math.Round(y)), m, s.base.Rect))
				y += it.side
				continue
			case it.block.Logo > 0:
				ops = append(ops, newLogoOp(s, logo, col.x, col.w, y, it.side))
				y += it.side
				continue
			}
			c, _ := r.t.colour(it.block.Colour)
			lh := it.size * l.LineSpacing
			for _, ln := range it.lines {
				x := col.x + (col.w-ln.Width)/2
				// The baseline sits where the poster's does, for the
				// same room above the stacked marks.
				ox, oy := int(math.Round(x)), int(math.Round(y+lh*0.72))
				if !it.shared {
					if o := newOwnLine(s, &r.glyphs, it.font, ln.Text, ln.Enc, it.size, ox, oy, s.ink[c]); o != nil {
						ops = append(ops, o)
						y += lh
						continue
					}
				}
				k := maskKey{string(ln.Enc), it.block.Bold, it.size}
				ops = append(ops, newTextOp(s, r.mask(it, ln), k, ox, oy, s.ink[c], it.shared))
				y += lh
			}
		}
	}
	return ops, nil
}

// shrink makes a one_line item's text smaller, 3% at a time, until it
// fits on one line or is floor or less. The sizes where it cannot fit yet
// are passed over without wrapping, to the lines wrapping each would end
// with: lines that all fit say the text can be broken so that every line
// fits at any smaller size too, and there Wrap sets the text on one line
// exactly when it fits on one, which costs no dictionary to tell.
func (r *Renderer) shrink(it *item, floor, width float64) {
	skip := fitIn(it.lines, width)
	var one typeset.OneLine
	if skip && len(it.lines) > 1 {
		one = it.font.OneLine(it.text)
	}
	for len(it.lines) > 1 && it.size > floor {
		it.size *= 0.97
		if skip && it.size > floor && !one.Fits(it.size, width) {
			continue
		}
		it.lines = r.wrap(it, width)
	}
}

// fitIn reports whether every line is at most width wide.
func fitIn(lines []typeset.Line, width float64) bool {
	for _, ln := range lines {
		if ln.Width > width {
			return false
		}
	}
	return true
}

func drawFrame(img *image.Paletted, idx uint8, f *Frame) {
	b := img.Bounds()
	in, w := int(math.Round(f.Inset)), int(math.Round(f.Width))
	outer := image.Rect(in, in, b.Dx()-in, b.Dy()-in)
	inner := outer.Inset(w)
	for y := outer.Min.Y; y < outer.Max.Y; y++ {
		row := img.Pix[y*img.Stride:]
		for x := outer.Min.X; x < outer.Max.X; x++ {
			if !(image.Pt(x, y).In(inner)) {
				row[x] = idx
			}
		}
	}
}

// maxKeptMasks bounds the pixels of the wording's lines kept.
const maxKeptMasks = 16 << 20

// mask is a line's coverage; its origin is the line's start on the
// baseline.
type mask struct {
	alpha  *image.Alpha
	dx, dy int             // where the origin is in alpha
	ink    image.Rectangle // the box of its inked pixels (some shade not 0)
}

type maskKey struct {
	enc  string
	bold bool
	size float64
}

// mask returns a line's coverage. A line of the wording, the same for
// every unit, is kept (up to a bound); a unit's own is set anew.
func (r *Renderer) mask(it *item, ln typeset.Line) *mask {
	if !it.shared {
		return r.glyphs.line(it.font, ln.Enc, it.size)
	}
	k := maskKey{string(ln.Enc), it.block.Bold, it.size}
	if v, ok := r.masks.Load(k); ok {
		return v.(*mask)
	}
	m := r.glyphs.line(it.font, ln.Enc, it.size)
	size := int64(len(m.alpha.Pix))
	if r.keptBytes.Add(size) <= maxKeptMasks {
		r.masks.Store(k, m)
	} else {
		r.keptBytes.Add(-size)
	}
	return m
}

// shadeOf is the shade (0 for none, else 1 to shades) of each coverage.
var shadeOf = func() (t [256]uint8) {
	for a := range t {
		t[a] = uint8((a*shades + 127) / 255)
	}
	return t
}()
