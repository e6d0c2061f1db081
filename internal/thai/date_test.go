package thai

import (
	"testing"
	"time"
)

func TestDate(t *testing.T) {
	d := time.Date(2021, 11, 30, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		st   DateStyle
		want string
	}{
		{DateStyle{ThaiDigits: true}, "๓๐ พฤศจิกายน ๒๕๖๔"},
		{DateStyle{}, "30 พฤศจิกายน 2564"},
		{DateStyle{ThaiDigits: true, Gregorian: true}, "๓๐ พฤศจิกายน ๒๐๒๑"},
	}
	for _, tt := range tests {
		if got := tt.st.Date(d); got != tt.want {
			t.Errorf("%+v.Date = %q; want %q", tt.st, got, tt.want)
		}
	}
	if got := (DateStyle{ThaiDigits: true}).Date(time.Date(2027, 1, 5, 0, 0, 0, 0, time.UTC)); got != "๕ มกราคม ๒๕๗๐" {
		t.Errorf("Date = %q", got)
	}
	if got := Digits("ที่ สค 0023.3/ว 15633"); got != "ที่ สค ๐๐๒๓.๓/ว ๑๕๖๓๓" {
		t.Errorf("Digits = %q", got)
	}
}
