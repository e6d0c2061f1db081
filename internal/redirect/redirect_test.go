package redirect

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prakat/prakat/internal/sqlite"
	"github.com/prakat/prakat/internal/tracking"
)

const mobileUA = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1"

func newServer(t *testing.T) (*httptest.Server, *sqlite.Store) {
	t.Helper()
	return newServerBehind(t, netip.MustParsePrefix("127.0.0.0/8"))
}

// newServerBehind starts a server that believes the forwarded address from
// the given proxies only.
func newServerBehind(t *testing.T, proxies ...netip.Prefix) (*httptest.Server, *sqlite.Store) {
	t.Helper()
	store, err := sqlite.Open(filepath.Join(t.TempDir(), "scans.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	srv := New(Options{
		Targets: map[string]Target{
			"MQ4CUZQ9": {Code: "2740101", Name: "องค์การบริหารส่วนจังหวัดสมุทรสาคร", URL: "https://survey.example.go.th/s?unit=2740101"},
			"9J4AT7LJ": {Code: "3740102", Name: "เทศบาลนครสมุทรสาคร", URL: "https://survey.example.go.th/s?unit=3740102"},
		},
		Store: store, StatsToken: "sekret",
		Proxies: proxies,
	})
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts, store
}

var noFollow = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func request(t *testing.T, method, url, ua string, hdr ...string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest(method, url, nil)
	req.Header.Set("User-Agent", ua)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := noFollow.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}

func TestRedirects(t *testing.T) {
	ts, store := newServer(t)
	tests := []struct {
		name, method, path, ua string
		status                 int
		location               string
	}{
		{"a scan", "GET", "/MQ4CUZQ9", mobileUA, 302, "https://survey.example.go.th/s?unit=2740101"},
		{"lower case", "GET", "/mq4cuzq9", mobileUA, 302, "https://survey.example.go.th/s?unit=2740101"},
		{"shared, with a query", "GET", "/9J4AT7LJ?fbclid=abc", mobileUA, 302, "https://survey.example.go.th/s?unit=3740102"},
		{"HEAD", "HEAD", "/MQ4CUZQ9", mobileUA, 302, "https://survey.example.go.th/s?unit=2740101"},
		{"LINE preview", "GET", "/MQ4CUZQ9", "facebookexternalhit/1.1;line-poker/1.0", 302, "https://survey.example.go.th/s?unit=2740101"},
		{"unknown token", "GET", "/ZZZZZZZZ", mobileUA, 404, ""},
		{"not a token", "GET", "/hello", mobileUA, 404, ""},
		{"a URL in the path", "GET", "/https://evil.example/x", mobileUA, 404, ""},
		{"an encoded URL", "GET", "/https%3A%2F%2Fevil.example", mobileUA, 404, ""},
		{"double slash", "GET", "//evil.example", mobileUA, 404, ""},
		{"POST", "POST", "/MQ4CUZQ9", mobileUA, 405, ""},
		{"root", "GET", "/", mobileUA, 404, ""},
	}
	for _, tt := range tests {
		resp := request(t, tt.method, ts.URL+tt.path, tt.ua)
		if resp.StatusCode != tt.status || resp.Header.Get("Location") != tt.location {
			t.Errorf("%s: %d %q; want %d %q", tt.name, resp.StatusCode, resp.Header.Get("Location"), tt.status, tt.location)
		}
		if tt.status == 302 && resp.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("%s: Cache-Control %q", tt.name, resp.Header.Get("Cache-Control"))
		}
		if tt.status == 404 && !strings.Contains(resp.Header.Get("Content-Type"), "text/html") {
			t.Errorf("%s: 404 without its page", tt.name)
		}
	}
	st, err := store.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// People: the GET, the lower-case GET. Robots: HEAD and the preview.
	if a := st["2740101"]; a.Scans != 2 || a.Bots != 2 || a.Visitors != 1 {
		t.Errorf("2740101: %+v; want 2 scans by 1 visitor, 2 robots", a)
	}
	if b := st["3740102"]; b.Scans != 1 {
		t.Errorf("3740102: %+v", b)
	}
}

// Behind a trusted proxy the forwarded address tells visitors apart; from
// anyone else the header is ignored.
func TestVisitorsBehindProxy(t *testing.T) {
	ts, store := newServer(t)
	for _, ip := range []string{"203.0.113.1", "203.0.113.2", "203.0.113.2"} {
		request(t, "GET", ts.URL+"/MQ4CUZQ9", mobileUA, "X-Forwarded-For", ip)
	}
	st, _ := store.Stats(context.Background())
	if v := st["2740101"].Visitors; v != 2 {
		t.Errorf("%d visitors; want 2", v)
	}
}

// A forwarded address from a peer that is not a trusted proxy is not
// believed: anyone can write the header, and a visitor who varies it must
// still count once, by the address the connection comes from.
func TestForwardedFromUntrustedPeer(t *testing.T) {
	tests := []struct {
		name    string
		proxies []netip.Prefix
	}{
		{"no trusted proxies", nil},
		{"a proxy elsewhere", []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("192.0.2.7/32")}},
		{"an IPv6 proxy", []netip.Prefix{netip.MustParsePrefix("::1/128")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts, store := newServerBehind(t, tt.proxies...)
			for _, xff := range []string{"203.0.113.1", "203.0.113.2", "198.51.100.9, 10.0.0.1", "192.0.2.7", ""} {
				request(t, "GET", ts.URL+"/MQ4CUZQ9", mobileUA, "X-Forwarded-For", xff)
			}
			st, _ := store.Stats(context.Background())
			if a := st["2740101"]; a.Scans != 5 || a.Visitors != 1 {
				t.Errorf("%+v; want 5 scans by 1 visitor (the peer 127.0.0.1)", a)
			}
		})
	}
}

// A trusted proxy that adds its own header line, rather than appending to
// the visitor's, is still believed over the visitor's line.
func TestForwardedOnSeveralLines(t *testing.T) {
	ts, store := newServer(t)
	for _, spoof := range []string{"203.0.113.1", "203.0.113.2", "203.0.113.3"} {
		req, _ := http.NewRequest("GET", ts.URL+"/MQ4CUZQ9", nil)
		req.Header.Set("User-Agent", mobileUA)
		req.Header.Add("X-Forwarded-For", spoof)          // the visitor's own
		req.Header.Add("X-Forwarded-For", "198.51.100.4") // the proxy's
		resp, err := noFollow.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	st, _ := store.Stats(context.Background())
	if a := st["2740101"]; a.Scans != 3 || a.Visitors != 1 {
		t.Errorf("%+v; want 3 scans by 1 visitor (198.51.100.4)", a)
	}
}

func TestStatsNeedToken(t *testing.T) {
	ts, _ := newServer(t)
	request(t, "GET", ts.URL+"/MQ4CUZQ9", mobileUA)
	if r := request(t, "GET", ts.URL+"/api/stats", mobileUA); r.StatusCode != 401 {
		t.Errorf("no token: %d", r.StatusCode)
	}
	if r := request(t, "GET", ts.URL+"/api/stats", mobileUA, "Authorization", "Bearer wrong"); r.StatusCode != 401 {
		t.Errorf("wrong token: %d", r.StatusCode)
	}
	req, _ := http.NewRequest("GET", ts.URL+"/api/stats", nil)
	req.Header.Set("Authorization", "Bearer sekret")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct {
		Units []struct {
			Code  string     `json:"code"`
			Scans int        `json:"scans"`
			First *time.Time `json:"first_scan"`
		} `json:"units"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	if len(body.Units) != 2 || body.Units[0].Code != "2740101" || body.Units[0].Scans != 1 || body.Units[0].First == nil {
		t.Errorf("stats: %+v", body.Units)
	}
	if r := request(t, "GET", ts.URL+"/healthz", ""); r.StatusCode != 200 {
		t.Errorf("healthz: %d", r.StatusCode)
	}
}

// At the end of its day the salt is deleted from the store and from the
// server's memory, before any scan of the next day arrives.
func TestSaltDeletedWhenItsDayEnds(t *testing.T) {
	store, err := sqlite.Open(filepath.Join(t.TempDir(), "scans.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	ctx := context.Background()
	var mu sync.Mutex
	now := time.Date(2026, 11, 25, 16, 59, 59, 0, time.UTC) // 23:59:59 in Thailand
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	srv := New(Options{Targets: map[string]Target{"MQ4CUZQ9": {Code: "2740101", URL: "https://survey.example.go.th/s"}}, Store: store, Now: clock})
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	request(t, "GET", ts.URL+"/MQ4CUZQ9", mobileUA)
	first, err := store.Salt(ctx, "2026-11-25")
	if err != nil {
		t.Fatal(err)
	}
	if srv.visitors == nil || srv.visitors.Key("203.0.113.7", mobileUA) != tracking.Visitor(first, "203.0.113.7", mobileUA) {
		t.Fatal("the server's salt is not the store's")
	}
	mu.Lock()
	now = now.Add(time.Second)
	mu.Unlock()
	srv.forgetSalts(ctx)
	if srv.visitors != nil {
		t.Error("the server kept the past day's salt in memory")
	}
	again, err := store.Salt(ctx, "2026-11-25")
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(first, again) {
		t.Error("the store kept the past day's salt after the day ended")
	}

	// ForgetSalts runs until its context ends, waking at each day's end.
	cctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { srv.ForgetSalts(cctx); close(done) }()
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Error("ForgetSalts did not return when its context ended")
	}
}

// /metrics on the redirect address is for a holder of the stats token, as
// /api/stats is, and counts what the server answered.
func TestMetricsNeedToken(t *testing.T) {
	store, err := sqlite.Open(filepath.Join(t.TempDir(), "scans.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	m := NewMetrics()
	store.Observe(m.ObserveBatch)
	srv := New(Options{Targets: map[string]Target{"MQ4CUZQ9": {Code: "2740101", URL: "https://survey.example.go.th/s"}},
		Store: store, StatsToken: "sekret", Metrics: m})
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	request(t, "GET", ts.URL+"/MQ4CUZQ9", mobileUA)
	request(t, "HEAD", ts.URL+"/MQ4CUZQ9", mobileUA)
	request(t, "GET", ts.URL+"/NOPE", mobileUA)
	for _, auth := range []string{"", "Bearer wrong"} {
		if resp := request(t, "GET", ts.URL+"/metrics", mobileUA, "Authorization", auth); resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("/metrics with %q: %s; want 401", auth, resp.Status)
		}
	}
	req, _ := http.NewRequest("GET", ts.URL+"/metrics", nil)
	req.Header.Set("Authorization", "Bearer sekret")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{"\nprakat_scans_total 2\n", "\nprakat_robot_scans_total 1\n", "\nprakat_unknown_tokens_total 1\n",
		"\nprakat_redirect_duration_seconds_count 2\n", "\nprakat_store_batch_size_sum 2\n", "\nprakat_scan_errors_total 0\n"} {
		if !strings.Contains(string(body), want) {
			t.Errorf("/metrics lacks %q:\n%s", strings.TrimSpace(want), body)
		}
	}
}
