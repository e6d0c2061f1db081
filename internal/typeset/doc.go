package typeset

import (
	"bytes"
	"fmt"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"github.com/prakat/prakat/internal/pdfdoc"
)

// epoch is the date every prakat PDF carries, so the same inputs give the
// same bytes.
var epoch = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// Doc is an A4 document being drawn, in millimetres from the top left.
type Doc struct {
	PDF   *fpdf.Fpdf
	fonts map[*Font]string
	cur   *Font
	size  float64
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
	d := &Doc{PDF: p, fonts: map[*Font]string{}}
	for i, f := range fonts {
		fam := fmt.Sprintf("F%d", i)
		p.AddUTF8FontFromBytes(fam, "", f.ttf)
		d.fonts[f] = fam
	}
	return d
}

// Title sets the document's title, shown by PDF viewers.
func (d *Doc) Title(s string) { d.PDF.SetTitle(s, true) }

// Text draws encoded text (see Font.Encode) with its baseline starting at
// (x, y), in mm, at size points.
func (d *Doc) Text(f *Font, size float64, x, y float64, enc []rune) {
	if d.cur != f || d.size != size {
		d.PDF.SetFont(d.fonts[f], "", size)
		d.cur, d.size = f, size
	}
	d.PDF.Text(x, y, string(enc))
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
	var buf bytes.Buffer
	if err := d.PDF.Output(&buf); err != nil {
		return nil, err
	}
	pd, err := pdfdoc.Parse(buf.Bytes())
	if err != nil {
		return nil, err
	}
	pd.SetToUnicode(ToUnicode)
	pd.Compress()
	return pd, nil
}
