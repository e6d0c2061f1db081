package links

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prakat/prakat/internal/placeholder"
	"github.com/prakat/prakat/internal/qr"
	"github.com/prakat/prakat/internal/roster"
)

var secret = []byte("0123456789abcdef0123456789abcdef")

func unit(code, name, district string) roster.Unit {
	t, _ := roster.ParseType(map[byte]string{'2': "อบจ.", '3': "ทน.", '4': "ทม.", '5': "ทต.", '6': "อบต."}[code[0]])
	return roster.Unit{Code: code, Type: t, Name: t.Prefix() + name, District: district}
}

func TestDerive(t *testing.T) {
	a := Derive(secret, "2740101", 0)
	if len(a) != TokenLen || NormalizeToken(a) != a {
		t.Fatalf("Derive = %q: not a token", a)
	}
	if b := Derive(secret, "2740101", 0); b != a {
		t.Errorf("Derive is not stable: %q then %q", a, b)
	}
	if b := Derive(secret, "2740101", 1); b == a {
		t.Errorf("attempt 1 gave the same token %q", b)
	}
	if b := Derive([]byte("another secret, another campaign"), "2740101", 0); b == a {
		t.Errorf("another secret gave the same token %q", b)
	}
	for _, c := range "01IO" {
		if strings.ContainsRune(Alphabet, c) {
			t.Errorf("alphabet holds the look-alike %q", c)
		}
	}
	if len(Alphabet) != 32 {
		t.Errorf("alphabet has %d symbols; want 32", len(Alphabet))
	}
}

func TestNormalizeToken(t *testing.T) {
	tests := map[string]string{"MQ4CUZQ9": "MQ4CUZQ9", "mq4cuzq9": "MQ4CUZQ9", "MQ4CUZQ": "", "MQ4CUZQ0": "", "MQ4CUZQ99": "", "../../et": ""}
	for in, want := range tests {
		if got := NormalizeToken(in); got != want {
			t.Errorf("NormalizeToken(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestShortLink(t *testing.T) {
	got := ShortLink("https://s.example.go.th/", "MQ4CUZQ9")
	if want := "HTTPS://S.EXAMPLE.GO.TH/MQ4CUZQ9"; got != want {
		t.Errorf("ShortLink = %q; want %q", got, want)
	}
	if !qr.Alphanumeric(got) {
		t.Errorf("%q is not QR alphanumeric", got)
	}
	if qr.Alphanumeric(ShortLink("https://s.example.go.th/q_r", "X")) {
		t.Error("an underscore passed as QR alphanumeric")
	}
}

func TestDestination(t *testing.T) {
	u := unit("6740110", "ท่าทราย", "เมืองสมุทรสาคร")
	tests := []struct{ survey, want string }{
		{"https://survey.example.go.th/s", "https://survey.example.go.th/s?unit=6740110"},
		{"https://survey.example.go.th/s?lang=th", "https://survey.example.go.th/s?lang=th&unit=6740110"},
		{"https://survey.example.go.th/s?", "https://survey.example.go.th/s?unit=6740110"},
		{"https://survey.example.go.th/s#top", "https://survey.example.go.th/s?unit=6740110#top"},
		{"https://docs.google.com/forms/d/e/ID/viewform?usp=pp_url&entry.123={code}", "https://docs.google.com/forms/d/e/ID/viewform?usp=pp_url&entry.123=6740110"},
		{"https://x.example/f?n={name}&d={district}&t={type}&k={token}",
			"https://x.example/f?n=%E0%B8%AD%E0%B8%87%E0%B8%84%E0%B9%8C%E0%B8%81%E0%B8%B2%E0%B8%A3%E0%B8%9A%E0%B8%A3%E0%B8%B4%E0%B8%AB%E0%B8%B2%E0%B8%A3%E0%B8%AA%E0%B9%88%E0%B8%A7%E0%B8%99%E0%B8%95%E0%B8%B3%E0%B8%9A%E0%B8%A5%E0%B8%97%E0%B9%88%E0%B8%B2%E0%B8%97%E0%B8%A3%E0%B8%B2%E0%B8%A2" +
				"&d=%E0%B9%80%E0%B8%A1%E0%B8%B7%E0%B8%AD%E0%B8%87%E0%B8%AA%E0%B8%A1%E0%B8%B8%E0%B8%97%E0%B8%A3%E0%B8%AA%E0%B8%B2%E0%B8%84%E0%B8%A3&t=%E0%B8%AD%E0%B8%9A%E0%B8%95.&k=TOKEN234"},
		{"https://x.example/u/{code}/{type}?x=1", "https://x.example/u/6740110/%E0%B8%AD%E0%B8%9A%E0%B8%95.?x=1"},
	}
	for _, tt := range tests {
		if got := Destination(tt.survey, u, "TOKEN234"); got != tt.want {
			t.Errorf("Destination(%q) =\n%q; want\n%q", tt.survey, got, tt.want)
		}
	}
	// A name with characters that mean something in a query is escaped.
	amp := roster.Unit{Code: "6740110", Name: "a&b=c d"}
	if got, want := Destination("https://x.example/f?n={name}", amp, ""), "https://x.example/f?n=a%26b%3Dc+d"; got != want {
		t.Errorf("Destination = %q; want %q", got, want)
	}
}

func samutSakhon() []roster.Unit {
	return []roster.Unit{
		unit("2740101", "สมุทรสาคร", "เมืองสมุทรสาคร"),
		unit("3740102", "สมุทรสาคร", "เมืองสมุทรสาคร"),
		unit("5740103", "บางปลา", "เมืองสมุทรสาคร"),
		unit("6740110", "ท่าทราย", "เมืองสมุทรสาคร"),
		unit("3740201", "อ้อมน้อย", "กระทุ่มแบน"),
		unit("6740207", "ท่าไม้", "กระทุ่มแบน"),
		unit("5740302", "บ้านแพ้ว", "บ้านแพ้ว"),
		unit("6740304", "บ้านแพ้ว", "บ้านแพ้ว"),
	}
}

var redirect = &Issuer{Secret: secret, Redirect: true, ShortBase: "https://s.example.go.th"}

func issueAndSave(t *testing.T, path string, units []roster.Unit, is *Issuer) map[string]string {
	t.Helper()
	l, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	got := map[string]string{}
	for _, a := range l.Issue(units, is, time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)) {
		got[a.Unit.Code] = a.Link
	}
	if err := l.Save(); err != nil {
		t.Fatal(err)
	}
	return got
}

// Lists that add, drop and shuffle units never change an issued link, and
// the ledger only grows: each version of the file starts with the last.
func TestLedgerKeepsIssuedLinks(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ledger.csv")
	all := samutSakhon()
	first := issueAndSave(t, path, all[:5], redirect)
	before, _ := os.ReadFile(path)

	rng := rand.New(rand.NewPCG(1, 2))
	runs := [][]roster.Unit{
		append([]roster.Unit{}, all...),                         // adds three
		{all[7], all[0], all[2]},                                // drops most, reorders
		append(append([]roster.Unit{}, all[3:]...), all[:3]...), // rotates
	}
	rng.Shuffle(len(runs[0]), func(i, j int) { runs[0][i], runs[0][j] = runs[0][j], runs[0][i] })
	issued := first
	for i, units := range runs {
		got := issueAndSave(t, path, units, redirect)
		for code, link := range got {
			if was, ok := issued[code]; ok && was != link {
				t.Errorf("run %d: %s changed from %s to %s", i, code, was, link)
			}
			issued[code] = link
		}
		after, _ := os.ReadFile(path)
		if !bytes.HasPrefix(after, before) {
			t.Fatalf("run %d rewrote the ledger:\n%s\nthen\n%s", i, before, after)
		}
		before = after
	}
	if n := strings.Count(string(before), "\n"); n != 1+len(all) {
		t.Errorf("ledger has %d lines; want %d", n, 1+len(all))
	}
	// The same secret derives the same tokens without the ledger.
	fresh := issueAndSave(t, filepath.Join(t.TempDir(), "ledger.csv"), all, redirect)
	for code, link := range issued {
		if fresh[code] != link {
			t.Errorf("%s: rebuilt %s; issued %s", code, fresh[code], link)
		}
	}
}

// Editing the campaign after links were issued keeps the issued links and
// says which would differ.
func TestLedgerKeepsLinksWhenSettingsChange(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ledger.csv")
	units := samutSakhon()[:2]
	issueAndSave(t, path, units, redirect)
	moved := &Issuer{Secret: secret, Redirect: true, ShortBase: "https://go.example.go.th"}
	l, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	for _, a := range l.Issue(units, moved, time.Now()) {
		if !strings.HasPrefix(a.Link, "HTTPS://S.EXAMPLE.GO.TH/") || !strings.HasPrefix(a.Now, "HTTPS://GO.EXAMPLE.GO.TH/") || a.New {
			t.Errorf("assignment %+v", a)
		}
	}
}

func TestCollisionsResolved(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ledger.csv")
	l, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	// A derivation with only four tokens: collisions on every other unit.
	tiny := func(code string, attempt int) string {
		return Derive(secret, "x", (int(code[6])+attempt)%4)
	}
	units := samutSakhon()[:4]
	as := l.issue(units, redirect, tiny, time.Now())
	seen := map[string]bool{}
	for _, a := range as {
		if seen[a.Token] {
			t.Errorf("token %s issued twice", a.Token)
		}
		seen[a.Token] = true
	}
	if err := l.Save(); err != nil {
		t.Fatal(err)
	}
	if _, err := Read(path); err != nil {
		t.Errorf("the ledger does not read back: %v", err)
	}
}

func TestDamagedLedgerRefused(t *testing.T) {
	good := "code,token,link,issued\n2740101,MQ4CUZQ9,HTTPS://S.EXAMPLE.GO.TH/MQ4CUZQ9,2026-11-25T09:00:00Z\n"
	tests := map[string]string{
		"header":         "code,link\n",
		"field count":    good + "3740102,9J4AT7LJ\n",
		"bad token":      good + "3740102,9j4at7l0,X,2026-11-25T09:00:00Z\n",
		"code twice":     good + "2740101,9J4AT7LJ,X,2026-11-25T09:00:00Z\n",
		"token twice":    good + "3740102,MQ4CUZQ9,X,2026-11-25T09:00:00Z\n",
		"bad time":       good + "3740102,9J4AT7LJ,X,yesterday\n",
		"unclosed quote": good + "\"3740102,9J4AT7LJ,X,2026-11-25T09:00:00Z\n",
	}
	for name, content := range tests {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "ledger.csv")
			os.WriteFile(path, []byte(content), 0o644)
			if _, err := Open(path); err == nil || !strings.HasPrefix(err.Error(), path+":") {
				t.Errorf("Open = %v; want an error naming the ledger's line", err)
			}
			if b, _ := os.ReadFile(path); string(b) != content {
				t.Error("the damaged ledger was changed")
			}
		})
	}
}

// Two runs at once: the second waits for the first or gives up, and no
// entry is lost or doubled.
func TestLedgerLock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ledger.csv")
	l, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	old := LockTimeout
	LockTimeout = 100 * time.Millisecond
	defer func() { LockTimeout = old }()
	if _, err := Open(path); err == nil || !strings.Contains(err.Error(), "another prakat run") {
		t.Errorf("second Open = %v; want refusal while the first holds the lock", err)
	}
	l.Close()

	LockTimeout = 10 * time.Second
	units := samutSakhon()
	var wg sync.WaitGroup
	for i := range units {
		wg.Add(1)
		go func() {
			defer wg.Done()
			issueAndSave(t, path, units[i:i+1], redirect)
		}()
	}
	wg.Wait()
	final, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(final.Entries()) != len(units) {
		t.Errorf("%d entries after concurrent runs; want %d", len(final.Entries()), len(units))
	}
}

// Every placeholder a survey address may hold is one Destination fills.
func TestPlaceholdersFilled(t *testing.T) {
	u := roster.Unit{Code: "6740304", Type: roster.SubdistrictOrg, Name: "องค์การบริหารส่วนตำบลบ้านแพ้ว", District: "บ้านแพ้ว"}
	for _, p := range placeholder.Names(placeholder.SurveyURL) {
		got := Destination("https://survey.example.go.th/s?v={"+p+"}", u, "ABCD2345")
		if strings.Contains(got, "{") || strings.HasSuffix(got, "v=") {
			t.Errorf("{%s} is accepted but not filled: %s", p, got)
		}
	}
}
