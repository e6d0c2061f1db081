package social

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"hash/adler32"
	"image"
	"image/color"
	"image/png"
	"io"
	"math/rand/v2"
	"testing"

	"github.com/prakat/prakat/internal/deflate"
	"github.com/prakat/prakat/internal/qr"
)

// Rows coded in stretches, each directly or coded apart and appended at
// whatever bit it falls, inflate to exactly the scanlines, whatever the
// rows hold (runs, noise, rows of every short width), in the fixed codes
// and in codes tuned to skewed counts.
func TestRowCoder(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	row := func(w int) []byte {
		r := make([]byte, w)
		switch rng.IntN(3) {
		case 0: // noise
			for i := range r {
				r[i] = byte(rng.IntN(256))
			}
		case 1: // runs of a few indexes, as text and QR rows are
			for i := 0; i < w; {
				n, c := 1+rng.IntN(300), byte(rng.IntN(4))
				for ; n > 0 && i < w; n, i = n-1, i+1 {
					r[i] = c
				}
			}
		}
		return r
	}
	for _, w := range []int{1, 2, 3, 7, 8, 9, 255, 256, 257, 258, 259, 260, 261, 1080, 1200, 4000} {
		for trial := range 20 {
			tab := deflate.Fixed
			if trial%2 == 1 {
				var counts symbolCounts
				for i := range counts.lit {
					counts.lit[i] = rng.IntN(3) * rng.IntN(1<<rng.IntN(20))
				}
				for i := range counts.dist {
					counts.dist[i] = rng.IntN(2) * rng.IntN(1<<rng.IntN(20))
				}
				tab = deflate.Tuned(counts.lit, counts.dist)
			}
			c := newRowCoder(&deflate.Writer{Out: []byte{0x78, 0x01}}, tab, w)
			c.w.Append(tab.Header)
			var want []byte
			var prev []byte
			for range 1 + rng.IntN(60) {
				p := row(w)
				if prev != nil && rng.IntN(3) == 0 {
					p = prev
				}
				want = append(append(want, 0), p...)
				if bytes.Equal(p, prev) && w+1 >= 3 {
					c.match(w+1, true)
					continue
				}
				prev = p
				c.literal(0)
				for x := 0; x < w; {
					n := min(w-x, 1+rng.IntN(w))
					if rng.IntN(2) == 0 {
						c.segment(p[x : x+n])
					} else {
						alone := newRowCoder(&deflate.Writer{}, tab, w)
						alone.segment(p[x : x+n])
						c.w.Append(alone.w.Flushed())
					}
					x += n
				}
			}
			sum := adler32.Checksum(want)
			stream := append(c.w.End(tab), byte(sum>>24), byte(sum>>16), byte(sum>>8), byte(sum))
			zr, err := zlib.NewReader(bytes.NewReader(stream))
			if err != nil {
				t.Fatalf("width %d: %v", w, err)
			}
			got, err := io.ReadAll(zr)
			if err != nil {
				t.Fatalf("width %d, trial %d: %v", w, trial, err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("width %d: inflated %d bytes differ from the %d written", w, len(got), len(want))
			}
		}
	}
}

// reference draws the picture the ops make the plain way: the blank, then
// every op on every row it covers.
func reference(s *canvasStyle, ops []op) []byte {
	pix := bytes.Clone(s.base.Pix)
	w := s.base.Rect.Dx()
	for _, o := range ops {
		y0, y1, _, _ := o.rows()
		for y := y0; y < y1; y++ {
			o.paint(pix[y*s.base.Stride:y*s.base.Stride+w], y)
		}
	}
	return pix
}

// A picture's PNG holds exactly what its ops draw, though the rows that
// repeat are not drawn and the shared stretches come from the memo; and
// the bytes are the same whatever the memo holds.
func TestComposedPictures(t *testing.T) {
	r := renderer(t)
	logo := image.NewRGBA(image.Rect(0, 0, 40, 50))
	for i := range logo.Pix {
		logo.Pix[i] = byte(i * 7)
	}
	names := []string{"เทศบาลตำบลบ้านแพ้ว", longName, "องค์การบริหารส่วนตำบลหนองนกไข่", "เทศบาลตำบลบ้านแพ้ว", "องค์การบริหารส่วนตำบลหนองนกไข่"}
	for _, kind := range []string{"social", "banner"} {
		for i, name := range names {
			s, fresh := r.social, renderer(t).social
			if kind == "banner" {
				s, fresh = r.banner, renderer(t).banner
			}
			f := fields(name)
			f["link"] = fmt.Sprintf("https://s.example.go.th/T%d", i)
			code, err := qr.Encode(f["link"], qr.Q)
			if err != nil {
				t.Fatal(err)
			}
			lg := image.Image(nil)
			if i == 2 {
				lg = logo
			}
			ops, err := r.layout(s, f, code, lg)
			if err != nil {
				t.Fatal(err)
			}
			data := s.encode(ops)
			img, err := png.Decode(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("%s %s: %v", kind, name, err)
			}
			if got := img.(*image.Paletted).Pix; !bytes.Equal(got, reference(s, ops)) {
				t.Errorf("%s %s: the PNG differs from the picture its ops draw", kind, name)
			}
			// The same ops through a style whose memo holds nothing.
			if again := fresh.encode(ops); !bytes.Equal(again, data) {
				t.Errorf("%s %s: the bytes depend on the pictures drawn before", kind, name)
			}
			// The same unit laid out by a renderer that keeps no pieces
			// yet.
			nr := renderer(t)
			ns := map[string]*canvasStyle{"social": nr.social, "banner": nr.banner}[kind]
			nops, err := nr.layout(ns, f, code, lg)
			if err != nil {
				t.Fatal(err)
			}
			if again := ns.encode(nops); !bytes.Equal(again, data) {
				t.Errorf("%s %s: the bytes depend on the pieces kept before", kind, name)
			}
		}
		made := 0
		for _, e := range map[string]*canvasStyle{"social": r.social, "banner": r.banner}[kind].memo.lines {
			for i := range e.codes.rows {
				if e.codes.rows[i].Load() != nil {
					made++
				}
			}
		}
		if made == 0 {
			t.Errorf("%s: no row of a line kept; want the wording's", kind)
		}
	}
}

// A unit's own line set as pieces draws the pixels the line's whole
// coverage draws.
func TestPiecedLines(t *testing.T) {
	r := renderer(t)
	s := r.social
	for _, text := range []string{"องค์การบริหารส่วนตำบลคลองมะเดื่อ", "เทศบาลตำบลบ้านแพ้ว", string([]rune(longName)[:36]), "https://s.example.go.th/K7QX2M9P", "ปู่ญ้าฐิ์ฎ๋ฏุ์ฟ้ำ"} {
		for _, size := range []float64{58, 41.3, 23.75} {
			enc, _ := r.fonts.Bold.Encode([]rune(text))
			o := newOwnLine(s, &r.glyphs, r.fonts.Bold, []rune(text), enc, size, 20, 200, s.ink[s.palette[3].(color.RGBA)])
			if o == nil {
				t.Fatalf("%s at %v: not set as pieces", text, size)
			}
			m := r.glyphs.line(r.fonts.Bold, enc, size)
			want := newTextOp(s, m, maskKey{}, 20, 200, o.ink, false)
			if o.x != want.x || o.y != want.y || o.w != want.w || o.h != want.m.ink.Dy() {
				t.Fatalf("%s at %v: pieces' box %d,%d %dx%d; the line's %d,%d %dx%d", text, size, o.x, o.y, o.w, o.h, want.x, want.y, want.w, want.m.ink.Dy())
			}
			if len(o.pieces) < 2 {
				t.Errorf("%s at %v: %d pieces", text, size, len(o.pieces))
			}
			w := s.base.Rect.Dx()
			for y := o.y; y < o.y+o.h; y++ {
				got, exp := make([]byte, w), make([]byte, w)
				o.paint(got, y)
				want.paint(exp, y)
				if !bytes.Equal(got, exp) {
					t.Fatalf("%s at %v: row %d differs from the line's coverage", text, size, y)
				}
			}
		}
	}
}

// adlerRepeat sums copies of a block as adlerCombine does one by one.
func TestAdlerRepeat(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 2000 {
		a := uint32(rng.IntN(65521)) | uint32(rng.IntN(65521))<<16
		b := make([]byte, 1+rng.IntN(5000))
		for i := range b {
			b[i] = byte(rng.IntN(256))
		}
		bs := adler32.Checksum(b)
		k := rng.IntN(70)
		want := a
		for range k {
			want = adlerCombine(want, bs, len(b))
		}
		if got := adlerRepeat(a, bs, len(b), k); got != want {
			t.Fatalf("%d copies of %d bytes: %08x; want %08x", k, len(b), got, want)
		}
	}
}
