// Package poster lays out and draws the A4 poster a unit puts up at its
// service counter: the template's blocks of text and the unit's QR code,
// filled for one unit and fitted onto one page.
package poster

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"

	"github.com/prakat/prakat/internal/messages"
	"github.com/prakat/prakat/internal/placeholder"
	"github.com/prakat/prakat/internal/typeset"
	"github.com/prakat/prakat/internal/yamlfile"
	"go.yaml.in/yaml/v3"
)

// Template is a poster layout as templates/poster.yaml describes it.
type Template struct {
	Margin      float64           `yaml:"margin"`
	LineSpacing float64           `yaml:"line_spacing"`
	Colours     map[string]string `yaml:"colours"`
	Frame       *Frame            `yaml:"frame"`
	Blocks      []Block           `yaml:"blocks"`

	colours map[string]typeset.Colour
}

// Frame is a rectangle drawn round the page.
type Frame struct {
	Colour string  `yaml:"colour"`
	Width  float64 `yaml:"width"`
	Inset  float64 `yaml:"inset"`
}

// Block is one element of the poster, top to bottom: a text or the QR code.
type Block struct {
	Text string  `yaml:"text"`
	QR   float64 `yaml:"qr"` // side in mm; a QR block when set
	// Logo is the height in mm of the unit's emblem, a block left out for
	// a unit without one.
	Logo        float64 `yaml:"logo"`
	Size        float64 `yaml:"size"`
	Bold        bool    `yaml:"bold"`
	Colour      string  `yaml:"colour"`
	SpaceBefore float64 `yaml:"space_before"`
	// OneLine shrinks the text, down to MinShrink of its size, rather than
	// wrap it: a unit's name reads best whole.
	OneLine bool `yaml:"one_line"`
	line    int
	// common: the text reads the same on every unit's poster (see
	// placeholder.SameForAll), set when the template is read.
	common bool
}

var hexColour = regexp.MustCompile(`^#([0-9A-Fa-f]{6})$`)

// ParseTemplate reads a poster template; name labels it in errors.
func ParseTemplate(name string, data []byte) (*Template, error) {
	t := &Template{Margin: 15, LineSpacing: 1.45}
	if err := yamlfile.Decode(name, data, t); err != nil {
		return nil, err
	}
	var doc yaml.Node
	_ = yaml.Unmarshal(data, &doc)
	blockLines(&doc, t.Blocks)
	for i := range t.Blocks {
		t.Blocks[i].common = placeholder.SameForAll(t.Blocks[i].Text)
	}
	t.colours = map[string]typeset.Colour{"black": {}}
	for k, v := range t.Colours {
		c, err := parseColour(v)
		if err != nil {
			return nil, messages.Errorf(name, "colour %s: %q is not #RRGGBB", k, v)
		}
		t.colours[k] = c
	}
	if len(t.Blocks) == 0 {
		return nil, messages.Errorf(name, "the template has no blocks")
	}
	if t.Margin < 0 || t.Margin > 60 || t.LineSpacing < 1 || t.LineSpacing > 3 {
		return nil, messages.Errorf(name, "margin must be 0 to 60 mm and line_spacing 1 to 3")
	}
	qrs := 0
	for _, b := range t.Blocks {
		where := fmt.Sprintf("%s:%d", name, b.line)
		switch {
		case b.QR > 0 && b.Text != "", b.Logo > 0 && (b.QR > 0 || b.Text != ""):
			return nil, messages.Errorf(where, "a block is one of text, qr or logo")
		case b.Logo > 0:
			if b.Logo > 100 {
				return nil, messages.Errorf(where, "logo size %v mm: want at most 100", b.Logo)
			}
			continue
		case b.QR > 0:
			qrs++
			if b.QR < 20 || b.QR > 180 {
				return nil, messages.Errorf(where, "qr size %v mm: want 20 to 180", b.QR)
			}
		case b.Text == "":
			return nil, messages.Errorf(where, "a block needs text or qr")
		case b.Size < 6 || b.Size > 120:
			return nil, messages.Errorf(where, "text size %v pt: want 6 to 120", b.Size)
		}
		if err := placeholder.Check(b.Text, placeholder.Poster); err != nil {
			err.Where = where
			return nil, err
		}
		if _, ok := t.colour(b.Colour); !ok {
			return nil, messages.Errorf(where, "unknown colour %q", b.Colour).WithHint("name one of the template's colours, or write #RRGGBB")
		}
	}
	if qrs != 1 {
		return nil, messages.Errorf(name, "a poster needs exactly one qr block, not %d", qrs)
	}
	if t.Frame != nil {
		if _, ok := t.colour(t.Frame.Colour); !ok {
			return nil, messages.Errorf(name, "unknown colour %q", t.Frame.Colour)
		}
	}
	return t, nil
}

func (t *Template) colour(s string) (typeset.Colour, bool) {
	if s == "" {
		return typeset.Colour{}, true
	}
	if c, ok := t.colours[s]; ok {
		return c, true
	}
	c, err := parseColour(s)
	return c, err == nil
}

func parseColour(s string) (typeset.Colour, error) {
	m := hexColour.FindStringSubmatch(s)
	if m == nil {
		return typeset.Colour{}, errors.New("bad colour")
	}
	v, _ := strconv.ParseUint(m[1], 16, 32)
	return typeset.Colour{R: int(v >> 16), G: int(v >> 8 & 0xFF), B: int(v & 0xFF)}, nil
}

// blockLines records the line of each block, for messages.
func blockLines(doc *yaml.Node, blocks []Block) {
	if len(doc.Content) == 0 {
		return
	}
	m := doc.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == "blocks" {
			for j, b := range m.Content[i+1].Content {
				if j < len(blocks) {
					blocks[j].line = b.Line
				}
			}
		}
	}
}
