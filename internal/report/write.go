package report

import (
	"fmt"
	"html/template"
	"io"
	"strconv"
	"time"

	"github.com/prakat/prakat/internal/excelcsv"
	"github.com/prakat/prakat/internal/messages"
	"github.com/prakat/prakat/internal/tracking"
	"github.com/xuri/excelize/v2"
)

// printer is the language of the CSV and the workbook.
func (r *Report) printer() *messages.Printer {
	if r.Printer == nil {
		return messages.Default
	}
	return r.Printer
}

// stamp writes a time in Thailand for the CSV and the workbook: ISO in
// English, the campaign's Thai style in Thai.
func (r *Report) stamp(t time.Time) string {
	if !r.printer().Thai() {
		if t.IsZero() {
			return ""
		}
		return t.In(tracking.Thailand).Format("2006-01-02 15:04")
	}
	return r.ThaiStamp(t)
}

// ThaiStamp writes a time in Thailand the Thai way, in the campaign's
// style: 25 พฤศจิกายน 2569 10:00, or with Thai digits.
func (r *Report) ThaiStamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(tracking.Thailand)
	return r.Dates.Date(t) + " " + r.Dates.Number(t.Format("15:04"))
}

// header is the CSV's and the workbook's first row.
func (r *Report) header() []string {
	h := []messages.Text{messages.T("code"), messages.T("name"), messages.T("district"), messages.T("scans"),
		messages.T("visitors"), messages.T("robots"), messages.T("first_scan"), messages.T("last_scan")}
	if r.HasResponses {
		h = append(h, messages.T("responses"), messages.T("responses_per_scan"))
	}
	return r.render(append(h, messages.T("follow_up")))
}

func (r *Report) render(texts []messages.Text) []string {
	out := make([]string, len(texts))
	for i, t := range texts {
		out[i] = r.printer().Sprint(t)
	}
	return out
}

func (r *Report) record(row Row) []string {
	c := row.Counts
	rec := []string{row.Unit.Code, row.Unit.Name, row.Unit.District, strconv.Itoa(c.Scans), strconv.Itoa(c.Visitors),
		strconv.Itoa(c.Bots), r.stamp(c.First), r.stamp(c.Last)}
	if r.HasResponses {
		rec = append(rec, strconv.Itoa(row.Responses), perScan(row.Responses, c.Scans))
	}
	follow := ""
	if row.FollowUp {
		follow = r.printer().Sprintf("yes")
	}
	return append(rec, follow)
}

func perScan(responses, scans int) string {
	if scans == 0 {
		return ""
	}
	return strconv.FormatFloat(float64(responses)/float64(scans), 'f', 2, 64)
}

// WriteCSV writes a line a unit (UTF-8 with BOM; formula-like cells
// neutralised).
func (r *Report) WriteCSV(w io.Writer) error {
	cw := excelcsv.NewWriter(w)
	cw.Write(r.header())
	for _, row := range r.Rows {
		cw.Write(r.record(row))
	}
	return cw.Flush()
}

// WriteXLSX writes a workbook with a sheet of units and one of districts.
func (r *Report) WriteXLSX(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	p := r.printer()
	units, districts := p.Sprintf("units"), p.Sprintf("districts")
	f.SetSheetName(f.GetSheetName(0), units)
	put := func(sheet string, row int, cells []any) {
		for i, v := range cells {
			cell, _ := excelize.CoordinatesToCellName(i+1, row)
			if s, ok := v.(string); ok {
				v = excelcsv.Neutralise(s)
			}
			f.SetCellValue(sheet, cell, v)
		}
	}
	var head []any
	for _, h := range r.header() {
		head = append(head, h)
	}
	put(units, 1, head)
	for i, row := range r.Rows {
		rec := r.record(row)
		cells := make([]any, len(rec))
		for j, v := range rec {
			if n, err := strconv.Atoi(v); err == nil && j >= 3 {
				cells[j] = n
			} else {
				cells[j] = v
			}
		}
		cells[0] = rec[0] // the code stays text
		put(units, i+2, cells)
	}
	f.NewSheet(districts)
	var dhead []any
	for _, h := range r.render([]messages.Text{messages.T("district"), messages.T("province"), messages.T("units"),
		messages.T("reached"), messages.T("share"), messages.T("scans"), messages.T("visitors"), messages.T("responses")}) {
		dhead = append(dhead, h)
	}
	put(districts, 1, dhead)
	for i, d := range r.Districts {
		put(districts, i+2, []any{d.Name, d.Province, d.Units, d.Reached, d.Share(), d.Scans, d.Visitors, d.Responses})
	}
	return f.Write(w)
}

var page = template.Must(template.New("report").Funcs(template.FuncMap{
	"pct": Percent,
	"bar": func(x float64) string { return fmt.Sprintf("%.1f", 300*x) },
	"y":   func(i int) int { return 8 + 26*i },
	"h":   func(n int) int { return 16 + 26*n },
	"add": func(a, b int) int { return a + b },
}).Parse(`<!doctype html>
<html lang="th"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>รายงานการประชาสัมพันธ์แบบประเมิน</title>
<style>
body { font-family: "TH Sarabun New", "Sarabun", "Leelawadee UI", "Tahoma", "Laksaman", "Noto Sans Thai", sans-serif; margin: 2em auto; max-width: 60em; padding: 0 1em; color: #111; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 2em; }
table { border-collapse: collapse; width: 100%; font-size: 0.95em; }
th, td { border-bottom: 1px solid #ccc; padding: 0.3em 0.5em; text-align: left; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
td.k, th { white-space: nowrap; } /* names, dates and tags are never cut */
tr.follow { background: #fff2e5; }
.tag { color: #a33; font-weight: bold; }
svg text { font-size: 13px; }
@media print { tr.follow { background: none; } }
</style></head><body>
<h1>รายงานการประชาสัมพันธ์แบบประเมิน</h1>
<p>{{.Title}}<br>ข้อมูล ณ {{.ThaiStamp .Generated}} น.</p>
{{with .Totals}}<p>หน่วยที่มีผู้สแกนแล้ว <b>{{.Reached}}</b> จาก {{.Units}} หน่วย ({{pct .Share}}) · สแกนทั้งหมด {{.Scans}} ครั้ง · ผู้สแกนโดยประมาณ {{.Visitors}} คน{{if $.HasResponses}} · คำตอบแบบประเมิน {{.Responses}} ชุด{{end}}</p>{{end}}
{{if .Unmatched}}<p>คำตอบ {{.Unmatched}} ชุดจับคู่กับหน่วยในรายชื่อไม่ได้ ไม่ได้นับรวมไว้ข้างล่าง ดูรายการพร้อมเหตุผลในไฟล์ unmatched-responses.csv</p>{{end}}

<h2>สัดส่วนหน่วยที่มีผู้สแกน แยกตามอำเภอ</h2>
<svg width="100%" viewBox="0 0 640 {{h (len .Districts)}}" role="img" aria-label="สัดส่วนหน่วยที่มีผู้สแกน แยกตามอำเภอ">
{{range $i, $d := .Districts}}<text x="0" y="{{add (y $i) 14}}">{{$d.Name}}</text>
<rect x="220" y="{{y $i}}" width="300" height="18" fill="#e6e9f2"/>
<rect x="220" y="{{y $i}}" width="{{bar $d.Share}}" height="18" fill="#1B2F6B"/>
<text x="530" y="{{add (y $i) 14}}">{{$d.Reached}}/{{$d.Units}} ({{pct $d.Share}})</text>
{{end}}</svg>

<h2>แยกตามอำเภอ</h2>
<table><thead><tr><th>อำเภอ</th><th class="n">หน่วย</th><th class="n">มีผู้สแกน</th><th class="n">สแกน</th><th class="n">ผู้สแกน</th>{{if .HasResponses}}<th class="n">คำตอบ</th>{{end}}</tr></thead><tbody>
{{range .Districts}}<tr><td class="k">{{.Name}}</td><td class="n">{{.Units}}</td><td class="n">{{.Reached}} ({{pct .Share}})</td><td class="n">{{.Scans}}</td><td class="n">{{.Visitors}}</td>{{if $.HasResponses}}<td class="n">{{.Responses}}</td>{{end}}</tr>
{{end}}</tbody></table>

<h2>แยกตามหน่วย</h2>
<table><thead><tr><th>รหัส</th><th>หน่วย</th><th>อำเภอ</th><th class="n">สแกน</th><th class="n">ผู้สแกน</th><th>ครั้งแรก</th><th>ล่าสุด</th>{{if .HasResponses}}<th class="n">คำตอบ</th>{{end}}<th></th></tr></thead><tbody>
{{range .Rows}}<tr{{if .FollowUp}} class="follow"{{end}}><td class="k">{{.Unit.Code}}</td><td class="k">{{.Unit.Name}}</td><td class="k">{{.Unit.District}}</td><td class="n">{{.Counts.Scans}}</td><td class="n">{{.Counts.Visitors}}</td><td class="k">{{$.ThaiStamp .Counts.First}}</td><td class="k">{{$.ThaiStamp .Counts.Last}}</td>{{if $.HasResponses}}<td class="n">{{.Responses}}</td>{{end}}<td class="k">{{if .FollowUp}}<span class="tag">ต้องติดตาม</span>{{end}}</td></tr>
{{end}}</tbody></table>
</body></html>
`))

// WriteHTML writes one page, in Thai, that opens offline: a chart of the
// districts and the tables, nothing loaded from elsewhere.
func (r *Report) WriteHTML(w io.Writer) error { return page.Execute(w, r) }
