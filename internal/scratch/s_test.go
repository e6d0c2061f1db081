package scratch

import (
	"bytes"
	"testing"

	"codeberg.org/go-pdf/fpdf"
	"github.com/prakat/prakat/fonts"
)

func poster() []byte {
	p := fpdf.New("P", "mm", "A4", "")
	p.SetCompression(true)
	p.AddUTF8FontFromBytes("l", "", fonts.Regular)
	p.AddUTF8FontFromBytes("l", "B", fonts.Bold)
	p.AddPage()
	p.SetFont("l", "B", 28)
	p.Text(20, 30, "ขอเชิญประชาชนร่วมประเมินความพึงพอใจ")
	p.SetFont("l", "", 18)
	for i := 0; i < 10; i++ {
		p.Text(20, 50+float64(i)*8, "องค์การบริหารส่วนตำบลบ้านน้อยซุ้มขี้เหล็ก อำเภอเมืองสมุทรสาคร")
	}
	for i := 0; i < 600; i++ {
		p.Rect(50+float64(i%25)*3, 150+float64(i/25)*3, 3, 3, "F")
	}
	var b bytes.Buffer
	p.Output(&b)
	return b.Bytes()
}

func BenchmarkPoster(b *testing.B) {
	var n int
	for b.Loop() {
		n = len(poster())
	}
	b.ReportMetric(float64(n), "bytes")
}

func BenchmarkFontLoad(b *testing.B) {
	for b.Loop() {
		p := fpdf.New("P", "mm", "A4", "")
		p.AddUTF8FontFromBytes("l", "", fonts.Regular)
	}
}
