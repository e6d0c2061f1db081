package social

import (
	"encoding/binary"
	"hash/maphash"
	"math"
	"sync/atomic"

	"github.com/prakat/prakat/internal/deflate"
	"github.com/prakat/prakat/internal/thai"
)

// Most of a name is words other names have too (องค์การ บริหาร ส่วน ตำบล
// บ้าน หนอง), and a link's address is every link's. A word is written as
// its pieces' codes and the runs of background between them would be, so
// its rows can be coded once and kept: the bytes are the same whether a
// word is written from its kept rows or piece by piece. A word's rows are
// kept once it is met a second time, so that a unit's own code, met once,
// takes no room.

// word is a run of a line's pieces between two places the line may break
// (see thai.Breaks), kept by the hash of its glyphs and their places.
type word struct {
	seen  atomic.Int32
	codes atomic.Pointer[wordCodes]
}

// wordCodes are a word's rows coded in one table. A row's code runs from
// the first piece that inks the row to the end of the last, its span, at
// first and end from the word's left; first < 0 for a row none inks.
type wordCodes struct {
	keptCodes
	spans []wordSpan
	y0    int // the rows' first, from the first piece's top
}

type wordSpan struct{ first, end int32 }

// lineWord is a word on a line: its pieces, from..to in the line's.
type lineWord struct {
	w        *word // nil for a single piece
	from, to int
}

// wordCache keeps a style's words: up to maxWords met, and codes up to
// maxWordBytes.
type wordCache struct {
	seed  maphash.Seed
	words kept[uint64, *word]
	bytes atomic.Int64
}

const (
	maxWords     = 1 << 16
	maxWordBytes = 16 << 20
)

// isThai reports whether r is of the Thai block, where words are found by
// the dictionary; elsewhere a word runs to a space or a stop (a link's
// address, its code).
func isThai(r rune) bool { return r >= 0x0E00 && r <= 0x0E7F }

// words cuts a line's pieces into words, where the line may break or
// passes between Thai and other script.
func (s *canvasStyle) words(o *ownLine, text []rune) {
	kinds := thai.Breaks(text)
	cut := func(i int) bool {
		return i <= 0 || i >= len(text) || isThai(text[i-1]) != isThai(text[i]) || kinds[i] != thai.NoBreak
	}
	var key []byte
	for i := 0; i < len(o.pieces); {
		j := i + 1
		for j < len(o.pieces) && !cut(o.pieces[j].first) {
			j++
		}
		lw := lineWord{from: i, to: j}
		if j-i > 1 {
			// The word's glyphs, each with its phase and its place from
			// the word's first piece: what makes its pieces.
			key = append(append(key[:0], o.font.Name...), 0)
			key = binary.LittleEndian.AppendUint64(key, math.Float64bits(o.size))
			key = append(key, o.ink)
			at := o.pieces[i].box.Min
			for _, p := range o.pieces[i:j] {
				for _, g := range p.glyphs {
					key = binary.LittleEndian.AppendUint32(key, uint32(g.slot))
					key = append(key, byte(g.phase))
					key = binary.LittleEndian.AppendUint16(key, uint16(g.x-at.X))
					key = binary.LittleEndian.AppendUint16(key, uint16(g.y-at.Y))
				}
				key = append(key, 0xFF) // the piece ends
			}
			h := maphash.Bytes(s.wordCache.seed, key)
			w, ok := s.wordCache.words.get(h)
			if !ok {
				w, _ = s.wordCache.words.put(h, new(word), maxWords)
			}
			w.seen.Add(1)
			lw.w = w
		}
		o.words = append(o.words, lw)
		i = j
	}
}

// kept returns the word's rows coded in t, if they are kept.
func (w *word) kept(t *deflate.Table) *wordCodes {
	if k := w.codes.Load(); k != nil && k.t == t {
		return k
	}
	return nil
}

// coded returns the word's rows coded in t, its pieces ps with their
// codes pcs; nil while it has been met once, or past the bound.
func (w *word) coded(wc *wordCache, ps []piece, pcs []*keptCodes, t *deflate.Table) *wordCodes {
	if k := w.codes.Load(); k != nil && k.t == t {
		return k
	}
	if w.seen.Load() < 2 || wc.bytes.Load() > maxWordBytes {
		return nil
	}
	y0, y1 := ps[0].y, ps[0].y
	for _, p := range ps {
		y0, y1 = min(y0, p.y), max(y1, p.y+p.c.h)
	}
	k := &wordCodes{keptCodes: keptCodes{t: t, rows: make([]keptRow, 0, y1-y0)}, spans: make([]wordSpan, y1-y0), y0: y0 - ps[0].y}
	rc := newRowCoder(&deflate.Writer{}, t, 0)
	for r := range k.spans {
		y := y0 + r
		off := k.start(rc.w)
		sw := stretchWriter{c: rc, s1: 1, prev: -1}
		// From the first piece on the row: a word's leading background
		// is written with the run before it.
		start := ps[0].x
		for _, p := range ps {
			if y >= p.y && y < p.y+p.c.h {
				start = p.x
				break
			}
		}
		first, cur := sw.pieces(ps, pcs, y, start, nil)
		k.end(rc.w, off, sw.sum(), byte(max(sw.prev, 0)))
		k.spans[r] = wordSpan{-1, 0}
		if first >= 0 {
			k.spans[r] = wordSpan{int32(first - ps[0].x), int32(cur - ps[0].x)}
		}
	}
	wc.bytes.Add(int64(len(k.bytes) + len(k.rows)*40))
	w.codes.Store(k)
	return k
}
