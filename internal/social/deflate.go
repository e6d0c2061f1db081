package social

import (
	"encoding/binary"
	"math/bits"
)

// A picture's rows are few colours in long runs, and a row is most often
// the row above it again (the blank, the QR code's modules, the frame's
// sides). A general compressor finds that too, but hashes every byte to
// do so; the pictures' coder looks only for those two kinds of repeat, a
// run of one index and the whole row above, and writes them with
// deflate's fixed codes (RFC 1951, 3.2.6).

// Deflate's fixed literal/length codes and its length and distance
// symbols, built once.
var (
	litCode [288]uint16 // the code of each literal/length symbol, bit-reversed
	litLen  [288]uint8
	// lengthSym, for a match length of 3 to 258, its symbol's code and
	// length with the extra bits appended above them.
	lengthBits [259]uint32
	lengthN    [259]uint8
)

func init() {
	code := func(sym int) (uint16, uint8) {
		switch {
		case sym < 144:
			return uint16(0x30 + sym), 8
		case sym < 256:
			return uint16(0x190 + sym - 144), 9
		case sym < 280:
			return uint16(sym - 256), 7
		default:
			return uint16(0xC0 + sym - 280), 8
		}
	}
	for sym := range litCode {
		c, n := code(sym)
		litCode[sym] = bits.Reverse16(c) >> (16 - n)
		litLen[sym] = n
	}
	// The length symbols 257 to 285: each covers 2^extra lengths from base.
	base, sym := 3, 257
	for _, extra := range []int{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5} {
		for e := 0; e < 1<<extra; e++ {
			l := base + e
			lengthBits[l] = uint32(litCode[sym]) | uint32(e)<<litLen[sym]
			lengthN[l] = litLen[sym] + uint8(extra)
		}
		base += 1 << extra
		sym++
	}
	lengthBits[258], lengthN[258] = uint32(litCode[285]), litLen[285]
}

// distance returns the fixed code of a match distance (1 to 32768) with its
// extra bits appended, and their number.
func distance(d int) (uint32, uint8) {
	sym, base, extra := 0, 1, 0
	for {
		span := 1 << extra
		if d < base+span {
			break
		}
		base += span
		sym++
		if sym >= 4 && sym%2 == 0 {
			extra++
		}
	}
	c := uint32(bits.Reverse8(uint8(sym << 3))) // five bits, reversed
	return c | uint32(d-base)<<5, 5 + uint8(extra)
}

// bitWriter gathers codes, least significant bit first, into bytes.
type bitWriter struct {
	out  []byte
	acc  uint64
	nacc uint
}

func (w *bitWriter) bits(v uint32, n uint8) {
	w.acc |= uint64(v) << w.nacc
	w.nacc += uint(n)
	if w.nacc >= 32 {
		w.out = binary.LittleEndian.AppendUint32(w.out, uint32(w.acc))
		w.acc >>= 32
		w.nacc -= 32
	}
}

func (w *bitWriter) literal(b byte) { w.bits(uint32(litCode[b]), litLen[b]) }

// match writes a copy of n bytes from dist back, in pieces deflate allows.
func (w *bitWriter) match(n int, dist uint32, distN uint8) {
	for n > 0 {
		k := min(n, 258)
		if n > 258 && n-258 < 3 {
			k = n - 3 // leave at least the shortest match
		}
		w.bits(lengthBits[k], lengthN[k])
		w.bits(dist, distN)
		n -= k
	}
}

// append writes code, whole bytes of bits, then n bits more from tail.
func (w *bitWriter) append(code []byte, tail uint64, n uint8) {
	for len(code) >= 4 {
		w.bits(binary.LittleEndian.Uint32(code), 32)
		code = code[4:]
	}
	for _, b := range code {
		w.bits(uint32(b), 8)
	}
	for n > 0 {
		k := min(n, 32)
		w.bits(uint32(tail), k)
		tail >>= k
		n -= k
	}
}

// end writes the end of block and the last bits, padded to a byte.
func (w *bitWriter) end() []byte {
	w.bits(uint32(litCode[256]), litLen[256])
	for w.nacc > 0 {
		w.out = append(w.out, byte(w.acc))
		w.acc >>= 8
		w.nacc -= min(w.nacc, 8)
	}
	return w.out
}

// same returns how many bytes a and b share from their start.
func same(a, b []byte) int {
	n := min(len(a), len(b))
	i := 0
	for ; i+8 <= n; i += 8 {
		if x := binary.LittleEndian.Uint64(a[i:]) ^ binary.LittleEndian.Uint64(b[i:]); x != 0 {
			return i + bits.TrailingZeros64(x)/8
		}
	}
	for ; i < n && a[i] == b[i]; i++ {
	}
	return i
}

// run returns how many bytes from the start of a equal c.
func run(a []byte, c byte) int {
	pat := uint64(c) * 0x0101010101010101
	i := 0
	for ; i+8 <= len(a); i += 8 {
		if x := binary.LittleEndian.Uint64(a[i:]) ^ pat; x != 0 {
			return i + bits.TrailingZeros64(x)/8
		}
	}
	for ; i < len(a) && a[i] == c; i++ {
	}
	return i
}

// adlerCombine returns the Adler-32 of a followed by b, from theirs and
// b's length (the sums are linear in the data).
func adlerCombine(a, b uint32, lenB int) uint32 {
	const mod = 65521
	rem := uint64(lenB % mod)
	a1, a2 := uint64(a&0xFFFF), uint64(a>>16)
	b1, b2 := uint64(b&0xFFFF), uint64(b>>16)
	s1 := (a1 + b1 + mod - 1) % mod
	s2 := (a2 + b2 + rem*a1 + mod - rem) % mod
	return uint32(s1 | s2<<16)
}

// rowCoder writes scanlines of one width as deflate symbols.
type rowCoder struct {
	w         *bitWriter
	stride    int
	up, one   uint32 // the codes of the distances to the row above and to the byte before
	upN, oneN uint8
}

func newRowCoder(w *bitWriter, width int) *rowCoder {
	c := &rowCoder{w: w, stride: width + 1}
	c.up, c.upN = distance(c.stride)
	c.one, c.oneN = distance(1)
	return c
}

// segment writes the bytes of p as runs and literals: the first a
// literal, so that the code reaches back no further than p's start and is
// the same wherever p stands. It returns p's Adler-32, summed on the way.
func (c *rowCoder) segment(p []byte) uint32 {
	const mod = 65521
	s1, s2 := uint64(1), uint64(0)
	if len(p) == 0 {
		return 1
	}
	c.w.literal(p[0])
	s1 += uint64(p[0])
	s2 += s1
	last := p[0]
	// A row is at most 4000 bytes: the sums cannot overflow between the
	// reductions after each run.
	for j := 1; j < len(p); {
		b := p[j]
		// Most bytes start no run: three comparisons tell.
		if b == last && j+2 < len(p) && p[j+1] == b && p[j+2] == b {
			r := run(p[j:], b)
			c.w.match(r, c.one, c.oneN)
			j += r
			n := uint64(r)
			s2 = (s2 + n*s1 + uint64(b)*n*(n+1)/2) % mod
			s1 = (s1 + n*uint64(b)) % mod
		} else {
			c.w.literal(b)
			j++
			last = b
			s1 += uint64(b)
			s2 += s1
		}
	}
	return uint32(s1%mod) | uint32(s2%mod)<<16
}
