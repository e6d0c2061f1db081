package social

import (
	"encoding/binary"
	"hash/maphash"
	"image"
	"math"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/prakat/prakat/internal/deflate"
	"github.com/prakat/prakat/internal/typeset"
)

// A unit's own line (its name, its link) is new, but its letters are not.
// The line is cut into pieces, glyphs whose ink shares columns, and each
// piece is coded once for a style and an ink, row by row, and kept: a row
// of the line is then its pieces' codes with runs of background between
// them, written without drawing. A piece's first row is coded on its own
// and each later row may copy from the one above, which is the piece's
// own row above wherever the piece stands.

// pieceCode is a piece and its rows' codes: its glyphs, placed from at,
// drawn w×h in ink. Its key is what makes it drawn the same: the font,
// size and ink, and its glyphs, each with its quarter-pixel phase and its
// place in the piece.
type pieceCode struct {
	key    string
	w, h   int
	ink    uint8
	glyphs []placed
	at     image.Point
	codes  atomic.Pointer[keptCodes] // its rows
}

// piece is a pieceCode placed on a picture, its top left at x, y; first
// is where its first character is in the line's text. Its glyphs and box
// (from the line's origin) find its pieceCode when it is needed: a piece
// of a word whose rows are kept is never looked for.
type piece struct {
	c      *pieceCode
	x, y   int
	first  int
	glyphs []placed
	box    image.Rectangle
}

// pieceCache keeps a style's pieces, up to a bound of their pixels, by
// the hash of their keys.
type pieceCache struct {
	seed   maphash.Seed
	pieces kept[uint64, *pieceCode]
	// small keeps the pieces of at most smallPiece glyphs, most of them,
	// by a key compared whole: no key to build as bytes, hash and compare
	// apart.
	small  kept[smallKey, *pieceCode]
	pixels atomic.Int64
}

// smallPiece is the most glyphs of a piece kept in pieceCache.small.
const smallPiece = 4

// smallKey is the key of a piece of at most smallPiece glyphs: the font,
// the size's bits, the ink, the number of glyphs and their phases in
// meta, and each glyph's slot and place in the piece (as the bytes' key
// has them, 16 bits each). It has no padding and no float, so that it is
// hashed and compared as memory.
type smallKey struct {
	f    *typeset.Font
	size uint64
	meta uint64
	g    [smallPiece]uint64
}

// maxPiecePixels bounds the room of the pieces a style keeps, as the
// pixels they cover; their codes take about as much.
const maxPiecePixels = 12 << 20

// get returns the piece kept for key, whose hash is h.
func (pc *pieceCache) get(h uint64, key []byte) *pieceCode {
	c, _ := pc.pieces.get(h)
	if c == nil || c.key != string(key) {
		return nil
	}
	return c
}

// put keeps c under the hash h, unless the bound is reached or another
// piece holds the hash; it returns the piece kept.
func (pc *pieceCache) put(h uint64, c *pieceCode) *pieceCode {
	if kept := keepPiece(pc, &pc.pieces, h, c); kept.key == c.key {
		return kept
	}
	return c
}

// keepPiece keeps c in m under k unless the cache's bound is reached, and
// returns the piece kept under k: c, one kept before, or c alone when
// none can be.
func keepPiece[K comparable](pc *pieceCache, m *kept[K, *pieceCode], k K, c *pieceCode) *pieceCode {
	if pc.pixels.Load()+int64(c.w*c.h) > maxPiecePixels {
		return c
	}
	kept, ok := m.put(k, c, math.MaxInt)
	if !ok {
		return c
	}
	if kept == c {
		pc.pixels.Add(int64(c.w * c.h))
	}
	return kept
}

// ownLine is a unit's own line of text, set as pieces, left to right, cut
// into words.
type ownLine struct {
	pieces     []piece
	words      []lineWord
	x, y, w, h int // its inked box
	ink        uint8
	// style, font and size find its pieces' codes.
	style *canvasStyle
	font  *typeset.Font
	size  float64
	// pcodes and wcodes are the pieces' and the words' codes in the
	// table codedIn.
	pcodes  []*keptCodes
	wcodes  []*wordCodes
	codedIn *deflate.Table
	pix     [][]byte // its pieces drawn, once it is painted
	placed  []placed // its glyphs, which its pieces' are of
}

// ownLines hold lines whose pictures are written, for the next unit's
// lines to set their glyphs, pieces and words in.
var ownLines sync.Pool // *ownLine

// releaseOwnLine gives back a line whose picture is written.
func releaseOwnLine(o *ownLine) { ownLines.Put(o) }

func (o *ownLine) rows() (int, int, int, int) { return o.y, o.y + o.h, o.x, o.x + o.w }
func (o *ownLine) again(int) bool             { return false }
func (o *ownLine) shared() (bool, int32)      { return false, 0 }

// newOwnLine places a unit's own line, its origin at originX, originY, as
// pieces; nil when its ink would leave the picture.
func newOwnLine(s *canvasStyle, gc *glyphCache, f *typeset.Font, text, enc []rune, size float64, originX, originY int, ink uint8) *ownLine {
	o, _ := ownLines.Get().(*ownLine)
	if o == nil {
		o = new(ownLine)
	}
	ps, box := gc.place(f, enc, size, o.placed)
	o.placed = ps
	at := box.Add(image.Pt(originX, originY))
	if box.Empty() || !at.In(s.base.Rect) {
		releaseOwnLine(o)
		return nil
	}
	*o = ownLine{x: at.Min.X, y: at.Min.Y, w: at.Dx(), h: at.Dy(), ink: ink, style: s, font: f, size: size,
		pieces: slices.Grow(o.pieces[:0], len(ps)), words: o.words[:0], pcodes: o.pcodes[:0], wcodes: o.wcodes[:0], placed: ps}
	sortByInk(ps)
	for i := 0; i < len(ps); {
		// A piece: the glyphs from i whose ink reaches into the columns
		// of the ones before.
		j, pb := i+1, ps[i].inkBox()
		for ; j < len(ps) && ps[j].inkBox().Min.X < pb.Max.X; j++ {
			pb = pb.Union(ps[j].inkBox())
		}
		first := ps[i].i
		for _, p := range ps[i:j] {
			first = min(first, p.i)
		}
		o.pieces = append(o.pieces, piece{x: originX + pb.Min.X, y: originY + pb.Min.Y, first: first, glyphs: ps[i:j:j], box: pb})
		i = j
	}
	s.words(o, text)
	return o
}

// sortByInk sorts placed glyphs by the left of their ink, keeping the order
// of those that start at the same column. A line's glyphs come almost in
// that order already (a mark before the base it sits on, a vowel before
// the consonant it is written before): an insertion sort moves those few.
func sortByInk(ps []placed) {
	for i := 1; i < len(ps); i++ {
		p := ps[i]
		x := p.g.ink.Min.X + p.x
		j := i
		for ; j > 0 && ps[j-1].g.ink.Min.X+ps[j-1].x > x; j-- {
		}
		if j < i {
			copy(ps[j+1:i+1], ps[j:i])
			ps[j] = p
		}
	}
}

// piece returns the pieceCode of the placed glyphs whose ink fills box.
func (s *canvasStyle) piece(ps []placed, box image.Rectangle, f *typeset.Font, size float64, ink uint8) *pieceCode {
	if len(ps) <= smallPiece {
		k := smallKey{f: f, size: math.Float64bits(size), meta: uint64(ink) | uint64(len(ps))<<8}
		for i, p := range ps {
			k.meta |= uint64(byte(p.phase)) << (16 + 8*i)
			k.g[i] = uint64(uint32(p.slot))<<32 | uint64(uint16(p.x-box.Min.X))<<16 | uint64(uint16(p.y-box.Min.Y))
		}
		if c, _ := s.pieces.small.get(k); c != nil {
			return c
		}
		c := &pieceCode{w: box.Dx(), h: box.Dy(), ink: ink, glyphs: slices.Clone(ps), at: box.Min}
		return keepPiece(&s.pieces, &s.pieces.small, k, c)
	}
	var buf [256]byte
	key := buf[:0]
	key = append(append(key, f.Name...), 0)
	key = binary.LittleEndian.AppendUint64(key, math.Float64bits(size))
	key = append(key, ink)
	for _, p := range ps {
		key = binary.LittleEndian.AppendUint32(key, uint32(p.slot))
		key = append(key, byte(p.phase))
		key = binary.LittleEndian.AppendUint16(key, uint16(p.x-box.Min.X))
		key = binary.LittleEndian.AppendUint16(key, uint16(p.y-box.Min.Y))
	}
	hash := maphash.Bytes(s.pieces.seed, key)
	if c := s.pieces.get(hash, key); c != nil {
		return c
	}
	c := &pieceCode{key: string(key), w: box.Dx(), h: box.Dy(),
		ink: ink, glyphs: slices.Clone(ps), at: box.Min}
	return s.pieces.put(hash, c)
}

// pixels draws the piece: palette indices, w×h, 0 where it has no ink.
// They are drawn when needed, not kept: once its rows are coded, a piece
// is seldom drawn again.
func (c *pieceCode) pixels() []byte { return c.pixelsIn(nil) }

// pixelsIn draws the piece as pixels does, into buf, emptied: the
// coverage is added in place and turned into indices there.
func (c *pieceCode) pixelsIn(buf []byte) []byte {
	n := c.w * c.h
	pix := slices.Grow(buf[:0], n)[:n]
	clear(pix)
	addCoverage(&image.Alpha{Pix: pix, Stride: c.w, Rect: image.Rect(0, 0, c.w, c.h)}, c.glyphs, c.at)
	for i, v := range pix {
		if sh := shadeOf[v]; sh > 0 {
			pix[i] = c.ink + sh - 1
		} else {
			pix[i] = 0
		}
	}
	return pix
}

// piecePixels hold pieces drawn to be coded, for the next piece's.
var piecePixels sync.Pool // *[]byte

// coded returns the piece's rows coded in t, for pictures width pixels
// wide: its first row on its own, each later one copying from the row
// above where it can.
func (c *pieceCode) coded(t *deflate.Table, width int) *keptCodes {
	if k := c.codes.Load(); k != nil && k.t == t {
		return k
	}
	k := &keptCodes{t: t, rows: make([]keptRow, 0, c.h)}
	bp, _ := piecePixels.Get().(*[]byte)
	if bp == nil {
		bp = new([]byte)
	}
	pix := c.pixelsIn(*bp)
	defer func() { *bp = pix; piecePixels.Put(bp) }()
	rc := newRowCoder(&deflate.Writer{}, t, width)
	for r := range c.h {
		off := k.start(rc.w)
		row := pix[r*c.w : (r+1)*c.w]
		var sum uint32
		if r == 0 {
			sum = rc.segment(row)
		} else {
			sum = rc.segmentUp(row, pix[(r-1)*c.w:r*c.w])
		}
		k.end(rc.w, off, sum, row[len(row)-1])
	}
	c.codes.Store(k)
	return k
}

// pieceCode returns the pieceCode of the line's piece i, found once.
func (o *ownLine) pieceCode(i int) *pieceCode {
	p := &o.pieces[i]
	if p.c == nil {
		p.c = o.style.piece(p.glyphs, p.box, o.font, o.size, o.ink)
	}
	return p.c
}

// coded returns the codes in t of the line's words kept, and of the
// pieces of its other words, found once for a picture.
func (o *ownLine) coded(t *deflate.Table) ([]*keptCodes, []*wordCodes) {
	if o.codedIn != t {
		width := o.style.base.Rect.Dx()
		o.pcodes = slices.Grow(o.pcodes[:0], len(o.pieces))[:len(o.pieces)]
		clear(o.pcodes)
		o.wcodes = o.wcodes[:0]
		for _, lw := range o.words {
			var k *wordCodes
			if lw.w != nil {
				k = lw.w.kept(t)
			}
			if k == nil {
				for i := lw.from; i < lw.to; i++ {
					o.pcodes[i] = o.pieceCode(i).coded(t, width)
				}
				if lw.w != nil {
					k = lw.w.coded(&o.style.wordCache, o.pieces[lw.from:lw.to], o.pcodes[lw.from:lw.to], t)
				}
			}
			o.wcodes = append(o.wcodes, k)
		}
		o.codedIn = t
	}
	return o.pcodes, o.wcodes
}

// paint draws row y of the line into dst, its pieces drawn once for the
// picture.
func (o *ownLine) paint(dst []byte, y int) {
	if o.pix == nil {
		for i := range o.pieces {
			o.pix = append(o.pix, o.pieceCode(i).pixels())
		}
	}
	for pi, p := range o.pieces {
		r := y - p.y
		if r < 0 || r >= p.c.h {
			continue
		}
		row := dst[p.x : p.x+p.c.w]
		for i, v := range o.pix[pi][r*p.c.w : (r+1)*p.c.w] {
			if v != 0 {
				row[i] = v
			}
		}
	}
}

// pieces writes row y of the pieces ps, whose codes are pcs, from column
// cur: the runs of background before each and its row's code. It returns
// the column of the first piece the row inks (-1 for none) and the column
// after the last. The runs are coded from e's table, or without one when e
// is nil: the bits are the same.
func (w *stretchWriter) pieces(ps []piece, pcs []*keptCodes, y, cur int, e *styleEdges) (first, end int) {
	first = -1
	for i, p := range ps {
		r := y - p.y
		if r < 0 || r >= p.c.h {
			continue
		}
		if first < 0 {
			first = p.x
		}
		w.gap(p.x-cur, e)
		w.kept(pcs[i], r, p.c.w)
		cur = p.x + p.c.w
	}
	return first, cur
}

// codeOwnLine writes the stretch si of row y, where the unit's own line o
// is the only op, from its words' and pieces' codes and the edges e;
// upOK tells that o was the only op on the stretch of the row above too.
// It reports false, having written nothing, when the stretch cannot be
// written so: the blank under the line not all background, or the row
// above not the line's.
func (s *canvasStyle) codeOwnLine(c *rowCoder, e *styleEdges, o *ownLine, si, y int, upOK bool) (uint32, bool) {
	row := &e.rows[si][s.baseClass[si][y]]
	a, b := o.x, o.x+o.w
	if a < row.zl || b > row.zr {
		return 0, false
	}
	if y > o.y {
		above := &e.rows[si][s.baseClass[si][y-1]]
		if !upOK || a < above.zl || b > above.zr {
			return 0, false
		}
	}
	sw := stretchWriter{c: c, s1: 1, prev: -1}
	sw.edge(&row.left)
	sw.run(0, a-row.zl)
	pcodes, wcodes := o.coded(c.t)
	cur := a
	for wi, lw := range o.words {
		if k := wcodes[wi]; k != nil {
			first := o.pieces[lw.from]
			r := y - first.y - k.y0
			if r < 0 || r >= len(k.spans) {
				continue
			}
			sp := k.spans[r]
			if sp.first < 0 {
				continue
			}
			sw.gap(first.x+int(sp.first)-cur, e)
			sw.kept(&k.keptCodes, r, int(sp.end-sp.first))
			cur = first.x + int(sp.end)
			continue
		}
		_, cur = sw.pieces(o.pieces[lw.from:lw.to], pcodes[lw.from:lw.to], y, cur, e)
	}
	sw.run(0, row.zr-cur)
	sw.edge(&row.right)
	return sw.sum(), true
}
