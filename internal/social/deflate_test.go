package social

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"hash/adler32"
	"image"
	"image/png"
	"io"
	"math/rand/v2"
	"testing"

	"github.com/prakat/prakat/internal/qr"
)

// rowDeflate's streams inflate to exactly the scanlines, whatever the rows
// hold: runs, rows repeated, noise, rows of every short width.
func TestRowDeflate(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	kinds := []func(w int, prev []byte) []byte{
		func(w int, _ []byte) []byte { return make([]byte, w) },
		func(w int, prev []byte) []byte { return bytes.Clone(prev) },
		func(w int, _ []byte) []byte {
			r := make([]byte, w)
			for i := range r {
				r[i] = byte(rng.IntN(256))
			}
			return r
		},
		func(w int, _ []byte) []byte { // runs of a few indexes, as text and QR rows are
			r := make([]byte, w)
			for i := 0; i < w; {
				n, c := 1+rng.IntN(300), byte(rng.IntN(4))
				for ; n > 0 && i < w; n, i = n-1, i+1 {
					r[i] = c
				}
			}
			return r
		},
		func(w int, prev []byte) []byte { // the row above with a change
			r := bytes.Clone(prev)
			r[rng.IntN(w)]++
			return r
		},
	}
	memo := newRowMemo()
	for _, w := range []int{1, 2, 3, 7, 8, 9, 255, 256, 257, 258, 259, 260, 261, 1080, 1200, 4000} {
		for trial := range 20 {
			first := []int{0, 2, 3} // the kinds that need no row above
			rows := [][]byte{kinds[first[trial%3]](w, nil)}
			for range rng.IntN(60) {
				rows = append(rows, kinds[rng.IntN(len(kinds))](w, rows[len(rows)-1]))
			}
			var want []byte
			for _, r := range rows {
				want = append(append(want, 0), r...)
			}
			stream, sum := rowDeflate([]byte{0x78, 0x01}, rows, nil, nil)
			// Through a memo that has seen these rows and others, the
			// same stream.
			for range 3 {
				if got, gotSum := rowDeflate([]byte{0x78, 0x01}, rows, nil, memo); !bytes.Equal(got, stream) || gotSum != sum {
					t.Fatalf("width %d: the stream through the memo differs", w)
				}
			}
			stream = append(stream, byte(sum>>24), byte(sum>>16), byte(sum>>8), byte(sum))
			zr, err := zlib.NewReader(bytes.NewReader(stream))
			if err != nil {
				t.Fatalf("width %d: %v", w, err)
			}
			got, err := io.ReadAll(zr)
			if err != nil {
				t.Fatalf("width %d, %d rows: %v", w, len(rows), err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("width %d, %d rows: inflated %d bytes differ from the %d written", w, len(rows), len(got), len(want))
			}
			if sum != adler32.Checksum(want) {
				t.Errorf("width %d: Adler-32 %08x; want %08x", w, sum, adler32.Checksum(want))
			}
		}
	}
}

// A picture's PNG holds exactly what was drawn, though the encoder takes
// the rows not drawn on from what it knows of the blank: every drawing
// marks its rows. A canvas used before and drawn again is the same as a
// new one.
func TestCanvasRows(t *testing.T) {
	r := renderer(t)
	logo := image.NewRGBA(image.Rect(0, 0, 40, 50))
	for i := range logo.Pix {
		logo.Pix[i] = byte(i * 7)
	}
	names := []string{longName, "เทศบาลตำบลบ้านแพ้ว", "องค์การบริหารส่วนตำบลหนองนกไข่"}
	for _, s := range []*canvasStyle{r.social, r.banner} {
		for i, name := range names {
			f := fields(name)
			f["link"] = fmt.Sprintf("https://s.example.go.th/T%d", i)
			code, err := qr.Encode(f["link"], qr.Q)
			if err != nil {
				t.Fatal(err)
			}
			lg := image.Image(nil)
			if i == 1 {
				lg = logo
			}
			c, err := r.paint(s, f, code, lg)
			if err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(bytes.NewReader(s.encode(c)))
			if err != nil {
				t.Fatal(err)
			}
			if got := img.(*image.Paletted).Pix; !bytes.Equal(got, c.Pix) {
				t.Errorf("%s: the PNG differs from the canvas drawn", name)
			}
			// A new renderer's canvas, never drawn on before.
			nr := renderer(t)
			ns := nr.social
			if s == r.banner {
				ns = nr.banner
			}
			fresh, err := nr.paint(ns, f, code, lg)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(fresh.Pix, c.Pix) {
				t.Errorf("%s: a canvas drawn on before differs from a new one", name)
			}
			s.pool.Put(c)
		}
	}
}
