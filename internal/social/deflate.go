package social

import (
	"encoding/binary"
	"math/bits"

	"github.com/prakat/prakat/internal/deflate"
)

// A picture's rows are few colours in long runs, and a row is most often
// the row above it again (the blank, the QR code's modules, the frame's
// sides). A general compressor finds that too, but hashes every byte to
// do so; the pictures' coder looks only for those two kinds of repeat, a
// run of one index and the stretch of the row above, and writes them in
// one deflate block (RFC 1951) whose Huffman codes are made once for each
// style of picture, from the symbols of a sample picture of it: a palette
// of a few dozen colours is coded in a few bits an index. The codes and
// the writer of their bits are package deflate's.

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

// adlerRepeat returns the Adler-32 of a followed by k copies of b, from
// theirs and b's length, at once rather than a copy at a time: each copy
// adds b's byte sum to s1, and to s2 its own sums and lenB times s1 as it
// stood before it (a1 and the byte sums of the copies before).
func adlerRepeat(a, b uint32, lenB, k int) uint32 {
	const mod = 65521
	l, n := uint64(lenB%mod), uint64(k)
	a1, a2 := uint64(a&0xFFFF), uint64(a>>16)
	b1 := (uint64(b&0xFFFF) + mod - 1) % mod // b's bytes' sum
	b2 := (uint64(b>>16) + mod - l) % mod    // b's sums of them
	s1 := (a1 + n%mod*b1) % mod
	s2 := (a2 + n*l%mod*a1 + l*b1%mod*(n*(n-1)/2%mod) + n%mod*b2) % mod
	return uint32(s1 | s2<<16)
}

// rowCoder writes scanlines of one width as deflate symbols of a code
// table; with counts set, it counts the symbols too.
type rowCoder struct {
	w         *deflate.Writer
	t         *deflate.Table
	stride    int
	up, one   uint32 // the codes of the distances to the row above and to the byte before, extra bits included
	upN, oneN uint8
	counts    *symbolCounts
	upSym     int
}

type symbolCounts struct {
	lit  [deflate.LitSymbols]int
	dist [deflate.DistSymbols]int
}

func newRowCoder(w *deflate.Writer, t *deflate.Table, width int) *rowCoder {
	c := &rowCoder{w: w, t: t, stride: width + 1}
	code := func(d int) (uint32, uint8) {
		sym, extra, n := deflate.DistSym(d)
		return uint32(t.Dist[sym]) | extra<<t.DistN[sym], t.DistN[sym] + n
	}
	c.up, c.upN = code(c.stride)
	c.one, c.oneN = code(1)
	c.upSym, _, _ = deflate.DistSym(c.stride)
	return c
}

func (c *rowCoder) literal(b byte) {
	c.w.Put(uint32(c.t.Lit[b]), c.t.LitN[b])
	if c.counts != nil {
		c.counts.lit[b]++
	}
}

// match writes a copy of n bytes from the row above (up) or from the byte
// before, in pieces deflate allows.
func (c *rowCoder) match(n int, up bool) {
	dist, distN, sym := c.one, c.oneN, 0
	if up {
		dist, distN, sym = c.up, c.upN, c.upSym
	}
	for n > 0 {
		k := min(n, 258)
		if n > 258 && n-258 < 3 {
			k = n - 3 // leave at least the shortest match
		}
		c.w.Put(c.t.Length[k], c.t.LengthN[k])
		c.w.Put(dist, distN)
		if c.counts != nil {
			c.counts.lit[deflate.Lengths[k].Sym]++
			c.counts.dist[sym]++
		}
		n -= k
	}
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
	c.literal(p[0])
	s1 += uint64(p[0])
	s2 += s1
	last := p[0]
	// A row is at most 4000 bytes: the sums cannot overflow, unreduced,
	// before the end (s1 stays below 2^20, s2 below 2^32).
	for j := 1; j < len(p); {
		b := p[j]
		// Most bytes start no run: three comparisons tell.
		if b == last && j+2 < len(p) && p[j+1] == b && p[j+2] == b {
			r := run(p[j:], b)
			c.match(r, false)
			j += r
			n := uint64(r)
			s2 += n*s1 + uint64(b)*n*(n+1)/2
			s1 += n * uint64(b)
		} else {
			c.literal(b)
			j++
			last = b
			s1 += uint64(b)
			s2 += s1
		}
	}
	return uint32(s1%mod) | uint32(s2%mod)<<16
}

// segmentUp writes the bytes of p as segment does, and, where no run
// starts, copies from above, the same stretch of the row above, when
// three bytes or more repeat it. It returns p's Adler-32, its sums
// reduced at the end as segment's.
func (c *rowCoder) segmentUp(p, above []byte) uint32 {
	const mod = 65521
	s1, s2 := uint64(1), uint64(0)
	last := byte(0)
	for j := 0; j < len(p); {
		b := p[j]
		r, u := 0, 0
		if j > 0 && b == last && j+2 < len(p) && p[j+1] == b && p[j+2] == b {
			r = run(p[j:], b)
		} else if b == above[j] && j+2 < len(p) && p[j+1] == above[j+1] && p[j+2] == above[j+2] {
			u = same(p[j:], above[j:])
		}
		switch {
		case u > 0:
			c.match(u, true)
			for _, v := range p[j : j+u] {
				s1 += uint64(v)
				s2 += s1
			}
			j += u
		case r > 0:
			c.match(r, false)
			n := uint64(r)
			s2 += n*s1 + uint64(b)*n*(n+1)/2
			s1 += n * uint64(b)
			j += r
		default:
			c.literal(b)
			s1 += uint64(b)
			s2 += s1
			j++
		}
		last = p[j-1]
	}
	return uint32(s1%mod) | uint32(s2%mod)<<16
}
