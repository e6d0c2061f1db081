// Package yamlfile reads the YAML files a clerk edits by hand (campaign.yaml,
// poster.yaml, letters.yaml) strictly, and says what is wrong in words that
// lead to the fix: the file and line, the setting as it is spelt in the
// file, never a Go type, and a hint.
package yamlfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/prakat/prakat/internal/messages"
	"go.yaml.in/yaml/v3"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// Decode decodes data, the file name, into v, a pointer to a struct whose
// yaml tags name the settings. It refuses a file that is not UTF-8 (naming
// the line of the first bad byte), a key v does not know (naming its line
// and the nearest known key) and YAML that does not parse (naming the line).
// A file with a UTF-16 byte-order mark, as Notepad's "Unicode" writes it, is
// read as the text it is. An empty file leaves v as it was.
func Decode(name string, data []byte, v any) error {
	data, err := utf8Text(name, data)
	if err != nil {
		return err
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	err = dec.Decode(v)
	if err == nil || errors.Is(err, io.EOF) {
		return nil
	}
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		return typeError(name, te.Errors[0], reflect.TypeOf(v), data)
	}
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if m := lineRE.FindStringSubmatch(msg); m != nil {
		return messages.Errorf(name+":"+m[1], "not valid YAML: %s", m[2]).
			WithHint("check the indentation and the quotes on this line and the one above")
	}
	return messages.Errorf(name, "not valid YAML: %s", msg)
}

var (
	lineRE    = regexp.MustCompile(`^line (\d+): (.*)`)
	unknownRE = regexp.MustCompile(`^field (.+) not found in type (.+)$`)
	valueRE   = regexp.MustCompile("^cannot unmarshal !!\\w+ `(.*)` into (.+)$")
)

// utf8Text returns data as UTF-8, or an error naming the line where it
// stops being UTF-8.
func utf8Text(name string, data []byte) ([]byte, error) {
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		s, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder().Bytes(data)
		if err == nil {
			return s, nil
		}
	}
	if utf8.Valid(data) {
		return data, nil
	}
	bad := firstInvalid(data)
	where := fmt.Sprintf("%s:%d", name, 1+bytes.Count(data[:bad], []byte("\n")))
	hint := messages.T("save it as UTF-8: in Notepad choose File, Save As, and set Encoding to UTF-8")
	if isWindows874(data) {
		return nil, &messages.Error{Where: where, Hint: hint,
			What: messages.T("the file is saved as Windows-874 (Thai Windows), not UTF-8")}
	}
	return nil, &messages.Error{Where: where, Hint: hint,
		What: messages.T("the file is not UTF-8 text (byte 0x%02X)", data[bad])}
}

func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// isWindows874 reports a file that reads as Thai in Windows-874: every
// byte defined there, some Thai consonants (a Latin-1 é alone would read as
// a tone mark), and most high bytes not part of UTF-8 Thai letters.
func isWindows874(b []byte) bool {
	consonant := false
	for _, c := range b {
		r := charmap.Windows874.DecodeByte(c)
		if r == utf8.RuneError {
			return false
		}
		consonant = consonant || (r >= 0x0E01 && r <= 0x0E2E)
	}
	if !consonant {
		return false
	}
	// A few Windows-874 letter pairs (เน, เธ) followed by a consonant happen
	// to form UTF-8 Thai; in a UTF-8 file with one stray byte, nearly all
	// high bytes do.
	utf8Thai, high := 0, 0
	for i := 0; i < len(b); i++ {
		if b[i] >= 0x80 {
			high++
		}
		if i+2 < len(b) && b[i] == 0xE0 && (b[i+1] == 0xB8 || b[i+1] == 0xB9) && b[i+2]&0xC0 == 0x80 {
			utf8Thai++
		}
	}
	return 2*3*utf8Thai < high
}

// typeError turns one of yaml.v3's "line N: …" type errors into a message
// about the setting, with the settings v's type knows for the hint.
func typeError(name, e string, t reflect.Type, data []byte) error {
	m := lineRE.FindStringSubmatch(e)
	if m == nil {
		return messages.Errorf(name, "not valid YAML: %s", e)
	}
	where := name + ":" + m[1]
	if u := unknownRE.FindStringSubmatch(m[2]); u != nil {
		err := messages.Errorf(where, "unknown setting %q", u[1])
		keys := settings(t)[u[2]]
		if near := nearest(u[1], keys); near != "" {
			return err.WithHint("did you mean %s?", near)
		}
		if len(keys) > 0 {
			return err.WithHint("the settings here are %s", strings.Join(keys, ", "))
		}
		return err
	}
	if u := valueRE.FindStringSubmatch(m[2]); u != nil {
		// yaml.v3 cuts a long value short, in the middle of a Thai letter
		// if it must; the value as written is on the line.
		line, _ := strconv.Atoi(m[1])
		value, ok := scalarOn(data, line)
		if !ok {
			value = strings.ToValidUTF8(u[1], "")
		}
		switch into := u[2]; {
		case strings.HasPrefix(into, "float"), strings.HasPrefix(into, "int"), strings.HasPrefix(into, "uint"):
			return messages.Errorf(where, "%q is not a number", value).WithHint("write a number such as 20 or 12.5, without units")
		case into == "bool":
			return messages.Errorf(where, "%q is not true or false", value)
		case strings.HasPrefix(into, "[]"):
			return messages.Errorf(where, "%q is not a list", value).WithHint("write each item on its own line, starting with - under the setting")
		}
	}
	return messages.Errorf(where, "not valid YAML: %s", m[2])
}

// scalarOn finds the first value (not a key) written on a line of the
// document.
func scalarOn(data []byte, line int) (string, bool) {
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil {
		return "", false
	}
	var find func(n *yaml.Node) (string, bool)
	find = func(n *yaml.Node) (string, bool) {
		for i, c := range n.Content {
			if n.Kind == yaml.MappingNode && i%2 == 0 {
				continue
			}
			if c.Kind == yaml.ScalarNode && c.Line == line {
				return c.Value, true
			}
			if v, ok := find(c); ok {
				return v, true
			}
		}
		return "", false
	}
	return find(&doc)
}

// settings lists the keys of every struct type reachable from t, by the
// type's name as yaml.v3 writes it in errors ("poster.Block").
func settings(t reflect.Type) map[string][]string {
	out := map[string][]string{}
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct {
			return
		}
		if _, seen := out[t.String()]; seen {
			return
		}
		out[t.String()] = nil
		var keys []string
		var add func(t reflect.Type)
		add = func(t reflect.Type) {
			for i := 0; i < t.NumField(); i++ {
				f := t.Field(i)
				if !f.IsExported() {
					continue
				}
				tag := f.Tag.Get("yaml")
				key, opts, _ := strings.Cut(tag, ",")
				if key == "-" {
					continue
				}
				if strings.Contains(opts, "inline") && f.Type.Kind() == reflect.Struct {
					add(f.Type)
					continue
				}
				if key == "" {
					key = strings.ToLower(f.Name)
				}
				keys = append(keys, key)
				walk(f.Type)
			}
		}
		add(t)
		sort.Strings(keys)
		out[t.String()] = keys
	}
	walk(t)
	return out
}

// nearest returns the key closest to s in spelling, or "" when none is
// close enough to be what was meant: at most a third of its letters off.
func nearest(s string, keys []string) string {
	best, bestD := "", 0
	for _, k := range keys {
		d := distance(strings.ToLower(s), k)
		if d <= max(1, len([]rune(k))/3) && (best == "" || d < bestD) {
			best, bestD = k, d
		}
	}
	return best
}

// distance is the Levenshtein distance between a and b, where swapping two
// neighbouring letters counts as one edit (a typist's most common slip).
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}

// Line returns the line of a setting in a YAML document, its path dotted
// through the maps above it ("department.date"); 0 if it is not there.
func Line(data []byte, path string) int {
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) == 0 {
		return 0
	}
	n, line := doc.Content[0], 0
	for _, key := range strings.Split(path, ".") {
		if n.Kind != yaml.MappingNode {
			return 0
		}
		found := false
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == key {
				line, n, found = n.Content[i].Line, n.Content[i+1], true
				break
			}
		}
		if !found {
			return 0
		}
	}
	return line
}
