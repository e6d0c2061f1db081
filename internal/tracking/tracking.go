// Package tracking holds what a scan of a poster's QR code is: when, for
// which unit, from what kind of device, whether a person or a link-preview
// robot made it, and a visitor key that counts people without keeping
// their address (Thailand's PDPA).
package tracking

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"hash/maphash"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Scan is one request for a unit's link.
type Scan struct {
	At      time.Time
	Code    string // the unit
	Token   string
	Device  string // mobile, tablet, desktop, bot, other
	Bot     bool   // a link preview, a search engine, a HEAD request: not a person
	Visitor string // keyed hash of address and browser under the day's salt
}

// Day is the calendar day of t in Thailand, which scans are counted by and
// which the visitor salt changes with.
func Day(t time.Time) string {
	// Every scan asks, twice, and nearly all of them of the same day:
	// the last day's name is kept with its bounds rather than written anew.
	u := t.Unix()
	if d := lastDay.Load(); d != nil && d.start <= u && u < d.end {
		return d.name
	}
	t = t.In(Thailand)
	y, m, dd := t.Date()
	start := time.Date(y, m, dd, 0, 0, 0, 0, Thailand)
	d := &day{start: start.Unix(), end: start.AddDate(0, 0, 1).Unix(), name: t.Format(time.DateOnly)}
	lastDay.Store(d)
	return d.name
}

type day struct {
	start, end int64 // Unix seconds: its first, and the next day's first
	name       string
}

var lastDay atomic.Pointer[day]

// Thailand is Indochina Time, UTC+7, with no daylight saving.
var Thailand = time.FixedZone("ICT", 7*3600)

// Visitor returns the key that tells visitors apart within a day: HMAC-SHA256
// of the client address and browser under the day's random salt. The salt
// is thrown away after its day, so the key cannot be traced back to an
// address, and the raw address is never stored.
func Visitor(salt []byte, addr, userAgent string) string {
	m := hmac.New(sha256.New, salt)
	m.Write([]byte(addr))
	m.Write([]byte{0})
	m.Write([]byte(userAgent))
	return hex.EncodeToString(m.Sum(nil)[:12])
}

// Visitors makes the keys of one day's visitors, as Visitor does, reusing
// the keyed hashes of its salt rather than making one a scan.
type Visitors struct {
	pool sync.Pool
}

type visitorMAC struct {
	mac hash.Hash
	buf []byte
}

// NewVisitors returns the keys of the day salt is for.
func NewVisitors(salt []byte) *Visitors {
	salt = slices.Clone(salt)
	v := &Visitors{}
	v.pool.New = func() any { return &visitorMAC{mac: hmac.New(sha256.New, salt)} }
	return v
}

// Key is Visitor(salt, addr, userAgent).
func (v *Visitors) Key(addr, userAgent string) string {
	m := v.pool.Get().(*visitorMAC)
	m.mac.Reset()
	b := append(append(append(m.buf[:0], addr...), 0), userAgent...)
	m.mac.Write(b)
	b = m.mac.Sum(b[:0])
	key := hex.EncodeToString(b[:12])
	m.buf = b
	v.pool.Put(m)
	return key
}

// robots are parts of the user agents of link-preview fetchers and
// crawlers. LINE's preview is "line-poker"; its in-app browser ("Line/")
// is a person and is not listed.
var robots = []string{
	"facebookexternalhit", "facebot", "line-poker", "whatsapp", "telegrambot", "twitterbot",
	"slackbot", "slack-imgproxy", "discordbot", "linkedinbot", "skypeuripreview", "pinterest",
	"googlebot", "google-inspectiontool", "adsbot-google", "bingbot", "bingpreview", "yandex",
	"baiduspider", "duckduckbot", "applebot", "petalbot", "embedly", "iframely", "vkshare",
	"bot/", "bot;", "crawler", "spider", "preview", "curl/", "wget/", "python-requests", "go-http-client",
}

// Classify tells from a user agent the kind of device, and whether a robot
// sent the request.
func Classify(userAgent string) (device string, bot bool) {
	ua := strings.ToLower(userAgent)
	if ua == "" {
		return "other", true
	}
	for _, r := range robots {
		if strings.Contains(ua, r) {
			return "bot", true
		}
	}
	switch {
	case strings.Contains(ua, "ipad") || strings.Contains(ua, "tablet") ||
		strings.Contains(ua, "android") && !strings.Contains(ua, "mobile"):
		return "tablet", false
	case strings.Contains(ua, "mobi") || strings.Contains(ua, "iphone") || strings.Contains(ua, "android"):
		return "mobile", false
	case strings.Contains(ua, "windows") || strings.Contains(ua, "macintosh") || strings.Contains(ua, "x11") || strings.Contains(ua, "cros"):
		return "desktop", false
	}
	return "other", false
}

// Classifier is Classify with the answers for the user agents seen last
// kept: the phones that scan a campaign's posters send few distinct user
// agents, and hashing one costs far less than lowering it and searching
// it for every robot's name (10 ns against 660 ns for an iPhone's). Its
// zero value is ready, and safe for concurrent use.
type Classifier struct {
	once  sync.Once
	seed  maphash.Seed
	known [64]atomic.Pointer[classified] // by the hash of the user agent
}

type classified struct {
	userAgent string
	device    string
	bot       bool
}

// Classify is Classify(userAgent).
func (c *Classifier) Classify(userAgent string) (device string, bot bool) {
	if len(userAgent) > 512 {
		return Classify(userAgent)
	}
	c.once.Do(func() { c.seed = maphash.MakeSeed() })
	slot := &c.known[maphash.String(c.seed, userAgent)%uint64(len(c.known))]
	if k := slot.Load(); k != nil && k.userAgent == userAgent {
		return k.device, k.bot
	}
	device, bot = Classify(userAgent)
	// A copy, not the request's own string, which may share the memory of
	// its headers.
	slot.Store(&classified{userAgent: strings.Clone(userAgent), device: device, bot: bot})
	return device, bot
}
