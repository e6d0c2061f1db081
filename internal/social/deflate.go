package social

import (
	"cmp"
	"encoding/binary"
	"math/bits"
	"slices"
)

// A picture's rows are few colours in long runs, and a row is most often
// the row above it again (the blank, the QR code's modules, the frame's
// sides). A general compressor finds that too, but hashes every byte to
// do so; the pictures' coder looks only for those two kinds of repeat, a
// run of one index and the stretch of the row above, and writes them in
// one deflate block (RFC 1951) whose Huffman codes are made once for each
// style of picture, from the symbols of a sample picture of it: a palette
// of a few dozen colours is coded in a few bits an index.

// The literal/length symbols: 0–255 literal bytes, 256 the end of the
// block, 257–285 match lengths; and the 30 distance symbols.
const (
	litSymbols  = 286
	distSymbols = 30
	endOfBlock  = 256
)

// lengths gives, for a match length of 3 to 258, its symbol and its
// extra bits' value and number.
var lengths = func() (t [259]struct {
	sym, extra uint16
	n          uint8
}) {
	base, sym := 3, 257
	for _, extra := range []int{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5} {
		for e := 0; e < 1<<extra && base+e <= 258; e++ {
			t[base+e].sym, t[base+e].extra, t[base+e].n = uint16(sym), uint16(e), uint8(extra)
		}
		base += 1 << extra
		sym++
	}
	t[258].sym, t[258].extra, t[258].n = 285, 0, 0
	return t
}()

// distSym returns the symbol of a match distance (1 to 32768) and its extra
// bits' value and number.
func distSym(d int) (sym int, extra uint32, n uint8) {
	base, ext := 1, 0
	for d >= base+1<<ext {
		base += 1 << ext
		sym++
		if sym >= 4 && sym%2 == 0 {
			ext++
		}
	}
	return sym, uint32(d - base), uint8(ext)
}

// codeTable is a block's Huffman codes, bit-reversed for writing least
// significant bit first, and the header that declares them.
type codeTable struct {
	lit    [288]uint16 // 286 and 287 take room in the fixed code alone
	litN   [288]uint8
	dist   [distSymbols]uint16
	distN  [distSymbols]uint8
	header bitString // the block's first bits, BFINAL set
	// length, for a match length of 3 to 258, its code with the extra
	// bits above it, and their number.
	length  [259]uint32
	lengthN [259]uint8
}

// bitString is bits to write: whole bytes, then n bits more.
type bitString struct {
	bytes []byte
	tail  uint64
	n     uint8
}

// fixedCodes is deflate's fixed code (RFC 1951, 3.2.6).
var fixedCodes = func() *codeTable {
	lit, dist := make([]uint8, 288), make([]uint8, distSymbols)
	for sym := range lit {
		switch {
		case sym < 144:
			lit[sym] = 8
		case sym < 256:
			lit[sym] = 9
		case sym < 280:
			lit[sym] = 7
		default:
			lit[sym] = 8
		}
	}
	for d := range dist {
		dist[d] = 5
	}
	t := newCodeTable(lit, dist)
	var w bitWriter
	w.bits(1|1<<1, 3) // the final block, fixed codes
	t.header = w.flushed()
	return t
}()

// newCodeTable makes the canonical codes of the given code lengths
// (RFC 1951, 3.2.2) of the literal/length symbols and of the distances.
func newCodeTable(litLens, distLens []uint8) *codeTable {
	t := &codeTable{}
	copy(t.litN[:], litLens)
	copy(t.distN[:], distLens)
	canonical(t.litN[:], t.lit[:])
	canonical(t.distN[:], t.dist[:])
	for l := 3; l <= 258; l++ {
		s := lengths[l].sym
		t.length[l] = uint32(t.lit[s]) | uint32(lengths[l].extra)<<t.litN[s]
		t.lengthN[l] = t.litN[s] + lengths[l].n
	}
	return t
}

// canonical sets codes to the canonical Huffman codes of the code
// lengths lens (RFC 1951, 3.2.2), bit-reversed; a length 0 has none.
func canonical(lens []uint8, codes []uint16) {
	var count, next [16]int
	for _, l := range lens {
		count[l]++
	}
	count[0] = 0
	code := 0
	for l := 1; l < 16; l++ {
		code = (code + count[l-1]) << 1
		next[l] = code
	}
	for sym, l := range lens {
		if l > 0 {
			codes[sym] = bits.Reverse16(uint16(next[l])) >> (16 - l)
			next[l]++
		}
	}
}

// huffmanLengths returns code lengths of at most limit bits for symbols of
// the given frequencies; a symbol of frequency 0 gets none.
func huffmanLengths(freq []int, limit int) []uint8 {
	lens := make([]uint8, len(freq))
	type node struct {
		weight      int
		left, right int // children, -1 for a leaf
		sym         int
	}
	for f := slices.Clone(freq); ; {
		var nodes []node
		var leaves []int
		for sym, w := range f {
			if w > 0 {
				nodes = append(nodes, node{w, -1, -1, sym})
				leaves = append(leaves, len(nodes)-1)
			}
		}
		if len(leaves) == 1 {
			lens[nodes[0].sym] = 1
			return lens
		}
		// Two queues: the leaves by weight, then the joined nodes, which
		// come in order of weight.
		slices.SortStableFunc(leaves, func(a, b int) int { return cmp.Compare(nodes[a].weight, nodes[b].weight) })
		var joined []int
		take := func() int {
			if len(joined) == 0 || len(leaves) > 0 && nodes[leaves[0]].weight <= nodes[joined[0]].weight {
				n := leaves[0]
				leaves = leaves[1:]
				return n
			}
			n := joined[0]
			joined = joined[1:]
			return n
		}
		for len(leaves)+len(joined) > 1 {
			a, b := take(), take()
			nodes = append(nodes, node{nodes[a].weight + nodes[b].weight, a, b, -1})
			joined = append(joined, len(nodes)-1)
		}
		deepest := 0
		var walk func(n, depth int)
		walk = func(n, depth int) {
			if nodes[n].left < 0 {
				lens[nodes[n].sym] = uint8(depth)
				deepest = max(deepest, depth)
				return
			}
			walk(nodes[n].left, depth+1)
			walk(nodes[n].right, depth+1)
		}
		walk(joined[0], 0)
		if deepest <= limit {
			return lens
		}
		// Too deep: flatten the weights and try again.
		for i := range f {
			if f[i] > 0 {
				f[i] = f[i]/2 + 1
			}
		}
	}
}

// tunedCodes returns codes for the given symbol frequencies (every symbol
// given one more, so that any picture can be coded), with the header of a
// block of dynamic codes that declares them.
func tunedCodes(litFreq [litSymbols]int, distFreq [distSymbols]int) *codeTable {
	freq := make([]int, litSymbols)
	for i, f := range litFreq {
		freq[i] = f + 1
	}
	dfreq := make([]int, distSymbols)
	for i, f := range distFreq {
		dfreq[i] = f + 1
	}
	var lens [litSymbols + distSymbols]uint8
	copy(lens[:], huffmanLengths(freq, 15))
	copy(lens[litSymbols:], huffmanLengths(dfreq, 15))
	t := newCodeTable(lens[:litSymbols], lens[litSymbols:])

	// The header: the code lengths, themselves coded by the code-length
	// code (lengths 0–15 only; the repeat symbols are not needed).
	var clFreq [19]int
	for _, l := range lens {
		clFreq[l]++
	}
	clLens := huffmanLengths(clFreq[:], 7)
	var clCodes [19]uint16
	canonical(clLens, clCodes[:])
	var w bitWriter
	w.bits(1|2<<1, 3)         // the final block, dynamic codes
	w.bits(litSymbols-257, 5) // HLIT
	w.bits(distSymbols-1, 5)  // HDIST
	w.bits(19-4, 4)           // HCLEN: all 19
	for _, sym := range []int{16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15} {
		w.bits(uint32(clLens[sym]), 3)
	}
	for _, l := range lens {
		w.bits(uint32(clCodes[l]), clLens[l])
	}
	t.header = w.flushed()
	return t
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

// flushed returns what was written, as a bitString.
func (w *bitWriter) flushed() bitString {
	return bitString{bytes: w.out, tail: w.acc, n: uint8(w.nacc)}
}

// word returns the bits of s as one word, and their number, when they
// are 64 or fewer.
func (s bitString) word() (uint64, uint8, bool) {
	whole := len(s.bytes) * 8
	if whole+int(s.n) > 64 {
		return 0, 0, false
	}
	var b [8]byte
	copy(b[:], s.bytes)
	return binary.LittleEndian.Uint64(b[:]) | s.tail<<whole, uint8(whole + int(s.n)), true
}

// append writes s.
func (w *bitWriter) append(s bitString) {
	code := s.bytes
	if n := len(code) &^ 7; n > 0 {
		// Eight bytes at once, shifted past the bits held, into room made
		// once.
		out := slices.Grow(w.out, n)
		o := len(out)
		out = out[:o+n]
		dst := out[o:]
		acc, sh := w.acc, w.nacc&63
		if sh == 0 {
			copy(dst, code)
			acc = 0
		} else {
			back := (64 - sh) & 63
			src := code[:len(dst)]
			for i := 0; i+8 <= len(src); i += 8 {
				v := binary.LittleEndian.Uint64(src[i:])
				binary.LittleEndian.PutUint64(dst[i:i+8], acc|v<<sh)
				acc = v >> back
			}
		}
		w.out, w.acc = out, acc
		code = code[n:]
	}
	for len(code) >= 4 {
		w.bits(binary.LittleEndian.Uint32(code), 32)
		code = code[4:]
	}
	for _, b := range code {
		w.bits(uint32(b), 8)
	}
	if s.n <= 32 {
		w.bits(uint32(s.tail), s.n)
		return
	}
	w.bits(uint32(s.tail), 32)
	w.bits(uint32(s.tail>>32), s.n-32)
}

// end writes the end of block and the last bits, padded to a byte.
func (w *bitWriter) end(t *codeTable) []byte {
	w.bits(uint32(t.lit[endOfBlock]), t.litN[endOfBlock])
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

// rowCoder writes scanlines of one width as deflate symbols of a code
// table; with counts set, it counts the symbols too.
type rowCoder struct {
	w         *bitWriter
	t         *codeTable
	stride    int
	up, one   uint32 // the codes of the distances to the row above and to the byte before, extra bits included
	upN, oneN uint8
	counts    *symbolCounts
	upSym     int
}

type symbolCounts struct {
	lit  [litSymbols]int
	dist [distSymbols]int
}

func newRowCoder(w *bitWriter, t *codeTable, width int) *rowCoder {
	c := &rowCoder{w: w, t: t, stride: width + 1}
	code := func(d int) (uint32, uint8) {
		sym, extra, n := distSym(d)
		return uint32(t.dist[sym]) | extra<<t.distN[sym], t.distN[sym] + n
	}
	c.up, c.upN = code(c.stride)
	c.one, c.oneN = code(1)
	c.upSym, _, _ = distSym(c.stride)
	return c
}

func (c *rowCoder) literal(b byte) {
	c.w.bits(uint32(c.t.lit[b]), c.t.litN[b])
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
		c.w.bits(c.t.length[k], c.t.lengthN[k])
		c.w.bits(dist, distN)
		if c.counts != nil {
			c.counts.lit[lengths[k].sym]++
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
	// A row is at most 4000 bytes: the sums cannot overflow between the
	// reductions after each run.
	for j := 1; j < len(p); {
		b := p[j]
		// Most bytes start no run: three comparisons tell.
		if b == last && j+2 < len(p) && p[j+1] == b && p[j+2] == b {
			r := run(p[j:], b)
			c.match(r, false)
			j += r
			n := uint64(r)
			s2 = (s2 + n*s1 + uint64(b)*n*(n+1)/2) % mod
			s1 = (s1 + n*uint64(b)) % mod
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
// three bytes or more repeat it. It returns p's Adler-32.
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
			s1, s2 = s1%mod, s2%mod
			j += u
		case r > 0:
			c.match(r, false)
			n := uint64(r)
			s2 = (s2 + n*s1 + uint64(b)*n*(n+1)/2) % mod
			s1 = (s1 + n*uint64(b)) % mod
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
