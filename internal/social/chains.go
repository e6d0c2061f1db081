package social

import (
	"sync"
	"sync/atomic"
)

// Pieces follow one another in the same order on many units' lines: the
// letters of องค์การบริหารส่วนตำบล, of a link's address. A chain is
// such a run of pieces, each in its place, with its rows written once as
// the pieces' codes and the runs of background between them would be:
// the bytes are the same whichever chains a line is cut into. Chains are
// learnt as lines come, the way LZ78 learns phrases: a line is covered by
// the longest chains known, and each chain met is extended by the piece
// that followed it, for the next line that has it.

// chainLink is a piece in a chain, its top left from the chain's first
// piece's.
type chainLink struct {
	c      *pieceCode
	dx, dy int32
}

// chainNode is a chain, and the chains that extend it by one piece.
type chainNode struct {
	parts []chainLink
	y0, h int // its rows, from the first piece's top
	next  map[chainLink]*chainNode
	codes atomic.Pointer[chainCodes]
}

// chainCodes are a chain's rows coded in one code table, all in one slice
// of bytes.
type chainCodes struct {
	t     *codeTable
	bytes []byte
	rows  []chainRow
}

// chainRow is a row of a chain: the code of its bytes from the first
// piece on the row to the end of the last, at first and end from the
// chain's left (first < 0 for a row no piece inks).
type chainRow struct {
	tail       uint64
	off, size  uint32
	n          uint8
	last       byte
	first, end int32
	adler      uint32
}

// placedChain is a chain on a picture, its first piece's top left at x, y.
type placedChain struct {
	n    *chainNode
	x, y int
}

// chainTrie keeps a style's chains, up to a bound of their number and of
// their codes' bytes.
type chainTrie struct {
	mu    sync.Mutex
	roots map[*pieceCode]*chainNode
	nodes int
	coded atomic.Int64 // bytes of kept codes
}

const (
	maxChains     = 1 << 15
	maxChainBytes = 24 << 20
)

func newChain(parts []chainLink) *chainNode {
	n := &chainNode{parts: parts}
	y1 := 0
	for i, p := range parts {
		if i == 0 || int(p.dy) < n.y0 {
			n.y0 = int(p.dy)
		}
		y1 = max(y1, int(p.dy)+p.c.h)
	}
	n.h = y1 - n.y0
	return n
}

// cover cuts a line's pieces, left to right, into the longest chains
// known, and learns the chains that extend them.
func (tr *chainTrie) cover(ps []piece) []placedChain {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	if tr.roots == nil {
		tr.roots = map[*pieceCode]*chainNode{}
	}
	var out []placedChain
	for i := 0; i < len(ps); {
		n := tr.roots[ps[i].c]
		if n == nil {
			n = newChain([]chainLink{{ps[i].c, 0, 0}})
			if tr.nodes < maxChains {
				tr.roots[ps[i].c] = n
				tr.nodes++
			}
		}
		j := i + 1
		for ; j < len(ps); j++ {
			l := chainLink{ps[j].c, int32(ps[j].x - ps[i].x), int32(ps[j].y - ps[i].y)}
			next := n.next[l]
			if next == nil {
				if tr.nodes < maxChains {
					if n.next == nil {
						n.next = map[chainLink]*chainNode{}
					}
					n.next[l] = newChain(append(append(make([]chainLink, 0, len(n.parts)+1), n.parts...), l))
					tr.nodes++
				}
				break
			}
			n = next
		}
		out = append(out, placedChain{n, ps[i].x, ps[i].y})
		i = j
	}
	return out
}

// coded returns the chain's rows coded in t, for pictures width pixels
// wide; they are kept while the trie's bound allows.
func (n *chainNode) coded(tr *chainTrie, t *codeTable, width int) *chainCodes {
	if k := n.codes.Load(); k != nil && k.t == t {
		return k
	}
	k := &chainCodes{t: t, rows: make([]chainRow, n.h)}
	pcs := make([]*pieceCodes, len(n.parts))
	for i, p := range n.parts {
		pcs[i] = p.c.coded(t, width)
	}
	rc := newRowCoder(&bitWriter{}, t, width)
	for r := range n.h {
		y := n.y0 + r
		rc.w.out, rc.w.acc, rc.w.nacc = k.bytes, 0, 0
		off := len(k.bytes)
		sw := stretchWriter{c: rc, s1: 1, prev: -1}
		first, cur := int32(-1), 0
		for i, p := range n.parts {
			pr := y - int(p.dy)
			if pr < 0 || pr >= p.c.h {
				continue
			}
			if first < 0 {
				first, cur = p.dx, int(p.dx)
			}
			sw.run(0, int(p.dx)-cur)
			code, row := pcs[i].code(pr)
			sw.code(code, row.adler, p.c.w, row.last)
			cur = int(p.dx) + p.c.w
		}
		k.bytes = rc.w.out
		k.rows[r] = chainRow{tail: rc.w.acc, off: uint32(off), size: uint32(len(k.bytes) - off), n: uint8(rc.w.nacc),
			last: byte(max(sw.prev, 0)), first: first, end: int32(cur), adler: sw.sum()}
	}
	if tr.coded.Add(int64(len(k.bytes)+len(k.rows)*40)) <= maxChainBytes {
		n.codes.Store(k)
	}
	return k
}

// code returns row r's code and the row.
func (k *chainCodes) code(r int) (bitString, *chainRow) {
	row := &k.rows[r]
	return bitString{bytes: k.bytes[row.off : row.off+row.size], tail: row.tail, n: row.n}, row
}
