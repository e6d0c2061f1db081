// Package messages is prakat's one message catalogue: every sentence a user
// reads, in English (the key itself) and in Thai.
//
// Domain packages describe what went wrong with T, a format string and its
// arguments; only the CLI chooses the language and renders the text.
package messages

import (
	"errors"
	"fmt"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"
)

// Text is a sentence waiting for a language: an English format string, which
// is also its key in the catalogue, and its arguments.
type Text struct {
	Format string
	Args   []any
}

// T makes a Text. Every format passed to T must have a Thai entry in th.go;
// a test walks the source tree to hold that true.
func T(format string, args ...any) Text { return Text{Format: format, Args: args} }

// String renders the text in English.
func (t Text) String() string { return Default.Sprint(t) }

// IsZero reports whether t holds nothing.
func (t Text) IsZero() bool { return t.Format == "" }

// Error is an error a user can act on: what is wrong, where, and optionally
// a hint with the fix. Err, when set, is the underlying cause.
type Error struct {
	Where string // "units.csv:14" or "campaign.yaml"; may be empty
	What  Text
	Hint  Text
	Err   error
}

// Errorf returns an *Error located at where.
func Errorf(where string, format string, args ...any) *Error {
	return &Error{Where: where, What: T(format, args...)}
}

// WithHint sets the hint and returns e, for chaining at the call site.
func (e *Error) WithHint(format string, args ...any) *Error {
	e.Hint = T(format, args...)
	return e
}

func (e *Error) Error() string { return Default.Error(e) }

func (e *Error) Unwrap() error { return e.Err }

// Printer renders Texts and errors in one language.
type Printer struct {
	lang language.Tag
	p    *message.Printer
}

var cat = buildCatalog()

func buildCatalog() catalog.Catalog {
	b := catalog.NewBuilder(catalog.Fallback(language.English))
	for key, th := range thai {
		if err := b.SetString(language.Thai, key, th); err != nil {
			panic(fmt.Sprintf("messages: bad Thai entry for %q: %v", key, err))
		}
		if err := b.SetString(language.English, key, key); err != nil {
			panic(fmt.Sprintf("messages: bad entry %q: %v", key, err))
		}
	}
	for key, msgs := range englishPlurals {
		if err := b.Set(language.English, key, msgs...); err != nil {
			panic(fmt.Sprintf("messages: bad plural entry %q: %v", key, err))
		}
	}
	return b
}

// HasThai reports whether the catalogue holds a Thai wording of key.
func HasThai(key string) bool {
	_, ok := thai[key]
	return ok
}

// Default renders English.
var Default = NewPrinter(language.English)

// NewPrinter returns a printer for lang; anything but Thai gets English.
func NewPrinter(lang language.Tag) *Printer {
	base, _ := lang.Base()
	if thBase, _ := language.Thai.Base(); base == thBase {
		lang = language.Thai
	} else {
		lang = language.English
	}
	return &Printer{lang: lang, p: message.NewPrinter(lang, message.Catalog(cat))}
}

// ForLocale picks the language from a --lang value when given, else from the
// locale environment (LC_ALL, LC_MESSAGES, LANG) as getenv reads it, as a
// Thai desktop sets it, else from system, the locale name the operating
// system gives the user ("th-TH" on a Thai Windows PC, where no LANG is set).
func ForLocale(flag string, getenv func(string) string, system string) (*Printer, error) {
	if flag != "" {
		switch strings.ToLower(flag) {
		case "th", "thai", "ไทย":
			return NewPrinter(language.Thai), nil
		case "en", "english":
			return NewPrinter(language.English), nil
		}
		return nil, fmt.Errorf("--lang %q: want th or en", flag)
	}
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if s := getenv(v); s != "" {
			return NewPrinter(LocaleLanguage(s)), nil
		}
	}
	return NewPrinter(LocaleLanguage(system)), nil
}

// LocaleLanguage is the language of a locale name as POSIX writes it
// (th_TH.UTF-8, C), as Windows does (th-TH, en-US) or as its C runtime does
// (Thai_Thailand.874): Thai for a Thai locale, English for anything else, an
// empty name included.
func LocaleLanguage(name string) language.Tag {
	name = strings.ToLower(name)
	if i := strings.IndexAny(name, "_-.@"); i >= 0 {
		name = name[:i]
	}
	if name == "th" || name == "thai" {
		return language.Thai
	}
	return language.English
}

// Thai reports whether the printer writes Thai.
func (p *Printer) Thai() bool { return p.lang == language.Thai }

// Sprint renders t.
func (p *Printer) Sprint(t Text) string { return p.p.Sprintf(t.Format, t.Args...) }

// Static renders a sentence of the catalogue that takes no arguments, such
// as a command's help, whatever characters it holds (a % included).
func (p *Printer) Static(s string) string {
	if th, ok := thai[s]; ok && p.Thai() {
		return th
	}
	return s
}

// Sprintf renders a format from the catalogue.
func (p *Printer) Sprintf(format string, args ...any) string { return p.p.Sprintf(format, args...) }

// Error renders err for a person: an *Error found in its chain as
// "where: what" and a "hint:" line, anything else as it is.
func (p *Printer) Error(err error) string {
	var e *Error
	if !errors.As(err, &e) {
		return err.Error()
	}
	var b strings.Builder
	if e.Where != "" {
		b.WriteString(e.Where)
		b.WriteString(": ")
	}
	b.WriteString(p.Sprint(e.What))
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(p.Error(e.Err))
	}
	if !e.Hint.IsZero() {
		b.WriteString("\n")
		b.WriteString(p.Sprintf("hint: %s", p.Sprint(e.Hint)))
	}
	return b.String()
}
