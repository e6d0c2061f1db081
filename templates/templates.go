// Package templates embeds prakat's default templates: the campaign file
// that `prakat init` writes, and later the poster and letter layouts. A
// campaign may replace any of them with a file of its own.
package templates

import "embed"

// FS holds the default templates.
//
//go:embed *.yaml
var FS embed.FS

// Campaign is the template of a new campaign.yaml.
const Campaign = "campaign.yaml"

// Poster is the default poster layout.
const Poster = "poster.yaml"

// Letters is the default wording and layout of the circular letters.
const Letters = "letters.yaml"

// Mail is the default wording of the e-mails prakat send sends.
const Mail = "mail.yaml"

// Social is the default layout of the social-media image and the web
// banner.
const Social = "social.yaml"
