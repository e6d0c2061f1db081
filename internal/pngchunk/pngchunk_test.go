package pngchunk

import (
	"bytes"
	"image"
	"image/png"
	"testing"
)

// A file of a signature, a header, pixel data and an end chunk decodes as
// the image it says.
func TestWrite(t *testing.T) {
	var b bytes.Buffer
	b.WriteString(Signature)
	Write(&b, "IHDR", []byte{0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0}) // 1×1, 8-bit grey
	// zlib of the one row: filter 0, pixel 0x80.
	Write(&b, "IDAT", []byte{0x78, 0x01, 0x62, 0x68, 0x00, 0x04, 0x00, 0x00, 0xff, 0xff, 0x00, 0x82, 0x00, 0x81})
	Write(&b, "IEND", nil)
	img, err := png.Decode(&b)
	if err != nil {
		t.Fatal(err)
	}
	if g, ok := img.(*image.Gray); !ok || g.Pix[0] != 0x80 {
		t.Errorf("decoded %#v; want one grey pixel 0x80", img)
	}
}
