package docx

import (
	"encoding/xml"
	"fmt"
	"math"
	"strings"
	"time"
)

// The XML is written as text: the parts are small and fixed in shape, and
// text keeps element order, which WordprocessingML's schema prescribes,
// plain to see. Every value from the caller goes through esc.

const xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

const (
	nsW   = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsR   = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsWP  = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
	nsA   = "http://schemas.openxmlformats.org/drawingml/2006/main"
	nsPic = "http://schemas.openxmlformats.org/drawingml/2006/picture"
	nsRel = "http://schemas.openxmlformats.org/package/2006/relationships"

	relOffice   = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
	relCore     = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
	relApp      = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties"
	relStyles   = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
	relSettings = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings"
	relHeader   = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
	relImage    = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"

	ctMain     = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
	ctStyles   = "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"
	ctSettings = "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"
	ctHeader   = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
	ctCore     = "application/vnd.openxmlformats-package.core-properties+xml"
	ctApp      = "application/vnd.openxmlformats-officedocument.extended-properties+xml"
	ctRels     = "application/vnd.openxmlformats-package.relationships+xml"
)

// esc escapes s for XML text and attribute values alike, and replaces
// characters XML cannot hold with U+FFFD.
func esc(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s)) // writes to a strings.Builder never fail
	return b.String()
}

func contentTypes(d *Document, img *picture) []byte {
	var b strings.Builder
	b.WriteString(xmlHeader)
	b.WriteString(`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`)
	b.WriteString(`<Default Extension="rels" ContentType="` + ctRels + `"/>`)
	b.WriteString(`<Default Extension="xml" ContentType="application/xml"/>`)
	if img != nil {
		ext := strings.TrimPrefix(img.name, "image1.")
		b.WriteString(`<Default Extension="` + ext + `" ContentType="` + img.contentType + `"/>`)
	}
	override := func(name, ct string) {
		b.WriteString(`<Override PartName="/` + name + `" ContentType="` + ct + `"/>`)
	}
	override("word/document.xml", ctMain)
	override("word/styles.xml", ctStyles)
	override("word/settings.xml", ctSettings)
	if d.PageNumbers {
		override("word/header1.xml", ctHeader)
		override("word/header2.xml", ctHeader)
	}
	override("docProps/core.xml", ctCore)
	override("docProps/app.xml", ctApp)
	b.WriteString(`</Types>`)
	return []byte(b.String())
}

var packageRels = []byte(xmlHeader +
	`<Relationships xmlns="` + nsRel + `">` +
	`<Relationship Id="rId1" Type="` + relOffice + `" Target="word/document.xml"/>` +
	`<Relationship Id="rId2" Type="` + relCore + `" Target="docProps/core.xml"/>` +
	`<Relationship Id="rId3" Type="` + relApp + `" Target="docProps/app.xml"/>` +
	`</Relationships>`)

// The relationship ids document.xml uses.
const (
	ridStyles      = "rId1"
	ridSettings    = "rId2"
	ridHeader      = "rId3" // every page but the first: the page number
	ridFirstHeader = "rId4" // the first page: empty
	ridImage       = "rId5"
)

func documentRels(d *Document, img *picture) []byte {
	var b strings.Builder
	b.WriteString(xmlHeader)
	b.WriteString(`<Relationships xmlns="` + nsRel + `">`)
	rel := func(id, typ, target string) {
		b.WriteString(`<Relationship Id="` + id + `" Type="` + typ + `" Target="` + target + `"/>`)
	}
	rel(ridStyles, relStyles, "styles.xml")
	rel(ridSettings, relSettings, "settings.xml")
	if d.PageNumbers {
		rel(ridHeader, relHeader, "header1.xml")
		rel(ridFirstHeader, relHeader, "header2.xml")
	}
	if img != nil {
		rel(ridImage, relImage, "media/"+img.name)
	}
	b.WriteString(`</Relationships>`)
	return []byte(b.String())
}

func coreXML(d *Document) []byte {
	var b strings.Builder
	b.WriteString(xmlHeader)
	b.WriteString(`<cp:coreProperties` +
		` xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"` +
		` xmlns:dc="http://purl.org/dc/elements/1.1/"` +
		` xmlns:dcterms="http://purl.org/dc/terms/"` +
		` xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`)
	if d.Title != "" {
		b.WriteString(`<dc:title>` + esc(d.Title) + `</dc:title>`)
	}
	if d.Author != "" {
		b.WriteString(`<dc:creator>` + esc(d.Author) + `</dc:creator>`)
	}
	b.WriteString(`<dc:language>` + esc(d.Lang) + `</dc:language>`)
	if !d.Created.IsZero() {
		t := d.Created.UTC().Format(time.RFC3339)
		b.WriteString(`<dcterms:created xsi:type="dcterms:W3CDTF">` + t + `</dcterms:created>`)
		b.WriteString(`<dcterms:modified xsi:type="dcterms:W3CDTF">` + t + `</dcterms:modified>`)
	}
	b.WriteString(`</cp:coreProperties>`)
	return []byte(b.String())
}

var appXML = []byte(xmlHeader +
	`<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">` +
	`<Application>prakat</Application></Properties>`)

// settingsXML asks Word for its current layout rules (compatibility mode
// 15), so that it does not open the file in compatibility mode.
var settingsXML = []byte(xmlHeader +
	`<w:settings xmlns:w="` + nsW + `">` +
	`<w:defaultTabStop w:val="720"/>` +
	`<w:characterSpacingControl w:val="doNotCompress"/>` +
	`<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>` +
	`</w:settings>`)

// stylesXML holds the font, size, language and line spacing as document
// defaults, so that paragraphs and runs need to state only what differs.
func stylesXML(d *Document) []byte {
	font := esc(d.Font)
	size := halfPoints(d.Size)
	lang := esc(d.Lang)
	var b strings.Builder
	b.WriteString(xmlHeader)
	b.WriteString(`<w:styles xmlns:w="` + nsW + `">`)
	b.WriteString(`<w:docDefaults><w:rPrDefault><w:rPr>`)
	fmt.Fprintf(&b, `<w:rFonts w:ascii="%s" w:hAnsi="%s" w:eastAsia="%s" w:cs="%s"/>`, font, font, font, font)
	fmt.Fprintf(&b, `<w:sz w:val="%d"/><w:szCs w:val="%d"/>`, size, size)
	fmt.Fprintf(&b, `<w:lang w:val="%s" w:eastAsia="%s" w:bidi="%s"/>`, lang, lang, lang)
	b.WriteString(`</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>`)
	fmt.Fprintf(&b, `<w:spacing w:before="0" w:after="0" w:line="%d" w:lineRule="auto"/>`,
		int64(math.Round(240*d.LineSpacing)))
	b.WriteString(`</w:pPr></w:pPrDefault></w:docDefaults>`)
	b.WriteString(`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>`)
	b.WriteString(`<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>`)
	b.WriteString(`<w:style w:type="paragraph" w:styleId="Header"><w:name w:val="header"/><w:basedOn w:val="Normal"/></w:style>`)
	b.WriteString(`</w:styles>`)
	return []byte(b.String())
}

func halfPoints(pt float64) int64 { return int64(math.Round(pt * 2)) }

// headerXML is the page-number header when numbered, else the empty one
// the first page shows. The number is a PAGE field; the section's page
// number format (thaiNumbers) makes it Thai digits in Word; LibreOffice
// (7.4) ignores that format and shows "- 2 -". "๒" is only the cached
// result that Word replaces when it lays out the pages.
func headerXML(numbered bool) []byte {
	var b strings.Builder
	b.WriteString(xmlHeader)
	b.WriteString(`<w:hdr xmlns:w="` + nsW + `" xmlns:r="` + nsR + `">`)
	if numbered {
		b.WriteString(`<w:p><w:pPr><w:pStyle w:val="Header"/><w:spacing w:after="120"/><w:jc w:val="center"/></w:pPr>`)
		b.WriteString(`<w:r><w:t xml:space="preserve">- </w:t></w:r>`)
		b.WriteString(`<w:fldSimple w:instr=" PAGE "><w:r><w:t>๒</w:t></w:r></w:fldSimple>`)
		b.WriteString(`<w:r><w:t xml:space="preserve"> -</w:t></w:r></w:p>`)
	} else {
		// One point tall, so that it does not push the first page's
		// text (the Garuda) below the top margin.
		b.WriteString(`<w:p><w:pPr><w:pStyle w:val="Header"/><w:spacing w:line="20" w:lineRule="exact"/>` +
			`<w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr></w:pPr></w:p>`)
	}
	b.WriteString(`</w:hdr>`)
	return []byte(b.String())
}

func documentXML(d *Document, img *picture) []byte {
	var b strings.Builder
	b.WriteString(xmlHeader)
	b.WriteString(`<w:document xmlns:w="` + nsW + `" xmlns:r="` + nsR + `" xmlns:wp="` + nsWP +
		`" xmlns:a="` + nsA + `" xmlns:pic="` + nsPic + `"><w:body>`)
	if img != nil {
		writePicture(&b, img, d.Page)
	}
	for _, p := range d.Blocks {
		writeParagraph(&b, &p)
	}
	writeSection(&b, d)
	b.WriteString(`</w:body></w:document>`)
	return []byte(b.String())
}

// writePicture writes img inline in a paragraph of its own, centred on
// the page rather than between the margins: an indent on the side of the
// smaller margin makes up the difference.
func writePicture(b *strings.Builder, img *picture, page Page) {
	desc := esc(img.description)
	b.WriteString(`<w:p><w:pPr>`)
	switch {
	case page.Left > page.Right:
		fmt.Fprintf(b, `<w:ind w:right="%d"/>`, twips(page.Left-page.Right))
	case page.Right > page.Left:
		fmt.Fprintf(b, `<w:ind w:left="%d"/>`, twips(page.Right-page.Left))
	}
	b.WriteString(`<w:jc w:val="center"/></w:pPr><w:r><w:drawing>`)
	b.WriteString(`<wp:inline distT="0" distB="0" distL="0" distR="0">`)
	fmt.Fprintf(b, `<wp:extent cx="%d" cy="%d"/>`, img.cx, img.cy)
	b.WriteString(`<wp:docPr id="1" name="Picture 1" descr="` + desc + `"/>`)
	b.WriteString(`<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>`)
	b.WriteString(`<a:graphic><a:graphicData uri="` + nsPic + `"><pic:pic>`)
	b.WriteString(`<pic:nvPicPr><pic:cNvPr id="1" name="` + img.name + `" descr="` + desc + `"/><pic:cNvPicPr/></pic:nvPicPr>`)
	b.WriteString(`<pic:blipFill><a:blip r:embed="` + ridImage + `"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>`)
	fmt.Fprintf(b, `<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="%d" cy="%d"/></a:xfrm>`, img.cx, img.cy)
	b.WriteString(`<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>`)
	b.WriteString(`</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>`)
}

// writeParagraph writes p, its properties in the order the schema gives.
func writeParagraph(b *strings.Builder, p *Paragraph) {
	var pr strings.Builder
	if p.KeepWithNext {
		pr.WriteString(`<w:keepNext/>`)
	}
	if p.KeepLines {
		pr.WriteString(`<w:keepLines/>`)
	}
	if p.PageBreakBefore {
		pr.WriteString(`<w:pageBreakBefore/>`)
	}
	if len(p.Tabs) > 0 {
		pr.WriteString(`<w:tabs>`)
		for _, t := range p.Tabs {
			align := t.Align
			if align == "" {
				align = TabLeft
			}
			fmt.Fprintf(&pr, `<w:tab w:val="%s" w:pos="%d"/>`, align, twips(t.Pos))
		}
		pr.WriteString(`</w:tabs>`)
	}
	if p.Before != 0 || p.After != 0 {
		fmt.Fprintf(&pr, `<w:spacing w:before="%d" w:after="%d"/>`,
			int64(math.Round(p.Before*20)), int64(math.Round(p.After*20)))
	}
	if p.Indent != 0 || p.FirstLine != 0 {
		fmt.Fprintf(&pr, `<w:ind w:left="%d"`, twips(p.Indent))
		switch {
		case p.FirstLine > 0:
			fmt.Fprintf(&pr, ` w:firstLine="%d"`, twips(p.FirstLine))
		case p.FirstLine < 0:
			fmt.Fprintf(&pr, ` w:hanging="%d"`, twips(-p.FirstLine))
		}
		pr.WriteString(`/>`)
	}
	if p.Align != Left {
		pr.WriteString(`<w:jc w:val="` + string(p.Align) + `"/>`)
	}

	b.WriteString(`<w:p>`)
	if pr.Len() > 0 {
		b.WriteString(`<w:pPr>` + pr.String() + `</w:pPr>`)
	}
	for _, r := range p.Runs {
		writeRun(b, r)
	}
	b.WriteString(`</w:p>`)
}

// writeRun writes r, turning "\t" into w:tab and "\n" into w:br; a bare
// "\r" is dropped.
func writeRun(b *strings.Builder, r Run) {
	b.WriteString(`<w:r>`)
	if r.Bold {
		b.WriteString(`<w:rPr><w:b/><w:bCs/></w:rPr>`)
	}
	text := strings.ReplaceAll(r.Text, "\r", "")
	start := 0
	for i := 0; i <= len(text); i++ {
		if i < len(text) && text[i] != '\t' && text[i] != '\n' {
			continue
		}
		if i > start {
			writeText(b, text[start:i])
		}
		if i < len(text) {
			if text[i] == '\t' {
				b.WriteString(`<w:tab/>`)
			} else {
				b.WriteString(`<w:br/>`)
			}
		}
		start = i + 1
	}
	b.WriteString(`</w:r>`)
}

// writeText writes a w:t, keeping spaces at its ends, which XML readers
// would otherwise be free to drop.
func writeText(b *strings.Builder, s string) {
	if strings.TrimSpace(s) != s {
		b.WriteString(`<w:t xml:space="preserve">`)
	} else {
		b.WriteString(`<w:t>`)
	}
	b.WriteString(esc(s))
	b.WriteString(`</w:t>`)
}

// writeSection writes the page size and margins. With page numbers, the
// first page has a header of its own (w:titlePg), which is empty.
func writeSection(b *strings.Builder, d *Document) {
	p := d.Page
	b.WriteString(`<w:sectPr>`)
	if d.PageNumbers {
		b.WriteString(`<w:headerReference w:type="default" r:id="` + ridHeader + `"/>`)
		b.WriteString(`<w:headerReference w:type="first" r:id="` + ridFirstHeader + `"/>`)
	}
	fmt.Fprintf(b, `<w:pgSz w:w="%d" w:h="%d"/>`, twips(p.Width), twips(p.Height))
	fmt.Fprintf(b, `<w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="%d" w:footer="%d" w:gutter="0"/>`,
		twips(p.Top), twips(p.Right), twips(p.Bottom), twips(p.Left), twips(p.Header), twips(p.Bottom/2))
	if d.PageNumbers {
		b.WriteString(`<w:pgNumType w:fmt="thaiNumbers"/>`)
		b.WriteString(`<w:titlePg/>`)
	}
	b.WriteString(`</w:sectPr>`)
}
