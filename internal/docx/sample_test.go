package docx

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"testing"
)

// sampleLetter is a Thai circular laid out as an office would: the Garuda,
// ที่ at the left and the office from the centre on one line, the date and
// the signature block from the centre, labelled lines with hanging indents,
// justified body paragraphs indented 2.5 cm. Body paragraphs are long
// enough to need a second page. parts lists its text in reading order.
func sampleLetter(t testing.TB) (doc *Document, parts []string) {
	t.Helper()
	const officeAt = 95 // mm from the left margin, about the page's centre
	label := func(name, text string, indent float64) Paragraph {
		return Paragraph{
			Indent: indent, FirstLine: -indent, Tabs: []Tab{{Pos: indent}},
			Align: Left, Before: 6,
			Runs: []Run{{Text: name + "\t"}, {Text: text}},
		}
	}
	body := func(text string) Paragraph {
		return Paragraph{Align: ThaiDistribute, FirstLine: 25, Before: 6, Runs: []Run{{Text: text}}}
	}
	centred := func(text string, before float64) Paragraph {
		return Paragraph{Align: Center, Indent: 20, Before: before, KeepWithNext: true, Runs: []Run{{Text: text}}}
	}
	// The office's contact lines stay together on one page.
	contact := func(text string, before float64) Paragraph {
		return Paragraph{Before: before, KeepWithNext: true, Runs: []Run{{Text: text}}}
	}

	p1 := "ด้วยกระทรวงมหาดไทยได้ขอความร่วมมือจังหวัดสำรวจความพึงพอใจของประชาชนผู้มารับบริการ " +
		"ณ สำนักงานทุกแห่งในจังหวัด เพื่อนำผลไปปรับปรุงการให้บริการให้สะดวก รวดเร็ว และโปร่งใสยิ่งขึ้น " +
		"โดยให้แต่ละหน่วยงานติดแผ่นป้ายรหัสคิวอาร์ไว้ที่จุดบริการ และรายงานผลการดำเนินการภายในเวลาที่กำหนด"
	p2 := "จังหวัดสมุทรสาครพิจารณาแล้ว จึงขอความร่วมมือท่านแจ้งหน่วยงานในสังกัดพิมพ์แผ่นป้ายตามสิ่งที่ส่งมาด้วย ๑. " +
		"ติดไว้ในที่ที่ประชาชนมองเห็นได้ง่าย และกรอกแบบรายงานตามสิ่งที่ส่งมาด้วย ๒. " +
		"ส่งให้จังหวัดภายในวันที่ ๑๕ ธันวาคม ๒๕๖๙ ทั้งนี้ หากมีข้อสงสัยโปรดติดต่อสำนักงานจังหวัดตามหมายเลขโทรศัพท์ท้ายหนังสือนี้"
	p3 := "จึงเรียนมาเพื่อโปรดพิจารณาดำเนินการต่อไป"

	doc = &Document{
		Image:       &Image{Data: garudaPNG(t), Height: 30, Description: "ตราครุฑ"},
		PageNumbers: true,
		Title:       "ขอความร่วมมือสำรวจความพึงพอใจ",
		Blocks: []Paragraph{
			{Tabs: []Tab{{Pos: officeAt}}, Before: 6, Runs: []Run{{Text: "ที่ มท ๐๘๑๐.๗/ว ๑๒๓๔\tศาลากลางจังหวัดสมุทรสาคร"}}},
			{Indent: officeAt, Runs: []Run{{Text: "ถนนสุรินทร์ สค ๗๔๐๐๐"}}},
			{Indent: officeAt - 20, Before: 6, Runs: []Run{{Text: "๒๖ พฤศจิกายน ๒๕๖๙"}}},
			label("เรื่อง", "ขอความร่วมมือสำรวจความพึงพอใจของผู้รับบริการ", 12),
			label("เรียน", "นายอำเภอทุกอำเภอ นายกองค์การบริหารส่วนจังหวัดสมุทรสาคร และนายกเทศมนตรีนครสมุทรสาคร", 12),
			label("อ้างถึง", "หนังสือกระทรวงมหาดไทย ด่วนที่สุด ที่ มท ๐๒๐๐/ว ๕๖๗ ลงวันที่ ๑ พฤศจิกายน ๒๕๖๙", 15),
			label("สิ่งที่ส่งมาด้วย", "๑. แผ่นป้ายรหัสคิวอาร์ของหน่วยงาน จำนวน ๑ ชุด\n๒. แบบรายงานผลการดำเนินการ จำนวน ๑ ฉบับ", 32),
			body(p1), body(p2), body(p1), body(p2),
			body(p3),
			centred("ขอแสดงความนับถือ", 12),
			centred("", 0), centred("", 0), centred("", 0),
			centred("(นายสมชาย ใจดี)", 0),
			{Align: Center, Indent: 20, Runs: []Run{{Text: "ผู้ว่าราชการจังหวัดสมุทรสาคร"}}},
			contact("สำนักงานจังหวัด", 24),
			contact("กลุ่มงานยุทธศาสตร์และข้อมูลเพื่อการพัฒนาจังหวัด", 0),
			contact("โทร. ๐ ๓๔๘๑ ๑๒๓๔", 0),
			{Runs: []Run{{Text: "ไปรษณีย์อิเล็กทรอนิกส์ saraban@samutsakhon.go.th"}}},
		},
	}
	parts = []string{
		"ที่ มท ๐๘๑๐.๗/ว ๑๒๓๔", "ศาลากลางจังหวัดสมุทรสาคร", "ถนนสุรินทร์ สค ๗๔๐๐๐",
		"๒๖ พฤศจิกายน ๒๕๖๙",
		"เรื่อง", "ขอความร่วมมือสำรวจความพึงพอใจของผู้รับบริการ",
		"เรียน", "นายอำเภอทุกอำเภอ",
		"อ้างถึง", "ที่ มท ๐๒๐๐/ว ๕๖๗",
		"สิ่งที่ส่งมาด้วย", "๑. แผ่นป้ายรหัสคิวอาร์ของหน่วยงาน", "๒. แบบรายงานผลการดำเนินการ",
		p1, p2, p1, p2, p3,
		"ขอแสดงความนับถือ", "(นายสมชาย ใจดี)", "ผู้ว่าราชการจังหวัดสมุทรสาคร",
		"สำนักงานจังหวัด", "กลุ่มงานยุทธศาสตร์และข้อมูลเพื่อการพัฒนาจังหวัด",
		"โทร. ๐ ๓๔๘๑ ๑๒๓๔", "saraban@samutsakhon.go.th",
	}
	return doc, parts
}

// garudaPNG draws a stand-in for the Garuda: a red disc with a gold ring,
// 300 by 330 pixels like the emblem's upright shape.
func garudaPNG(t testing.TB) []byte {
	t.Helper()
	const w, h = 300, 330
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	red := color.NRGBA{0xb0, 0x10, 0x10, 0xff}
	gold := color.NRGBA{0xd4, 0xa0, 0x17, 0xff}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			dx, dy := float64(x-w/2), float64(y-h/2)*float64(w)/float64(h)
			switch r := dx*dx + dy*dy; {
			case r < 120*120:
				img.Set(x, y, red)
			case r < 145*145:
				img.Set(x, y, gold)
			}
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
