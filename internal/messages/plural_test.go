package messages

import (
	"testing"

	"golang.org/x/text/language"
)

func TestEnglishPlurals(t *testing.T) {
	en, th := NewPrinter(language.English), NewPrinter(language.Thai)
	for _, tt := range []struct {
		format string
		args   []any
		want   string
	}{
		{"%s: %d units in %d districts (%s)", []any{"a.csv", 1, 1, "XLSX"}, "a.csv: 1 unit in 1 district (XLSX)"},
		{"%s: %d units in %d districts (%s)", []any{"a.csv", 5, 2, "XLSX"}, "a.csv: 5 units in 2 districts (XLSX)"},
		{"%d of %d units scanned (%d scans); %d need a reminder; the report is in %s", []any{1, 2, 1, 1, "r"},
			"1 of 2 units scanned (1 scan); 1 needs a reminder; the report is in r"},
		{"%d of %d units scanned (%d scans); %d need a reminder; the report is in %s", []any{0, 1, 0, 1, "r"},
			"0 of 1 unit scanned (0 scans); 1 needs a reminder; the report is in r"},
		{"%d posters for %d districts in %s (%.1f s, %d KB a poster)", []any{1, 1, "out", 0.25, 34},
			"1 poster for 1 district in out (0.2 s, 34 KB a poster)"},
		{"%d posters for %d districts in %s (%.1f s, %d KB a poster)", []any{38, 3, "out", 1.25, 34},
			"38 posters for 3 districts in out (1.2 s, 34 KB a poster)"},
		{"stopped after %d problems", []any{1}, "stopped after 1 problem"},
		{"serving %d links on %s://%s", []any{2, "https", "x:1"}, "serving 2 links on https://x:1"},
		{"serving %d links on %s://%s", []any{1, "http", "x:1"}, "serving 1 link on http://x:1"},
	} {
		if got := en.Sprintf(tt.format, tt.args...); got != tt.want {
			t.Errorf("Sprintf(%q, %v) = %q; want %q", tt.format, tt.args, got, tt.want)
		}
		if got := T(tt.format, tt.args...).String(); got != tt.want {
			t.Errorf("T(%q, %v).String() = %q; want %q", tt.format, tt.args, got, tt.want)
		}
		if got := th.Sprintf(tt.format, tt.args...); got != th.Sprintf(thai[tt.format], tt.args...) {
			t.Errorf("Thai Sprintf(%q) = %q; want the Thai entry", tt.format, got)
		}
	}
	for key := range englishPlurals {
		if !HasThai(key) {
			t.Errorf("plural entry %q has no Thai", key)
		}
	}
}

func TestLocaleLanguage(t *testing.T) {
	for _, tt := range []struct {
		name string
		want language.Tag
	}{
		{"th-TH", language.Thai},
		{"th_TH.UTF-8", language.Thai},
		{"TH_th.tis620", language.Thai},
		{"th", language.Thai},
		{"Thai_Thailand.874", language.Thai},
		{"th@calendar=buddhist", language.Thai},
		{"en-US", language.English},
		{"en_GB.UTF-8", language.English},
		{"C", language.English},
		{"C.UTF-8", language.English},
		{"", language.English},
		{"tha", language.English}, // not a locale name prakat knows
	} {
		if got := LocaleLanguage(tt.name); got != tt.want {
			t.Errorf("LocaleLanguage(%q) = %v; want %v", tt.name, got, tt.want)
		}
	}
}

func TestForLocaleSystem(t *testing.T) {
	none := func(string) string { return "" }
	for _, tt := range []struct {
		flag   string
		env    map[string]string
		system string
		thai   bool
	}{
		{"", nil, "th-TH", true},  // Windows, Thai user locale
		{"", nil, "en-US", false}, // Windows, English
		{"", map[string]string{"LANG": "en_US.UTF-8"}, "th-TH", false}, // the environment wins
		{"", map[string]string{"LANG": "th_TH.UTF-8"}, "", true},
		{"en", nil, "th-TH", false}, // the flag wins
	} {
		getenv := none
		if tt.env != nil {
			getenv = func(k string) string { return tt.env[k] }
		}
		p, err := ForLocale(tt.flag, getenv, tt.system)
		if err != nil || p.Thai() != tt.thai {
			t.Errorf("ForLocale(%q, %v, %q): Thai %v, %v; want %v", tt.flag, tt.env, tt.system, p.Thai(), err, tt.thai)
		}
	}
}
