package social

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	gzqr "github.com/makiuchi-d/gozxing/qrcode"
	"github.com/prakat/prakat/fonts"
	"github.com/prakat/prakat/internal/qr"
	"github.com/prakat/prakat/internal/roster"
	"github.com/prakat/prakat/internal/typeset"
	"github.com/prakat/prakat/templates"
	"golang.org/x/text/unicode/norm"
)

func renderer(t testing.TB) *Renderer {
	t.Helper()
	data, err := templates.FS.ReadFile(templates.Social)
	if err != nil {
		t.Fatal(err)
	}
	tmpl, err := ParseTemplate(templates.Social, data)
	if err != nil {
		t.Fatal(err)
	}
	reg, err := typeset.LoadFont("Laksaman", fonts.Regular)
	if err != nil {
		t.Fatal(err)
	}
	bold, err := typeset.LoadFont("Laksaman Bold", fonts.Bold)
	if err != nil {
		t.Fatal(err)
	}
	r, err := NewRenderer(tmpl, Fonts{reg, bold})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

const testLink = "https://s.example.go.th/K7QX2M9PRT"

func fields(name string) Fields {
	return Fields{"name": name, "district": "บ้านแพ้ว", "province": "สมุทรสาคร", "code": "6740601",
		"link": testLink, "closing_date": "๓๑ ธันวาคม ๒๕๗๓", "type": "อบต."}
}

// longName is 130 characters: it must shrink, then wrap, and still fit.
var longName = func() string {
	s := "องค์การบริหารส่วนตำบลบ้านหนองน้ำใสใต้ฝั่งตะวันออกเฉียงเหนือริมแม่น้ำท่าจีนและคลองดำเนินสะดวกเขตติดต่อพื้นที่ชายฝั่งอ่าวไทยตอนบนหมู่ที่สิบสอง"
	rs := []rune(s)
	for len(rs) < 130 {
		rs = append(rs, []rune("ก")...)
	}
	return string(rs[:130])
}()

func decodeQR(t *testing.T, img image.Image) string {
	t.Helper()
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := gzqr.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		return ""
	}
	return res.GetText()
}

func TestPictures(t *testing.T) {
	r := renderer(t)
	code, err := qr.Encode(testLink, qr.Q)
	if err != nil {
		t.Fatal(err)
	}
	logo := image.NewRGBA(image.Rect(0, 0, 60, 40))
	for i := range logo.Pix {
		logo.Pix[i] = uint8(i * 7)
	}
	sw, bw := r.Size()
	for _, tc := range []struct {
		kind string
		draw func(Fields, *qr.Code, image.Image) ([]byte, error)
		size image.Point
	}{{"social", r.Social, sw}, {"banner", r.Banner, bw}} {
		for _, name := range []string{"เทศบาลตำบลบ้านแพ้ว", longName} {
			for _, lg := range []image.Image{nil, logo} {
				data, err := tc.draw(fields(name), code, lg)
				if err != nil {
					t.Fatalf("%s %s: %v", tc.kind, name, err)
				}
				if len(data) > 150<<10 {
					t.Errorf("%s %s: %d bytes; want at most 150 KB", tc.kind, name, len(data))
				}
				again, _ := tc.draw(fields(name), code, lg)
				if !bytes.Equal(data, again) {
					t.Errorf("%s %s: two drawings differ", tc.kind, name)
				}
				img, err := png.Decode(bytes.NewReader(data))
				if err != nil {
					t.Fatal(err)
				}
				if got := img.Bounds().Size(); got != tc.size {
					t.Errorf("%s: size %v; want %v", tc.kind, got, tc.size)
				}
				if got := decodeQR(t, img); got != testLink {
					t.Errorf("%s %s: QR reads %q; want %q", tc.kind, name, got, testLink)
				}
				if os.Getenv("SOCIAL_KEEP") != "" {
					os.WriteFile(filepath.Join(os.Getenv("SOCIAL_KEEP"), tc.kind+"-"+strings.ReplaceAll(name[:9], "/", "")+map[bool]string{true: "-logo"}[lg != nil]+".png"), data, 0o644)
				}
			}
		}
	}
}

// TestOCR reads the unit's name back from both pictures with tesseract,
// where installed, as a person would.
func TestOCR(t *testing.T) {
	if _, err := exec.LookPath("tesseract"); err != nil {
		t.Skip("tesseract is not installed")
	}
	r := renderer(t)
	code, _ := qr.Encode(testLink, qr.Q)
	name := "องค์การบริหารส่วนตำบลบ้านแพ้ว"
	for kind, draw := range map[string]func(Fields, *qr.Code, image.Image) ([]byte, error){"social": r.Social, "banner": r.Banner} {
		data, err := draw(fields(name), code, nil)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), kind+".png")
		os.WriteFile(path, data, 0o644)
		out, err := exec.Command("tesseract", path, "-", "-l", "tha").Output()
		if err != nil {
			t.Skipf("tesseract -l tha: %v (Thai data missing?)", err)
		}
		got := strings.ReplaceAll(norm.NFKC.String(string(out)), " ", "")
		if !strings.Contains(got, norm.NFKC.String(name)) {
			t.Errorf("%s: tesseract read %q; want the name %q in it", kind, out, name)
		}
	}
}

func TestSnippet(t *testing.T) {
	r := renderer(t)
	link := "https://s.example.go.th/AB?x=1&y=2"
	web, err := r.Snippet(fields("เทศบาลตำบลบ้านแพ้ว"), link, []byte("PNGDATA"))
	if err != nil {
		t.Fatal(err)
	}
	got := string(web)
	if !strings.Contains(got, `href="https://s.example.go.th/AB?x=1&amp;y=2"`) {
		t.Errorf("Snippet = %q; want the escaped link as its href", got)
	}
	if !strings.Contains(got, `src="data:image/png;base64,`+base64.StdEncoding.EncodeToString([]byte("PNGDATA"))+`"`) {
		t.Errorf("Snippet = %q; want the banner inside it", got)
	}
	if regexp.MustCompile(`(?i)<script|src="http|href="//|url\(`).MatchString(got) {
		t.Errorf("Snippet = %q; want no script and no external resource", got)
	}
	alt := regexp.MustCompile(`alt="([^"]*)"`).FindStringSubmatch(got)
	if alt == nil || !strings.Contains(alt[1], "เทศบาลตำบลบ้านแพ้ว") || !strings.Contains(alt[1], "ประเมิน") {
		t.Errorf("Snippet = %q; want Thai alt text naming the unit", got)
	}
	// A banner's size, every length modulo 3: the vector encoder's
	// blocks and its tail.
	for _, n := range []int{40_000, 40_001, 40_002} {
		banner := make([]byte, n)
		for i := range banner {
			banner[i] = byte(i*131 + i>>7)
		}
		web, err := r.Snippet(fields("เทศบาลตำบลบ้านแพ้ว"), link, banner)
		if err != nil {
			t.Fatal(err)
		}
		m := regexp.MustCompile(`base64,([^"]*)"`).FindSubmatch(web)
		if m == nil {
			t.Fatalf("no banner in the snippet of a %d-byte banner", n)
		}
		if got, err := base64.StdEncoding.DecodeString(string(m[1])); err != nil || !bytes.Equal(got, banner) {
			t.Errorf("the snippet's banner of %d bytes decodes to %d bytes (%v); want the banner", n, len(got), err)
		}
	}
}

func TestParseTemplateRefuses(t *testing.T) {
	base, _ := templates.FS.ReadFile(templates.Social)
	for _, tc := range []struct{ from, to, want string }{
		{"width: 1080", "width: 50", "width and height"},
		{"    - qr: 430", "    - text: x\n      size: 20", "exactly one qr block"},
		{`accent: "#1B2F6B"`, `accent: "navy"`, "not #RRGGBB"},
		{"colour: muted", "colour: pink", "unknown colour"},
	} {
		data := strings.Replace(string(base), tc.from, tc.to, 1)
		_, err := ParseTemplate("social.yaml", []byte(data))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s → %s: err = %v; want %q", tc.from, tc.to, err, tc.want)
		}
	}
}

// BenchmarkPictures draws both pictures for units that each have their own
// name and link, as a run does: nothing of a unit's own is drawn twice. The
// QR codes are made before, as a run makes them for the posters.
func BenchmarkPictures(b *testing.B) {
	r := renderer(b)
	places := []string{"บ้านแพ้ว", "หนองบัว", "ท่าจีน", "คลองมะเดื่อ", "สวนส้ม", "นาดี", "โคกขาม", "ดอนไก่ดี"}
	kinds := []string{"องค์การบริหารส่วนตำบล", "เทศบาลตำบล"}
	const units = 2000
	fs, codes := make([]Fields, units), make([]*qr.Code, units)
	for i := range units {
		fs[i] = fields(fmt.Sprintf("%s%s%d", kinds[i%2], places[i%len(places)], i))
		fs[i]["link"] = fmt.Sprintf("https://s.example.go.th/K%07d", i)
		var err error
		if codes[i], err = qr.Encode(fs[i]["link"], qr.Q); err != nil {
			b.Fatal(err)
		}
	}
	drawAll(b, r, fs, codes)
}

// drawAll draws both pictures of each unit in turn, b.N in all, starting
// again from the first after the last.
func drawAll(b *testing.B, r *Renderer, fs []Fields, codes []*qr.Code) {
	i := 0
	for b.Loop() {
		sq, err := r.Social(fs[i], codes[i], nil)
		if err != nil {
			b.Fatal(err)
		}
		banner, err := r.Banner(fs[i], codes[i], nil)
		if err != nil {
			b.Fatal(err)
		}
		Release(sq)
		Release(banner)
		i = (i + 1) % len(fs)
	}
}

// A one_line block shrinks to the same size and lines whether the sizes
// where it cannot fit are wrapped or passed over, for names that fit at
// once, shrink, or stop at the floor, in columns of many widths.
func TestShrinkSkipsSame(t *testing.T) {
	r := renderer(t)
	names := []string{
		"องค์การบริหารส่วนตำบลบาโงย",
		"องค์การบริหารส่วนตำบลบ้านหนองน้ำใสใต้ริมคลองดำเนินสะดวก",
		"เทศบาลเมืองสมุทรสาคร",
		"องค์การบริหารส่วนตำบล ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
		"WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW",
		longName,
	}
	// A word wider than the column: set alone on a line too wide at first.
	for n := 8; n <= 24; n += 4 {
		names = append(names, "เทศบาลตำบล "+strings.Repeat("W", n)+" หนองบัว")
	}
	skipped := 0
	for _, name := range names {
		for width := 150.0; width <= 900; width += 13 {
			start := func() *item {
				it := &item{text: name, font: r.fonts.Bold, size: 58, keep: []typeset.Span{{Start: 0, End: len([]rune(name))}}}
				it.lines = r.wrap(it, width)
				return it
			}
			// Every size wrapped, as the block's shrinking is defined.
			every := start()
			for len(every.lines) > 1 && every.size > 58*MinShrink {
				every.size *= 0.97
				every.lines = r.wrap(every, width)
			}
			skip := start()
			r.shrink(skip, 58*MinShrink, width)
			if every.size != skip.size || fmt.Sprint(every.lines) != fmt.Sprint(skip.lines) {
				t.Errorf("%q in %.0f px: every size gives %.3f px, %d lines; skipping gives %.3f px, %d lines",
					name, width, every.size, len(every.lines), skip.size, len(skip.lines))
			}
			if every.size < 58*0.97*0.97 && len(skip.lines) == 1 {
				skipped++
			}
		}
	}
	if skipped == 0 {
		t.Error("no name shrank by more than one step: the test passes nothing over")
	}
}

// BenchmarkRegister draws both pictures of each unit of a register once,
// in its order, as generate does: names, districts and links met for the
// first time, the glyphs, pieces and words kept found as they come. With
// -benchtime as many times as the register has units (7849x for the
// national one) it is one run's drawing, single-threaded; more repeats the
// names, which only the warm kept ones then draw. The register is
// $PRAKAT_REGISTER, or the national DLA register beside the repository
// (../shared/data); without one the benchmark is skipped.
func BenchmarkRegister(b *testing.B) {
	path := os.Getenv("PRAKAT_REGISTER")
	if path == "" {
		path = filepath.Join("..", "..", "..", "shared", "data", "lao-national.csv")
	}
	list, err := roster.ReadFile(path, roster.Options{})
	if err != nil {
		b.Skipf("no register to draw: %v", err)
	}
	units := list.Units
	fs, codes := make([]Fields, len(units)), make([]*qr.Code, len(units))
	for i, u := range units {
		fs[i] = fields(u.Name)
		fs[i]["district"], fs[i]["province"], fs[i]["code"] = u.District, u.Province, u.Code
		fs[i]["link"] = fmt.Sprintf("HTTPS://S.EXAMPLE.GO.TH/K%07d", i)
		if codes[i], err = qr.Encode(fs[i]["link"], qr.H); err != nil {
			b.Fatal(err)
		}
	}
	drawAll(b, renderer(b), fs, codes)
}
