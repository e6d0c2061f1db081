package typeset

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"github.com/prakat/prakat/internal/pdfdoc"
	"github.com/prakat/prakat/internal/thai"
)

// epoch is the date every prakat PDF carries, so the same inputs give the
// same bytes.
var epoch = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// Doc is an A4 document being drawn, in millimetres from the top left.
type Doc struct {
	pdf    *fpdf.Fpdf
	fonts  map[*Font]string
	cur    *Font
	size   float64
	colour Colour
	record bool
	level  int // zlib level of the page contents
	ink    []InkLine
	drawn  map[*Font]map[rune]bool // characters drawn by TextJustified, for the subsets
}

// NewDoc starts a document that can draw with the given fonts.
func NewDoc(fonts ...*Font) *Doc {
	p := fpdf.New("P", "mm", "A4", "")
	p.SetCreationDate(epoch)
	p.SetModificationDate(epoch)
	p.SetCatalogSort(true)
	p.SetCompression(false) // pdfdoc compresses the pages, reusing one writer
	p.SetAutoPageBreak(false, 0)
	p.SetMargins(0, 0, 0)
	d := &Doc{pdf: p, fonts: map[*Font]string{}, level: zlib.DefaultCompression}
	for i, f := range fonts {
		fam := fmt.Sprintf("F%d", i)
		p.AddUTF8FontFromBytes(fam, "", f.ttf)
		d.fonts[f] = fam
	}
	return d
}

// Text draws encoded text (see Font.Encode) with its baseline starting at
// (x, y), in mm, at size points.
func (d *Doc) Text(f *Font, size float64, x, y float64, enc []rune) {
	d.use(f, size)
	d.pdf.Text(x, y, string(enc))
	d.recordInk(f, size, x, y, enc, nil)
}

// use makes f at size the current font.
func (d *Doc) use(f *Font, size float64) {
	if d.cur != f || d.size != size {
		d.pdf.SetFont(d.fonts[f], "", size)
		d.cur, d.size = f, size
	}
}

// RecordInk makes the document keep the ink of every line drawn from now
// on (see Ink), so a layout can check its pages with CheckInk.
func (d *Doc) RecordInk() { d.record = true }

// Ink returns the ink of the lines drawn since RecordInk, one InkLine a
// call of Text or TextJustified, glyphs where they were drawn.
func (d *Doc) Ink() []InkLine { return d.ink }

func (d *Doc) recordInk(f *Font, size, x, y float64, enc []rune, gaps []float64) {
	if d.record {
		l := f.Ink(enc, size, x, y, gaps)
		l.Page = d.pdf.PageNo()
		l.Justified = gaps != nil
		d.ink = append(d.ink, l)
	}
}

// AddPage starts a new A4 page.
func (d *Doc) AddPage() { d.pdf.AddPage() }

// AddPageSize starts a page w by h mm, landscape when w > h.
func (d *Doc) AddPageSize(w, h float64) {
	if w > h {
		d.pdf.AddPageFormat("L", fpdf.SizeType{Wd: h, Ht: w})
		return
	}
	d.pdf.AddPageFormat("P", fpdf.SizeType{Wd: w, Ht: h})
}

// PageHeight returns the current page's height in mm, for drawing that
// writes its own coordinates (see Content).
func (d *Doc) PageHeight() float64 {
	_, h := d.pdf.GetPageSize()
	return h
}

// Placed runs draw with everything it draws scaled by s about the page's
// top left corner and then moved by (dx, dy) mm: a layout made for one page
// size set on another, or two to a sheet.
func (d *Doc) Placed(s, dx, dy float64, draw func()) {
	d.pdf.TransformBegin()
	d.pdf.TransformTranslate(dx, dy)
	d.pdf.TransformScale(s*100, s*100, 0, 0)
	draw()
	d.pdf.TransformEnd()
}

// DashedLine strokes a thin grey dashed line from (x1, y1) to (x2, y2),
// in mm: a fold.
func (d *Doc) DashedLine(x1, y1, x2, y2 float64) {
	k, h := 1/PtMM, d.PageHeight()
	d.pdf.RawWriteStr(fmt.Sprintf("q 0.6 G 0.4 w [3 3] 0 d %.2f %.2f m %.2f %.2f l S Q\n", x1*k, (h-y1)*k, x2*k, (h-y2)*k))
}

// Pages returns the number of pages drawn so far.
func (d *Doc) Pages() int { return d.pdf.PageCount() }

// Colour is an RGB colour, 0 to 255 a channel.
type Colour struct{ R, G, B int }

// SetTextColour sets the colour of the text drawn next.
func (d *Doc) SetTextColour(c Colour) {
	d.pdf.SetTextColor(c.R, c.G, c.B)
	d.colour = c
}

// Rect strokes a rectangle, in mm, with a line width mm wide.
func (d *Doc) Rect(x, y, w, h, width float64, c Colour) {
	d.pdf.SetDrawColor(c.R, c.G, c.B)
	d.pdf.SetLineWidth(width)
	d.pdf.Rect(x, y, w, h, "D")
}

// Content appends operators to the page's content stream as they are: for
// drawing that has no call here, such as a QR symbol as one path.
func (d *Doc) Content(ops string) { d.pdf.RawWriteStr(ops) }

// Image is a picture registered once in a document and drawn where needed.
type Image struct {
	name          string
	width, height float64 // in the image's own units, for its aspect
}

// AddImage registers a PNG or JPEG (typ "png" or "jpg") under name.
func (d *Doc) AddImage(name, typ string, data []byte) (*Image, error) {
	info := d.pdf.RegisterImageOptionsReader(name, fpdf.ImageOptions{ImageType: typ}, bytes.NewReader(data))
	if err := d.pdf.Error(); err != nil {
		return nil, err
	}
	return &Image{name: name, width: info.Width(), height: info.Height()}, nil
}

// Aspect is the image's width over its height.
func (im *Image) Aspect() float64 { return im.width / im.height }

// DrawImage places im with its top left at (x, y), w by h mm.
func (d *Doc) DrawImage(im *Image, x, y, w, h float64) {
	d.pdf.ImageOptions(im.name, x, y, w, h, false, fpdf.ImageOptions{}, 0, "")
}

// Bytes finishes the document: its PDF, with text layers that read back
// as the Thai that was drawn.
func (d *Doc) Bytes() ([]byte, error) {
	pd, err := d.Parsed()
	if err != nil {
		return nil, err
	}
	return pd.Bytes(), nil
}

// Parsed finishes the document and returns it ready to be written whole or
// page by page.
func (d *Doc) Parsed() (*pdfdoc.Doc, error) {
	d.registerDrawn()
	var buf bytes.Buffer
	if err := d.pdf.Output(&buf); err != nil {
		return nil, err
	}
	pd, err := pdfdoc.Parse(buf.Bytes())
	if err != nil {
		return nil, err
	}
	if err := pd.TrimWidths(); err != nil {
		return nil, err
	}
	pd.SetToUnicode(ToUnicode)
	pd.SetFontFile(WithoutCmap)
	pd.Compress(d.level)
	return pd, nil
}

// FastCompression has the page contents compressed at zlib's fastest
// level, for documents whose size matters less than the time they take:
// a few per cent larger, about half the time.
func (d *Doc) FastCompression() { d.level = zlib.BestSpeed }

// PtMM is a point in millimetres.
const PtMM = 25.4 / 72

// isMarkSlot reports an encoded rune drawn over or under the one before
// it; sara am counts, since its nikhahit hangs over the consonant before.
func isMarkSlot(r rune) bool {
	if u, ok := unslots[r]; ok {
		r = u
	}
	return thai.IsMark(r) || r == 0x0E33
}
