package social

import (
	"github.com/prakat/prakat/internal/deflate"
	"github.com/prakat/prakat/internal/qr"
)

// A stretch of a row holding a unit's own line or QR code is written
// from what is known of it, never drawn: the blank's edges (the frame and
// the margin up to the background), coded once for each kind of row; runs
// of one colour; and kept codes (a line's pieces).

// stretchWriter writes a stretch's parts in order and sums its Adler-32,
// reduced at the end: a row's parts add at most a few billion.
type stretchWriter struct {
	c      *rowCoder
	s1, s2 uint64
	prev   int // the last byte written, -1 for none
}

const adlerMod = 65521

// code writes a kept code of n bytes, whose Adler-32 is adler and last
// byte last.
func (w *stretchWriter) code(code deflate.Bits, adler uint32, n int, last byte) {
	if n == 0 {
		return
	}
	w.c.w.Append(code)
	b1, b2 := uint64(adler&0xFFFF), uint64(adler>>16)
	w.s2 += b2 + uint64(n)*(w.s1+adlerMod-1)
	w.s1 += b1 + adlerMod - 1
	w.prev = int(last)
}

// kept writes row r of the kept codes k, n bytes.
func (w *stretchWriter) kept(k *keptCodes, r, n int) {
	row := &k.rows[r]
	w.code(deflate.Bits{Bytes: k.bytes[row.off : row.off+row.size], Tail: row.tail, N: row.n}, row.adler, n, row.last)
}

// edge writes an edge of the blank's row.
func (w *stretchWriter) edge(e *edgeCode) { w.code(e.code, e.adler, e.n, e.last) }

// gap writes n bytes of the background, from a table of their codes
// for the short gaps between a line's pieces.
func (w *stretchWriter) gap(n int, e *styleEdges) {
	if n <= 0 {
		return
	}
	from := 0
	if w.prev != 0 {
		from = 1
	}
	if e == nil || n >= len(e.gaps[0]) || e.gaps[from][n].n == 255 {
		w.run(0, n)
		return
	}
	g := e.gaps[from][n]
	w.c.w.PutWord(g.v, g.n)
	w.prev = 0
	w.s2 += uint64(n) * w.s1
}

// run writes n bytes of v: copies of the byte before once it is v.
func (w *stretchWriter) run(v byte, n int) {
	if n <= 0 {
		return
	}
	k := n
	if w.prev != int(v) {
		w.c.literal(v)
		k--
	}
	if k >= 3 {
		w.c.match(k, false)
	} else {
		for range k {
			w.c.literal(v)
		}
	}
	w.prev = int(v)
	nn := uint64(n)
	w.s2 += nn*w.s1 + uint64(v)*(nn*(nn+1)/2)
	w.s1 += nn * uint64(v)
}

func (w *stretchWriter) sum() uint32 {
	return uint32(w.s1%adlerMod) | uint32(w.s2%adlerMod)<<16
}

// keptRow is a row's code kept in its keptCodes' bytes: its whole bytes
// at off, size of them, then n bits in tail (all its bits in tail when
// they are 64 or fewer); its last byte and its Adler-32.
type keptRow struct {
	tail      uint64
	off, size uint32
	n         uint8
	last      byte
	adler     uint32
}

// keptCodes are rows coded in one code table, all in one slice of bytes,
// so that the many kept rows hold no pointers for the collector to follow.
type keptCodes struct {
	t     *deflate.Table
	bytes []byte
	rows  []keptRow
}

// start points the writer w at the end of k's bytes, for the next row;
// it returns where the row starts.
func (k *keptCodes) start(w *deflate.Writer) int {
	w.Out, w.Acc, w.NAcc = k.bytes, 0, 0
	return len(k.bytes)
}

// end keeps the row w wrote from off, whose Adler-32 is adler and last
// byte last.
func (k *keptCodes) end(w *deflate.Writer, off int, adler uint32, last byte) {
	k.bytes = w.Out
	row := keptRow{tail: w.Acc, off: uint32(off), size: uint32(len(k.bytes) - off), n: uint8(w.NAcc), last: last, adler: adler}
	if v, n, ok := (deflate.Bits{Bytes: k.bytes[off:], Tail: row.tail, N: row.n}).Word(); ok {
		// Short (most rows of a letter): all its bits in the tail.
		row.tail, row.n, row.size = v, n, 0
		k.bytes = k.bytes[:off]
	}
	k.rows = append(k.rows, row)
}

// edgeCode is a part of the blank's row, coded on its own.
type edgeCode struct {
	code  deflate.Bits
	adler uint32
	n     int
	last  byte
}

// rowEdges is a kind of the blank's row within a stretch: where its
// background (index 0) runs longest, zl to zr, and its parts either side.
type rowEdges struct {
	zl, zr      int
	left, right edgeCode
}

// styleEdges are a style's rowEdges for each stretch and kind of row, in
// one code table.
type styleEdges struct {
	t    *deflate.Table
	rows [][]rowEdges // by stretch, then by the blank's class
	// rowCopies[k-1] copies the whole row above k times over, segCopy
	// each stretch of it.
	rowCopies []deflate.Bits
	segCopy   []deflate.Bits
	// gaps are the codes of runs of background, after a byte of
	// background ([0]) or of another colour ([1]), by their length.
	gaps [2][64]struct {
		v uint64
		n uint8
	}
}

// maxRowCopies is the most rows copied at once: a blank or a QR code's
// module is seldom taller.
const maxRowCopies = 32

// edges returns the style's edges coded in t, made once.
func (s *canvasStyle) edges(t *deflate.Table) *styleEdges {
	if e := s.edgeCodes.Load(); e != nil && e.t == t {
		return e
	}
	w := s.base.Rect.Dx()
	e := &styleEdges{t: t, rows: make([][]rowEdges, len(s.segs))}
	copyOf := func(n int) deflate.Bits {
		rc := newRowCoder(&deflate.Writer{}, t, w)
		rc.match(n, true)
		return rc.w.Flushed()
	}
	one := copyOf(w + 1)
	var k deflate.Writer
	for range maxRowCopies {
		k.Append(one)
		e.rowCopies = append(e.rowCopies, k.Flushed())
	}
	for from := range 2 {
		for n := 1; n < len(e.gaps[from]); n++ {
			sw := stretchWriter{c: newRowCoder(&deflate.Writer{}, t, w), s1: 1, prev: from}
			sw.run(0, n)
			if v, bits, ok := sw.c.w.Flushed().Word(); ok {
				e.gaps[from][n].v, e.gaps[from][n].n = v, bits
			} else {
				e.gaps[from][n].n = 255 // not kept: longer than a word
			}
		}
	}
	for si, x0 := range s.segs {
		x1 := w
		if si+1 < len(s.segs) {
			x1 = s.segs[si+1]
		}
		e.segCopy = append(e.segCopy, copyOf(x1-x0))
		done := map[int32]bool{}
		for y, class := range s.baseClass[si] {
			if done[class] {
				continue
			}
			done[class] = true
			for int(class) >= len(e.rows[si]) {
				e.rows[si] = append(e.rows[si], rowEdges{})
			}
			row := s.base.Pix[y*s.base.Stride+x0 : y*s.base.Stride+x1]
			zl, zr := 0, 0 // the longest run of background
			for i := 0; i < len(row); {
				n := run(row[i:], 0)
				if n > zr-zl {
					zl, zr = i, i+n
				}
				i += max(n, 1)
			}
			coded := func(p []byte) edgeCode {
				if len(p) == 0 {
					return edgeCode{adler: 1}
				}
				rc := newRowCoder(&deflate.Writer{}, t, w)
				sum := rc.segment(p)
				return edgeCode{rc.w.Flushed(), sum, len(p), p[len(p)-1]}
			}
			e.rows[si][class] = rowEdges{zl: x0 + zl, zr: x0 + zr, left: coded(row[:zl]), right: coded(row[zr:])}
		}
	}
	s.edgeCodes.Store(e)
	return e
}

// codeQR writes the stretch si of row y, where the QR code o is the only
// op, from its runs of modules and the edges e; false, having written nothing, when the
// blank under it is not all background.
func (s *canvasStyle) codeQR(c *rowCoder, e *styleEdges, o *qrOp, si, y int) (uint32, bool) {
	row := &e.rows[si][s.baseClass[si][y]]
	if o.clip.Min.X < row.zl || o.clip.Max.X > row.zr || o.clip.Dx() != o.side {
		return 0, false
	}
	sw := stretchWriter{c: c, s1: 1, prev: -1}
	sw.edge(&row.left)
	sw.run(0, o.x-row.zl)
	cur := o.x // written up to here
	if my := (y-o.y)/o.m - qr.QuietZone; my >= 0 && my < len(o.row)-1 {
		x0 := o.x + qr.QuietZone*o.m
		for _, r := range o.runs[o.row[my]:o.row[my+1]] {
			dark := x0 + r.X*o.m
			sw.run(idxWhite, dark-cur)
			sw.run(idxBlack, r.W*o.m)
			cur = dark + r.W*o.m
		}
	}
	sw.run(idxWhite, o.x+o.side-cur)
	sw.run(0, row.zr-o.x-o.side)
	sw.edge(&row.right)
	return sw.sum(), true
}
