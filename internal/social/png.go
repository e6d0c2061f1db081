package social

import (
	"bytes"
	"encoding/binary"
	"image"

	"github.com/prakat/prakat/internal/pngchunk"
)

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

// encodePNG writes img as an 8-bit palette PNG; again marks rows known to
// be the row above again, and memo, if not nil, keeps rows met before.
func encodePNG(img *image.Paletted, again []bool, memo *rowMemo) []byte {
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

	rows := make([][]byte, h)
	for y := range rows {
		rows[y] = img.Pix[y*img.Stride : y*img.Stride+w]
	}
	idat, adler := rowDeflate([]byte{0x78, 0x01}, rows, again, memo) // zlib, 32 KB window, fastest
	idat = binary.BigEndian.AppendUint32(idat, adler)
	pngchunk.Write(&out, "IDAT", idat)
	pngchunk.Write(&out, "IEND", nil)
	return out.Bytes()
}
