package main

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/csv"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/prakat/prakat/internal/campaign"
	"github.com/prakat/prakat/internal/cli"
	"github.com/prakat/prakat/internal/postgres"
	"github.com/prakat/prakat/internal/postgres/postgrestest"
	"github.com/prakat/prakat/internal/sqlite"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// startServe runs `prakat serve` as a process of its own and returns it
// with its base address.
// phone is a client that reads a redirect without following it, to see
// where it points.
func phone(timeout time.Duration) *http.Client {
	return &http.Client{Timeout: timeout, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func startServe(t *testing.T, bin string, args ...string) (*exec.Cmd, string) {
	t.Helper()
	cmd, addrs := startServeLines(t, bin, 1, args...)
	return cmd, addrs[0]
}

// startServeLines runs `prakat serve` and returns the addresses on the
// first n lines it prints.
func startServeLines(t *testing.T, bin string, n int, args ...string) (*exec.Cmd, []string) {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(out)
	var addrs []string
	for range n {
		line, err := r.ReadString('\n')
		if err != nil {
			cmd.Process.Kill()
			t.Fatalf("serve printed %q: %v", line, err)
		}
		m := regexp.MustCompile(`https?://[0-9.:]+`).FindString(line)
		if m == "" {
			cmd.Process.Kill()
			t.Fatalf("serve printed %q", line)
		}
		addrs = append(addrs, m)
	}
	return cmd, addrs
}

// TestServeSurvivesKill9 loads the server, kills it with SIGKILL, starts it
// again on the same file: every redirect a client received is stored, and
// the database passes SQLite's integrity check.
func TestServeSurvivesKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the server")
	}
	dir := t.TempDir()
	bin := buildPrakat(t, dir)
	camp := filepath.Join(dir, "camp")
	var sink strings.Builder
	if code := cli.Run([]string{"init", camp, "--survey-url", "https://survey.example.go.th/s", "--short-base", "https://s.example.go.th"}, cli.IO{Out: &sink, Err: &sink}); code != 0 {
		t.Fatal(sink.String())
	}
	var csv strings.Builder
	if code := cli.Run([]string{"links", "--config", camp}, cli.IO{Out: &csv, Err: &sink}); code != 0 {
		t.Fatal(sink.String())
	}
	var tokens []string
	for _, line := range strings.Split(csv.String(), "\n")[1:] {
		if f := strings.Split(line, ","); len(f) == 6 {
			tokens = append(tokens, f[4])
		}
	}
	db := filepath.Join(dir, "scans.db")
	srv, base := startServe(t, bin, "--config", camp, "--db", db)

	client := phone(5 * time.Second)
	var mu sync.Mutex
	received := map[string]int{}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	for w := 0; w < 16; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < 20000 && ctx.Err() == nil; i += 16 {
				tok := tokens[i%len(tokens)]
				req, _ := http.NewRequestWithContext(ctx, "GET", base+"/"+tok, nil)
				req.Header.Set("User-Agent", "Mozilla/5.0 (iPhone) Mobile")
				resp, err := client.Do(req)
				if err != nil {
					continue
				}
				resp.Body.Close()
				if resp.StatusCode == http.StatusFound {
					mu.Lock()
					received[tok]++
					mu.Unlock()
				}
			}
		}()
	}
	time.Sleep(700 * time.Millisecond)
	srv.Process.Signal(syscall.SIGKILL)
	srv.Wait()
	cancel()
	wg.Wait()
	total := 0
	for _, n := range received {
		total += n
	}
	if total < 50 {
		t.Fatalf("only %d redirects before the kill; the load did not run", total)
	}

	// Start again on the same file, then stop it the polite way.
	srv, _ = startServe(t, bin, "--config", camp, "--db", db)
	srv.Process.Signal(syscall.SIGTERM)
	if err := srv.Wait(); err != nil {
		t.Errorf("serve after SIGTERM: %v", err)
	}

	store, err := sqlite.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	if err := store.Check(context.Background()); err != nil {
		t.Fatal(err)
	}
	st, err := store.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	byToken := map[string]string{}
	for _, line := range strings.Split(csv.String(), "\n")[1:] {
		if f := strings.Split(line, ","); len(f) == 6 {
			byToken[f[4]] = f[0]
		}
	}
	stored := 0
	for tok, n := range received {
		code := byToken[tok]
		if st[code].Scans < n {
			t.Errorf("%s: clients received %d redirects; %d scans stored", code, n, st[code].Scans)
		}
		stored += st[code].Scans
	}
	t.Logf("%d redirects received before the kill, %d scans stored", total, stored)
	os.Remove(bin)
}

// scanCampaign makes a campaign with its links issued and returns its
// folder and every token with its unit's code.
func scanCampaign(t *testing.T, dir string) (camp string, codes map[string]string) {
	t.Helper()
	camp = filepath.Join(dir, "camp")
	var sink strings.Builder
	if code := cli.Run([]string{"init", camp, "--survey-url", "https://survey.example.go.th/s", "--short-base", "https://s.example.go.th"}, cli.IO{Out: &sink, Err: &sink}); code != 0 {
		t.Fatal(sink.String())
	}
	var csv strings.Builder
	if code := cli.Run([]string{"links", "--config", camp}, cli.IO{Out: &csv, Err: &sink}); code != 0 {
		t.Fatal(sink.String())
	}
	codes = map[string]string{}
	for _, line := range strings.Split(csv.String(), "\n")[1:] {
		if f := strings.Split(line, ","); len(f) == 6 {
			codes[f[4]] = f[0]
		}
	}
	return camp, codes
}

// TestServePostgresTwoServersKill9 runs two servers on one PostgreSQL
// database, loads them together, kills one with SIGKILL under load and
// keeps loading the other: every redirect a client received is counted
// once, and no more scans are stored than requests were sent. A request
// the killed server failed to answer may or may not be stored, as its
// commit did or did not finish; every other request is stored exactly
// once. report, reading PostgreSQL, gives the same per-unit counts.
func TestServePostgresTwoServersKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the server")
	}
	db := postgrestest.URL(t)
	dir := t.TempDir()
	bin := buildPrakat(t, dir)
	camp, codes := scanCampaign(t, dir)
	var tokens []string
	for tok := range codes {
		tokens = append(tokens, tok)
	}
	srvA, baseA := startServe(t, bin, "--config", camp, "--db", db)
	srvB, baseB := startServe(t, bin, "--config", camp, "--db", db)
	defer func() { srvB.Process.Kill(); srvB.Wait() }()

	client := phone(10 * time.Second)
	var mu sync.Mutex
	received, failed := map[string]int{}, map[string]int{}
	var stop atomic.Bool
	var wg sync.WaitGroup
	const workers = 16
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			base := []string{baseA, baseB}[w%2]
			for i := w; !stop.Load(); i += workers {
				code := codes[tokens[i%len(tokens)]]
				req, _ := http.NewRequest("GET", base+"/"+tokens[i%len(tokens)], nil)
				req.Header.Set("User-Agent", "Mozilla/5.0 (iPhone) Mobile")
				resp, err := client.Do(req)
				mu.Lock()
				if err == nil && resp.StatusCode == http.StatusFound {
					received[code]++
				} else {
					failed[code]++
				}
				mu.Unlock()
				if err != nil {
					time.Sleep(10 * time.Millisecond) // the killed server: do not spin
					continue
				}
				resp.Body.Close()
			}
		}()
	}
	time.Sleep(1500 * time.Millisecond)
	srvA.Process.Signal(syscall.SIGKILL)
	srvA.Wait()
	time.Sleep(700 * time.Millisecond)
	stop.Store(true) // requests under way finish: the survivor answers them
	wg.Wait()
	srvB.Process.Signal(syscall.SIGTERM)
	if err := srvB.Wait(); err != nil {
		t.Errorf("serve after SIGTERM: %v", err)
	}

	out := filepath.Join(dir, "report")
	if b, err := exec.Command(bin, "report", "--config", camp, "--db", db, "--out", out).CombinedOutput(); err != nil {
		t.Fatalf("report: %v\n%s", err, b)
	}
	data, err := os.ReadFile(filepath.Join(out, "report.csv"))
	if err != nil {
		t.Fatal(err)
	}
	reported := map[string]int{}
	for _, line := range strings.Split(strings.TrimPrefix(string(data), "\ufeff"), "\n")[1:] {
		if f := strings.Split(line, ","); len(f) > 3 {
			n, _ := strconv.Atoi(f[3])
			reported[f[0]] = n
		}
	}
	store, err := postgres.OpenReadOnly(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	st, err := store.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	total, stored, unanswered := 0, 0, 0
	for _, code := range codes {
		if reported[code] != st[code].Scans {
			t.Errorf("%s: report says %d scans; the database holds %d", code, reported[code], st[code].Scans)
		}
	}
	for code := range reported {
		n, got := received[code], reported[code]
		if got < n || got > n+failed[code] {
			t.Errorf("%s: clients received %d redirects (%d requests failed); %d scans counted", code, n, failed[code], got)
		}
		total += n
		stored += got
		unanswered += failed[code]
	}
	if total < 200 {
		t.Fatalf("only %d redirects received; the load did not run", total)
	}
	// Beyond what clients received, only the requests under way on the
	// killed server at the kill, one a client at most, may be stored.
	if stored-total > workers/2 {
		t.Errorf("%d scans stored beyond the %d redirects received; want at most %d", stored-total, total, workers/2)
	}
	t.Logf("%d redirects received from two servers, one killed; %d requests unanswered; %d scans stored", total, unanswered, stored)
}

// TestServeMetrics loads the server and reads /metrics from the address of
// its own: it parses as Prometheus text, and its scan counter equals the
// scans stored.
func TestServeMetrics(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the server")
	}
	dir := t.TempDir()
	bin := buildPrakat(t, dir)
	camp, codes := scanCampaign(t, dir)
	db := filepath.Join(dir, "scans.db")
	srv, addrs := startServeLines(t, bin, 2, "--config", camp, "--db", db, "--metrics-addr", "127.0.0.1:0")
	defer func() { srv.Process.Kill(); srv.Wait() }()
	base, metricsBase := addrs[0], addrs[1]
	client := phone(10 * time.Second)
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			i := 0
			for tok := range codes {
				if i++; i%8 != w {
					continue
				}
				for _, ua := range []string{"Mozilla/5.0 (iPhone) Mobile", "facebookexternalhit/1.1"} {
					req, _ := http.NewRequest("GET", base+"/"+tok, nil)
					req.Header.Set("User-Agent", ua)
					if resp, err := client.Do(req); err == nil {
						resp.Body.Close()
					}
				}
			}
			if resp, err := client.Get(base + "/NOTATOKEN"); err == nil {
				resp.Body.Close()
			}
		}()
	}
	wg.Wait()
	// Not on the redirect address: there it would be a token-less 404.
	if resp, err := client.Get(base + "/metrics"); err != nil || resp.StatusCode != http.StatusNotFound {
		t.Errorf("GET /metrics on the redirect address = %v, %v; want 404 with --metrics-addr", resp.Status, err)
	}
	resp, err := client.Get(metricsBase + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	parser := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := parser.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatalf("/metrics is not Prometheus text: %v", err)
	}
	value := func(name string) int {
		f, ok := fams[name]
		if !ok || len(f.Metric) != 1 {
			t.Fatalf("/metrics has no %s", name)
		}
		m := f.Metric[0]
		switch {
		case m.Counter != nil:
			return int(m.Counter.GetValue())
		case m.Histogram != nil:
			return int(m.Histogram.GetSampleCount())
		}
		t.Fatalf("%s is neither a counter nor a histogram", name)
		return 0
	}
	srv.Process.Signal(syscall.SIGTERM)
	srv.Wait()
	store, err := sqlite.OpenReadOnly(db)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	stored, err := store.Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if want := 2 * len(codes); stored != want {
		t.Errorf("%d scans stored; want %d", stored, want)
	}
	if got := value("prakat_scans_total"); got != stored {
		t.Errorf("prakat_scans_total = %d; %d scans stored", got, stored)
	}
	if got := value("prakat_robot_scans_total"); got != len(codes) {
		t.Errorf("prakat_robot_scans_total = %d; want %d", got, len(codes))
	}
	// One a client, and /metrics asked of the redirect address.
	if got := value("prakat_unknown_tokens_total"); got != 9 {
		t.Errorf("prakat_unknown_tokens_total = %d; want 9", got)
	}
	if got := value("prakat_redirect_duration_seconds"); got != stored {
		t.Errorf("%d redirect latencies observed; want %d", got, stored)
	}
	batches := value("prakat_store_batch_size")
	if sum := int(fams["prakat_store_batch_size"].Metric[0].Histogram.GetSampleSum()); batches == 0 || sum != stored {
		t.Errorf("store batches: %d holding %d scans; want them to hold the %d stored", batches, sum, stored)
	}
	if value("prakat_store_wait_seconds") != batches {
		t.Errorf("store waits observed unlike batches")
	}
}

// TestServeHTTPS answers scans over TLS with a certificate from files.
func TestServeHTTPS(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the server")
	}
	dir := t.TempDir()
	bin := buildPrakat(t, dir)
	camp, codes := scanCampaign(t, dir)
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, _ := x509.MarshalECPrivateKey(key)
	certPath, keyPath := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(certPath, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644)
	os.WriteFile(keyPath, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}), 0o600)

	db := filepath.Join(dir, "scans.db")
	srv, base := startServe(t, bin, "--config", camp, "--db", db, "--tls-cert", certPath, "--tls-key", keyPath)
	defer func() { srv.Process.Kill(); srv.Wait() }()
	if !strings.HasPrefix(base, "https://") {
		t.Fatalf("serve with a certificate listens on %s", base)
	}
	x, _ := x509.ParseCertificate(der)
	roots := x509.NewCertPool()
	roots.AddCert(x)
	client := phone(10 * time.Second)
	client.Transport = &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots}}
	n := 0
	for tok := range codes {
		resp, err := client.Get(base + "/" + tok)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusFound || resp.TLS == nil {
			t.Fatalf("GET %s over TLS: %s", tok, resp.Status)
		}
		n++
	}
	// Plain HTTP on the TLS port is not answered with a redirect.
	if resp, err := http.Get(strings.Replace(base, "https://", "http://", 1) + "/healthz"); err == nil {
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("plain HTTP to the TLS port: %s", resp.Status)
		}
		resp.Body.Close()
	}
	srv.Process.Signal(syscall.SIGTERM)
	srv.Wait()
	store, err := sqlite.OpenReadOnly(db)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	if got, _ := store.Count(context.Background()); got != n {
		t.Errorf("%d scans stored; %d redirects received over TLS", got, n)
	}
}

// TestServeDashboardIsReport signs in to the dashboard of a running
// server and finds per district the numbers prakat report writes: units,
// units scanned, their share and the units to remind.
func TestServeDashboardIsReport(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the server")
	}
	dir := t.TempDir()
	bin := buildPrakat(t, dir)
	camp, codes := scanCampaign(t, dir)
	db := filepath.Join(dir, "scans.db")
	srv, base := startServe(t, bin, "--config", camp, "--db", db)
	defer func() { srv.Process.Kill(); srv.Wait() }()
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, Timeout: 10 * time.Second}
	noFollow := phone(10 * time.Second)
	i := 0
	for tok := range codes { // a third of the units, a robot for another
		i++
		ua := map[int]string{0: "Mozilla/5.0 (iPhone) Mobile", 1: "facebookexternalhit/1.1"}[i%3]
		if ua == "" {
			continue
		}
		req, _ := http.NewRequest("GET", base+"/"+tok, nil)
		req.Header.Set("User-Agent", ua)
		resp, err := noFollow.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	c, err := campaign.Load(camp)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := client.PostForm(base+"/dashboard/signin", url.Values{"token": {c.StatsToken}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	resp, err = client.Get(base + "/dashboard/data")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /dashboard/data after signing in: %s", resp.Status)
	}
	var got struct {
		Districts []struct {
			Name     string
			Units    int
			Reached  int
			Percent  string
			FollowUp []struct{ Code string } `json:"follow_up"`
		}
	}
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
		t.Fatal(err)
	}

	out := filepath.Join(dir, "report")
	var sink strings.Builder
	if code := cli.Run([]string{"report", "--config", camp, "--db", db, "--out", out}, cli.IO{Out: &sink, Err: &sink}); code != 0 {
		t.Fatal(sink.String())
	}
	f, err := os.Open(filepath.Join(out, "report.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	type district struct {
		units, reached int
		follow         []string
	}
	want := map[string]*district{}
	var order []string
	for _, r := range rows[1:] { // code,name,district,scans,…,follow_up
		d := want[r[2]]
		if d == nil {
			d = &district{}
			want[r[2]] = d
			order = append(order, r[2])
		}
		d.units++
		if r[3] != "0" {
			d.reached++
		}
		if r[len(r)-1] != "" {
			d.follow = append(d.follow, r[0])
		}
	}
	if len(got.Districts) != len(order) {
		t.Fatalf("the dashboard has %d districts; the report %d", len(got.Districts), len(order))
	}
	reminded := 0
	for i, g := range got.Districts {
		w := want[order[i]]
		var follow []string
		for _, u := range g.FollowUp {
			follow = append(follow, u.Code)
		}
		share := fmt.Sprintf("%.0f%%", 100*float64(w.reached)/float64(w.units))
		if g.Name != order[i] || g.Units != w.units || g.Reached != w.reached || g.Percent != share || !slices.Equal(follow, w.follow) {
			t.Errorf("district %s: %d/%d %s, remind %v; the report: %s %d/%d %s, remind %v",
				g.Name, g.Reached, g.Units, g.Percent, follow, order[i], w.reached, w.units, share, w.follow)
		}
		reminded += len(follow)
	}
	if reminded == 0 || reminded == len(rows)-1 {
		t.Errorf("%d of %d units to remind: the scans did not reach some units only", reminded, len(rows)-1)
	}
}
