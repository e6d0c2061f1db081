package social

import (
	"bytes"
	"encoding/binary"
	"image"
	"math"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/prakat/prakat/internal/deflate"
	"github.com/prakat/prakat/internal/pngchunk"
	"github.com/prakat/prakat/internal/qr"
	xdraw "golang.org/x/image/draw"
)

// A unit's picture is what every unit's carries (the blank, the frame,
// the wording) and what is its own (its name, link, QR code and emblem).
// It is laid out as ops, each drawing on a stretch of rows, and written
// to PNG row by row, never drawn whole:
//   - a row that is the row above again (the blank, a row of QR modules)
//     is one copy of it;
//   - a stretch of a row holding only what is shared (see segKey) is
//     coded once and its code reused for every unit, without drawing it;
//   - any other row is drawn from the blank's row and the ops on it, then
//     coded.
// Every stretch is coded the same wherever it stands (rowCoder.segment), so
// a picture's bytes do not depend on what was drawn before it.

// op is one thing drawn on a picture.
type op interface {
	// rows returns the rows (y0 to y1, exclusive) and the columns (x0 to
	// x1) it inks, all inside the picture.
	rows() (y0, y1, x0, x1 int)
	// paint draws its part of row y into the picture's row dst.
	paint(dst []byte, y int)
	// again reports whether its row y is its row y-1 again.
	again(y int) bool
	// shared reports whether it is drawn the same for every unit, and
	// its number among those, if it has one (0 if not).
	shared() (bool, int32)
}

// textOp is a line of text: a mask painted in shades of an ink.
type textOp struct {
	common bool       // the same for every unit
	id     int32      // see shared
	codes  *lineCodes // its rows' codes, when numbered
	m      *mask
	x, y   int // the top left of the mask's inked box
	ink    uint8
	clipL  int // columns of the inked box left of the picture
	w      int // columns of the inked box inside the picture
}

// newTextOp places a line's mask, its origin at originX, originY, on a
// picture of style s; common tells that the line is the same for every
// unit, k names it.
func newTextOp(s *canvasStyle, m *mask, k maskKey, originX, originY int, ink uint8, common bool) *textOp {
	width, height := s.base.Rect.Dx(), s.base.Rect.Dy()
	o := &textOp{m: m, x: originX - m.dx + m.ink.Min.X, y: originY - m.dy + m.ink.Min.Y, ink: ink, common: common}
	x0, x1 := max(o.x, 0), min(o.x+m.ink.Dx(), width)
	o.clipL, o.w = x0-o.x, max(0, x1-x0)
	if o.y < 0 || o.y+m.ink.Dy() > height {
		o.w = 0 // a line outside the picture: fit keeps lines inside
	}
	if common && o.w > 0 {
		o.id, o.codes = s.memo.line(textKey{k, o.x, int(ink), o.clipL}, m.ink.Dy())
	}
	return o
}

func (o *textOp) rows() (int, int, int, int) {
	if o.w == 0 {
		return 0, 0, 0, 0
	}
	return o.y, o.y + o.m.ink.Dy(), o.x + o.clipL, o.x + o.clipL + o.w
}

func (o *textOp) paint(dst []byte, y int) {
	a := o.m.alpha
	i := (o.m.ink.Min.Y+y-o.y)*a.Stride + o.m.ink.Min.X + o.clipL
	src := a.Pix[i : i+o.w]
	row := dst[o.x+o.clipL : o.x+o.clipL+o.w]
	for i, v := range src {
		if k := shadeOf[v]; k > 0 {
			row[i] = o.ink + k - 1
		}
	}
}

func (o *textOp) again(int) bool { return false }

func (o *textOp) shared() (bool, int32) { return o.common, o.id }

// qrOp is the QR code with its quiet zone, its top left at x, y, m pixels
// a module.
type qrOp struct {
	x, y, m, side int
	runs          []qr.Rect // the code's dark runs, row by row
	row           []int     // where each row of modules starts in runs
	clip          image.Rectangle
}

func newQROp(code *qr.Code, x, y, m int, bounds image.Rectangle) *qrOp {
	side := m * (code.Size + 2*qr.QuietZone)
	o := &qrOp{x: x, y: y, m: m, side: side, runs: code.Runs(), row: make([]int, code.Size+1)}
	for i, j := 0, 0; i <= code.Size; i++ {
		for j < len(o.runs) && o.runs[j].Y < i {
			j++
		}
		o.row[i] = j
	}
	o.clip = image.Rect(x, y, x+side, y+side).Intersect(bounds)
	return o
}

func (o *qrOp) rows() (int, int, int, int) {
	return o.clip.Min.Y, o.clip.Max.Y, o.clip.Min.X, o.clip.Max.X
}

func (o *qrOp) paint(dst []byte, y int) {
	fill(dst, o.clip.Min.X, o.clip.Max.X, idxWhite)
	my := (y-o.y)/o.m - qr.QuietZone
	if my < 0 || my >= len(o.row)-1 {
		return
	}
	x0 := o.x + qr.QuietZone*o.m
	for _, r := range o.runs[o.row[my]:o.row[my+1]] {
		fill(dst, max(o.clip.Min.X, x0+r.X*o.m), min(o.clip.Max.X, x0+(r.X+r.W)*o.m), idxBlack)
	}
}

func (o *qrOp) again(y int) bool { return (y-o.y)%o.m != 0 }

func (o *qrOp) shared() (bool, int32) { return false, 0 }

func fill(dst []byte, x0, x1 int, idx uint8) {
	if x0 < x1 {
		row := dst[x0:x1]
		for i := range row {
			row[i] = idx
		}
	}
}

// logoOp is the unit's emblem, dithered to the palette once.
type logoOp struct {
	img *image.Paletted
	at  image.Rectangle // inside the picture
}

// newLogoOp scales the emblem to h pixels high (narrower if the column
// asks), centred across the column, over the background.
func newLogoOp(s *canvasStyle, logo image.Image, colX, colW, y, h float64) *logoOp {
	b := logo.Bounds()
	w := h * float64(b.Dx()) / float64(b.Dy())
	if w > colW {
		h, w = h*colW/w, colW
	}
	min := image.Pt(int(math.Round(colX+(colW-w)/2)), int(math.Round(y)))
	at := image.Rectangle{Min: min, Max: min.Add(image.Pt(max(1, int(math.Round(w))), max(1, int(math.Round(h)))))}
	rgba := image.NewRGBA(image.Rect(0, 0, at.Dx(), at.Dy()))
	xdraw.Draw(rgba, rgba.Bounds(), image.NewUniform(s.palette[0]), image.Point{}, xdraw.Src)
	xdraw.ApproxBiLinear.Scale(rgba, rgba.Bounds(), logo, b, xdraw.Over, nil)
	img := image.NewPaletted(at, s.palette)
	xdraw.FloydSteinberg.Draw(img, at, rgba, image.Point{})
	return &logoOp{img: img, at: at.Intersect(s.base.Rect)}
}

func (o *logoOp) rows() (int, int, int, int) { return o.at.Min.Y, o.at.Max.Y, o.at.Min.X, o.at.Max.X }

func (o *logoOp) paint(dst []byte, y int) {
	i := o.img.PixOffset(o.at.Min.X, y)
	copy(dst[o.at.Min.X:o.at.Max.X], o.img.Pix[i:i+o.at.Dx()])
}

func (o *logoOp) again(int) bool        { return false }
func (o *logoOp) shared() (bool, int32) { return false, 0 }

// segKey names a stretch of a row by what is drawn on it: the blank's
// stretch (by its class: rows of one class are the same there) and the
// shared ops on it, each with its row.
type segKey struct {
	seg, base int32
	ops       [maxSegOps]opRow
}

type opRow struct{ op, y int32 }

// maxSegOps is the most ops on a stretch for its code to be kept.
const maxSegOps = 3

// segCode is a stretch's code and its Adler-32: the stretch seg over a
// blank of class base.
type segCode struct {
	code      deflate.Bits
	adler     uint32
	seg, base int32
}

// lineCodes are the codes of a shared line's rows, each where the line is
// alone on its stretch of the row: found without a lookup.
type lineCodes struct {
	rows []atomic.Pointer[segCode]
}

// segMemo keeps the codes of shared stretches, up to a bound, and numbers
// the shared lines.
type segMemo struct {
	mu    sync.RWMutex
	codes map[segKey]*segCode
	lines map[textKey]lineEntry
}

type lineEntry struct {
	id    int32
	codes *lineCodes
}

// textKey is what makes a line of text drawn the same.
type textKey struct {
	line         maskKey
	x, ink, clip int
}

// maxLines bounds the shared lines a style numbers.
const maxLines = 2048

// line returns the number of a line kept for drawing again, and the codes
// of its rows; 0 and nil beyond the bound.
func (m *segMemo) line(k textKey, rows int) (int32, *lineCodes) {
	m.mu.RLock()
	e, ok := m.lines[k]
	m.mu.RUnlock()
	if ok {
		return e.id, e.codes
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if e, ok := m.lines[k]; ok {
		return e.id, e.codes
	}
	if m.lines == nil {
		m.lines = map[textKey]lineEntry{}
	}
	if len(m.lines) >= maxLines {
		return 0, nil
	}
	e = lineEntry{int32(len(m.lines) + 1), &lineCodes{rows: make([]atomic.Pointer[segCode], rows)}}
	m.lines[k] = e
	return e.id, e.codes
}

// memoCodes bounds a style's kept stretches (a few hundred bytes each).
const memoCodes = 1 << 15

func (m *segMemo) get(k segKey) *segCode {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.codes[k]
}

func (m *segMemo) put(k segKey, c *segCode) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.codes == nil {
		m.codes = map[segKey]*segCode{}
	}
	if len(m.codes) < memoCodes {
		m.codes[k] = c
	}
}

// span is an op with the rows and columns it inks.
type span struct {
	op             op
	y0, y1, x0, x1 int
}

// writeBufs are the rows and lists write works in, kept for the next
// picture.
type writeBufs struct {
	row, above        []byte
	spans, on, before []span
	segOn, segBefore  [][]span
	segSum            []uint32
}

var writeBuffers sync.Pool // *writeBufs

// codeBuffers hold pictures' compressed data while it is written.
var codeBuffers = sync.Pool{New: func() any { return new([]byte) }}

// finished holds pictures and snippets a caller has given back.
var finished sync.Pool // *[]byte

// buffer returns an empty slice with room for n bytes.
func buffer(n int) []byte {
	if p, _ := finished.Get().(*[]byte); p != nil && cap(*p) >= n {
		return (*p)[:0]
	}
	return make([]byte, 0, n)
}

// Release gives back a picture or snippet the caller has written and no
// longer reads, for the next unit's.
func Release(b []byte) {
	b = b[:0]
	finished.Put(&b)
}

// encode writes the picture the ops draw on the style's blank, as an
// 8-bit palette PNG.
func (s *canvasStyle) encode(ops []op) []byte { return s.write(ops, s.codes, nil) }

// write encodes the picture in codes t; with counts set, it counts the
// symbols and keeps nothing in the memo.
func (s *canvasStyle) write(ops []op, t *deflate.Table, counts *symbolCounts) []byte {
	w, h := s.base.Rect.Dx(), s.base.Rect.Dy()
	stride := w + 1
	buf := codeBuffers.Get().(*[]byte)
	defer codeBuffers.Put(buf)
	c := newRowCoder(&deflate.Writer{Out: (*buf)[:0]}, t, w)
	c.counts = counts
	c.w.Out = append(c.w.Out, 0x78, 0x01) // zlib, 32 KB window, fastest
	c.w.Append(t.Header)
	e := s.edges(t)
	// The ops in the order of their first row, to walk down the rows.
	wb, _ := writeBuffers.Get().(*writeBufs)
	if wb == nil {
		wb = new(writeBufs)
	}
	defer writeBuffers.Put(wb)
	spans := wb.spans[:0]
	for _, o := range ops {
		y0, y1, x0, x1 := o.rows()
		if y0 < y1 && x0 < x1 {
			spans = append(spans, span{o, y0, y1, x0, x1})
		}
	}
	slices.SortStableFunc(spans, func(a, b span) int { return a.y0 - b.y0 })
	wb.spans = spans
	// row is the row drawn, and above the row drawn before it: a unit's
	// own stretches copy from it when it held a unit's own stretch too
	// (aboveOwn), and so was drawn whatever the memo held.
	row, above := slices.Grow(wb.row[:0], w)[:w], slices.Grow(wb.above[:0], w)[:w]
	aboveOwn := false
	on, before := wb.on[:0], wb.before[:0]
	// Each stretch's ops and Adler-32 on this row and on the row above.
	if len(wb.segOn) < len(s.segs) {
		wb.segOn, wb.segBefore = make([][]span, len(s.segs)), make([][]span, len(s.segs))
		wb.segSum = make([]uint32, len(s.segs))
	}
	segOn, segBefore, segSum := wb.segOn[:len(s.segs)], wb.segBefore[:len(s.segs)], wb.segSum[:len(s.segs)]
	for si := range segOn {
		segOn[si], segBefore[si], segSum[si] = segOn[si][:0], segBefore[si][:0], 0
	}
	defer func() {
		wb.row, wb.above, wb.on, wb.before = row, above, on, before
		for _, l := range [][]span{spans, on, before} {
			clear(l[:cap(l)])
		}
		for si := range segOn {
			clear(segOn[si][:cap(segOn[si])])
			clear(segBefore[si][:cap(segBefore[si])])
		}
	}()
	// again reports whether each op draws on row y what it drew above.
	again := func(ops []span, y int) bool {
		for _, sp := range ops {
			if !sp.op.again(y) {
				return false
			}
		}
		return true
	}
	// repeats reports whether ops on row y are the ops on the row above,
	// each drawing there what it drew on that row.
	repeats := func(ops, above []span, y int) bool {
		if len(ops) != len(above) {
			return false
		}
		for i, sp := range ops {
			if sp.op != above[i].op {
				return false
			}
		}
		return again(ops, y)
	}
	next := 0
	adler, rowAdler := uint32(1), uint32(0)
	for y := 0; y < h; y++ {
		before, on = on, before[:0]
		for _, sp := range before {
			if sp.y1 > y {
				on = append(on, sp)
			}
		}
		for ; next < len(spans) && spans[next].y0 == y; next++ {
			on = append(on, spans[next])
		}
		if y > 0 && s.again[y] && stride >= 3 && repeats(on, before, y) {
			if counts != nil {
				c.match(stride, true)
			} else {
				// The rows after it that are the row above again too, with
				// the same ops on them, are copied with it.
				end := h
				if next < len(spans) {
					end = spans[next].y0
				}
				for _, sp := range on {
					end = min(end, sp.y1)
				}
				end = min(end, y+maxRowCopies)
				k := 1
				for ; y+k < end && s.again[y+k] && again(on, y+k); k++ {
				}
				c.w.Append(e.rowCopies[k-1])
				adler = adlerRepeat(adler, rowAdler, stride, k-1)
				y += k - 1
			}
			adler = adlerCombine(adler, rowAdler, stride)
			for si := range segOn {
				segBefore[si], segOn[si] = segOn[si], segBefore[si]
				segOn[si] = append(segOn[si][:0], segBefore[si]...)
			}
			continue
		}
		c.literal(0) // the filter byte: none
		rowAdler = 0x00010001
		drawn, own := false, false
		row, above = above, row
		for si, x0 := range s.segs {
			x1 := w
			if si+1 < len(s.segs) {
				x1 = s.segs[si+1]
			}
			segBefore[si], segOn[si] = segOn[si], segBefore[si][:0]
			for _, sp := range on {
				if sp.x1 > x0 && sp.x0 < x1 {
					segOn[si] = append(segOn[si], sp)
				}
			}
			// The stretch above again: a copy of it.
			if y > 0 && x1-x0 >= 3 && s.baseClass[si][y] == s.baseClass[si][y-1] && repeats(segOn[si], segBefore[si], y) {
				if counts != nil {
					c.match(x1-x0, true)
				} else {
					c.w.Append(e.segCopy[si])
				}
				rowAdler = adlerCombine(rowAdler, segSum[si], x1-x0)
				continue
			}
			// A unit's own line or QR code alone on the stretch: written
			// from what is known of it.
			if counts == nil && len(segOn[si]) == 1 {
				var sum uint32
				ok := false
				switch o := segOn[si][0].op.(type) {
				case *ownLine:
					upOK := len(segBefore[si]) == 1 && segBefore[si][0].op == segOn[si][0].op
					sum, ok = s.codeOwnLine(c, e, o, si, y, upOK)
				case *qrOp:
					sum, ok = s.codeQR(c, e, o, si, y)
				}
				if ok {
					segSum[si] = sum
					rowAdler = adlerCombine(rowAdler, sum, x1-x0)
					continue
				}
			}
			base := s.baseClass[si][y]
			// A stretch holding only what every unit's picture holds is
			// coded alone and, when its ops are numbered, kept.
			common, memo := len(segOn[si]) <= maxSegOps, counts == nil
			k := segKey{seg: int32(si), base: base}
			for n, sp := range segOn[si] {
				same, id := sp.op.shared()
				if !same {
					common = false
					break
				}
				memo = memo && id != 0
				k.ops[n] = opRow{id, int32(y - sp.y0)}
			}
			memo = memo && common
			// A numbered line alone on its stretch keeps its rows' codes
			// itself.
			var lc *atomic.Pointer[segCode]
			var sc *segCode
			if memo {
				var to *textOp
				if len(segOn[si]) == 1 {
					to, _ = segOn[si][0].op.(*textOp)
				}
				if to != nil {
					lc = &to.codes.rows[y-segOn[si][0].y0]
					if sc = lc.Load(); sc != nil && (sc.seg != int32(si) || sc.base != base) {
						sc = nil
					}
				} else {
					sc = s.memo.get(k)
				}
			}
			if sc == nil {
				if !drawn {
					copy(row, s.base.Pix[y*s.base.Stride:])
					for _, sp := range on {
						sp.op.paint(row, y)
					}
					drawn = true
				}
				if !common {
					own = true
					if aboveOwn {
						segSum[si] = c.segmentUp(row[x0:x1], above[x0:x1])
					} else {
						segSum[si] = c.segment(row[x0:x1])
					}
					rowAdler = adlerCombine(rowAdler, segSum[si], x1-x0)
					continue
				}
				alone := newRowCoder(&deflate.Writer{}, t, w)
				alone.counts = counts
				sum := alone.segment(row[x0:x1])
				sc = &segCode{code: alone.w.Flushed(), adler: sum, seg: int32(si), base: base}
				switch {
				case lc != nil:
					lc.Store(sc)
				case memo:
					s.memo.put(k, sc)
				}
			}
			c.w.Append(sc.code)
			segSum[si] = sc.adler
			rowAdler = adlerCombine(rowAdler, sc.adler, x1-x0)
		}
		adler = adlerCombine(adler, rowAdler, stride)
		if !drawn {
			row, above = above, row // above still holds the row drawn last
		}
		aboveOwn = own
	}
	idat := binary.BigEndian.AppendUint32(c.w.End(t), adler)
	*buf = idat

	out := bytes.NewBuffer(buffer(len(idat) + 1024))
	out.WriteString(pngchunk.Signature)
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9] = 8, 3 // 8 bits, palette
	pngchunk.Write(out, "IHDR", ihdr)
	pngchunk.Write(out, "PLTE", s.plte)
	pngchunk.Write(out, "IDAT", idat)
	pngchunk.Write(out, "IEND", nil)
	return out.Bytes()
}
