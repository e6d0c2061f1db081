// Package placeholder fills the {name} fields of prakat's templates: the
// poster's blocks, the letters' wording and the survey address. One list
// says which fields there are, where each may stand, and which may be empty;
// one filler substitutes them, by the same rules everywhere.
package placeholder

import (
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/prakat/prakat/internal/messages"
)

// Use is where a template stands; a field may stand in several.
type Use uint8

// The templates that hold placeholders.
const (
	Poster Use = 1 << iota
	Letter
	SurveyURL
	Mail // the subject and body of an e-mail
)

// Field is one placeholder.
type Field struct {
	Name string
	In   Use
	// Optional fields may have no value: the poster block or letter line
	// that holds one is left out. A required field with no value is an
	// error, never a blank.
	Optional bool
	// Campaign fields have one value for a whole campaign, the same on
	// every unit's poster and picture.
	Campaign bool
}

// Fields lists every placeholder.
var Fields = []Field{
	{Name: "name", In: Poster | SurveyURL | Mail},
	{Name: "district", In: Poster | Letter | SurveyURL | Mail},
	{Name: "province", In: Poster | Letter | Mail},
	{Name: "code", In: Poster | SurveyURL | Mail},
	{Name: "type", In: Poster | SurveyURL},
	{Name: "token", In: SurveyURL},
	{Name: "link", In: Poster, Optional: true}, // none when too long to type
	{Name: "closing_date", In: Poster | Letter | Mail, Campaign: true},
	{Name: "contact", In: Poster, Optional: true, Campaign: true},
	{Name: "title", In: Poster | Letter | Mail, Campaign: true},
	{Name: "survey_url", In: Letter | Mail},
	{Name: "count", In: Letter},
	{Name: "province_abbr", In: Letter},
	{Name: "department", In: Letter},
	{Name: "department_letter", In: Letter},
	{Name: "province_letter", In: Letter},
	// The e-mail's own: whom it addresses, the letter it names, what it
	// carries and who sends it.
	{Name: "recipient", In: Mail},
	{Name: "number", In: Mail},
	{Name: "date", In: Mail},
	{Name: "subject", In: Mail},
	{Name: "files", In: Mail},
	{Name: "sender", In: Mail},
}

// SameForAll reports whether text, filled, reads the same for every unit
// of a campaign: it holds no placeholder but the campaign's own.
func SameForAll(text string) bool {
	for _, name := range Used(text) {
		if i := slices.IndexFunc(Fields, func(f Field) bool { return f.Name == name }); i < 0 || !Fields[i].Campaign {
			return false
		}
	}
	return true
}

// Names lists the placeholders a template of use u may hold.
func Names(u Use) []string {
	var out []string
	for _, f := range Fields {
		if f.In&u != 0 {
			out = append(out, f.Name)
		}
	}
	return out
}

func field(name string) (Field, bool) {
	i := slices.IndexFunc(Fields, func(f Field) bool { return f.Name == name })
	if i < 0 {
		return Field{}, false
	}
	return Fields[i], true
}

var re = regexp.MustCompile(`\{([^{}]*)\}`)

// Has reports whether text holds any placeholder.
func Has(text string) bool { return re.MatchString(text) }

// parsed is a text's placeholders: each one's byte offsets as
// FindAllStringSubmatchIndex gives them, and their names.
type parsed struct {
	at    [][]int
	names []string
}

// A template's few texts are filled for every unit: each is parsed once.
var (
	parsedTexts sync.Map // text → *parsed
	parsedCount atomic.Int64
)

// maxParsed bounds the texts kept parsed, should a caller fill texts that
// are not a template's.
const maxParsed = 4096

func parse(text string) *parsed {
	if v, ok := parsedTexts.Load(text); ok {
		return v.(*parsed)
	}
	p := &parsed{at: re.FindAllStringSubmatchIndex(text, -1)}
	for _, m := range p.at {
		p.names = append(p.names, text[m[2]:m[3]])
	}
	if parsedCount.Add(1) <= maxParsed {
		parsedTexts.Store(text, p)
	}
	return p
}

// Used returns the placeholders text names, in order. The caller must not
// change the slice.
func Used(text string) []string { return parse(text).names }

// Check refuses a placeholder that a template of use u cannot hold, with
// the list of those it can as the hint.
func Check(text string, u Use) *messages.Error {
	for _, name := range Used(text) {
		if f, ok := field(name); !ok || f.In&u == 0 {
			return messages.Errorf("", "unknown placeholder {%s}", name).WithHint("the placeholders are {%s}", strings.Join(Names(u), "} {"))
		}
	}
	return nil
}

// Values are the fields' values for one poster, letter or link.
type Values map[string]string

// MissingError is a required field without a value.
type MissingError struct{ Name string }

func (e *MissingError) Error() string { return "{" + e.Name + "} has no value" }

// Span is where a value landed in the filled text, in runes.
type Span struct{ Start, End int }

// Filled is a template's text with its values in place.
type Filled struct {
	Text string
	// Values are the places of the substituted values, which a line
	// breaker keeps whole (a unit's name).
	Values []Span
	// Empty is set when an optional field had no value: the caller leaves
	// out the block or line.
	Empty bool
}

// Fill substitutes the values into text. escape, when set, rewrites each
// value for where it stands (percent-encoding in an address); at is the
// placeholder's byte offset in text. A required field without a value is a
// *MissingError.
func Fill(text string, v Values, escape func(value string, at int) string) (Filled, error) {
	var out Filled
	var b strings.Builder
	last, runes := 0, 0
	for _, m := range parse(text).at {
		lit := text[last:m[0]]
		b.WriteString(lit)
		runes += utf8.RuneCountInString(lit)
		name := text[m[2]:m[3]]
		val := v[name]
		if val == "" {
			if f, ok := field(name); !ok || !f.Optional {
				return Filled{}, &MissingError{Name: name}
			}
			out.Empty = true
		}
		if escape != nil {
			val = escape(val, m[0])
		}
		b.WriteString(val)
		n := utf8.RuneCountInString(val)
		out.Values = append(out.Values, Span{Start: runes, End: runes + n})
		runes += n
		last = m[1]
	}
	b.WriteString(text[last:])
	out.Text = b.String()
	return out, nil
}

// Blank puts with in place of every placeholder: the shape of the text
// with any values, for checking it.
func Blank(text, with string) string { return re.ReplaceAllLiteralString(text, with) }
