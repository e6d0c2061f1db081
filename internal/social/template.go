// Package social draws a unit's pictures for screens: the square image for
// social media and the website banner, Thai set by the poster's engine
// (typeset) and rasterized from the font's outlines, with the unit's QR
// code; and the HTML snippet that puts the banner on a website.
package social

import (
	"fmt"
	"image/color"
	"regexp"
	"strconv"

	"github.com/prakat/prakat/internal/messages"
	"github.com/prakat/prakat/internal/placeholder"
	"github.com/prakat/prakat/internal/yamlfile"
)

// Template is the layout of both pictures, as templates/social.yaml
// describes it.
type Template struct {
	Colours map[string]string `yaml:"colours"`
	Alt     string            `yaml:"alt"`
	Social  Layout            `yaml:"social"`
	Banner  Layout            `yaml:"banner"`

	colours map[string]color.RGBA
}

// Layout is one picture: its size in pixels, a column of blocks and, for a
// banner, a column at the right.
type Layout struct {
	Width       int     `yaml:"width"`
	Height      int     `yaml:"height"`
	Margin      float64 `yaml:"margin"`
	LineSpacing float64 `yaml:"line_spacing"`
	Background  string  `yaml:"background"`
	Frame       *Frame  `yaml:"frame"`
	Blocks      []Block `yaml:"blocks"`
	SideWidth   float64 `yaml:"side_width"`
	Side        []Block `yaml:"side"`
}

// Frame is a rectangle drawn round the picture, in pixels.
type Frame struct {
	Colour string  `yaml:"colour"`
	Width  float64 `yaml:"width"`
	Inset  float64 `yaml:"inset"`
}

// Block is a text, the QR code or the unit's emblem, in pixels.
type Block struct {
	Text        string  `yaml:"text"`
	QR          float64 `yaml:"qr"`   // the side with the quiet zone
	Logo        float64 `yaml:"logo"` // the emblem's height
	Size        float64 `yaml:"size"`
	Bold        bool    `yaml:"bold"`
	Colour      string  `yaml:"colour"`
	SpaceBefore float64 `yaml:"space_before"`
	OneLine     bool    `yaml:"one_line"`
	// common: the text reads the same on every unit's picture (see
	// placeholder.SameForAll), set when the template is read.
	common bool
}

// maxInks is how many colours the blocks may use besides the background:
// each takes 15 shades of anti-aliasing in a palette of 256, with room left
// for emblems.
const maxInks = 6

var hexColour = regexp.MustCompile(`^#([0-9A-Fa-f]{6})$`)

// ParseTemplate reads a template; name labels it in errors.
func ParseTemplate(name string, data []byte) (*Template, error) {
	t := &Template{}
	if err := yamlfile.Decode(name, data, t); err != nil {
		return nil, err
	}
	t.colours = map[string]color.RGBA{"black": {A: 255}, "white": {255, 255, 255, 255}}
	for k, v := range t.Colours {
		c, ok := parseColour(v)
		if !ok {
			return nil, messages.Errorf(name, "colour %s: %q is not #RRGGBB", k, v)
		}
		t.colours[k] = c
	}
	if err := placeholder.Check(t.Alt, placeholder.Poster); err != nil {
		err.Where = name + ": alt"
		return nil, err
	}
	for _, l := range []struct {
		key    string
		layout *Layout
	}{{"social", &t.Social}, {"banner", &t.Banner}} {
		if err := t.checkLayout(name+": "+l.key, l.layout); err != nil {
			return nil, err
		}
	}
	return t, nil
}

func (t *Template) checkLayout(where string, l *Layout) error {
	for _, bs := range [][]Block{l.Blocks, l.Side} {
		for i := range bs {
			bs[i].common = placeholder.SameForAll(bs[i].Text)
		}
	}
	if l.LineSpacing == 0 {
		l.LineSpacing = 1.4
	}
	if l.Background == "" {
		l.Background = "white"
	}
	if l.Width < 200 || l.Width > 4000 || l.Height < 200 || l.Height > 4000 {
		return messages.Errorf(where, "width and height must be 200 to 4000 px")
	}
	if l.Margin < 0 || 2*l.Margin >= float64(min(l.Width, l.Height)) || l.LineSpacing < 1 || l.LineSpacing > 3 {
		return messages.Errorf(where, "margin must leave room inside the picture and line_spacing be 1 to 3")
	}
	if len(l.Side) > 0 && (l.SideWidth <= 0 || l.SideWidth > float64(l.Width)-3*l.Margin-100) {
		return messages.Errorf(where, "side_width %v px: want a column that leaves room for the blocks", l.SideWidth)
	}
	if len(l.Blocks) == 0 {
		return messages.Errorf(where, "the layout has no blocks")
	}
	if _, ok := t.colour(l.Background); !ok {
		return messages.Errorf(where, "unknown colour %q", l.Background)
	}
	if l.Frame != nil {
		if _, ok := t.colour(l.Frame.Colour); !ok {
			return messages.Errorf(where, "unknown colour %q", l.Frame.Colour)
		}
	}
	qrs := 0
	for i, b := range append(append([]Block{}, l.Blocks...), l.Side...) {
		at := fmt.Sprintf("%s: block %d", where, i+1)
		kinds := 0
		for _, set := range []bool{b.Text != "", b.QR > 0, b.Logo > 0} {
			if set {
				kinds++
			}
		}
		switch {
		case kinds != 1:
			return messages.Errorf(at, "a block is one of text, qr or logo")
		case b.QR > 0:
			qrs++
			if b.QR < 100 || b.QR > float64(min(l.Width, l.Height)) {
				return messages.Errorf(at, "qr size %v px: want 100 px to the picture's side", b.QR)
			}
		case b.Logo > 0:
			if b.Logo > float64(l.Height)/2 {
				return messages.Errorf(at, "logo size %v px: want at most half the picture's height", b.Logo)
			}
		case b.Size < 8 || b.Size > 300:
			return messages.Errorf(at, "text size %v px: want 8 to 300", b.Size)
		}
		if err := placeholder.Check(b.Text, placeholder.Poster); err != nil {
			err.Where = at
			return err
		}
		if _, ok := t.colour(b.Colour); !ok {
			return messages.Errorf(at, "unknown colour %q", b.Colour).WithHint("name one of the template's colours, or write #RRGGBB")
		}
	}
	if qrs != 1 {
		return messages.Errorf(where, "a picture needs exactly one qr block, not %d", qrs)
	}
	if n := len(t.inks()); n > maxInks {
		return messages.Errorf(where, "%d colours: at most %d besides the background", n, maxInks)
	}
	return nil
}

func (t *Template) colour(s string) (color.RGBA, bool) {
	if s == "" {
		return t.colours["black"], true
	}
	if c, ok := t.colours[s]; ok {
		return c, true
	}
	return parseColour(s)
}

// inks lists the colours text and frames are drawn in, each once, in the
// order the template names them.
func (t *Template) inks() []color.RGBA {
	var out []color.RGBA
	add := func(name string) {
		c, _ := t.colour(name)
		for _, o := range out {
			if o == c {
				return
			}
		}
		out = append(out, c)
	}
	for _, l := range []Layout{t.Social, t.Banner} {
		if l.Frame != nil {
			add(l.Frame.Colour)
		}
		for _, b := range append(append([]Block{}, l.Blocks...), l.Side...) {
			if b.Text != "" {
				add(b.Colour)
			}
		}
	}
	return out
}

func parseColour(s string) (color.RGBA, bool) {
	m := hexColour.FindStringSubmatch(s)
	if m == nil {
		return color.RGBA{}, false
	}
	v, _ := strconv.ParseUint(m[1], 16, 32)
	return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 255}, true
}
