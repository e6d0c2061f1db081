package social

import (
	"encoding/base64"
	"fmt"
	"html"
	"strings"

	"github.com/prakat/prakat/internal/placeholder"
)

// Alt returns the banner's alt text for a unit.
func (r *Renderer) Alt(fields Fields) (string, error) {
	f, err := placeholder.Fill(r.t.Alt, fields, nil)
	if err != nil {
		return "", err
	}
	return strings.Join(strings.Fields(f.Text), " "), nil
}

// Snippet returns the HTML a unit pastes into its website: the banner,
// carried in the snippet itself so that it needs no other file or server,
// with its alt text, linked to the unit's link. It has no script.
func (r *Renderer) Snippet(fields Fields, link string, banner []byte) (string, error) {
	alt, err := r.Alt(fields)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "<a href=\"%s\"><img src=\"data:image/png;base64,", html.EscapeString(link))
	b.WriteString(base64.StdEncoding.EncodeToString(banner))
	fmt.Fprintf(&b, "\" width=\"%d\" height=\"%d\" alt=\"%s\" style=\"max-width:100%%;height:auto;border:0\"></a>\n",
		r.t.Banner.Width, r.t.Banner.Height, html.EscapeString(alt))
	return b.String(), nil
}
