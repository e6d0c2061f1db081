// Package deflate writes deflate streams (RFC 1951) from symbols a caller
// chooses: Huffman code tables, fixed or tuned to counted symbols, and a
// writer of their bits that appends whole coded runs at once. It finds no
// repeats itself; its callers know where theirs are (a picture's rows, a
// QR image's modules).
package deflate

import (
	"cmp"
	"encoding/binary"
	"math/bits"
	"slices"
)

// The literal/length symbols: 0–255 literal bytes, 256 the end of the
// block, 257–285 match Lengths; and the 30 distance symbols.
const (
	LitSymbols  = 286
	DistSymbols = 30
	EndOfBlock  = 256
)

// Lengths gives, for a match length of 3 to 258, its symbol and its
// extra bits' value and number.
var Lengths = func() (t [259]struct {
	Sym, Extra uint16
	N          uint8
}) {
	base, sym := 3, 257
	for _, extra := range []int{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5} {
		for e := 0; e < 1<<extra && base+e <= 258; e++ {
			t[base+e].Sym, t[base+e].Extra, t[base+e].N = uint16(sym), uint16(e), uint8(extra)
		}
		base += 1 << extra
		sym++
	}
	t[258].Sym, t[258].Extra, t[258].N = 285, 0, 0
	return t
}()

// DistSym returns the symbol of a match distance (1 to 32768) and its extra
// bits' value and number.
func DistSym(d int) (sym int, extra uint32, n uint8) {
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

// Table is a block's Huffman codes, bit-reversed for writing least
// significant bit first, and the header that declares them.
type Table struct {
	Lit    [288]uint16 // 286 and 287 take room in the fixed code alone
	LitN   [288]uint8
	Dist   [DistSymbols]uint16
	DistN  [DistSymbols]uint8
	Header Bits // the block's first bits, BFINAL set
	// length, for a match length of 3 to 258, its code with the extra
	// bits above it, and their number.
	Length  [259]uint32
	LengthN [259]uint8
}

// Bits is bits to write: whole bytes, then n bits more.
type Bits struct {
	Bytes []byte
	Tail  uint64
	N     uint8
}

// Fixed is deflate's fixed code (RFC 1951, 3.2.6).
var Fixed = func() *Table {
	lit, dist := make([]uint8, 288), make([]uint8, DistSymbols)
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
	t := NewTable(lit, dist)
	var w Writer
	w.Put(1|1<<1, 3) // the final block, fixed codes
	t.Header = w.Flushed()
	return t
}()

// NewTable makes the canonical codes of the given code Lengths
// (RFC 1951, 3.2.2) of the literal/length symbols and of the distances.
func NewTable(litLens, distLens []uint8) *Table {
	t := &Table{}
	copy(t.LitN[:], litLens)
	copy(t.DistN[:], distLens)
	canonical(t.LitN[:], t.Lit[:])
	canonical(t.DistN[:], t.Dist[:])
	for l := 3; l <= 258; l++ {
		s := Lengths[l].Sym
		t.Length[l] = uint32(t.Lit[s]) | uint32(Lengths[l].Extra)<<t.LitN[s]
		t.LengthN[l] = t.LitN[s] + Lengths[l].N
	}
	return t
}

// canonical sets codes to the canonical Huffman codes of the code
// Lengths lens (RFC 1951, 3.2.2), bit-reversed; a length 0 has none.
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

// huffmanLengths returns code Lengths of at most limit bits for symbols of
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

// Tuned returns codes for the given symbol frequencies (every symbol
// given one more, so that any picture can be coded), with the header of a
// block of dynamic codes that declares them.
func Tuned(litFreq [LitSymbols]int, distFreq [DistSymbols]int) *Table {
	freq := make([]int, LitSymbols)
	for i, f := range litFreq {
		freq[i] = f + 1
	}
	dfreq := make([]int, DistSymbols)
	for i, f := range distFreq {
		dfreq[i] = f + 1
	}
	var lens [LitSymbols + DistSymbols]uint8
	copy(lens[:], huffmanLengths(freq, 15))
	copy(lens[LitSymbols:], huffmanLengths(dfreq, 15))
	t := NewTable(lens[:LitSymbols], lens[LitSymbols:])

	// The header: the code Lengths, themselves coded by the code-length
	// code (Lengths 0–15 only; the repeat symbols are not needed).
	var clFreq [19]int
	for _, l := range lens {
		clFreq[l]++
	}
	clLens := huffmanLengths(clFreq[:], 7)
	var clCodes [19]uint16
	canonical(clLens, clCodes[:])
	var w Writer
	w.Put(1|2<<1, 3)         // the final block, dynamic codes
	w.Put(LitSymbols-257, 5) // HLIT
	w.Put(DistSymbols-1, 5)  // HDIST
	w.Put(19-4, 4)           // HCLEN: all 19
	for _, sym := range []int{16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15} {
		w.Put(uint32(clLens[sym]), 3)
	}
	for _, l := range lens {
		w.Put(uint32(clCodes[l]), clLens[l])
	}
	t.Header = w.Flushed()
	return t
}

// Writer gathers codes, least significant bit first, into bytes: fewer
// than 64 bits are held in Acc, and written eight bytes at once.
type Writer struct {
	Out  []byte
	Acc  uint64
	NAcc uint
}

func (w *Writer) Put(v uint32, n uint8) { w.PutWord(uint64(v), n) }

// PutWord writes the n bits of v (n at most 64, v no wider).
func (w *Writer) PutWord(v uint64, n uint8) {
	acc, held := w.Acc|v<<w.NAcc, w.NAcc+uint(n)
	if held >= 64 {
		w.Out = binary.LittleEndian.AppendUint64(w.Out, acc)
		held -= 64
		// The bits of v that did not fit (none when it filled an empty
		// word: a shift by 64 gives 0).
		acc = v >> (uint(n) - held)
	}
	w.Acc, w.NAcc = acc, held
}

// flushed returns what was written, as a Bits.
func (w *Writer) Flushed() Bits {
	return Bits{Bytes: w.Out, Tail: w.Acc, N: uint8(w.NAcc)}
}

// Word returns the bits of s as one word, and their number, when they
// are 64 or fewer.
func (s Bits) Word() (uint64, uint8, bool) {
	whole := len(s.Bytes) * 8
	if whole+int(s.N) > 64 {
		return 0, 0, false
	}
	var b [8]byte
	copy(b[:], s.Bytes)
	return binary.LittleEndian.Uint64(b[:]) | s.Tail<<whole, uint8(whole + int(s.N)), true
}

// Append writes s.
func (w *Writer) Append(s Bits) {
	code := s.Bytes
	if len(code) == 0 {
		// Most codes appended are short, all in their tail.
		w.PutWord(s.Tail, s.N)
		return
	}
	if n := len(code) &^ 7; n > 0 {
		// Eight bytes at once, shifted past the bits held, into room made
		// once.
		out := slices.Grow(w.Out, n)
		o := len(out)
		out = out[:o+n]
		dst := out[o:]
		acc, sh := w.Acc, w.NAcc&63
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
		w.Out, w.Acc = out, acc
		code = code[n:]
	}
	if len(code) > 0 {
		// The last whole bytes, fewer than eight, as one word.
		var b [8]byte
		copy(b[:], code)
		w.PutWord(binary.LittleEndian.Uint64(b[:]), uint8(8*len(code)))
	}
	w.PutWord(s.Tail, s.N)
}

// End writes the end of block and the last bits, padded to a byte.
func (w *Writer) End(t *Table) []byte {
	w.Put(uint32(t.Lit[EndOfBlock]), t.LitN[EndOfBlock])
	for w.NAcc > 0 {
		w.Out = append(w.Out, byte(w.Acc))
		w.Acc >>= 8
		w.NAcc -= min(w.NAcc, 8)
	}
	return w.Out
}

// Literal writes the literal byte b in t's codes.
func (t *Table) Literal(w *Writer, b byte) { w.Put(uint32(t.Lit[b]), t.LitN[b]) }

// Copy writes a copy of n bytes from d bytes back (d at most 32768), in
// pieces of at most 258 bytes, in t's codes.
func (t *Table) Copy(w *Writer, n, d int) {
	sym, extra, en := DistSym(d)
	dist, distN := uint32(t.Dist[sym])|extra<<t.DistN[sym], t.DistN[sym]+en
	for n > 0 {
		k := min(n, 258)
		if n > 258 && n-258 < 3 {
			k = n - 3 // leave at least the shortest copy
		}
		w.Put(t.Length[k], t.LengthN[k])
		w.Put(dist, distN)
		n -= k
	}
}
