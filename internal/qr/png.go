package qr

import "encoding/binary"

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
	w := fixedWriter{out: make([]byte, 0, 1024)}
	w.out = append(w.out, 0x78, 0x01) // zlib, 32 KB window, fastest
	w.bits(1|1<<1, 3)                 // the final block, fixed codes
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
			w.copyBack(scale*stride, scale*stride)
		} else {
			w.row(row)
			if scale > 1 {
				w.literal(2) // filter Up: the row above again
				w.row(zeros)
			}
			if scale > 2 {
				w.copyBack((scale-2)*stride, stride)
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
	w.bits(0, 7) // the end of the block: code 0 of seven bits
	w.flush()
	return binary.BigEndian.AppendUint32(w.out, uint32(s2)<<16|uint32(s1))
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

// fixedLit holds the fixed codes of the literals 0–255, bit-reversed for
// writing, and their lengths.
var fixedLit = func() (t [256]struct {
	code uint32
	n    uint
}) {
	for b := range t {
		if b < 144 {
			t[b].code, t[b].n = reverse(0x30+uint32(b), 8), 8
		} else {
			t[b].code, t[b].n = reverse(0x190+uint32(b)-144, 9), 9
		}
	}
	return t
}()

// reverse returns the n low bits of v in reverse order: Huffman codes are
// written from their most significant bit.
func reverse(v uint32, n uint) uint32 {
	var r uint32
	for range n {
		r = r<<1 | v&1
		v >>= 1
	}
	return r
}

// fixedWriter writes deflate symbols in the fixed Huffman codes, least
// significant bit first.
type fixedWriter struct {
	out  []byte
	acc  uint64
	nacc uint
}

func (w *fixedWriter) bits(v uint32, n uint) {
	w.acc |= uint64(v) << w.nacc
	w.nacc += n
	if w.nacc >= 32 {
		w.out = binary.LittleEndian.AppendUint32(w.out, uint32(w.acc))
		w.acc >>= 32
		w.nacc -= 32
	}
}

func (w *fixedWriter) flush() {
	for w.nacc > 0 {
		w.out = append(w.out, byte(w.acc))
		w.acc >>= 8
		w.nacc -= min(w.nacc, 8)
	}
}

func (w *fixedWriter) literal(b byte) { w.bits(fixedLit[b].code, fixedLit[b].n) }

// row writes p as literals, a run of three or more of one byte as a copy
// of the byte before.
func (w *fixedWriter) row(p []byte) {
	for i := 0; i < len(p); {
		r := 1
		for i+r < len(p) && p[i+r] == p[i] {
			r++
		}
		w.literal(p[i])
		if r >= 4 {
			w.copyBack(r-1, 1)
		} else {
			for range r - 1 {
				w.literal(p[i])
			}
		}
		i += r
	}
}

// copyBack writes a copy of n bytes from d bytes back, in pieces of at
// most 258.
func (w *fixedWriter) copyBack(n, d int) {
	dc, dn := distanceCode(d)
	for n > 0 {
		k := min(n, 258)
		if n > 258 && n-258 < 3 {
			k = n - 3 // leave at least the shortest copy
		}
		w.bits(fixedLen[k].code, fixedLen[k].n)
		w.bits(dc, dn)
		n -= k
	}
}

// fixedLen holds the codes of the copy lengths 3 to 258 (RFC 1951, 3.2.5),
// their extra bits included, ready to write.
var fixedLen = func() (t [259]struct {
	code uint32
	n    uint
}) {
	sym, base, extra := 257, 3, uint(0)
	for n := 3; n <= 258; n++ {
		if n == 258 {
			sym, base, extra = 285, 258, 0
		}
		for n >= base+1<<extra && n < 258 {
			base += 1 << extra
			sym++
			if sym >= 265 && (sym-261)%4 == 0 {
				extra++
			}
		}
		var code uint32
		var cn uint
		if sym < 280 {
			code, cn = reverse(uint32(sym-256), 7), 7
		} else {
			code, cn = reverse(0xC0+uint32(sym-280), 8), 8
		}
		t[n].code, t[n].n = code|uint32(n-base)<<cn, cn+extra
	}
	return t
}()

// distanceCode returns the code of a copy's distance, 1 to 32768, its
// extra bits included, and its length in bits.
func distanceCode(d int) (uint32, uint) {
	sym, base, extra := 0, 1, uint(0)
	for d >= base+1<<extra {
		base += 1 << extra
		sym++
		if sym >= 4 && sym%2 == 0 {
			extra++
		}
	}
	return reverse(uint32(sym), 5) | uint32(d-base)<<5, 5 + extra
}
