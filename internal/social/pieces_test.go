package social

import (
	"cmp"
	"image"
	"math/rand/v2"
	"slices"
	"testing"
)

// sortByInk orders as a stable sort by the ink's left does, on glyphs in
// any order and with many that start at the same column.
func TestSortByInk(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	masks := []*glyphMask{{ink: image.Rect(0, 0, 5, 5)}, {ink: image.Rect(-3, 0, 2, 5)}, {ink: image.Rect(4, 0, 9, 5)}}
	for n := range 60 {
		ps := make([]placed, n)
		for i := range ps {
			ps[i] = placed{g: masks[rng.IntN(len(masks))], x: rng.IntN(12), i: i}
		}
		if n%3 == 0 { // almost in order, as a line's glyphs are
			slices.SortStableFunc(ps, func(a, b placed) int { return a.x - b.x })
		}
		want := slices.Clone(ps)
		slices.SortStableFunc(want, func(a, b placed) int { return cmp.Compare(a.inkBox().Min.X, b.inkBox().Min.X) })
		sortByInk(ps)
		for i := range ps {
			if ps[i].i != want[i].i {
				t.Fatalf("%d glyphs: at %d got glyph %d, a stable sort puts %d", n, i, ps[i].i, want[i].i)
			}
		}
	}
}
