package social

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"hash/adler32"
	"hash/maphash"
	"image"
	"sync"

	"github.com/prakat/prakat/internal/pngchunk"
)

// Every unit's picture repeats most of the last one's rows: the wording,
// the frame, the blank. The PNG writer below compresses the picture in
// bands of rows, each ended by a flush so that compressed bands can be
// joined, and keeps the compressed form of the bands drawn the same for
// every unit, so that only the rows with the unit's own name, link, QR
// code and emblem are compressed anew.

// bandRows is the most rows compressed as one band.
const bandRows = 24

// maxBands bounds the cache of shared bands (each keeps its raw rows to
// be compared).
const maxBands = 2048

type band struct {
	raw   []byte
	comp  []byte
	adler uint32
}

type bandCache struct {
	seed  maphash.Seed
	mu    sync.Mutex
	bands map[uint64]*band
}

func newBandCache() *bandCache {
	return &bandCache{seed: maphash.MakeSeed(), bands: map[uint64]*band{}}
}

var flaters = sync.Pool{New: func() any {
	w, _ := flate.NewWriter(nil, flate.BestSpeed)
	return w
}}

// compress returns raw deflated and flushed (not final), and its Adler-32.
func compress(raw []byte) ([]byte, uint32) {
	var buf bytes.Buffer
	w := flaters.Get().(*flate.Writer)
	w.Reset(&buf)
	w.Write(raw)
	w.Flush()
	flaters.Put(w)
	return buf.Bytes(), adler32.Checksum(raw)
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

// encodePNG writes img as an 8-bit palette PNG. A band starts at each row
// marked in cut and runs for at most bandRows rows; fresh marks the rows
// that hold what is the unit's own, whose bands are not kept. The bytes
// depend on the picture and the cuts alone, not on what the cache holds.
func (c *bandCache) encodePNG(img *image.Paletted, cut, fresh []bool) []byte {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	var out bytes.Buffer
	out.WriteString(pngchunk.Signature)
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9] = 8, 3 // 8 bits, palette
	pngchunk.Write(&out, "IHDR", ihdr)
	plte := make([]byte, 0, 3*len(img.Palette))
	for _, col := range img.Palette {
		r, g, b, _ := col.RGBA()
		plte = append(plte, byte(r>>8), byte(g>>8), byte(b>>8))
	}
	pngchunk.Write(&out, "PLTE", plte)

	idat := []byte{0x78, 0x01} // zlib, deflate with a 32 KB window, fastest
	adler := uint32(1)
	raw := make([]byte, 0, bandRows*(w+1))
	for y0 := 0; y0 < h; {
		y1 := y0 + 1
		shared := true
		for ; y1 < h && y1-y0 < bandRows && !cut[y1]; y1++ {
		}
		for y := y0; y < y1; y++ {
			shared = shared && !fresh[y]
		}
		raw = raw[:0]
		for y := y0; y < y1; y++ {
			raw = append(raw, 0) // filter: none
			raw = append(raw, img.Pix[y*img.Stride:y*img.Stride+w]...)
		}
		comp, sum := c.band(raw, shared)
		idat = append(idat, comp...)
		adler = adlerCombine(adler, sum, len(raw))
		y0 = y1
	}
	idat = append(idat, 0x03, 0x00) // an empty final block
	idat = binary.BigEndian.AppendUint32(idat, adler)
	pngchunk.Write(&out, "IDAT", idat)
	pngchunk.Write(&out, "IEND", nil)
	return out.Bytes()
}

// band compresses raw, through the cache when shared.
func (c *bandCache) band(raw []byte, shared bool) ([]byte, uint32) {
	if !shared {
		return compress(raw)
	}
	key := maphash.Bytes(c.seed, raw)
	c.mu.Lock()
	b, ok := c.bands[key]
	c.mu.Unlock()
	if ok && bytes.Equal(b.raw, raw) {
		return b.comp, b.adler
	}
	comp, sum := compress(raw)
	c.mu.Lock()
	if len(c.bands) < maxBands && !ok {
		c.bands[key] = &band{raw: bytes.Clone(raw), comp: comp, adler: sum}
	}
	c.mu.Unlock()
	return comp, sum
}
