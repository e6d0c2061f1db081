package social

import "image"

// canvas is a picture being drawn, with the rows drawn on so far: the
// others still hold the base's rows.
type canvas struct {
	*image.Paletted
	drawn []bool
}

// touch marks rows y0 to y1 (exclusive) as drawn on.
func (c *canvas) touch(y0, y1 int) {
	for y := max(y0, 0); y < min(y1, len(c.drawn)); y++ {
		c.drawn[y] = true
	}
}
