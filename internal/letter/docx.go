package letter

import (
	"strconv"
	"strings"

	"github.com/prakat/prakat/internal/docx"
)

// Docx writes the letter as a Word document with the same parts in the
// same order, A4 with the letter's margins, in the template's Word font
// (TH SarabunIT๙ by default, which office PCs have), the Garuda at the top
// when the layout has one: a copy a clerk can change a word in before
// signing. Word sets the lines itself; the list of recipients follows on a
// page of its own.
func (l *Layout) Docx(lt *Letter) ([]byte, error) {
	t, w := l.t, l.t.Words
	const pt = 25.4 / 72
	// mm from the left margin: where the office block, the date and the
	// signature start, as on the PDF.
	measure := 210 - t.MarginLeft - t.MarginRight
	centre := measure * 0.45
	labelled := func(label string, lines []string, hang float64) docx.Paragraph {
		return docx.Paragraph{Indent: hang, FirstLine: -hang, Tabs: []docx.Tab{{Pos: hang}},
			Runs: []docx.Run{{Text: label + "\t"}, {Text: strings.Join(lines, "\n")}}}
	}
	numbered := func(items []string) []string {
		if len(items) < 2 {
			return items
		}
		out := make([]string, len(items))
		for i, s := range items {
			out[i] = l.style.Number(strconv.Itoa(i+1)) + ". " + s
		}
		return out
	}
	// The widest label sets the hang of the labelled parts, so their
	// texts stand in one column as Word lays them.
	hang := 0.0
	for _, s := range []string{w.Subject, w.To, w.Reference, w.Attachments} {
		hang = max(hang, l.font.Width(l.enc(s+"  "), t.FontSize*pt))
	}

	page := docx.A4Letter()
	page.Left, page.Right = t.MarginLeft, t.MarginRight
	doc := &docx.Document{Page: page, Font: t.DocxFont, Size: t.FontSize, PageNumbers: true, Title: lt.Subject}
	b := []docx.Paragraph{{Tabs: []docx.Tab{{Pos: centre + 10}}, Runs: []docx.Run{{Text: w.Number + " " + lt.Number + "\t" + lt.Office[0]}}}}
	if l.garuda != nil {
		doc.Image = &docx.Image{Data: l.garuda, Height: garudaH, Description: w.Emblem}
	} else {
		b[0].Before = (garudaH + 2) / pt // the Garuda's room, as on the PDF
	}
	for _, a := range lt.Office[1:] {
		b = append(b, docx.Paragraph{Indent: centre + 10, Runs: []docx.Run{{Text: a}}})
	}
	b = append(b, docx.Paragraph{Indent: centre, Before: 6, After: 6, Runs: []docx.Run{{Text: lt.Date}}})
	b = append(b, labelled(w.Subject, []string{lt.Subject}, hang))
	b = append(b, labelled(w.To, []string{strings.Join(lt.To, " ")}, hang))
	if len(lt.References) > 0 {
		b = append(b, labelled(w.Reference, numbered(lt.References), hang))
	}
	if len(lt.Attachments) > 0 {
		b = append(b, labelled(w.Attachments, numbered(lt.Attachments), hang))
	}
	for i, p := range lt.Body {
		par := docx.Paragraph{Align: docx.ThaiDistribute, FirstLine: t.Indent, Before: 3, Runs: []docx.Run{{Text: p}}}
		if i == 0 {
			par.Before = 8
		}
		if i == len(lt.Body)-1 {
			par.KeepWithNext = true
		}
		b = append(b, par)
	}
	sig := func(text string, before float64) docx.Paragraph {
		// Centred on the closing's centre line, as on the PDF.
		mid := centre + l.font.Width(l.enc(lt.Closing), t.FontSize*pt)/2
		return docx.Paragraph{Align: docx.Center, Indent: 2*mid - measure, Before: before, KeepWithNext: true, Runs: []docx.Run{{Text: text}}}
	}
	b = append(b, docx.Paragraph{Indent: centre, Before: 10, KeepWithNext: true, Runs: []docx.Run{{Text: lt.Closing}}})
	signer := "(" + lt.Signer + ")"
	if lt.Signer == "" {
		signer = "(" + strings.Repeat(" ", 40) + ")"
	}
	b = append(b, sig(signer, 40), sig(lt.Position, 0))
	for _, a := range lt.ActingFor {
		b = append(b, sig(a, 0))
	}
	contact := lt.contact(w)
	for i, c := range contact {
		p := docx.Paragraph{KeepWithNext: i < len(contact)-1, Runs: []docx.Run{{Text: c}}}
		if i == 0 {
			p.Before = 18
		}
		b = append(b, p)
	}
	if lt.List != nil {
		b = append(b, docx.Paragraph{Align: docx.Center, PageBreakBefore: true, After: 8, Runs: []docx.Run{{Text: lt.List.Title}}})
		for i, item := range lt.List.Items {
			b = append(b, docx.Paragraph{Indent: 12, FirstLine: -12, Tabs: []docx.Tab{{Pos: 12}},
				Runs: []docx.Run{{Text: l.style.Number(strconv.Itoa(i+1)) + ".\t" + item}}})
		}
	}
	doc.Blocks = b
	return docx.Bytes(doc)
}

func (l *Layout) enc(s string) []rune {
	e, _ := l.font.Encode([]rune(s))
	return e
}
