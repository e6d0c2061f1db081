package pdfdoc

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"strconv"
	"testing"
	"time"

	"codeberg.org/go-pdf/fpdf"
)

func TestRenumber(t *testing.T) {
	in := []byte("<</Kids [3 0 R 15 0 R ]\n/Font 7 0 R/X 13 0 RG /Y (3 0 R)>>")
	got := renumber(in, map[int]int{3: 1, 15: 2, 7: 9})
	want := "<</Kids [1 0 R 2 0 R ]\n/Font 9 0 R/X 13 0 RG /Y (1 0 R)>>"
	if string(got) != want {
		t.Errorf("renumber = %s; want %s", got, want)
	}
	if rs := refs([]byte("/A 12 0 R /B 3 0 R")); len(rs) != 2 || rs[0] != 12 || rs[1] != 3 {
		t.Errorf("refs = %v", rs)
	}
}

func threePages(t *testing.T) []byte {
	p := fpdf.New("P", "mm", "A4", "")
	p.SetCreationDate(time.Unix(0, 0))
	p.SetModificationDate(time.Unix(0, 0))
	p.SetFont("Helvetica", "", 12)
	for i := 0; i < 3; i++ {
		p.AddPage()
		p.Text(20, 20, string(rune('A'+i)))
	}
	var b bytes.Buffer
	if err := p.Output(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// Cutting pages out gives documents that parse again, with just those pages.
func TestRange(t *testing.T) {
	d, err := Parse(threePages(t))
	if err != nil {
		t.Fatal(err)
	}
	if d.Pages() != 3 {
		t.Fatalf("%d pages", d.Pages())
	}
	for _, c := range []struct{ from, to int }{{0, 1}, {1, 3}, {0, 3}} {
		out := d.Range(c.from, c.to)
		again, err := Parse(out)
		if err != nil {
			t.Fatalf("Range(%d, %d) does not parse: %v", c.from, c.to, err)
		}
		if again.Pages() != c.to-c.from {
			t.Errorf("Range(%d, %d) has %d pages", c.from, c.to, again.Pages())
		}
	}
	if _, err := Parse([]byte("%PDF-1.4 not really")); err == nil {
		t.Error("Parse accepted junk")
	}
}

func TestParseWidths(t *testing.T) {
	for _, c := range []struct {
		in   string
		want [][2]int
	}{
		{" 32 [ 339 252 ]\n 48 50 568 ", [][2]int{{32, 339}, {33, 252}, {48, 568}, {49, 568}, {50, 568}}},
		{"3585 [588]", [][2]int{{3585, 588}}},
		{"", nil},
	} {
		got, err := parseWidths([]byte(c.in))
		if err != nil || fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("parseWidths(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
	for _, in := range []string{"32 [ 339 x ]", "48 50", "50 48 1"} {
		if _, err := parseWidths([]byte(in)); err == nil {
			t.Errorf("parseWidths(%q) accepted", in)
		}
	}
}

// A width array keeps the codes its glyph map draws, with their widths,
// and no other.
func TestTrimWidths(t *testing.T) {
	glyphs := make([]byte, 2*128)
	for _, c := range []int{32, 65, 66, 100} {
		glyphs[2*c+1] = byte(c) // any glyph but 0
	}
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(glyphs)
	zw.Close()
	d := &Doc{objs: map[int]object{
		1: {dict: []byte("<</Type /Font /W [ 32 [ 339 252 ]\n 64 67 500 100 [7 8] ]\n/CIDToGIDMap 2 0 R>>")},
		2: {dict: []byte("<</Length " + strconv.Itoa(z.Len()) + "/Filter /FlateDecode>>"), stream: z.Bytes()},
	}}
	if err := d.TrimWidths(); err != nil {
		t.Fatal(err)
	}
	got := string(d.objs[1].dict)
	want := "<</Type /Font /W [32 [339] 65 [500 500] 100 [7]]\n/CIDToGIDMap 2 0 R>>"
	if got != want {
		t.Errorf("TrimWidths: %s; want %s", got, want)
	}
}

// Cutting every page out of a document costs the same a page whatever the
// document's length: compare the ns/op of the sizes.
func BenchmarkPages(b *testing.B) {
	for _, n := range []int{64, 512} {
		p := fpdf.New("P", "mm", "A4", "")
		p.SetFont("Helvetica", "", 12)
		for i := 0; i < n; i++ {
			p.AddPage()
			p.Text(20, 20, strconv.Itoa(i))
		}
		var buf bytes.Buffer
		if err := p.Output(&buf); err != nil {
			b.Fatal(err)
		}
		d, err := Parse(buf.Bytes())
		if err != nil {
			b.Fatal(err)
		}
		b.Run(strconv.Itoa(n)+"pages", func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				d.Page(i % n)
			}
		})
	}
}
