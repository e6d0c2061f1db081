package redirect

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prakat/prakat/internal/report"
	"github.com/prakat/prakat/internal/roster"
	"github.com/prakat/prakat/internal/sqlite"
)

const dashToken = "d4shb0ard-t0ken"

// dashUnits are five units in two districts.
var dashUnits = []roster.Unit{
	{Code: "6740101", Name: "องค์การบริหารส่วนตำบลท่าทราย", District: "เมืองสมุทรสาคร", Province: "สมุทรสาคร"},
	{Code: "6740102", Name: "องค์การบริหารส่วนตำบลบางโทรัด", District: "เมืองสมุทรสาคร", Province: "สมุทรสาคร"},
	{Code: "6740103", Name: "องค์การบริหารส่วนตำบลนาดี", District: "เมืองสมุทรสาคร", Province: "สมุทรสาคร"},
	{Code: "6740201", Name: "เทศบาลตำบลบ้านแพ้ว", District: "บ้านแพ้ว", Province: "สมุทรสาคร"},
	{Code: "6740202", Name: "องค์การบริหารส่วนตำบลหลักสาม", District: "บ้านแพ้ว", Province: "สมุทรสาคร"},
}

// newDashboard serves the five units with the first of each district
// scanned, the first twice, and one robot's visit to a third.
func newDashboard(t *testing.T) (*httptest.Server, *sqlite.Store) {
	t.Helper()
	store, err := sqlite.Open(filepath.Join(t.TempDir(), "scans.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	targets := map[string]Target{}
	for i, u := range dashUnits {
		targets["MQ4CUZQ"+string(rune('A'+i))] = Target{Code: u.Code, Name: u.Name, URL: "https://survey.example.go.th/s?unit=" + u.Code}
	}
	srv := New(Options{Targets: targets, Store: store, StatsToken: dashToken,
		Title: "แบบประเมินความพึงพอใจ", Units: dashUnits})
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	request(t, "GET", ts.URL+"/MQ4CUZQA", mobileUA)
	request(t, "GET", ts.URL+"/MQ4CUZQA", mobileUA)
	request(t, "GET", ts.URL+"/MQ4CUZQD", mobileUA)
	request(t, "GET", ts.URL+"/MQ4CUZQB", "facebookexternalhit/1.1")
	return ts, store
}

// browser is a client that keeps cookies and does not follow redirects.
func browser(t *testing.T) *http.Client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func get(t *testing.T, c *http.Client, u string) (*http.Response, string) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func signIn(t *testing.T, c *http.Client, base, token string) *http.Response {
	t.Helper()
	resp, err := c.PostForm(base+"/dashboard/signin", url.Values{"token": {token}})
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}

func TestDashboardNeedsSignIn(t *testing.T) {
	ts, _ := newDashboard(t)
	c := browser(t)
	resp, body := get(t, c, ts.URL+"/dashboard")
	if resp.StatusCode != 200 || !strings.Contains(body, `name="token"`) || strings.Contains(body, "บ้านแพ้ว") {
		t.Errorf("GET /dashboard signed out: %d, sign-in form %v, data shown %v", resp.StatusCode,
			strings.Contains(body, `name="token"`), strings.Contains(body, "บ้านแพ้ว"))
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "script-src 'sha256-") {
		t.Errorf("Content-Security-Policy %q", csp)
	}
	if resp, _ := get(t, c, ts.URL+"/dashboard/data"); resp.StatusCode != 401 {
		t.Errorf("GET /dashboard/data signed out: %d; want 401", resp.StatusCode)
	}

	resp = signIn(t, c, ts.URL, "wrong")
	if resp.StatusCode != 401 || len(resp.Cookies()) != 0 {
		t.Errorf("a wrong token: %d, cookies %v; want 401 and none", resp.StatusCode, resp.Cookies())
	}
	if resp, _ := get(t, c, ts.URL+"/dashboard/data"); resp.StatusCode != 401 {
		t.Errorf("GET /dashboard/data after a wrong token: %d; want 401", resp.StatusCode)
	}

	// The token itself as the cookie is refused: the cookie holds an HMAC.
	raw := browser(t)
	u, _ := url.Parse(ts.URL + "/dashboard")
	raw.Jar.SetCookies(u, []*http.Cookie{{Name: cookieName, Value: dashToken}})
	if resp, _ := get(t, raw, ts.URL+"/dashboard/data"); resp.StatusCode != 401 {
		t.Errorf("the raw token as the cookie: %d; want 401", resp.StatusCode)
	}

	// A form posted from another site is refused.
	req, _ := http.NewRequest("POST", ts.URL+"/dashboard/signin", strings.NewReader("token="+dashToken))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	if resp, err := c.Do(req); err != nil || resp.StatusCode != 403 || len(resp.Cookies()) != 0 {
		t.Errorf("a sign-in from another origin: %v %v; want 403 without a cookie", resp.StatusCode, err)
	}
}

func TestDashboardSignIn(t *testing.T) {
	ts, _ := newDashboard(t)
	c := browser(t)
	resp := signIn(t, c, ts.URL, dashToken)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/dashboard" {
		t.Fatalf("sign-in: %d to %q; want 303 to /dashboard", resp.StatusCode, resp.Header.Get("Location"))
	}
	cookies := resp.Cookies()
	if len(cookies) != 1 {
		t.Fatalf("sign-in set %d cookies", len(cookies))
	}
	ck := cookies[0]
	if !ck.HttpOnly || ck.SameSite != http.SameSiteStrictMode || ck.Path != "/dashboard" || ck.MaxAge <= 0 {
		t.Errorf("cookie %+v; want HttpOnly, SameSite=Strict, Path=/dashboard, an age", ck)
	}
	if strings.Contains(ck.Value, dashToken) {
		t.Errorf("the cookie holds the token: %q", ck.Value)
	}
	if strings.Contains(resp.Header.Get("Location"), dashToken) {
		t.Error("the token is in the address")
	}
	resp, body := get(t, c, ts.URL+"/dashboard")
	if resp.StatusCode != 200 || !strings.Contains(body, "อำเภอบ้านแพ้ว") || !strings.Contains(body, "33%") {
		t.Errorf("GET /dashboard signed in: %d\n%s", resp.StatusCode, body)
	}

	// Signing out forgets the cookie.
	resp, err := c.PostForm(ts.URL+"/dashboard/signout", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp, _ := get(t, c, ts.URL+"/dashboard/data"); resp.StatusCode != 401 {
		t.Errorf("GET /dashboard/data after signing out: %d; want 401", resp.StatusCode)
	}
}

// The dashboard's numbers are the report's: the same units, shares and
// units to remind.
func TestDashboardDataIsReport(t *testing.T) {
	ts, store := newDashboard(t)
	c := browser(t)
	signIn(t, c, ts.URL, dashToken)
	resp, body := get(t, c, ts.URL+"/dashboard/data")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("GET /dashboard/data: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	var got dashboardData
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatal(err)
	}
	counts, err := store.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := report.Build("", dashUnits, counts, nil, time.Now())
	if len(got.Districts) != len(want.Districts) {
		t.Fatalf("%d districts; want %d", len(got.Districts), len(want.Districts))
	}
	for i, w := range want.Districts {
		g := got.Districts[i]
		var wantFollow, gotFollow []string
		for _, u := range w.FollowUp {
			wantFollow = append(wantFollow, u.Code)
		}
		for _, u := range g.FollowUp {
			gotFollow = append(gotFollow, u.Code)
		}
		if g.Name != w.Name || g.Units != w.Units || g.Reached != w.Reached || g.Scans != w.Scans ||
			g.Percent != report.Percent(w.Share()) || !slices.Equal(gotFollow, wantFollow) {
			t.Errorf("district %d: %+v; want %+v", i, g, w)
		}
	}
	// And by hand: a robot's visit reminds all the same.
	tests := []struct {
		name    string
		reached int
		percent string
		follow  []string
	}{
		{"เมืองสมุทรสาคร", 1, "33%", []string{"6740102", "6740103"}},
		{"บ้านแพ้ว", 1, "50%", []string{"6740202"}},
	}
	for i, tt := range tests {
		g := got.Districts[i]
		var codes []string
		for _, u := range g.FollowUp {
			codes = append(codes, u.Code)
		}
		if g.Name != tt.name || g.Reached != tt.reached || g.Percent != tt.percent || !slices.Equal(codes, tt.follow) {
			t.Errorf("district %d: %s %d %s %v; want %s %d %s %v", i, g.Name, g.Reached, g.Percent, codes, tt.name, tt.reached, tt.percent, tt.follow)
		}
	}
	if got.Total.Units != 5 || got.Total.Reached != 2 || got.Total.Percent != "40%" || got.FollowUps != 3 || got.Total.Scans != 3 {
		t.Errorf("total %+v, %d to remind; want 2 of 5 (40%%), 3 scans, 3 to remind", got.Total, got.FollowUps)
	}
}

func TestDashboardOffWithoutToken(t *testing.T) {
	store, err := sqlite.Open(filepath.Join(t.TempDir(), "scans.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	ts := httptest.NewServer(New(Options{Targets: map[string]Target{}, Store: store, Units: dashUnits}).Handler())
	defer ts.Close()
	for _, p := range []string{"/dashboard", "/dashboard/data"} {
		if resp := request(t, "GET", ts.URL+p, mobileUA); resp.StatusCode != 404 {
			t.Errorf("GET %s with no stats token: %d; want 404", p, resp.StatusCode)
		}
	}
}

// A cookie lasts its 12 hours on the server too, whatever the browser
// keeps: after them, the data is refused until the user signs in again.
func TestDashboardCookieRunsOut(t *testing.T) {
	store, err := sqlite.Open(filepath.Join(t.TempDir(), "scans.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	var now atomic.Int64
	now.Store(time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC).Unix())
	srv := New(Options{Targets: map[string]Target{}, Store: store, StatsToken: dashToken, Units: dashUnits,
		Now: func() time.Time { return time.Unix(now.Load(), 0) }})
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	c := browser(t)
	signIn(t, c, ts.URL, dashToken)
	if resp, _ := get(t, c, ts.URL+"/dashboard/data"); resp.StatusCode != 200 {
		t.Fatalf("GET /dashboard/data signed in: %d; want 200", resp.StatusCode)
	}
	now.Add(int64(signedInFor/time.Second) - 1)
	if resp, _ := get(t, c, ts.URL+"/dashboard/data"); resp.StatusCode != 200 {
		t.Errorf("a second before the cookie runs out: %d; want 200", resp.StatusCode)
	}
	now.Add(1)
	if resp, _ := get(t, c, ts.URL+"/dashboard/data"); resp.StatusCode != 401 {
		t.Errorf("once the cookie has run out: %d; want 401", resp.StatusCode)
	}
}
