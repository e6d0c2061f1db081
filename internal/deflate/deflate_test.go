package deflate

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// TestWriterPutWord checks that words of 0 to 64 bits come out least
// significant bit first, as bits packed one by one would, whatever the
// writer held before each.
func TestWriterPutWord(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 200 {
		var w Writer
		var bits []bool
		for range rng.IntN(300) {
			n := uint8(rng.IntN(65))
			v := rng.Uint64()
			if n < 64 {
				v &= 1<<n - 1
			}
			w.PutWord(v, n)
			for i := range n {
				bits = append(bits, v>>i&1 == 1)
			}
		}
		want := make([]byte, (len(bits)+7)/8)
		for i, b := range bits {
			if b {
				want[i/8] |= 1 << (i % 8)
			}
		}
		if got := w.End(&Table{}); !bytes.Equal(got, want) {
			t.Fatalf("round %d, %d bits: wrote %x; want %x", round, len(bits), got, want)
		}
	}
}

// TestWriterAppend checks that appending a code gives the bits writing
// them one by one gives, at every offset and length.
func TestWriterAppend(t *testing.T) {
	src := make([]byte, 100)
	for i := range src {
		src[i] = byte(i*151 + i>>2 + 7)
	}
	for lead := uint8(0); lead < 64; lead += 3 {
		for n := 0; n <= len(src); n += 7 {
			for _, tailN := range []uint8{0, 5, 32, 33, 63} {
				s := Bits{Bytes: src[:n], Tail: 0x9E3779B97F4A7C15 & (1<<tailN - 1), N: tailN}
				var got, want Writer
				got.Out, want.Out = []byte{1, 2}, []byte{1, 2}
				for _, w := range []*Writer{&got, &want} {
					w.Put(0x5A5A5A5A&(1<<min(lead, 32)-1), min(lead, 32))
					if lead > 32 {
						w.Put(0x2B&(1<<(lead-32)-1), lead-32)
					}
				}
				got.Append(s)
				for _, b := range s.Bytes {
					want.Put(uint32(b), 8)
				}
				for i := uint8(0); i < s.N; i++ {
					want.Put(uint32(s.Tail>>i&1), 1)
				}
				if g, w := got.End(&Table{}), want.End(&Table{}); !bytes.Equal(g, w) {
					t.Fatalf("lead %d, %d bytes, tail %d: append wrote %x; want %x", lead, n, tailN, g, w)
				}
			}
		}
	}
}

func BenchmarkWriterAppend(b *testing.B) {
	code := make([]byte, 24<<10)
	for i := range code {
		code[i] = byte(i * 131)
	}
	s := Bits{Bytes: code, Tail: 5, N: 3}
	w := Writer{Out: make([]byte, 0, 64<<10)}
	b.SetBytes(int64(len(code)))
	for b.Loop() {
		w.Out, w.Acc, w.NAcc = w.Out[:0], 0, 0
		w.Put(1, 5)
		w.Append(s)
	}
}
