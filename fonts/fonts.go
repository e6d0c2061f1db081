// Package fonts embeds the typefaces prakat sets Thai in: Laksaman Regular
// and Bold (TLWG, GPL-2+ with the font exception; see README.md).
package fonts

import _ "embed"

// Regular and Bold are the TrueType files.
var (
	//go:embed Laksaman-Regular.ttf
	Regular []byte
	//go:embed Laksaman-Bold.ttf
	Bold []byte
)
