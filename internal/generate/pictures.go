package generate

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/draw"
	_ "image/jpeg" // emblems may be JPEG
	"image/png"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/prakat/prakat/internal/poster"
	"github.com/prakat/prakat/internal/qr"
	"github.com/prakat/prakat/internal/social"
	"github.com/prakat/prakat/internal/typeset"
)

// logoTypes are the emblem files looked for, in order.
var logoTypes = []string{".png", ".jpg", ".jpeg"}

// logoPath names a unit's emblem file, the first that exists, or the PNG
// one for messages.
func logoPath(dir, code string) string {
	for _, ext := range logoTypes {
		p := filepath.Join(dir, code+ext)
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return filepath.Join(dir, code+".png")
}

// readLogo returns a unit's emblem from dir, or nil when it has none. An
// image that cannot be read is nil with an error naming the file: the unit
// is made without it.
func readLogo(dir, code string) (image.Image, error) {
	if dir == "" {
		return nil, nil
	}
	path := logoPath(dir, code)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%s: not a readable PNG or JPEG image (%v)", path, err)
	}
	if b := img.Bounds(); b.Dx() < 8 || b.Dy() < 8 || b.Dx() > 8000 || b.Dy() > 8000 {
		return nil, fmt.Errorf("%s: %d×%d pixels: want 8 to 8000 a side", path, b.Dx(), b.Dy())
	}
	return img, nil
}

// addLogo registers an emblem in a poster document, as an opaque 8-bit PNG
// (the form the PDF library reads whatever the file was).
func addLogo(doc *typeset.Doc, code string, img image.Image) (*typeset.Image, error) {
	flat := image.NewNRGBA(img.Bounds())
	draw.Draw(flat, flat.Bounds(), image.White, image.Point{}, draw.Src)
	draw.Draw(flat, flat.Bounds(), img, img.Bounds().Min, draw.Over)
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, flat); err != nil {
		return nil, err
	}
	return doc.AddImage("logo-"+code, "png", buf.Bytes())
}

// pictures writes a unit's social-media picture, banner and web snippet.
func (p *Plan) pictures(write func(string, []byte) error, e Entry, fields poster.Fields, code *qr.Code, logo image.Image) error {
	r := p.o.Pictures
	sq, err := r.Social(fields, code, logo)
	if err != nil {
		return err
	}
	banner, err := r.Banner(fields, code, logo)
	if err != nil {
		return err
	}
	web, err := r.Snippet(fields, e.Link, banner)
	if err != nil {
		return err
	}
	for _, f := range []struct {
		path string
		data []byte
	}{{e.Social, sq}, {e.Banner, banner}, {e.Web, web}} {
		if err := write(f.path, f.data); err != nil {
			return err
		}
	}
	for _, b := range [][]byte{sq, banner, web} {
		social.Release(b)
	}
	return nil
}
