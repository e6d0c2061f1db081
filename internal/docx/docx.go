// Package docx writes Word documents (.docx, Office Open XML
// WordprocessingML) from a small, neutral model: a page, a font, an
// optional image at the top of the first page, and a list of paragraphs
// made of plain and bold text. It exists so that a clerk can open a copy of
// a letter in Word or LibreOffice and change a word before signing, so it
// writes only what both read reliably: paragraph properties, tab stops,
// bold runs, one inline picture and a page-number header.
//
// The model knows nothing about letters; a caller maps its own parts onto
// paragraphs. Output is deterministic: the same Document gives the same
// bytes (fixed zip times, dates only when the caller gives them), and the
// file refers to nothing outside itself.
//
// Thai is a complex script in Word: it takes its font from w:rFonts/@w:cs,
// its size from w:szCs and its bold from w:bCs. Write sets each of these
// with its Latin counterpart, so Thai and Latin text look alike.
package docx

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // DecodeConfig reads a JPEG image's size
	_ "image/png"  // and a PNG image's
	"io"
	"math"
	"sync"
	"time"

	"github.com/klauspost/compress/flate"
)

// DefaultFont is the font a Document names when its Font is empty: the
// TH Sarabun variant with Thai digits that Thai government offices install,
// so that Word on an office PC uses it. A machine without it substitutes
// another font; the text is unchanged.
const DefaultFont = "TH SarabunIT๙"

// Document is what Write turns into a .docx file. Zero fields take the
// defaults named on each; a zero Document is an empty A4 page.
type Document struct {
	Page Page // the zero Page means A4Letter()

	Font        string  // every run's font; DefaultFont when empty
	Size        float64 // font size in points; 16 when zero
	LineSpacing float64 // a multiple of single line spacing; 1 when zero
	Lang        string  // BCP 47 language of the text; "th-TH" when empty

	// Image, when not nil, is drawn in a paragraph of its own before the
	// first block, centred on the page (not between the margins, which
	// are uneven): the Garuda at the top of the first page.
	Image *Image

	// PageNumbers puts "- ๒ -" (the page number in Thai digits between
	// dashes) at the top centre of every page but the first, as Thai
	// official letters number their continuation pages. It is a Word
	// field, so the number follows the pages after an edit. LibreOffice
	// (7.4) ignores Word's Thai number format and shows "- 2 -".
	PageNumbers bool

	Blocks []Paragraph

	// Properties stored in docProps/core.xml; Word shows them under
	// File > Info. Created is left out when zero, so that output does not
	// depend on the clock unless the caller wants it to.
	Title   string
	Author  string
	Created time.Time
}

// Page is the paper size and the margins, in millimetres. Top is where the
// first line, or the image, starts on the first page; on later pages the
// page-number header may push the text down a little. Header is the
// distance from the top edge to the page number.
type Page struct {
	Width, Height            float64
	Top, Bottom, Left, Right float64
	Header                   float64
}

// A4Letter is the page of a Thai official letter: A4, left margin 3 cm,
// right 2 cm, the Garuda 1.5 cm from the top edge, bottom margin 2 cm,
// page numbers 1 cm from the top.
func A4Letter() Page {
	return Page{Width: 210, Height: 297, Top: 15, Bottom: 20, Left: 30, Right: 20, Header: 10}
}

// Image is a PNG or JPEG picture, drawn Height millimetres tall with the
// width its pixels' aspect ratio gives. Description is the alternative text
// a screen reader speaks (for the Garuda: "ตราครุฑ").
type Image struct {
	Data        []byte
	Height      float64
	Description string
}

// Align is a paragraph's alignment, named as Word names it.
type Align string

const (
	Left   Align = "" // Word's default
	Center Align = "center"
	Right  Align = "right"
	// Justify stretches the spaces between words, of which Thai has few.
	Justify Align = "both"
	// ThaiDistribute justifies Thai text by spreading the space between
	// characters too, as Word does for Thai body text. LibreOffice shows it
	// as justified.
	ThaiDistribute Align = "thaiDistribute"
)

// Paragraph is one paragraph. Lengths are in millimetres from the left
// margin, spaces in points.
//
// A label and its text with the text's later lines under the text, such as
// "เรื่อง<TAB>ขอความร่วมมือ…": Indent 15, FirstLine -15, a tab stop at 15,
// and the runs "เรื่อง\t" and the subject. Two things on one line, such as
// "ที่ …" at the left margin and the office from the page's centre: a left
// tab stop where the office starts, "ที่ …\tศาลากลางจังหวัด…", then the
// address lines as paragraphs with Indent at that tab stop (or after "\n\t"
// in the same paragraph). A tab stop that the text before it has already
// passed moves the text after the tab to Word's next default stop, so
// place it with room to spare.
type Paragraph struct {
	Align     Align
	Indent    float64 // left indent of every line
	FirstLine float64 // the first line's indent relative to Indent; negative hangs
	Before    float64 // space above, points
	After     float64 // space below, points

	KeepWithNext    bool // on the same page as the next paragraph
	KeepLines       bool // all of its lines on one page
	PageBreakBefore bool

	Tabs []Tab
	Runs []Run // empty: a blank line
}

// Tab is a tab stop Pos millimetres from the left margin.
type Tab struct {
	Pos   float64
	Align TabAlign
}

// TabAlign says which edge of the text after a tab lines up at its stop.
type TabAlign string

const (
	TabLeft   TabAlign = "left"
	TabCenter TabAlign = "center"
	TabRight  TabAlign = "right"
)

// Run is text in one style. In Text, "\t" moves to the next tab stop and
// "\n" starts a new line in the same paragraph.
type Run struct {
	Text string
	Bold bool
}

// Write writes doc to w as a .docx file.
func Write(w io.Writer, doc *Document) error {
	d := *doc
	d.setDefaults()
	if err := d.check(); err != nil {
		return err
	}
	var img *picture
	if d.Image != nil {
		p, err := readPicture(d.Image)
		if err != nil {
			return err
		}
		img = p
	}

	parts := []part{
		{"[Content_Types].xml", contentTypes(&d, img)},
		{"_rels/.rels", packageRels},
		{"docProps/core.xml", coreXML(&d)},
		{"docProps/app.xml", appXML},
		{"word/document.xml", documentXML(&d, img)},
		{"word/styles.xml", stylesXML(&d)},
		{"word/settings.xml", settingsXML},
		{"word/_rels/document.xml.rels", documentRels(&d, img)},
	}
	if d.PageNumbers {
		parts = append(parts,
			part{"word/header1.xml", headerXML(true)},
			part{"word/header2.xml", headerXML(false)})
	}
	if img != nil {
		parts = append(parts, part{"word/media/" + img.name, img.data})
	}

	zw := zip.NewWriter(w)
	// The parts are small XML: the fastest deflate packs them nearly as
	// tight, at a fraction of the time, when thousands of letters are made.
	// A compressor is about a megabyte to allocate and clear: they are
	// kept for the next part and the next letter.
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		fw := flaters.Get().(*flate.Writer)
		fw.Reset(out)
		return pooledFlater{fw}, nil
	})
	for _, p := range parts {
		f, err := zw.CreateHeader(&zip.FileHeader{
			Name:     p.name,
			Method:   zip.Deflate,
			Modified: zipTime,
		})
		if err != nil {
			return fmt.Errorf("docx: %s: %w", p.name, err)
		}
		if _, err := f.Write(p.data); err != nil {
			return fmt.Errorf("docx: %s: %w", p.name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("docx: %w", err)
	}
	return nil
}

// Bytes returns doc as a .docx file.
func Bytes(doc *Document) ([]byte, error) {
	var b bytes.Buffer
	if err := Write(&b, doc); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// flaters keeps the parts' compressors, at the fastest level, from
// klauspost/compress, quicker than the standard library's there.
var flaters = sync.Pool{New: func() any {
	fw, _ := flate.NewWriter(nil, flate.BestSpeed)
	return fw
}}

// pooledFlater gives its compressor back when closed.
type pooledFlater struct{ *flate.Writer }

func (p pooledFlater) Close() error {
	err := p.Writer.Close()
	flaters.Put(p.Writer)
	return err
}

type part struct {
	name string
	data []byte
}

// zipTime is every entry's modification time, so that output does not
// depend on the clock. 1980 is the earliest time a zip file can hold.
var zipTime = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

func (d *Document) setDefaults() {
	if d.Page == (Page{}) {
		d.Page = A4Letter()
	}
	if d.Font == "" {
		d.Font = DefaultFont
	}
	if d.Size == 0 {
		d.Size = 16
	}
	if d.LineSpacing == 0 {
		d.LineSpacing = 1
	}
	if d.Lang == "" {
		d.Lang = "th-TH"
	}
}

func (d *Document) check() error {
	p := d.Page
	if p.Width <= 0 || p.Height <= 0 {
		return fmt.Errorf("docx: page %gx%g mm: width and height must be positive", p.Width, p.Height)
	}
	if p.Top < 0 || p.Bottom < 0 || p.Left < 0 || p.Right < 0 || p.Header < 0 {
		return errors.New("docx: page margins must not be negative")
	}
	if p.Left+p.Right >= p.Width || p.Top+p.Bottom >= p.Height {
		return fmt.Errorf("docx: page %gx%g mm: margins leave no room for text", p.Width, p.Height)
	}
	if d.Size < 1 || d.Size > 800 {
		return fmt.Errorf("docx: font size %g pt: must be between 1 and 800", d.Size)
	}
	if d.LineSpacing < 0 || d.LineSpacing > 10 {
		return fmt.Errorf("docx: line spacing %g: must be between 0 and 10", d.LineSpacing)
	}
	for i, b := range d.Blocks {
		for _, t := range b.Tabs {
			switch t.Align {
			case "", TabLeft, TabCenter, TabRight:
			default:
				return fmt.Errorf("docx: block %d: unknown tab alignment %q", i+1, t.Align)
			}
		}
		switch b.Align {
		case Left, Center, Right, Justify, ThaiDistribute:
		default:
			return fmt.Errorf("docx: block %d: unknown alignment %q", i+1, b.Align)
		}
	}
	return nil
}

// picture is an Image ready to store: its part name, content type and
// size on the page in EMU (English Metric Units, 36,000 to the millimetre).
type picture struct {
	name, contentType string
	data              []byte
	cx, cy            int64
	description       string
}

func readPicture(im *Image) (*picture, error) {
	if im.Height <= 0 {
		return nil, fmt.Errorf("docx: image height %g mm: must be positive", im.Height)
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(im.Data))
	if err != nil {
		return nil, fmt.Errorf("docx: image: %w", err)
	}
	p := &picture{data: im.Data, description: im.Description}
	switch format {
	case "png":
		p.name, p.contentType = "image1.png", "image/png"
	case "jpeg":
		p.name, p.contentType = "image1.jpeg", "image/jpeg"
	default:
		return nil, fmt.Errorf("docx: image: %s; want PNG or JPEG", format)
	}
	if cfg.Width == 0 || cfg.Height == 0 {
		return nil, errors.New("docx: image: no pixels")
	}
	p.cy = emu(im.Height)
	p.cx = emu(im.Height * float64(cfg.Width) / float64(cfg.Height))
	return p, nil
}

// twips converts millimetres to twentieths of a point, Word's unit for
// page sizes, margins, indents and tab stops.
func twips(mm float64) int64 { return int64(math.Round(mm * 1440 / 25.4)) }

func emu(mm float64) int64 { return int64(math.Round(mm * 36000)) }
