package generate

import (
	"archive/zip"
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prakat/prakat/internal/social"
	"github.com/prakat/prakat/templates"
)

func withPictures(t testing.TB, o Options) Options {
	t.Helper()
	data, _ := templates.FS.ReadFile(templates.Social)
	tmpl, err := social.ParseTemplate("social.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	fs := o.Fonts
	r, err := social.NewRenderer(tmpl, social.Fonts{Regular: fs.Regular, Bold: fs.Bold})
	if err != nil {
		t.Fatal(err)
	}
	o.Pictures, o.PicturesSource = r, "social.yaml"
	return o
}

// Every unit gets its picture, banner and snippet where the manifest says,
// in its district's bundle too; an emblem is drawn where present and a
// broken one is a warning naming its file, not a failure.
func TestRunPictures(t *testing.T) {
	as := fakeUnits(6, 2)
	out := filepath.Join(t.TempDir(), "out")
	logos := t.TempDir()
	emblem := image.NewNRGBA(image.Rect(0, 0, 40, 40))
	for i := range emblem.Pix {
		emblem.Pix[i] = 0xFF
	}
	for y := 10; y < 30; y++ {
		for x := 10; x < 30; x++ {
			emblem.Set(x, y, color.NRGBA{0xD0, 0x10, 0x10, 0xFF})
		}
	}
	var buf bytes.Buffer
	png.Encode(&buf, emblem)
	os.WriteFile(filepath.Join(logos, as[0].Unit.Code+".png"), buf.Bytes(), 0o644)
	os.WriteFile(filepath.Join(logos, as[1].Unit.Code+".jpg"), []byte("not a picture"), 0o644)

	o := withPictures(t, testOptions(t, out))
	o.Logos, o.Zip = logos, true
	res, err := Run(context.Background(), as, o)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], as[1].Unit.Code+".jpg") {
		t.Errorf("warnings %q; want one naming %s.jpg", res.Warnings, as[1].Unit.Code)
	}
	manifest, _ := os.ReadFile(filepath.Join(out, ManifestName))
	if !strings.Contains(string(manifest), "qr_level,qr,social,banner,web\r\n") && !strings.Contains(string(manifest), "qr_level,qr,social,banner,web\n") {
		t.Errorf("manifest header: %.120q", manifest)
	}
	red := func(img image.Image) int {
		n := 0
		b := img.Bounds()
		for y := b.Min.Y; y < b.Max.Y; y += 2 {
			for x := b.Min.X; x < b.Max.X; x += 2 {
				r, g, _, _ := img.At(x, y).RGBA()
				if r > 0xB000 && g < 0x4000 {
					n++
				}
			}
		}
		return n
	}
	for i, e := range res.Entries {
		for kind, rel := range map[string]string{"social": e.Social, "banner": e.Banner} {
			if want := filepath.ToSlash(filepath.Dir(e.Poster)) + "/" + e.Unit.Code + "-" + kind + ".png"; rel != want {
				t.Errorf("%s path %q; want %q", kind, rel, want)
			}
			if !strings.Contains(string(manifest), ","+rel) {
				t.Errorf("the manifest lacks %s", rel)
			}
			data, err := os.ReadFile(filepath.Join(out, rel))
			if err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			if got := red(img); (i == 0) != (got > 20) {
				t.Errorf("%s: %d red pixels; the emblem should be drawn only for the unit that has one", rel, got)
			}
		}
		web, err := os.ReadFile(filepath.Join(out, e.Web))
		if err != nil || !strings.Contains(string(web), `href="`+e.Link+`"`) {
			t.Errorf("%s: %v %.80q; want a link to %s", e.Web, err, web, e.Link)
		}
	}
	zr, err := zip.OpenReader(filepath.Join(out, FileName(as[0].Unit.District)+".zip"))
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	in := map[string]bool{}
	for _, f := range zr.File {
		in[f.Name] = true
	}
	e := res.Entries[0]
	for _, rel := range []string{e.Social, e.Banner, e.Web} {
		if !in[rel] {
			t.Errorf("the bundle lacks %s", rel)
		}
	}
}

// BenchmarkGeneratePictures is BenchmarkGenerate with the pictures made
// too: what they add to a run.
func BenchmarkGeneratePictures(b *testing.B) {
	as := fakeUnits(100, 2)
	o := withPictures(b, testOptions(b, ""))
	o.Jobs = 1
	for b.Loop() {
		o.Out = filepath.Join(b.TempDir(), "out")
		if _, err := Run(context.Background(), as, o); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(as))/1e6, "ms/poster")
}
