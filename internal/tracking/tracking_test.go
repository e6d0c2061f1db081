package tracking

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestClassify(t *testing.T) {
	tests := []struct {
		ua     string
		device string
		bot    bool
	}{
		{"Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1", "mobile", false},
		{"Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36", "mobile", false},
		{"Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Line/13.20.0", "mobile", false},
		{"Mozilla/5.0 (Linux; Android 13; SM-X200) AppleWebKit/537.36 Chrome/120.0 Safari/537.36", "tablet", false},
		{"Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15", "tablet", false},
		{"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36", "desktop", false},
		{"facebookexternalhit/1.1;line-poker/1.0", "bot", true},
		{"facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)", "bot", true},
		{"WhatsApp/2.23.20.0", "bot", true},
		{"TelegramBot (like TwitterBot)", "bot", true},
		{"Twitterbot/1.0", "bot", true},
		{"Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)", "bot", true},
		{"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "bot", true},
		{"", "other", true},
	}
	for _, tt := range tests {
		d, b := Classify(tt.ua)
		if d != tt.device || b != tt.bot {
			t.Errorf("Classify(%q) = %s, %v; want %s, %v", tt.ua, d, b, tt.device, tt.bot)
		}
	}
}

// The classifier answers as Classify does, the first time a user agent is
// seen and the times after, when its answer is kept.
func TestClassifierIsClassify(t *testing.T) {
	var c Classifier
	agents := []string{
		"Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1",
		"Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15",
		"facebookexternalhit/1.1;line-poker/1.0",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36",
		"",
		"Mozilla/5.0 (Linux; Android 13; SM-X200) " + strings.Repeat("Gecko ", 100) + "Googlebot/2.1",
	}
	for i := range 200 { // more agents than it keeps: they evict one another
		agents = append(agents, fmt.Sprintf("Mozilla/5.0 (Linux; Android %d; SM-A%d)%s", i%15, i, []string{" Mobile", ""}[i%2]))
	}
	for range 3 {
		for _, ua := range agents {
			gd, gb := c.Classify(ua)
			wd, wb := Classify(ua)
			if gd != wd || gb != wb {
				t.Errorf("Classifier.Classify(%q) = %s, %v; want %s, %v", ua, gd, gb, wd, wb)
			}
		}
	}
}

func TestVisitorKeepsNoAddress(t *testing.T) {
	a := Visitor([]byte("salt-1"), "203.0.113.7", "ua")
	if a == Visitor([]byte("salt-2"), "203.0.113.7", "ua") {
		t.Error("another day's salt gave the same key")
	}
	if a != Visitor([]byte("salt-1"), "203.0.113.7", "ua") || a == Visitor([]byte("salt-1"), "203.0.113.8", "ua") {
		t.Error("the key does not tell visitors apart within a day")
	}
	if len(a) != 24 {
		t.Errorf("key %q", a)
	}
}

func TestDayIsThailand(t *testing.T) {
	// 20:00 UTC on the 24th is 03:00 on the 25th in Bangkok.
	if got := Day(time.Date(2026, 11, 24, 20, 0, 0, 0, time.UTC)); got != "2026-11-25" {
		t.Errorf("Day = %s", got)
	}
}

// A day's name is kept between calls: the times around its bounds, asked
// in an order that leaves another day's kept, are still each their own day.
func TestDayAtItsBounds(t *testing.T) {
	midnight := time.Date(2026, 11, 25, 0, 0, 0, 0, Thailand)
	for _, c := range []struct {
		at   time.Time
		want string
	}{
		{midnight, "2026-11-25"},
		{midnight.Add(-time.Nanosecond), "2026-11-24"},
		{midnight.Add(-time.Second), "2026-11-24"},
		{midnight.Add(time.Second), "2026-11-25"},
		{midnight.Add(24*time.Hour - time.Nanosecond), "2026-11-25"},
		{midnight.Add(24 * time.Hour), "2026-11-26"},
		{midnight.Add(12 * time.Hour).UTC(), "2026-11-25"},
		{midnight.Add(-time.Nanosecond).UTC(), "2026-11-24"},
		{time.Date(2027, 1, 1, 0, 0, 0, 0, Thailand), "2027-01-01"},
		{time.Date(2026, 12, 31, 23, 59, 59, 0, Thailand), "2026-12-31"},
	} {
		if got := Day(c.at); got != c.want {
			t.Errorf("Day(%v) = %s; want %s", c.at, got, c.want)
		}
	}
}

func TestNextDay(t *testing.T) {
	for _, c := range []struct{ in, want time.Time }{
		// 16:59:59 UTC is 23:59:59 in Bangkok: the day ends a second later.
		{time.Date(2026, 11, 24, 16, 59, 59, 0, time.UTC), time.Date(2026, 11, 24, 17, 0, 0, 0, time.UTC)},
		{time.Date(2026, 11, 24, 17, 0, 0, 0, time.UTC), time.Date(2026, 11, 25, 17, 0, 0, 0, time.UTC)},
		{time.Date(2026, 12, 31, 20, 0, 0, 0, time.UTC), time.Date(2027, 1, 1, 17, 0, 0, 0, time.UTC)},
	} {
		if got := NextDay(c.in); !got.Equal(c.want) {
			t.Errorf("NextDay(%v) = %v; want %v", c.in, got, c.want.In(Thailand))
		}
	}
}

func TestVisitorsAreVisitor(t *testing.T) {
	salt := []byte("salt-of-the-day")
	v := NewVisitors(salt)
	for _, c := range []struct{ addr, ua string }{
		{"203.0.113.7", "Mozilla/5.0 (iPhone)"}, {"2001:db8::1", ""}, {"203.0.113.7", "Mozilla/5.0 (iPhone)"},
		{"198.51.100.20", strings.Repeat("long agent ", 40)},
	} {
		if got, want := v.Key(c.addr, c.ua), Visitor(salt, c.addr, c.ua); got != want {
			t.Errorf("Key(%q, %q) = %s; want %s", c.addr, c.ua, got, want)
		}
	}
}

// The user agent bench-serve.sh sends, classified by every scan.
func BenchmarkClassify(b *testing.B) {
	ua := "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148"
	b.Run("each time", func(b *testing.B) {
		for b.Loop() {
			Classify(ua)
		}
	})
	b.Run("kept", func(b *testing.B) {
		var c Classifier
		for b.Loop() {
			c.Classify(ua)
		}
	})
}

func BenchmarkDay(b *testing.B) {
	t := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	for b.Loop() {
		Day(t)
	}
}
