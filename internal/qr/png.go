package qr

import (
	"encoding/binary"

	"github.com/prakat/prakat/internal/deflate"
)

// A QR image is few distinct rows: a module's row of pixels, repeated
// scale times. Its image data are written straight into one deflate block
// of the fixed Huffman codes (RFC 1951, 3.2.6), inside a zlib stream:
//
//   - a module row's first row of pixels, filter None, as literals, and
//     runs of one byte as copies of the byte before;
//   - its second, filter Up, all zero: the difference from the row above;
//   - the others, one copy of the row before them.
//
// A module row that repeats the one before (the quiet zone) is one copy.
// The Adler-32 is summed row by row, a repeated row in a few operations.

const adlerMod = 65521

// idat returns the zlib stream of the image's rows at scale pixels a
// module.
func (c *Code) idat(scale int) []byte {
	n := c.Size + 2*QuietZone
	side := n * scale
	stride := (side+7)/8 + 1 // each row: its filter byte, then its bits
	t := deflate.Fixed
	w := &deflate.Writer{Out: make([]byte, 0, 2048)}
	w.Out = append(w.Out, 0x78, 0x01) // zlib, 32 KB window, fastest
	w.Append(t.Header)                // the final block, fixed codes
	var s1, s2 uint64 = 1, 0
	// repeat sums a row of stride bytes, first b then zeros, into the
	// Adler-32: k times.
	repeat := func(b byte, k int) {
		for range k {
			s1 += uint64(b)
			s2 += uint64(stride) * s1
			s1 %= adlerMod
			s2 %= adlerMod
		}
	}
	row := make([]byte, stride)
	prev := make([]byte, stride)
	zeros := make([]byte, stride-1)
	for m := range n {
		// The module row's pixels: 1 is white at depth 1.
		for i := range row {
			row[i] = 0xFF
		}
		row[0] = 0 // filter None
		if y := m - QuietZone; y >= 0 && y < c.Size {
			for x := 0; x < c.Size; {
				if !c.dark[y][x] {
					x++
					continue
				}
				start := x
				for x < c.Size && c.dark[y][x] {
					x++
				}
				darken(row[1:], (start+QuietZone)*scale, (x+QuietZone)*scale)
			}
		}
		if pad := side % 8; pad != 0 {
			row[stride-1] &= 0xFF << (8 - pad) // the bits past the image stay 0
		}
		if m > 0 && scale*stride <= 32768 && string(row) == string(prev) {
			// The module row before again: all its rows, one copy.
			t.Copy(w, scale*stride, scale*stride)
		} else {
			writeRow(t, w, row)
			if scale > 1 {
				t.Literal(w, 2) // filter Up: the row above again
				writeRow(t, w, zeros)
			}
			if scale > 2 {
				t.Copy(w, (scale-2)*stride, stride)
			}
		}
		for _, b := range row {
			s1 += uint64(b)
			s2 += s1
		}
		s1 %= adlerMod
		s2 %= adlerMod
		repeat(2, scale-1)
		row, prev = prev, row
	}
	return binary.BigEndian.AppendUint32(w.End(t), uint32(s2)<<16|uint32(s1))
}

// darken clears the bits of pixels p0 to p1 (1 is white), whole bytes at
// once.
func darken(bits []byte, p0, p1 int) {
	for p0 < p1 && p0%8 != 0 {
		bits[p0/8] &^= 0x80 >> (p0 % 8)
		p0++
	}
	for ; p0+8 <= p1; p0 += 8 {
		bits[p0/8] = 0
	}
	for ; p0 < p1; p0++ {
		bits[p0/8] &^= 0x80 >> (p0 % 8)
	}
}

// writeRow writes p in t's codes as literals, a run of four or more of
// one byte as the byte and a copy of it.
func writeRow(t *deflate.Table, w *deflate.Writer, p []byte) {
	for i := 0; i < len(p); {
		r := 1
		for i+r < len(p) && p[i+r] == p[i] {
			r++
		}
		t.Literal(w, p[i])
		if r >= 4 {
			t.Copy(w, r-1, 1)
		} else {
			for range r - 1 {
				t.Literal(w, p[i])
			}
		}
		i += r
	}
}
