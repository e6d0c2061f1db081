// Package qr makes the QR codes printed on posters: the smallest symbol a
// link fits at the chosen error-correction level, as module rectangles to
// draw as vectors and as a PNG for a unit's website.
package qr

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strings"
	"sync"

	"github.com/prakat/prakat/internal/pngchunk"
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

// Policy is how a campaign's codes choose their error correction: at least
// Min, and then, unless Exact, the highest level that keeps the symbol the
// size Min gives it. A link of 32 characters is version 3 at Q and at H
// alike, so H, which reads through a patch twice the size, costs nothing.
type Policy struct {
	Min   Level
	Exact bool
}

// ParsePolicy reads a campaign's qr_level: L, M, Q or H (the least level;
// Q when empty), optionally followed by "exact" to pin it.
func ParsePolicy(s string) (Policy, error) {
	f := strings.Fields(s)
	exact := len(f) == 2 && strings.EqualFold(f[1], "exact")
	if len(f) > 2 || (len(f) == 2 && !exact) {
		return Policy{Min: Q}, fmt.Errorf("error-correction level %q: want L, M, Q or H, optionally followed by exact", s)
	}
	lvl := ""
	if len(f) > 0 {
		lvl = f[0]
	}
	l, err := ParseLevel(lvl)
	return Policy{Min: l, Exact: exact}, err
}

func (p Policy) String() string {
	if p.Exact {
		return p.Min.String() + " exact"
	}
	return p.Min.String()
}

// boosts remembers, for links of one length and alphabet, the level a
// policy raised them to and the version that keeps: a campaign's links are
// alike, so each shape is searched once.
var boosts sync.Map // boostKey → boost

type boostKey struct {
	min    Level
	length int
}

type boost struct {
	level   Level
	version int
}

// Encode encodes text as the policy asks: the smallest symbol that holds
// it at Min, at the highest level that keeps that symbol's size.
func (p Policy) Encode(text string) (*Code, error) {
	if p.Exact || p.Min == H {
		return Encode(text, p.Min)
	}
	// Links in the QR alphanumeric set (every redirect link) of one length
	// need the same version at every level: searched once a length.
	cacheable := Alphanumeric(text)
	key := boostKey{p.Min, len(text)}
	if cacheable {
		if b, ok := boosts.Load(key); ok {
			b := b.(boost)
			if c, err := Encode(text, b.level); err == nil && c.Version == b.version {
				return c, nil
			}
		}
	}
	base, err := Encode(text, p.Min)
	if err != nil {
		return nil, err
	}
	best := base
	for l := H; l > p.Min; l-- {
		c, err := Encode(text, l)
		if err == nil && c.Version == base.Version {
			best = c
			break
		}
	}
	if cacheable {
		boosts.Store(key, boost{best.Level, best.Version})
	}
	return best, nil
}

// Alphanumeric reports whether text uses only the QR alphanumeric set, the
// mode that packs 5.5 bits a character instead of 8.
func Alphanumeric(text string) bool {
	for i := 0; i < len(text); i++ {
		if !strings.ContainsRune("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:", rune(text[i])) {
			return false
		}
	}
	return true
}

// Code is an encoded symbol.
type Code struct {
	Level   Level
	Version int
	Size    int      // modules a side, without the quiet zone
	dark    [][]bool // [row][col]

	runsOnce sync.Once
	runs     []Rect
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
	return &Code{Level: level, Version: q.VersionNumber, Size: len(bm), dark: bm}, nil
}

// Dark reports whether the module at row, col is dark.
func (c *Code) Dark(row, col int) bool { return c.dark[row][col] }

// Rect is a run of dark modules in one row, in module units from the
// symbol's top left corner (the quiet zone excluded).
type Rect struct{ X, Y, W int }

// Runs returns the dark modules merged into horizontal runs, row by row,
// so a symbol draws with a few hundred rectangles instead of a thousand
// squares. They are found once for a code (its poster, its print formats
// and its pictures draw them all); the caller must not change them.
func (c *Code) Runs() []Rect {
	c.runsOnce.Do(func() { c.runs = c.findRuns() })
	return c.runs
}

func (c *Code) findRuns() []Rect {
	// Counted first, to make room once: growing the slice run by run
	// cost more than finding them.
	n := 0
	for _, row := range c.dark {
		for x, d := range row {
			if d && (x == 0 || !row[x-1]) {
				n++
			}
		}
	}
	rs := make([]Rect, 0, n)
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

// PNG draws the symbol with its quiet zone, scale pixels a module, as a
// black-and-white PNG (one bit a pixel). It writes the file itself (see
// png.go): the standard encoder takes the slow general path for such
// images, and a general compressor searches for what is known here.
func (c *Code) PNG(scale int) ([]byte, error) {
	side := (c.Size + 2*QuietZone) * scale
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(side))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(side))
	ihdr[8], ihdr[9] = 1, 0 // bit depth 1, greyscale
	var buf bytes.Buffer
	buf.WriteString(pngchunk.Signature)
	pngchunk.Write(&buf, "IHDR", ihdr)
	pngchunk.Write(&buf, "IDAT", c.idat(scale))
	pngchunk.Write(&buf, "IEND", nil)
	return buf.Bytes(), nil
}
