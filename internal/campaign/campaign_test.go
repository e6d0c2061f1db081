package campaign

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"
)

func scaffold(t *testing.T, dir string) {
	t.Helper()
	err := Scaffold(dir, ScaffoldOptions{SurveyURL: "https://survey.example.go.th/s", ShortBase: "https://s.example.go.th",
		Mode: ModeRedirect, Units: []byte("units\n"), UnitsName: "units.csv", ClosingDate: "2026-12-31"})
	if err != nil {
		t.Fatal(err)
	}
}

func TestScaffoldThenLoad(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "c")
	scaffold(t, dir)
	c, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if c.SurveyURL != "https://survey.example.go.th/s" || c.Mode != ModeRedirect || c.Title != DefaultTitle ||
		c.Path(c.Units) != filepath.Join(dir, "units.csv") || c.Closing().Day() != 31 {
		t.Errorf("loaded %+v", c)
	}
	st, err := os.Stat(filepath.Join(dir, "secret.key"))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("secret: %v, mode %v; want 0600", err, st.Mode().Perm())
	}
	key, err := c.Secret()
	if err != nil || len(key) != 32 {
		t.Errorf("Secret = %d bytes, %v", len(key), err)
	}
	yaml, _ := os.ReadFile(filepath.Join(dir, FileName))
	for _, want := range []string{"# The survey's address", "# ลิงก์ของแบบสำรวจ", "mode: redirect"} {
		if !strings.Contains(string(yaml), want) {
			t.Errorf("campaign.yaml lacks %q", want)
		}
	}
}

func TestScaffoldRefusesExisting(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "c")
	scaffold(t, dir)
	before := snapshot(t, dir)
	err := Scaffold(dir, ScaffoldOptions{SurveyURL: "https://other.example/", Mode: ModeDirect, Units: []byte("x"), UnitsName: "units.csv"})
	if err == nil || !strings.Contains(err.Error(), "already holds a campaign") {
		t.Errorf("Scaffold over a campaign = %v", err)
	}
	if after := snapshot(t, dir); after != before {
		t.Error("the existing campaign was changed")
	}
	other := t.TempDir()
	os.WriteFile(filepath.Join(other, "notes.txt"), []byte("x"), 0o644)
	if err := Scaffold(other, ScaffoldOptions{SurveyURL: "https://x.example/", Mode: ModeDirect, UnitsName: "u.csv"}); err == nil {
		t.Error("Scaffold into a non-empty folder succeeded")
	}
	empty := t.TempDir()
	if err := Scaffold(empty, ScaffoldOptions{SurveyURL: "https://x.example/", Mode: ModeDirect, UnitsName: "u.csv"}); err != nil {
		t.Errorf("Scaffold into an empty folder: %v", err)
	}
}

func snapshot(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, _ := d.Info()
		data, _ := os.ReadFile(p)
		b.WriteString(p + " " + info.Mode().String() + " " + string(data) + "\n")
		return nil
	})
	return b.String()
}

func TestLoadErrors(t *testing.T) {
	base := "survey_url: https://x.example/s\nmode: direct\nsecret_file: secret.key\nledger: ledger.csv\nunits: units.csv\n"
	tests := []struct{ name, yaml, want string }{
		{"unknown key", base + "survy_url: x\n", "campaign.yaml:6: unknown setting \"survy_url\"\nhint: did you mean survey_url?"},
		{"unknown key, nothing near", base + "colour: red\n", "campaign.yaml:6: unknown setting \"colour\"\nhint: the settings here are attachment_limit_mb, client_ip_header, closing_date,"},
		{"windows-874", base + string(win874(t, "title: แบบประเมิน\n")), "campaign.yaml:6: the file is saved as Windows-874 (Thai Windows), not UTF-8\nhint: save it as UTF-8"},
		{"not a bool", base + "gregorian: ใช่\n", `campaign.yaml:6: "ใช่" is not true or false`},
		{"bad yaml", base + "title: [\n", "campaign.yaml"},
		{"bad mode", strings.Replace(base, "direct", "qr", 1), `campaign.yaml:2: mode "qr" is neither redirect nor direct`},
		{"redirect without base", strings.Replace(base, "direct", "redirect", 1), "campaign.yaml:2: redirect mode needs short_base"},
		{"ftp survey", strings.Replace(base, "https://x.example/s", "ftp://x.example/s", 1), "campaign.yaml:1: survey_url"},
		{"unknown placeholder", strings.Replace(base, "/s", "/s?u={unit}", 1), "campaign.yaml:1: unknown placeholder {unit}"},
		{"bad date", base + "closing_date: 31/12/2569\n", `campaign.yaml:6: closing_date "31/12/2569" is not a date`},
		{"Buddhist-era year", base + "closing_date: 2569-12-31\n", "campaign.yaml:6: closing_date \"2569-12-31\" has a Buddhist-era year\nhint: write the year in the Gregorian calendar (ค.ศ.): 2569 is 2026"},
		{"no ledger", strings.Replace(base, "ledger: ledger.csv\n", "", 1), "campaign.yaml: ledger is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			os.WriteFile(filepath.Join(dir, FileName), []byte(tt.yaml), 0o644)
			_, err := Load(filepath.Join(dir, FileName))
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("Load = %v; want %q...", err, tt.want)
			}
		})
	}
	if _, err := Load(t.TempDir()); err == nil || !strings.Contains(err.Error(), "no campaign file") {
		t.Errorf("Load of an empty folder = %v", err)
	}
}

func win874(t *testing.T, s string) []byte {
	t.Helper()
	b, err := charmap.Windows874.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestMailSettings(t *testing.T) {
	base := "survey_url: https://forms.gle/x\nmode: direct\nsecret_file: s\nledger: l\n"
	for _, tc := range []struct{ yaml, want string }{
		{"smtp: smtp://saraban:secret@mail.example.go.th:587\n", "smtp holds a password"},
		{"smtp: http://mail.example.go.th\n", "is not a mail server address"},
		{"smtp: smtp://mail.example.go.th:99999\n", "the port must be a number"},
		{"mail_from: saraban\n", "mail_from \"saraban\" is not an e-mail address"},
		{"attachment_limit_mb: 0\n", "attachment_limit_mb must be more than 0"},
		{"mail_rate: -1\n", "mail_rate must be 0 or more"},
	} {
		path := filepath.Join(t.TempDir(), "campaign.yaml")
		os.WriteFile(path, []byte(base+tc.yaml), 0o644)
		if _, err := Load(path); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Load(%q) = %v; want %q", tc.yaml, err, tc.want)
		}
	}
	path := filepath.Join(t.TempDir(), "campaign.yaml")
	os.WriteFile(path, []byte(base+"smtp: smtps://saraban%40x.go.th@mail.x.go.th\nmail_rate: 4\n"), 0o644)
	c, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if c.MailInterval() != 250*time.Millisecond || c.AttachmentLimit() != 10_000_000 || filepath.Base(c.SendLogPath()) != "sent.csv" {
		t.Errorf("interval %v, limit %d, log %s", c.MailInterval(), c.AttachmentLimit(), c.SendLogPath())
	}
}
