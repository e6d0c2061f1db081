// Package qr makes the QR codes printed on posters: the smallest symbol a
// link fits at the chosen error-correction level, as module rectangles to
// draw as vectors and as a PNG for a unit's website.
package qr

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strings"

	qrcode "github.com/skip2/go-qrcode"
)

// QuietZone is the light margin around a symbol, in modules (ISO/IEC 18004).
const QuietZone = 4

// Level is an error-correction level.
type Level int

// Levels: the share of a symbol that may be damaged and still read.
const (
	L Level = iota // 7%
	M              // 15%
	Q              // 25%: posters get taped over and scuffed
	H              // 30%
)

// ParseLevel reads L, M, Q or H.
func ParseLevel(s string) (Level, error) {
	switch strings.ToUpper(strings.TrimSpace(s)) {
	case "L":
		return L, nil
	case "M":
		return M, nil
	case "Q", "":
		return Q, nil
	case "H":
		return H, nil
	}
	return Q, fmt.Errorf("error-correction level %q: want L, M, Q or H", s)
}

func (l Level) String() string { return [...]string{"L", "M", "Q", "H"}[l] }

func (l Level) lib() qrcode.RecoveryLevel {
	return [...]qrcode.RecoveryLevel{qrcode.Low, qrcode.Medium, qrcode.High, qrcode.Highest}[l]
}

// Code is an encoded symbol.
type Code struct {
	Version int
	Size    int      // modules a side, without the quiet zone
	dark    [][]bool // [row][col]
}

// Encode encodes text in the smallest symbol that holds it at level; text
// in upper case letters, digits and the symbols of a link uses the compact
// alphanumeric mode.
func Encode(text string, level Level) (*Code, error) {
	q, err := qrcode.New(text, level.lib())
	if err != nil {
		return nil, fmt.Errorf("qr: %q: %w", text, err)
	}
	q.DisableBorder = true
	bm := q.Bitmap()
	return &Code{Version: q.VersionNumber, Size: len(bm), dark: bm}, nil
}

// Dark reports whether the module at row, col is dark.
func (c *Code) Dark(row, col int) bool { return c.dark[row][col] }

// Rect is a run of dark modules in one row, in module units from the
// symbol's top left corner (the quiet zone excluded).
type Rect struct{ X, Y, W int }

// Runs returns the dark modules merged into horizontal runs, so a symbol
// draws with a few hundred rectangles instead of a thousand squares.
func (c *Code) Runs() []Rect {
	var rs []Rect
	for y, row := range c.dark {
		for x := 0; x < len(row); {
			if !row[x] {
				x++
				continue
			}
			start := x
			for x < len(row) && row[x] {
				x++
			}
			rs = append(rs, Rect{start, y, x - start})
		}
	}
	return rs
}

// PNG draws the symbol with its quiet zone, scale pixels a module, in black
// and white.
func (c *Code) PNG(scale int) ([]byte, error) {
	side := (c.Size + 2*QuietZone) * scale
	img := image.NewPaletted(image.Rect(0, 0, side, side), color.Palette{color.White, color.Black})
	for y, row := range c.dark {
		for x, d := range row {
			if !d {
				continue
			}
			for py := 0; py < scale; py++ {
				off := img.PixOffset((x+QuietZone)*scale, (y+QuietZone)*scale+py)
				for px := 0; px < scale; px++ {
					img.Pix[off+px] = 1
				}
			}
		}
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
