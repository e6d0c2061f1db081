package docx_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"log"

	"github.com/prakat/prakat/internal/docx"
)

// A letter's parts as paragraphs: ที่ and the office on one line by a tab
// stop, a labelled line with a hanging indent, a body paragraph, and the
// signature block centred from near the page's centre.
func Example() {
	doc := &docx.Document{
		PageNumbers: true,
		Blocks: []docx.Paragraph{
			{Tabs: []docx.Tab{{Pos: 95}}, Runs: []docx.Run{{Text: "ที่ มท ๐๘๑๐.๗/ว ๑๒๓๔\tศาลากลางจังหวัดสมุทรสาคร"}}},
			{Indent: 95, Runs: []docx.Run{{Text: "ถนนสุรินทร์ สค ๗๔๐๐๐"}}},
			{Indent: 75, Before: 6, Runs: []docx.Run{{Text: "๒๖ พฤศจิกายน ๒๕๖๙"}}},
			{Indent: 12, FirstLine: -12, Tabs: []docx.Tab{{Pos: 12}}, Before: 6,
				Runs: []docx.Run{{Text: "เรื่อง\t"}, {Text: "ขอความร่วมมือสำรวจความพึงพอใจ"}}},
			{Align: docx.ThaiDistribute, FirstLine: 25, Before: 6,
				Runs: []docx.Run{{Text: "ด้วยกระทรวงมหาดไทยได้ขอความร่วมมือจังหวัด…"}}},
			{Align: docx.Center, Indent: 20, Before: 12, KeepWithNext: true, Runs: []docx.Run{{Text: "ขอแสดงความนับถือ"}}},
			{Align: docx.Center, Indent: 20, Before: 48, KeepWithNext: true, Runs: []docx.Run{{Text: "(นายสมชาย ใจดี)"}}},
			{Align: docx.Center, Indent: 20, Runs: []docx.Run{{Text: "ผู้ว่าราชการจังหวัดสมุทรสาคร"}}},
		},
	}
	b, err := docx.Bytes(doc)
	if err != nil {
		log.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range zr.File {
		fmt.Println(f.Name)
	}
	// Output:
	// [Content_Types].xml
	// _rels/.rels
	// docProps/core.xml
	// docProps/app.xml
	// word/document.xml
	// word/styles.xml
	// word/settings.xml
	// word/_rels/document.xml.rels
	// word/header1.xml
	// word/header2.xml
}
