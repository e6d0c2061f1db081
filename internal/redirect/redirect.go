// Package redirect is the small web server behind the posters' short links:
// it answers a scan of a unit's QR code with a temporary redirect to the
// unit's survey address, records the scan, and serves health and
// statistics. It redirects to ledger destinations only, never to an
// address taken from the request.
package redirect

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"html/template"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/prakat/prakat/internal/links"
	"github.com/prakat/prakat/internal/roster"
	"github.com/prakat/prakat/internal/thai"
	"github.com/prakat/prakat/internal/tracking"
)

// Target is where a token leads.
type Target struct {
	Code string
	Name string
	// URL is the survey address for the unit, computed from the campaign's
	// survey address when the server starts: editing the campaign and
	// restarting redirects every poster already printed.
	URL string

	location []string // the Location header of its redirects, made once
}

// Options configure a server.
type Options struct {
	Targets    map[string]Target // by token, upper case
	Store      tracking.Store
	StatsToken string // bearer token for /api/stats and /metrics; empty turns them off
	// Metrics, when set, count scans, and /metrics serves them to a
	// holder of the token unless MetricsElsewhere.
	Metrics          *Metrics
	MetricsElsewhere bool           // served on an address of its own, not here
	Proxies          []netip.Prefix // reverse proxies whose client address header is believed
	Header           string         // that header; X-Forwarded-For when empty
	Log              *slog.Logger
	Now              func() time.Time

	// The dashboard (GET /dashboard, for a holder of the stats token)
	// counts these units, the campaign's list, as prakat report does.
	Title string
	Units []roster.Unit
	Dates thai.DateStyle // how its dates are written
}

// Server answers scans.
type Server struct {
	o Options

	mu       sync.Mutex
	saltDay  string
	visitors *tracking.Visitors // the day's keys

	dash  dashboardCache
	kinds tracking.Classifier
}

// New returns a server.
func New(o Options) *Server {
	if o.Header == "" {
		o.Header = "X-Forwarded-For"
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	ts := make(map[string]Target, len(o.Targets))
	for tok, t := range o.Targets {
		t.location = []string{t.URL}
		ts[tok] = t
	}
	o.Targets = ts
	return &Server{o: o}
}

// Handler routes the server's paths. It matches paths as they come, with
// no cleaning and no redirects of its own: anything but a known route is a
// 404, so no address in a path is ever followed.
func (s *Server) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		path := r.URL.EscapedPath()
		if s.o.StatsToken != "" && (path == "/dashboard" || strings.HasPrefix(path, "/dashboard/")) {
			s.dashboardRoute(w, r, path)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		switch {
		case path == "/healthz":
			w.Header().Set("Cache-Control", "no-store")
			w.Write([]byte("ok\n"))
		case path == "/api/stats":
			if s.authorized(w, r) {
				s.stats(w, r)
			}
		case path == "/metrics" && s.o.Metrics != nil && !s.o.MetricsElsewhere:
			if s.authorized(w, r) {
				s.o.Metrics.Handler().ServeHTTP(w, r)
			}
		case len(path) > 1 && !strings.ContainsAny(path[1:], "/%"):
			// A query (a share adds ?fbclid=…) is ignored.
			s.scan(w, r, path[1:])
		default:
			s.notFound(w)
		}
	})
}

func (s *Server) scan(w http.ResponseWriter, r *http.Request, raw string) {
	token := links.NormalizeToken(raw)
	t, ok := s.o.Targets[token]
	if token == "" || !ok {
		if m := s.o.Metrics; m != nil {
			m.unknown.Inc()
		}
		s.notFound(w)
		return
	}
	start := time.Now()
	now := s.o.Now()
	ua := r.UserAgent()
	device, bot := s.kinds.Classify(ua)
	if r.Method == http.MethodHead {
		bot = true
	}
	sc := tracking.Scan{At: now, Code: t.Code, Token: token, Device: device, Bot: bot}
	visitors, err := s.dayVisitors(r.Context(), tracking.Day(now))
	if err == nil {
		sc.Visitor = visitors.Key(s.clientAddr(r), ua)
		err = s.o.Store.Record(r.Context(), sc)
	}
	if err != nil {
		// The person still reaches the survey; the scan is lost, and logged.
		s.o.Log.Error("recording a scan", "code", t.Code, "err", err)
	}
	if m := s.o.Metrics; m != nil {
		switch {
		case err != nil:
			m.lost.Inc()
		case bot:
			m.scans.Inc()
			m.robots.Inc()
		default:
			m.scans.Inc()
		}
	}
	h := w.Header()
	h["Cache-Control"] = noStore
	h["Referrer-Policy"] = noReferrer
	h["Location"] = t.location
	h["Content-Length"] = zero
	w.WriteHeader(http.StatusFound)
	if m := s.o.Metrics; m != nil {
		m.latency.Observe(time.Since(start).Seconds())
	}
}

// clientAddr is the client's address: the connection's, or the one a
// trusted reverse proxy put in the header (its last entry not added by a
// trusted proxy).
func (s *Server) clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	addr, err := netip.ParseAddr(host)
	if err != nil || !s.trusted(addr) {
		return host
	}
	// Several lines of the header are one list (RFC 9110, section 5.3): a
	// proxy may add its own line after the visitor's rather than append.
	hops := strings.Split(strings.Join(r.Header.Values(s.o.Header), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break
		}
		if !s.trusted(a) {
			return a.String()
		}
		host = a.String()
	}
	return host
}

func (s *Server) trusted(a netip.Addr) bool {
	for _, p := range s.o.Proxies {
		if p.Contains(a.Unmap()) {
			return true
		}
	}
	return false
}

// Header values shared by every redirect.
var (
	noStore    = []string{"no-store"}
	noReferrer = []string{"no-referrer"}
	zero       = []string{"0"}
)

var notFoundPage = template.Must(template.New("404").Parse(`<!doctype html>
<html lang="th"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>ไม่พบลิงก์</title></head>
<body style="font-family: sans-serif; max-width: 32em; margin: 3em auto; padding: 0 1em; line-height: 1.6">
<h1>ไม่พบลิงก์นี้</h1>
<p>ลิงก์หรือ QR code ที่ท่านใช้ไม่ถูกต้อง กรุณาสแกน QR code บนโปสเตอร์อีกครั้ง หรือพิมพ์ลิงก์ใต้ QR code ให้ครบทุกตัวอักษร</p>
<p lang="en">This link is not known. Please scan the poster's QR code again.</p>
</body></html>
`))

func (s *Server) notFound(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusNotFound)
	notFoundPage.Execute(w, nil)
}

// authorized tells whether the request holds the stats token, and answers
// 401 when not.
func (s *Server) authorized(w http.ResponseWriter, r *http.Request) bool {
	want := "Bearer " + s.o.StatsToken
	if s.o.StatsToken == "" || subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), []byte(want)) != 1 {
		w.Header().Set("WWW-Authenticate", `Bearer realm="prakat"`)
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return false
	}
	return true
}

// stats serves the counts of every unit as JSON.
func (s *Server) stats(w http.ResponseWriter, r *http.Request) {
	st, err := s.o.Store.Stats(r.Context())
	if err != nil {
		http.Error(w, "statistics unavailable", http.StatusInternalServerError)
		return
	}
	type unit struct {
		Code     string     `json:"code"`
		Name     string     `json:"name"`
		Scans    int        `json:"scans"`
		Visitors int        `json:"visitors"`
		Bots     int        `json:"bots"`
		First    *time.Time `json:"first_scan,omitempty"`
		Last     *time.Time `json:"last_scan,omitempty"`
	}
	var out []unit
	seen := map[string]bool{}
	for _, t := range s.o.Targets {
		if seen[t.Code] {
			continue
		}
		seen[t.Code] = true
		u := unit{Code: t.Code, Name: t.Name}
		if c, ok := st[t.Code]; ok {
			u.Scans, u.Visitors, u.Bots = c.Scans, c.Visitors, c.Bots
			if !c.First.IsZero() {
				u.First, u.Last = &c.First, &c.Last
			}
		}
		out = append(out, u)
	}
	slices.SortFunc(out, func(a, b unit) int { return strings.Compare(a.Code, b.Code) })
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	json.NewEncoder(w).Encode(map[string]any{"units": out})
}

// dayVisitors returns the visitor keys of day, under its salt, kept in
// memory until the day changes.
func (s *Server) dayVisitors(ctx context.Context, day string) (*tracking.Visitors, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.saltDay == day {
		return s.visitors, nil
	}
	salt, err := s.o.Store.Salt(ctx, day)
	if err != nil {
		return nil, err
	}
	s.saltDay, s.visitors = day, tracking.NewVisitors(salt)
	return s.visitors, nil
}

// ForgetSalts deletes each day's visitor salt when the day ends in
// Thailand, from the store and from memory, until ctx is done: a store
// shared by several servers loses it whichever of them is first.
func (s *Server) ForgetSalts(ctx context.Context) {
	for {
		now := s.o.Now()
		t := time.NewTimer(tracking.NextDay(now).Sub(now))
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
		s.forgetSalts(ctx)
	}
}

func (s *Server) forgetSalts(ctx context.Context) {
	today := tracking.Day(s.o.Now())
	s.mu.Lock()
	if s.saltDay != today {
		s.saltDay, s.visitors = "", nil
	}
	s.mu.Unlock()
	if err := s.o.Store.ForgetSalts(ctx, today); err != nil && ctx.Err() == nil {
		s.o.Log.Error("deleting past visitor salts", "err", err)
	}
}
