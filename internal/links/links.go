// Package links gives each unit its token and tracked link, and keeps the
// ledger that makes an issued link permanent.
package links

import (
	"crypto/hmac"
	"crypto/sha256"
	"net/url"
	"strconv"
	"strings"

	"github.com/prakat/prakat/internal/placeholder"
	"github.com/prakat/prakat/internal/roster"
)

// Alphabet is what tokens are written in: upper-case letters and digits
// without the look-alikes 0/O and 1/I, 32 symbols of 5 bits each, all in
// the QR alphanumeric set.
const Alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"

// TokenLen symbols of 5 bits: 40 bits, so a guessed token finds a unit about
// once in a hundred million tries even for the national register.
const TokenLen = 8

// Derive computes a unit's token from the campaign secret: HMAC-SHA256 of
// the code, its first 40 bits in Alphabet. The same secret gives the same
// token, so a lost ledger can be rebuilt; attempt > 0 gives the alternates
// used when two codes would share a token.
func Derive(secret []byte, code string, attempt int) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("prakat/token/v1\x00"))
	m.Write([]byte(code))
	if attempt > 0 {
		m.Write([]byte("\x00" + strconv.Itoa(attempt)))
	}
	sum := m.Sum(nil)
	var bits uint64
	for _, b := range sum[:5] {
		bits = bits<<8 | uint64(b)
	}
	tok := make([]byte, TokenLen)
	for i := TokenLen - 1; i >= 0; i-- {
		tok[i] = Alphabet[bits&31]
		bits >>= 5
	}
	return string(tok)
}

// NormalizeToken returns a token as issued (upper case), or "" when s could
// not be one; it lets a server accept a token typed in lower case.
func NormalizeToken(s string) string {
	if len(s) != TokenLen {
		return ""
	}
	s = strings.ToUpper(s)
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(Alphabet, s[i]) < 0 {
			return ""
		}
	}
	return s
}

// ShortLink is a redirect-mode link: base + "/" + token, all upper case so a
// QR code can use alphanumeric mode and stay small (scheme and host are case
// blind; the redirect server matches tokens in any case).
func ShortLink(base, token string) string {
	return strings.ToUpper(strings.TrimRight(base, "/") + "/" + token)
}

// Destination fills the survey address template for one unit. The
// placeholders {code} {token} {name} {district} {type} are percent-encoded
// for where they stand: path escaping before the query, query escaping after.
// An address without placeholders gets unit=<code> added to its query.
func Destination(survey string, u roster.Unit, token string) string {
	if !placeholder.Has(survey) {
		frag := ""
		if i := strings.IndexByte(survey, '#'); i >= 0 {
			survey, frag = survey[:i], survey[i:]
		}
		sep := "?"
		if strings.Contains(survey, "?") {
			sep = "&"
			if strings.HasSuffix(survey, "?") || strings.HasSuffix(survey, "&") {
				sep = ""
			}
		}
		return survey + sep + "unit=" + url.QueryEscape(u.Code) + frag
	}
	values := placeholder.Values{"code": u.Code, "token": token, "name": u.Name, "district": u.District, "type": u.Type.String()}
	f, err := placeholder.Fill(survey, values, func(v string, at int) string {
		if strings.ContainsAny(survey[:at], "?#") {
			return url.QueryEscape(v)
		}
		return url.PathEscape(v)
	})
	if err != nil {
		// The campaign admits only these five, and a unit has them all.
		panic("links: " + err.Error())
	}
	return f.Text
}
