package social

import (
	"bytes"
	"hash/maphash"
	"sync"
)

// A unit's pictures repeat, row for row, the wording every other unit's
// carry, wherever its layout puts them. rowMemo keeps the deflate codes
// of rows seen twice (each row's code stands alone: see rowCoder.row), and
// a row met again costs a hash and a comparison instead of being coded
// anew. Rows seen once, as a unit's name and QR code are,
// leave only their hash.

// memoRows bounds the rows whose codes are kept; memoSeen the hashes of
// rows seen once.
const (
	memoRows = 4096
	memoSeen = 1 << 16
)

type rowMemo struct {
	seed maphash.Seed
	mu   sync.Mutex
	rows map[uint64]*memoRow // nil: seen once
	kept int                 // rows with their codes
}

type memoRow struct {
	raw   []byte
	code  []byte // whole bytes of code
	tail  uint64 // and the bits after them
	tailN uint8
	adler uint32
}

func newRowMemo() *rowMemo {
	return &rowMemo{seed: maphash.MakeSeed(), rows: map[uint64]*memoRow{}}
}

// code writes the scanline of p with c, from the memo when it holds p,
// and returns the scanline's Adler-32.
func (m *rowMemo) code(c *rowCoder, p []byte) uint32 {
	key := maphash.Bytes(m.seed, p)
	m.mu.Lock()
	r, seen := m.rows[key]
	if !seen && len(m.rows) < memoSeen {
		m.rows[key] = nil
	}
	m.mu.Unlock()
	switch {
	case r != nil && bytes.Equal(r.raw, p):
	case seen && r == nil:
		// Seen once before: code it apart and keep it.
		alone := newRowCoder(&bitWriter{}, len(p))
		alone.row(p)
		r = &memoRow{raw: bytes.Clone(p), code: alone.w.out, tail: alone.w.acc, tailN: uint8(alone.w.nacc), adler: scanlineAdler(p)}
		m.mu.Lock()
		if m.kept < memoRows {
			m.rows[key] = r
			m.kept++
		}
		m.mu.Unlock()
	default: // new, or another row of the same hash
		c.row(p)
		return scanlineAdler(p)
	}
	c.w.append(r.code, r.tail, r.tailN)
	return r.adler
}
