package roster

import (
	"net/mail"
	"strings"
)

// ParseEmail reads one e-mail address as a clerk types it (a bare address,
// or a name with the address in angle brackets) and returns the bare
// address; ok is false for anything else, such as two addresses in one
// cell or a domain without a dot (saraban@gmail).
func ParseEmail(s string) (addr string, ok bool) {
	a, err := mail.ParseAddress(strings.TrimSpace(s))
	if err != nil {
		return "", false
	}
	at := strings.LastIndexByte(a.Address, '@')
	domain := a.Address[at+1:]
	if at < 1 || !strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") {
		return "", false
	}
	return a.Address, true
}
