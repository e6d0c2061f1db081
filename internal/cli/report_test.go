package cli

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prakat/prakat/internal/campaign"
	"github.com/prakat/prakat/internal/redirect"
	"github.com/prakat/prakat/internal/roster"
	"github.com/prakat/prakat/internal/sqlite"
)

// Scans made through a real server on a real file come out in the report,
// unit by unit, with every unit of the list present.
func TestReportAgainstKnownScans(t *testing.T) {
	dir := t.TempDir()
	camp := filepath.Join(dir, "camp")
	if code, _, stderr := run(t, nil, "init", camp, "--survey-url", "https://survey.example.go.th/s", "--short-base", "https://s.example.go.th"); code != 0 {
		t.Fatal(stderr)
	}
	if code, _, stderr := run(t, nil, "links", "--config", camp); code != 0 {
		t.Fatal(stderr)
	}
	c, err := campaign.Load(camp)
	if err != nil {
		t.Fatal(err)
	}
	list, err := roster.ReadFile(c.Path(c.Units), roster.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ts, err := targets(c, list.Units)
	if err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "scans.db")
	store, err := sqlite.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(redirect.New(redirect.Options{Targets: ts, Store: store, Now: scanTime}).Handler())
	want := map[string]int{}
	i := 0
	for tok, tg := range ts {
		if i >= 5 {
			break
		}
		for k := 0; k <= i; k++ {
			req, _ := http.NewRequest("GET", srv.URL+"/"+strings.ToLower(tok), nil)
			req.Header.Set("User-Agent", "Mozilla/5.0 (iPhone) Mobile")
			resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
		}
		want[tg.Code] = i + 1
		i++
	}
	srv.Close()

	// The report reads beside the server, whose store is still open.
	out := filepath.Join(dir, "report")
	code, stdout, stderr := run(t, nil, "report", "--config", camp, "--db", db, "--out", out)
	if code != 0 {
		t.Fatal(stderr)
	}
	store.Close()
	if !strings.Contains(stdout, "5 of 38 units scanned (15 scans); 33 need a reminder") {
		t.Errorf("stdout: %s", stdout)
	}
	data, _ := os.ReadFile(filepath.Join(out, "report.csv"))
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(data), "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 39 {
		t.Fatalf("%d rows; want all 38 units", len(recs)-1)
	}
	for _, r := range recs[1:] {
		n := want[r[0]]
		follow := r[len(r)-1] == "yes"
		if r[3] != itoa(n) || follow != (n == 0) {
			t.Errorf("%s: %s scans, follow-up %v; want %d", r[0], r[3], follow, n)
		}
	}
	for _, f := range []string{"report.xlsx", "report.html"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Error(err)
		}
	}

	// In Thai: Thai headers, ต้องติดตาม, and dates in the campaign's style
	// (init writes Thai digits and the Buddhist era).
	code, stdout, stderr = run(t, nil, "report", "--config", camp, "--db", db, "--out", out, "--lang", "th")
	if code != 0 {
		t.Fatal(stderr)
	}
	if !strings.Contains(stdout, "มีผู้สแกน 5 จาก 38 หน่วย") {
		t.Errorf("stdout: %s", stdout)
	}
	data, _ = os.ReadFile(filepath.Join(out, "report.csv"))
	recs, err = csv.NewReader(strings.NewReader(strings.TrimPrefix(string(data), "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if recs[0][0] != "รหัส" || recs[0][len(recs[0])-1] != "การติดตาม" {
		t.Errorf("header %v", recs[0])
	}
	for _, r := range recs[1:] {
		n := want[r[0]]
		if follow := r[len(r)-1]; (follow == "ต้องติดตาม") != (n == 0) {
			t.Errorf("%s: %d scans, marked %q", r[0], n, follow)
		}
		if n > 0 && r[6] != "๒๕ พฤศจิกายน ๒๕๖๙ ๑๖:๐๐" {
			t.Errorf("%s: first scan %q; want a Buddhist-era date in Thai digits", r[0], r[6])
		}
	}
}

// Responses naming their units as clerks write them (อบต.…, ทต.…) are
// counted; those that cannot be are warned of on the console and listed
// beside the report; a later run with none unmatched removes the list.
func TestReportResponsesAbbreviated(t *testing.T) {
	dir := t.TempDir()
	camp := filepath.Join(dir, "camp")
	if code, _, stderr := run(t, nil, "init", camp, "--survey-url", "https://survey.example.go.th/s", "--short-base", "https://s.example.go.th"); code != 0 {
		t.Fatal(stderr)
	}
	c, err := campaign.Load(camp)
	if err != nil {
		t.Fatal(err)
	}
	list, err := roster.ReadFile(c.Path(c.Units), roster.Options{})
	if err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "scans.db")
	store, err := sqlite.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	store.Close()
	abbrev := map[roster.Type]string{roster.ProvincialOrg: "อบจ.", roster.CityMunicipality: "ทน.",
		roster.TownMunicipality: "ทม.", roster.SubdistrictMunicipality: "ทต.", roster.SubdistrictOrg: "อบต."}
	// 120 responses, as in the issue: three for each of the 38 units, two
	// abbreviated and one bare beside its district (in full where two units
	// of a district share the bare name), and six naming nothing.
	bares := map[string]int{}
	for _, u := range list.Units {
		bares[u.Bare()]++
	}
	var b strings.Builder
	b.WriteString("ประทับเวลา,ท่านพึงพอใจเพียงใด,หน่วยงานของท่าน,อำเภอ\n")
	for _, u := range list.Units {
		fmt.Fprintf(&b, "2026/11/25,5,%s%s,%s\n", abbrev[u.Type], u.Bare(), u.District)
		fmt.Fprintf(&b, "2026/11/25,4,%s %s,อ.%s\n", abbrev[u.Type], u.Bare(), u.District)
		name := u.Bare()
		if bares[name] > 1 {
			name = u.Name
		}
		fmt.Fprintf(&b, "2026/11/25,3,%s,อำเภอ%s\n", name, u.District)
	}
	for range 6 {
		b.WriteString("2026/11/25,5,ไม่ทราบ,\n")
	}
	responses := filepath.Join(dir, "responses.csv")
	if err := os.WriteFile(responses, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "report")
	code, _, stderr := run(t, nil, "report", "--config", camp, "--db", db, "--out", out, "--responses", responses)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	unmatched := filepath.Join(out, "unmatched-responses.csv")
	if want := "warning: 6 responses name no unit of the list; they are listed in " + unmatched; !strings.Contains(stderr, want) {
		t.Errorf("stderr %q; want %q", stderr, want)
	}
	data, _ := os.ReadFile(filepath.Join(out, "report.csv"))
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(data), "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs[1:] {
		if r[8] != "3" {
			t.Errorf("%s %s: %s responses; want 3", r[0], r[1], r[8])
		}
	}
	data, err = os.ReadFile(unmatched)
	if err != nil {
		t.Fatal(err)
	}
	recs, err = csv.NewReader(strings.NewReader(strings.TrimPrefix(string(data), "\ufeff"))).ReadAll()
	if err != nil || len(recs) != 7 || recs[1][0] != "116" || recs[1][1] != "ไม่ทราบ" {
		t.Errorf("unmatched list %v, %v", recs, err)
	}

	// In Thai, and then with nothing left unmatched: the old list goes.
	_, _, stderr = run(t, nil, "report", "--config", camp, "--db", db, "--out", out, "--responses", responses, "--lang", "th")
	if !strings.Contains(stderr, "คำเตือน: คำตอบ 6 ชุดจับคู่กับหน่วยในรายชื่อไม่ได้") {
		t.Errorf("stderr in Thai: %q", stderr)
	}
	clean := strings.ReplaceAll(b.String(), "2026/11/25,5,ไม่ทราบ,\n", "")
	if err := os.WriteFile(responses, []byte(clean), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := run(t, nil, "report", "--config", camp, "--db", db, "--out", out, "--responses", responses); code != 0 || stderr != "" {
		t.Errorf("exit %d, %q", code, stderr)
	}
	if _, err := os.Stat(unmatched); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the earlier list of unmatched responses is left: %v", err)
	}
}

// scanTime is when the test's scans are made: 16:00 in Thailand.
func scanTime() time.Time { return time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC) }

func itoa(n int) string { return strconv.Itoa(n) }

// A PostgreSQL server that does not answer is named without its password,
// with a hint, in the user's language.
func TestReportPostgresUnreachable(t *testing.T) {
	dir := t.TempDir()
	camp := filepath.Join(dir, "camp")
	if code, _, stderr := run(t, nil, "init", camp, "--survey-url", "https://survey.example.go.th/s", "--short-base", "https://s.example.go.th"); code != 0 {
		t.Fatal(stderr)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // a port where nothing listens
	db := "postgres://prakat:sekret@" + addr + "/scans?connect_timeout=5"
	for _, lang := range []string{"en", "th"} {
		code, _, stderr := run(t, nil, "report", "--lang", lang, "--config", camp, "--db", db, "--out", filepath.Join(dir, "out"))
		want := map[string]string{"en": "cannot reach the PostgreSQL server", "th": "ติดต่อเซิร์ฟเวอร์ PostgreSQL ไม่ได้"}[lang]
		hint := map[string]string{"en": "\nhint: check the host", "th": "\nคำแนะนำ: ตรวจโฮสต์"}[lang]
		if code != 1 || !strings.Contains(stderr, want) || !strings.Contains(stderr, hint) || strings.Contains(stderr, "sekret") {
			t.Errorf("--lang %s: exit %d, stderr %q; want 1, %q with a hint and no password", lang, code, stderr, want)
		}
	}
}
