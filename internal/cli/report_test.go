package cli

import (
	"encoding/csv"
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
	store.Close()

	out := filepath.Join(dir, "report")
	code, stdout, stderr := run(t, nil, "report", "--config", camp, "--db", db, "--out", out)
	if code != 0 {
		t.Fatal(stderr)
	}
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

// scanTime is when the test's scans are made: 16:00 in Thailand.
func scanTime() time.Time { return time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC) }

func itoa(n int) string { return strconv.Itoa(n) }
