package letter

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/prakat/prakat/fonts"
	"github.com/prakat/prakat/internal/typeset"
)

// The Word copies open in LibreOffice, and their text holds the letter's
// parts in the order of the PDF.
func TestDocxOpensInLibreOffice(t *testing.T) {
	needTool(t, "soffice")
	f, err := typeset.LoadFont("Laksaman", fonts.Regular)
	if err != nil {
		t.Fatal(err)
	}
	c := build(t)
	layout := NewLayout(template(t), f, style, "garuda.png", emblem(250, 300))
	dir := t.TempDir()
	letters := map[string]*Letter{"circular": c.Circular, "district": c.Forwards[2].Letter}
	var files []string
	for name, lt := range letters {
		b, err := layout.Docx(lt)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, name+".docx")
		os.WriteFile(path, b, 0o644)
		files = append(files, path)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	args := append([]string{"-env:UserInstallation=file://" + filepath.Join(dir, "profile"), "--headless", "--convert-to", "txt:Text", "--outdir", dir}, files...)
	cmd := exec.CommandContext(ctx, "soffice", args...)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	for name, lt := range letters {
		data, err := os.ReadFile(filepath.Join(dir, name+".txt"))
		if err != nil {
			t.Fatalf("LibreOffice converted no %s: %v", name, err)
		}
		text := squeeze(string(data))
		parts := []string{"ที่ " + lt.Number, lt.Office[0], lt.Date, "เรื่อง", lt.Subject, "เรียน", strings.Join(lt.To, " ")}
		if len(lt.References) > 0 {
			parts = append(parts, "อ้างถึง", lt.References[0])
		}
		parts = append(parts, "สิ่งที่ส่งมาด้วย")
		parts = append(parts, lt.Attachments...)
		parts = append(parts, lt.Body...)
		parts = append(parts, lt.Closing, lt.Position, lt.Section, lt.List.Title)
		parts = append(parts, lt.List.Items...)
		at := 0
		for _, p := range parts {
			p = squeeze(p)
			i := strings.Index(text[at:], p)
			if i < 0 {
				t.Fatalf("%s: %q is missing, or out of order, after %q", name, p, text[:at])
			}
			at += i + len(p)
		}
	}
}

// squeeze drops white space, which a converter lays out its own way.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '\uFEFF' {
			return -1
		}
		return r
	}, s)
}
