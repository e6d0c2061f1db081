package pdfdoc

import (
	"bytes"
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
