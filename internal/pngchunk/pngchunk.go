// Package pngchunk writes the chunks of a PNG file, for the encoders that
// compress their own pixel data (the QR images, the social pictures): the
// standard encoder takes its slow general path for such images.
package pngchunk

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
)

// Signature starts every PNG file.
const Signature = "\x89PNG\r\n\x1a\n"

// Write appends a chunk of type typ holding data, with its length and CRC.
func Write(w *bytes.Buffer, typ string, data []byte) {
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(data)))
	w.Write(n[:])
	crc := crc32.NewIEEE()
	crc.Write([]byte(typ))
	crc.Write(data)
	w.WriteString(typ)
	w.Write(data)
	binary.BigEndian.PutUint32(n[:], crc.Sum32())
	w.Write(n[:])
}
