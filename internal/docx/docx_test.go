package docx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"image/jpeg"
	"image/png"
	"io"
	"path"
	"slices"
	"strings"
	"testing"
	"time"
)

// unpack writes doc and returns its zip entries by name, in stored order.
func unpack(t *testing.T, doc *Document) (names []string, files map[string][]byte) {
	t.Helper()
	b, err := Bytes(doc)
	if err != nil {
		t.Fatalf("Bytes: %v", err)
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("not a zip file: %v", err)
	}
	files = map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		names = append(names, f.Name)
		files[f.Name] = data
	}
	return names, files
}

// wellFormed parses data to its end with encoding/xml.
func wellFormed(t *testing.T, name string, data []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("%s: not well-formed XML: %v\n%s", name, err, data)
		}
	}
}

func TestPartsWellFormedAndDeclared(t *testing.T) {
	sample, _ := sampleLetter(t)
	tests := []struct {
		name string
		doc  *Document
		want []string
	}{
		{"empty", &Document{}, nil},
		{"letter", sample, []string{"word/header1.xml", "word/header2.xml", "word/media/image1.png"}},
	}
	base := []string{
		"[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml",
		"word/document.xml", "word/styles.xml", "word/settings.xml", "word/_rels/document.xml.rels",
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			names, files := unpack(t, tt.doc)
			want := append(slices.Clone(base), tt.want...)
			got := slices.Sorted(slices.Values(names))
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Fatalf("parts = %q; want %q", got, want)
			}
			if names[0] != "[Content_Types].xml" {
				t.Errorf("first part = %q; want [Content_Types].xml", names[0])
			}
			for name, data := range files {
				if strings.HasSuffix(name, ".xml") || strings.HasSuffix(name, ".rels") {
					wellFormed(t, name, data)
				}
			}
			checkContentTypes(t, files)
			checkRelationships(t, files, "_rels/.rels", "")
			checkRelationships(t, files, "word/_rels/document.xml.rels", "word")
		})
	}
}

// checkContentTypes checks that every part has a content type, by an
// override or by its extension.
func checkContentTypes(t *testing.T, files map[string][]byte) {
	t.Helper()
	var types struct {
		Default []struct {
			Extension   string `xml:",attr"`
			ContentType string `xml:",attr"`
		}
		Override []struct {
			PartName    string `xml:",attr"`
			ContentType string `xml:",attr"`
		}
	}
	if err := xml.Unmarshal(files["[Content_Types].xml"], &types); err != nil {
		t.Fatal(err)
	}
	for name := range files {
		if name == "[Content_Types].xml" {
			continue
		}
		found := false
		for _, o := range types.Override {
			found = found || o.PartName == "/"+name
		}
		for _, d := range types.Default {
			found = found || path.Ext(name) == "."+d.Extension
		}
		if !found {
			t.Errorf("%s: no content type", name)
		}
	}
	for _, o := range types.Override {
		if _, ok := files[strings.TrimPrefix(o.PartName, "/")]; !ok {
			t.Errorf("content type for %s, which is not in the package", o.PartName)
		}
	}
}

// checkRelationships checks that every target of a .rels part exists.
func checkRelationships(t *testing.T, files map[string][]byte, rels, dir string) {
	t.Helper()
	var r struct {
		Relationship []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:",attr"`
		}
	}
	if err := xml.Unmarshal(files[rels], &r); err != nil {
		t.Fatalf("%s: %v", rels, err)
	}
	if len(r.Relationship) == 0 {
		t.Fatalf("%s: no relationships", rels)
	}
	for _, rel := range r.Relationship {
		if _, ok := files[path.Join(dir, rel.Target)]; !ok {
			t.Errorf("%s: %s points to %s, which is not in the package", rels, rel.ID, rel.Target)
		}
	}
}

func TestImage(t *testing.T) {
	png := garudaPNG(t)
	_, files := unpack(t, &Document{Image: &Image{Data: png, Height: 30, Description: "ตราครุฑ"}})
	if !bytes.Equal(files["word/media/image1.png"], png) {
		t.Fatalf("word/media/image1.png is not the image given")
	}
	doc := string(files["word/document.xml"])
	// 30 mm tall; 300x330 pixels make it 300/330*30 mm wide.
	if want := `<wp:extent cx="981818" cy="1080000"/>`; !strings.Contains(doc, want) {
		t.Errorf("document.xml lacks %s", want)
	}
	// Centred on the page: the right indent makes up for the left
	// margin's extra 10 mm.
	if want := `<w:ind w:right="567"/><w:jc w:val="center"/>`; !strings.Contains(doc, want) {
		t.Errorf("document.xml lacks %s", want)
	}
	if !strings.Contains(doc, `r:embed="`+ridImage+`"`) || !strings.Contains(doc, `descr="ตราครุฑ"`) {
		t.Errorf("document.xml does not embed the image with its description")
	}
	if _, files := unpack(t, &Document{}); files["word/media/image1.png"] != nil {
		t.Errorf("an image part without an image")
	}
}

func TestJPEG(t *testing.T) {
	img, err := png.Decode(bytes.NewReader(garudaPNG(t)))
	if err != nil {
		t.Fatal(err)
	}
	var jpg bytes.Buffer
	if err := jpeg.Encode(&jpg, img, nil); err != nil {
		t.Fatal(err)
	}
	names, files := unpack(t, &Document{Image: &Image{Data: jpg.Bytes(), Height: 30}})
	if !bytes.Equal(files["word/media/image1.jpeg"], jpg.Bytes()) {
		t.Fatalf("parts %q: no word/media/image1.jpeg holding the image given", names)
	}
	if want := `<Default Extension="jpeg" ContentType="image/jpeg"/>`; !strings.Contains(string(files["[Content_Types].xml"]), want) {
		t.Errorf("[Content_Types].xml lacks %s", want)
	}
	checkContentTypes(t, files)
	checkRelationships(t, files, "word/_rels/document.xml.rels", "word")
}

// textOf collects the text of document.xml's paragraphs as a reader of the
// XML sees it: w:t text, "\t" for w:tab and "\n" for w:br.
func textOf(t *testing.T, documentXML []byte) []string {
	t.Helper()
	var paras []string
	var cur strings.Builder
	inText := false
	d := xml.NewDecoder(bytes.NewReader(documentXML))
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return paras
		}
		if err != nil {
			t.Fatal(err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			switch tok.Name.Local {
			case "t":
				inText = true
			case "tab":
				if tok.Name.Space == nsW && len(tok.Attr) == 0 {
					cur.WriteString("\t")
				}
			case "br":
				cur.WriteString("\n")
			}
		case xml.EndElement:
			switch tok.Name.Local {
			case "t":
				inText = false
			case "p":
				paras = append(paras, cur.String())
				cur.Reset()
			}
		case xml.CharData:
			if inText {
				cur.Write(tok)
			}
		}
	}
}

func TestTextRoundTrip(t *testing.T) {
	texts := []string{
		"เรื่อง\tขอความร่วมมือ",
		`<b> & "quotes" 'and' </b>`,
		"  leading and trailing  ",
		"line one\nline two\r\n\tafter a tab",
		"bad \x00 byte",
	}
	want := []string{
		"เรื่อง\tขอความร่วมมือ",
		`<b> & "quotes" 'and' </b>`,
		"  leading and trailing  ",
		"line one\nline two\n\tafter a tab",
		"bad \uFFFD byte",
	}
	doc := &Document{}
	for _, s := range texts {
		doc.Blocks = append(doc.Blocks, Paragraph{Runs: []Run{{Text: s}}})
	}
	_, files := unpack(t, doc)
	got := textOf(t, files["word/document.xml"])
	if !slices.Equal(got, want) {
		t.Errorf("text = %q; want %q", got, want)
	}
	if !strings.Contains(string(files["word/document.xml"]), `<w:t xml:space="preserve">  leading and trailing  </w:t>`) {
		t.Errorf("spaces at the ends of a text are not marked to be kept")
	}
}

func TestFormatting(t *testing.T) {
	doc := &Document{
		Font: `Font "A" & B`,
		Size: 15.5,
		Blocks: []Paragraph{
			{Align: ThaiDistribute, FirstLine: 25, Runs: []Run{{Text: "ก", Bold: true}}},
			{Indent: 12, FirstLine: -12, Tabs: []Tab{{Pos: 12}, {Pos: 160, Align: TabRight}}, Before: 6, After: 3,
				KeepWithNext: true, KeepLines: true, PageBreakBefore: true},
		},
	}
	_, files := unpack(t, doc)
	body := string(files["word/document.xml"])
	styles := string(files["word/styles.xml"])
	for _, want := range []string{
		`<w:ind w:left="0" w:firstLine="1417"/><w:jc w:val="thaiDistribute"/>`,
		`<w:rPr><w:b/><w:bCs/></w:rPr>`,
		`<w:keepNext/><w:keepLines/><w:pageBreakBefore/><w:tabs><w:tab w:val="left" w:pos="680"/><w:tab w:val="right" w:pos="9071"/></w:tabs>` +
			`<w:spacing w:before="120" w:after="60"/><w:ind w:left="680" w:hanging="680"/>`,
		// A4 and A4Letter's margins.
		`<w:pgSz w:w="11906" w:h="16838"/>`,
		`<w:pgMar w:top="850" w:right="1134" w:bottom="1134" w:left="1701"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("document.xml lacks %s", want)
		}
	}
	for _, want := range []string{
		`<w:rFonts w:ascii="Font &#34;A&#34; &amp; B" w:hAnsi="Font &#34;A&#34; &amp; B" w:eastAsia="Font &#34;A&#34; &amp; B" w:cs="Font &#34;A&#34; &amp; B"/>`,
		`<w:sz w:val="31"/><w:szCs w:val="31"/>`,
		`<w:lang w:val="th-TH" w:eastAsia="th-TH" w:bidi="th-TH"/>`,
		`w:line="240" w:lineRule="auto"`,
	} {
		if !strings.Contains(styles, want) {
			t.Errorf("styles.xml lacks %s", want)
		}
	}
	if strings.Contains(body, "headerReference") || strings.Contains(body, "titlePg") {
		t.Errorf("page-number header without PageNumbers")
	}
}

func TestDefaultFont(t *testing.T) {
	_, files := unpack(t, &Document{})
	if want := `w:cs="TH SarabunIT๙"`; !strings.Contains(string(files["word/styles.xml"]), want) {
		t.Errorf("styles.xml lacks %s", want)
	}
	if want := `<w:sz w:val="32"/><w:szCs w:val="32"/>`; !strings.Contains(string(files["word/styles.xml"]), want) {
		t.Errorf("styles.xml lacks %s", want)
	}
}

func TestPageNumbers(t *testing.T) {
	_, files := unpack(t, &Document{PageNumbers: true})
	body := string(files["word/document.xml"])
	for _, want := range []string{
		`<w:headerReference w:type="default" r:id="` + ridHeader + `"/>`,
		`<w:headerReference w:type="first" r:id="` + ridFirstHeader + `"/>`,
		`<w:pgNumType w:fmt="thaiNumbers"/><w:titlePg/>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("document.xml lacks %s", want)
		}
	}
	if got := textOf(t, files["word/header1.xml"]); !slices.Equal(got, []string{"- ๒ -"}) {
		t.Errorf("header1.xml text = %q; want the field between dashes", got)
	}
	if !strings.Contains(string(files["word/header1.xml"]), `w:instr=" PAGE "`) {
		t.Errorf("header1.xml has no PAGE field")
	}
	if got := textOf(t, files["word/header2.xml"]); !slices.Equal(got, []string{""}) {
		t.Errorf("first page's header text = %q; want empty", got)
	}
}

func TestDeterministic(t *testing.T) {
	doc, _ := sampleLetter(t)
	a, err := Bytes(doc)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Bytes(doc)
	if !bytes.Equal(a, b) {
		t.Fatal("two writes of one document differ")
	}
	zr, _ := zip.NewReader(bytes.NewReader(a), int64(len(a)))
	for _, f := range zr.File {
		if !f.Modified.Equal(zipTime) {
			t.Errorf("%s: modified %v; want %v", f.Name, f.Modified, zipTime)
		}
	}
	_, files := unpack(t, doc)
	if strings.Contains(string(files["docProps/core.xml"]), "dcterms:created") {
		t.Errorf("core.xml has a date though Created is zero")
	}
	doc.Created = time.Date(2026, 11, 26, 9, 30, 0, 0, time.FixedZone("ICT", 7*3600))
	_, files = unpack(t, doc)
	if want := `<dcterms:created xsi:type="dcterms:W3CDTF">2026-11-26T02:30:00Z</dcterms:created>`; !strings.Contains(string(files["docProps/core.xml"]), want) {
		t.Errorf("core.xml lacks %s", want)
	}
}

func TestErrors(t *testing.T) {
	png := garudaPNG(t)
	tests := []struct {
		name string
		doc  Document
		want string
	}{
		{"not an image", Document{Image: &Image{Data: []byte("GIF89a"), Height: 30}}, "docx: image: "},
		{"no height", Document{Image: &Image{Data: png}}, "docx: image height 0 mm: must be positive"},
		{"margins", Document{Page: Page{Width: 210, Height: 297, Left: 150, Right: 60}}, "margins leave no room"},
		{"alignment", Document{Blocks: []Paragraph{{}, {Align: "middle"}}}, `docx: block 2: unknown alignment "middle"`},
		{"tab", Document{Blocks: []Paragraph{{Tabs: []Tab{{Pos: 10, Align: "decimal"}}}}}, `docx: block 1: unknown tab alignment "decimal"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			err := Write(&b, &tt.doc)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Write = %v; want an error with %q", err, tt.want)
			}
			if b.Len() != 0 {
				t.Errorf("wrote %d bytes before failing", b.Len())
			}
		})
	}
}

// BenchmarkLetter writes a letter's Word copy, as generate does for every
// circular, copy and district letter.
func BenchmarkLetter(b *testing.B) {
	doc, _ := sampleLetter(b)
	var n int
	for b.Loop() {
		data, err := Bytes(doc)
		if err != nil {
			b.Fatal(err)
		}
		n = len(data)
	}
	b.ReportMetric(float64(n), "bytes")
}
