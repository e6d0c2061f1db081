package qr

import (
	"bytes"
	"image"
	_ "image/png"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	gzqr "github.com/makiuchi-d/gozxing/qrcode"
)

func decode(t *testing.T, pngBytes []byte) string {
	t.Helper()
	img, _, err := image.Decode(bytes.NewReader(pngBytes))
	if err != nil {
		t.Fatal(err)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := gzqr.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	return res.GetText()
}

func TestEncodeDecodes(t *testing.T) {
	links := []string{
		"HTTPS://S.EXAMPLE.GO.TH/MQ4CUZQ9",
		"https://docs.google.com/forms/d/e/1FAIpQLSf/viewform?usp=pp_url&entry.123=6740110",
	}
	for _, l := range links {
		for _, lv := range []Level{L, M, Q, H} {
			c, err := Encode(l, lv)
			if err != nil {
				t.Fatal(err)
			}
			png, err := c.PNG(4)
			if err != nil {
				t.Fatal(err)
			}
			if got := decode(t, png); got != l {
				t.Errorf("level %s: decoded %q; want %q", lv, got, l)
			}
		}
	}
}

// An upper-case short link fits a smaller symbol than the same link in
// lower case: alphanumeric mode.
func TestUpperCaseIsSmaller(t *testing.T) {
	up, _ := Encode("HTTPS://S.EXAMPLE.GO.TH/MQ4CUZQ9", M)
	low, _ := Encode("https://s.example.go.th/MQ4CUZQ9", M)
	if up.Version >= low.Version {
		t.Errorf("upper case: version %d; lower case: %d", up.Version, low.Version)
	}
	if up.Size != 17+4*up.Version {
		t.Errorf("size %d for version %d", up.Size, up.Version)
	}
}

func TestRunsCoverDarkModules(t *testing.T) {
	c, _ := Encode("HTTPS://S.EXAMPLE.GO.TH/MQ4CUZQ9", Q)
	n := 0
	for _, r := range c.Runs() {
		for x := r.X; x < r.X+r.W; x++ {
			if !c.Dark(r.Y, x) {
				t.Fatalf("run %+v covers a light module", r)
			}
			n++
		}
	}
	dark := 0
	for y := 0; y < c.Size; y++ {
		for x := 0; x < c.Size; x++ {
			if c.Dark(y, x) {
				dark++
			}
		}
	}
	if n != dark {
		t.Errorf("runs cover %d modules; %d are dark", n, dark)
	}
}

func TestParseLevel(t *testing.T) {
	for s, want := range map[string]Level{"l": L, "M": M, "": Q, "q": Q, "H": H} {
		if got, err := ParseLevel(s); err != nil || got != want {
			t.Errorf("ParseLevel(%q) = %v, %v", s, got, err)
		}
	}
	if _, err := ParseLevel("X"); err == nil {
		t.Error("ParseLevel(X) succeeded")
	}
}

// The PNG is what the standard decoder reads: the right size, black
// modules where the symbol is dark, white quiet zone; at every scale
// (sides that fill whole bytes and sides that do not) and for small and
// large symbols. zlib's reader checks the stream's Adler-32.
func TestPNGPixels(t *testing.T) {
	for _, text := range []string{"HTTPS://S.EXAMPLE.GO.TH/MQ4CUZQ9", strings.Repeat("HTTPS://S.EXAMPLE.GO.TH/LONG-LINK/", 12)} {
		c, err := Encode(text, Q)
		if err != nil {
			t.Fatal(err)
		}
		for scale := 1; scale <= 13; scale++ {
			b, err := c.PNG(scale)
			if err != nil {
				t.Fatal(err)
			}
			img, _, err := image.Decode(bytes.NewReader(b))
			if err != nil {
				t.Fatalf("version %d, scale %d: %v", c.Version, scale, err)
			}
			side := (c.Size + 2*QuietZone) * scale
			if img.Bounds().Dx() != side || img.Bounds().Dy() != side {
				t.Fatalf("image is %v; want %d square", img.Bounds(), side)
			}
			for y := 0; y < side; y++ {
				for x := 0; x < side; x++ {
					r, _, _, _ := img.At(x, y).RGBA()
					mx, my := x/scale-QuietZone, y/scale-QuietZone
					dark := mx >= 0 && my >= 0 && mx < c.Size && my < c.Size && c.Dark(my, mx)
					if (r == 0) != dark {
						t.Fatalf("version %d, scale %d, pixel %d,%d: dark %v; module dark %v", c.Version, scale, x, y, r == 0, dark)
					}
				}
			}
		}
	}
}

// BenchmarkPNG is the website QR image every unit gets, at the size
// generate writes it.
func BenchmarkPNG(b *testing.B) {
	c, err := Encode("HTTPS://S.EXAMPLE.GO.TH/C63TFXF6", H)
	if err != nil {
		b.Fatal(err)
	}
	var n int
	for b.Loop() {
		png, err := c.PNG(12)
		if err != nil {
			b.Fatal(err)
		}
		n = len(png)
	}
	b.ReportMetric(float64(n), "bytes")
}
