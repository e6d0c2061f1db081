package redirect

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html/template"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/prakat/prakat/internal/report"
)

// The dashboard: GET /dashboard shows, per district, the share of units
// scanned and the units that need a reminder, as report.Build counts them,
// refreshed by a small script that polls GET /dashboard/data. Signing in
// (POST /dashboard/signin with the stats token) sets a cookie holding an
// HMAC of the token, not the token: every server of a store accepts it, and
// changing the token signs everyone out.

const (
	cookieName = "prakat_dashboard"
	cookiePath = "/dashboard"
	// signedInFor is how long a sign-in lasts.
	signedInFor = 12 * time.Hour
	// dataFresh is how long one reading of the store serves every viewer:
	// the counts read every scan, and the page polls every 20 s.
	dataFresh = 5 * time.Second
)

var (
	//go:embed dashboard.html
	dashboardHTML string
	//go:embed dashboard.css
	dashboardCSS string
	//go:embed dashboard.js
	dashboardJS string

	dashboardPage = template.Must(template.New("dashboard").Parse(dashboardHTML))
	// dashboardCSP lets the page run its own inline style and script, by
	// their hashes, fetch its data from here, and nothing else.
	dashboardCSP = "default-src 'none'; style-src '" + cspHash(dashboardCSS) + "'; script-src '" + cspHash(dashboardJS) +
		"'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)

func cspHash(s string) string {
	h := sha256.Sum256([]byte(s))
	return "sha256-" + base64.StdEncoding.EncodeToString(h[:])
}

// dashboardData is the JSON of GET /dashboard/data and what the page is
// first drawn from.
type dashboardData struct {
	Title     string              `json:"title"`
	Updated   string              `json:"updated"` // in Thai, the campaign's style
	Total     dashboardDistrict   `json:"total"`
	FollowUps int                 `json:"follow_ups"` // units that need a reminder, of all districts
	Districts []dashboardDistrict `json:"districts"`
}

type dashboardDistrict struct {
	Name     string          `json:"name"`
	Province string          `json:"province,omitempty"`
	Units    int             `json:"units"`
	Reached  int             `json:"reached"`
	Share    float64         `json:"share"`
	Percent  string          `json:"percent"` // as the report writes it
	Scans    int             `json:"scans"`
	FollowUp []dashboardUnit `json:"follow_up"`
}

type dashboardUnit struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// dashboardCache keeps the last reading of the store for dataFresh.
type dashboardCache struct {
	mu   sync.Mutex
	at   time.Time
	data *dashboardData
	json []byte
}

// dashboard reads the counts, at most once every dataFresh for everyone.
func (s *Server) dashboard(r *http.Request) (*dashboardData, []byte, error) {
	c := &s.dash
	c.mu.Lock()
	defer c.mu.Unlock()
	now := s.o.Now()
	if c.data != nil && now.Sub(c.at) < dataFresh && !now.Before(c.at) {
		return c.data, c.json, nil
	}
	counts, err := s.o.Store.Stats(r.Context())
	if err != nil {
		return nil, nil, err
	}
	rep := report.Build(s.o.Title, s.o.Units, counts, nil, now)
	rep.Dates = s.o.Dates
	d := &dashboardData{Title: s.o.Title, Updated: rep.ThaiStamp(now)}
	provinces := map[string]bool{}
	for _, dist := range rep.Districts {
		provinces[dist.Province] = true
	}
	var follow int
	for _, dist := range rep.Districts {
		dd := dashboardDistrict{Name: dist.Name, Units: dist.Units, Reached: dist.Reached, Share: dist.Share(),
			Percent: report.Percent(dist.Share()), Scans: dist.Scans, FollowUp: []dashboardUnit{}}
		if len(provinces) > 1 {
			dd.Province = dist.Province // names of districts repeat across provinces
		}
		for _, u := range dist.FollowUp {
			dd.FollowUp = append(dd.FollowUp, dashboardUnit{Code: u.Code, Name: u.Name})
		}
		follow += len(dist.FollowUp)
		d.Districts = append(d.Districts, dd)
	}
	t := rep.Totals()
	d.Total = dashboardDistrict{Units: t.Units, Reached: t.Reached, Share: t.Share(), Percent: report.Percent(t.Share()),
		Scans: t.Scans}
	d.FollowUps = follow
	body, err := json.Marshal(d)
	if err != nil {
		return nil, nil, err
	}
	c.at, c.data, c.json = now, d, body
	return d, body, nil
}

// dashboardRoute serves the paths under /dashboard.
func (s *Server) dashboardRoute(w http.ResponseWriter, r *http.Request, path string) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	// Not no-referrer: browsers then send the sign-in form with Origin:
	// null, and sameOrigin could not tell it from another site's.
	h.Set("Referrer-Policy", "same-origin")
	h.Set("X-Content-Type-Options", "nosniff")
	switch {
	case path == "/dashboard" && r.Method != http.MethodPost:
		if !s.signedIn(r) {
			s.signInPage(w, http.StatusOK, false)
			return
		}
		d, _, err := s.dashboard(r)
		if err != nil {
			s.o.Log.Error("reading the counts for the dashboard", "err", err)
			http.Error(w, "statistics unavailable", http.StatusInternalServerError)
			return
		}
		s.renderDashboard(w, http.StatusOK, pageData{SignedIn: true, Data: d})
	case path == "/dashboard/data" && r.Method != http.MethodPost:
		if !s.signedIn(r) {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		_, body, err := s.dashboard(r)
		if err != nil {
			s.o.Log.Error("reading the counts for the dashboard", "err", err)
			http.Error(w, "statistics unavailable", http.StatusInternalServerError)
			return
		}
		h.Set("Content-Type", "application/json")
		w.Write(body)
	case path == "/dashboard/signin" && r.Method == http.MethodPost:
		s.signIn(w, r)
	case path == "/dashboard/signout" && r.Method == http.MethodPost:
		if !sameOrigin(r) {
			http.Error(w, "forbidden", http.StatusForbidden)
			return
		}
		http.SetCookie(w, &http.Cookie{Name: cookieName, Value: "", Path: cookiePath, MaxAge: -1,
			HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: s.secure(r)})
		http.Redirect(w, r, cookiePath, http.StatusSeeOther)
	case path == "/dashboard/signin" || path == "/dashboard/signout":
		h.Set("Allow", "POST")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	case path == "/dashboard" || path == "/dashboard/data":
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	default:
		s.notFound(w)
	}
}

// signIn checks the token posted by the sign-in form and sets the cookie.
func (s *Server) signIn(w http.ResponseWriter, r *http.Request) {
	if !sameOrigin(r) {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	if !hmac.Equal(s.sessionValue(r.PostForm.Get("token"), 0), s.sessionValue(s.o.StatsToken, 0)) {
		s.o.Log.Warn("a dashboard sign-in with a wrong token", "addr", s.clientAddr(r))
		s.signInPage(w, http.StatusUnauthorized, true)
		return
	}
	until := s.o.Now().Add(signedInFor).Unix()
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: strconv.FormatInt(until, 10) + "." + hex.EncodeToString(s.sessionValue(s.o.StatsToken, until)),
		Path: cookiePath, MaxAge: int(signedInFor / time.Second), HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: s.secure(r)})
	http.Redirect(w, r, cookiePath, http.StatusSeeOther)
}

// sessionValue is what the cookie holds for a token, beside the time it
// runs out: an HMAC of that time under the token, so the token itself is
// never stored in the browser, a cookie lasts its time and no longer, and
// comparing two values takes the same time whatever they hold.
func (s *Server) sessionValue(token string, until int64) []byte {
	m := hmac.New(sha256.New, []byte(token))
	fmt.Fprintf(m, "prakat dashboard session until %d", until)
	return m.Sum(nil)
}

// signedIn tells whether the request carries a cookie of the stats token
// that has not run out.
func (s *Server) signedIn(r *http.Request) bool {
	c, err := r.Cookie(cookieName)
	if err != nil {
		return false
	}
	t, v, ok := strings.Cut(c.Value, ".")
	if !ok {
		return false
	}
	until, err1 := strconv.ParseInt(t, 10, 64)
	got, err2 := hex.DecodeString(v)
	if err1 != nil || err2 != nil || s.o.Now().Unix() >= until {
		return false
	}
	return hmac.Equal(got, s.sessionValue(s.o.StatsToken, until))
}

// secure tells whether the browser reached us over HTTPS: directly, or
// through a trusted proxy that says so.
func (s *Server) secure(r *http.Request) bool {
	if r.TLS != nil {
		return true
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	a, err := netip.ParseAddr(host)
	return err == nil && s.trusted(a) && r.Header.Get("X-Forwarded-Proto") == "https"
}

// sameOrigin refuses a form posted from another site. Browsers send Origin
// with every POST; a request without one is not from a page.
func sameOrigin(r *http.Request) bool {
	o := r.Header.Get("Origin")
	if o == "" {
		return true
	}
	u, err := url.Parse(o)
	return err == nil && u.Host == r.Host
}

type pageData struct {
	SignedIn bool
	WrongKey bool
	Data     *dashboardData
	CSS      template.CSS
	JS       template.JS
}

func (s *Server) signInPage(w http.ResponseWriter, status int, wrong bool) {
	s.renderDashboard(w, status, pageData{WrongKey: wrong, Data: &dashboardData{Title: s.o.Title}})
}

func (s *Server) renderDashboard(w http.ResponseWriter, status int, p pageData) {
	p.CSS, p.JS = template.CSS(dashboardCSS), template.JS(dashboardJS)
	var b bytes.Buffer
	if err := dashboardPage.Execute(&b, p); err != nil {
		s.o.Log.Error("drawing the dashboard", "err", err)
		http.Error(w, "dashboard unavailable", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", dashboardCSP)
	h.Set("X-Frame-Options", "DENY")
	w.WriteHeader(status)
	w.Write(b.Bytes())
}
