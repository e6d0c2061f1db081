package yamlfile

import (
	"errors"
	"strings"
	"testing"

	"github.com/prakat/prakat/internal/messages"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

type block struct {
	Text string  `yaml:"text"`
	Size float64 `yaml:"size"`
	Bold bool    `yaml:"bold"`
	//lint:ignore U1000 an unexported field the decoder must leave alone
	line int
}

type frame struct {
	Colour string `yaml:"colour"`
	Width  float64
}

type doc struct {
	Title  string   `yaml:"title"`
	Lines  []string `yaml:"lines"`
	Frame  *frame   `yaml:"frame"`
	Blocks []block  `yaml:"blocks"`
	Skip   string   `yaml:"-"`
}

func win874(t *testing.T, s string) []byte {
	t.Helper()
	b, err := charmap.Windows874.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDecodeErrors(t *testing.T) {
	const good = "title: ประกาศ\nlines:\n  - หนึ่ง\nblocks:\n  - text: ชื่อหน่วย\n    size: 20\n"
	tests := []struct {
		name  string
		data  []byte
		where string
		what  string
		hint  string
	}{
		{"typo in a nested list", []byte(good + "  - text: x\n    sise: 20\n"),
			"d.yaml:8", `unknown setting "sise"`, "did you mean size?"},
		{"typo at the top", []byte("titel: x\n" + good),
			"d.yaml:1", `unknown setting "titel"`, "did you mean title?"},
		{"typo under a pointer", []byte(good + "frame:\n  color: red\n"),
			"d.yaml:8", `unknown setting "color"`, "did you mean colour?"},
		{"untagged field keeps its lower-case name", []byte(good + "frame:\n  widht: 2\n"),
			"d.yaml:8", `unknown setting "widht"`, "did you mean width?"},
		{"nothing near: list the settings", []byte(good + "  - text: x\n    colour: red\n"),
			"d.yaml:8", `unknown setting "colour"`, "the settings here are bold, size, text"},
		{"a field kept out of YAML is unknown", []byte("skip: x\n"),
			"d.yaml:1", `unknown setting "skip"`, "the settings here are blocks, frame, lines, title"},
		{"windows-874", win874(t, good), "d.yaml:1", "Windows-874", "save it as UTF-8"},
		{"windows-874 after english lines", win874(t, "lines:\n  - a\n  - b\ntitle: ประกาศ\n"),
			"d.yaml:4", "Windows-874", "save it as UTF-8"},
		{"latin-1 byte", []byte("title: caf\xe9\n"), "d.yaml:1", "not UTF-8 text (byte 0xE9)", "save it as UTF-8"},
		{"utf-8 with one windows-874 byte", []byte(good + "title: บาง\xa1\n"), "d.yaml:7", "not UTF-8 text (byte 0xA1)", "save it as UTF-8"},
		{"not a number", []byte(good + "  - text: x\n    size: ใหญ่\n"), "d.yaml:8", `"ใหญ่" is not a number`, "write a number"},
		{"not a bool", []byte("blocks:\n  - bold: มาก\n"), "d.yaml:2", `"มาก" is not true or false`, ""},
		{"not a list", []byte("lines: หนึ่ง\n"), "d.yaml:1", `"หนึ่ง" is not a list`, "starting with -"},
		{"bad indentation", []byte("title: x\n  lines: y\n"), "d.yaml:2", "not valid YAML", "indentation"},
		{"unclosed bracket", []byte(good + "title: [\n"), "d.yaml:7", "not valid YAML", "indentation"},
		{"long value", []byte("blocks:\n  - size: ใหญ่มากที่สุดในจังหวัด\n"), "d.yaml:2", `"ใหญ่มากที่สุดในจังหวัด" is not a number`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d doc
			err := Decode("d.yaml", tt.data, &d)
			var e *messages.Error
			if !errors.As(err, &e) {
				t.Fatalf("Decode = %v; want a *messages.Error", err)
			}
			if e.Where != tt.where || !strings.Contains(e.What.String(), tt.what) || !strings.Contains(e.Hint.String(), tt.hint) {
				t.Errorf("Decode = %q (hint %q); want at %s %q, hint %q", err, e.Hint.String(), tt.where, tt.what, tt.hint)
			}
		})
	}
}

func TestDecodeGood(t *testing.T) {
	const text = "title: ประกาศ\nlines:\n  - หนึ่ง\nblocks:\n  - text: ชื่อหน่วย\n    size: 20\n"
	utf16, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{
		"utf-8":          []byte(text),
		"utf-8 with bom": append([]byte("\xEF\xBB\xBF"), text...),
		"utf-16 le":      utf16,
	} {
		d := doc{Title: "before"}
		if err := Decode("d.yaml", data, &d); err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if d.Title != "ประกาศ" || len(d.Lines) != 1 || d.Lines[0] != "หนึ่ง" || len(d.Blocks) != 1 || d.Blocks[0].Size != 20 {
			t.Errorf("%s: decoded %+v", name, d)
		}
	}
	d := doc{Title: "kept"}
	if err := Decode("d.yaml", nil, &d); err != nil || d.Title != "kept" {
		t.Errorf("empty file: %v, %+v; want nil and the value untouched", err, d)
	}
}

func TestNearest(t *testing.T) {
	keys := []string{"size", "space_before", "text", "qr", "one_line", "bold", "colour"}
	tests := []struct{ in, want string }{
		{"sise", "size"},
		{"Size", "size"},
		{"szie", "size"},
		{"space_befor", "space_before"},
		{"oneline", "one_line"},
		{"color", "colour"},
		{"q", "qr"},
		{"font", ""},
		{"width", ""},
	}
	for _, tt := range tests {
		if got := nearest(tt.in, keys); got != tt.want {
			t.Errorf("nearest(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}
