package thai

import (
	"errors"
	"strconv"
	"strings"
	"time"
)

// Digits writes the ASCII digits of s as Thai digits (๐–๙).
func Digits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return '๐' + (r - '0')
		}
		return r
	}, s)
}

var months = [...]string{
	"มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
	"กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
}

// MonthName returns the Thai name of a month.
func MonthName(m time.Month) string { return months[m-1] }

// DateStyle says how dates are written.
type DateStyle struct {
	ThaiDigits bool // ๓๐ rather than 30
	Gregorian  bool // ค.ศ. years rather than the Buddhist era (year + 543)
}

// Date writes a date the Thai way: 30 พฤศจิกายน 2564, or with Thai digits
// ๓๐ พฤศจิกายน ๒๕๖๔.
func (st DateStyle) Date(t time.Time) string {
	year := t.Year()
	if !st.Gregorian {
		year += 543
	}
	s := strconv.Itoa(t.Day()) + " " + MonthName(t.Month()) + " " + strconv.Itoa(year)
	return st.Number(s)
}

// MonthYear writes the month and year of t alone, for a date whose day is
// written in at dispatch: พฤศจิกายน ๒๕๖๙.
func (st DateStyle) MonthYear(t time.Time) string {
	year := t.Year()
	if !st.Gregorian {
		year += 543
	}
	return st.Number(MonthName(t.Month()) + " " + strconv.Itoa(year))
}

// Number writes the digits of s in the style's digits.
func (st DateStyle) Number(s string) string {
	if st.ThaiDigits {
		return Digits(s)
	}
	return s
}

// ErrBuddhistYear is a date written with a Buddhist-era year (2569) where a
// Gregorian one (2026) is asked for: the likeliest slip of a Thai clerk.
var ErrBuddhistYear = errors.New("the year is a Buddhist-era year (พ.ศ.); write it in the Gregorian calendar (ค.ศ.): 2569 is 2026")

// ParseDate reads a date written YYYY-MM-DD in the Gregorian calendar. A
// year of 2400 or later is refused as ErrBuddhistYear.
func ParseDate(s string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return t, err
	}
	if t.Year() >= 2400 {
		return t, ErrBuddhistYear
	}
	return t, nil
}
