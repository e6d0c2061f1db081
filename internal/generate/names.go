package generate

import (
	"strings"
	"unicode/utf8"

	"github.com/prakat/prakat/internal/thai"
)

// MaxNameRunes bounds the part of a file or folder name taken from a unit's,
// district's or province's name. Windows counts a path in UTF-16 units and
// offices unpack bundles deep in their documents; the national register's
// longest full name is 41 characters, so real names are never cut.
const MaxNameRunes = 48

// windowsDevices are names Windows keeps for devices, whatever the extension:
// a file called CON.pdf cannot be made there.
var windowsDevices = map[string]bool{"CON": true, "PRN": true, "AUX": true, "NUL": true,
	"COM0": true, "COM1": true, "COM2": true, "COM3": true, "COM4": true, "COM5": true, "COM6": true, "COM7": true, "COM8": true, "COM9": true,
	"LPT0": true, "LPT1": true, "LPT2": true, "LPT3": true, "LPT4": true, "LPT5": true, "LPT6": true, "LPT7": true, "LPT8": true, "LPT9": true}

// FileName makes a name usable as one file or folder name on Windows, macOS
// and Linux: the characters they refuse become '-', leading and trailing
// dots and spaces go (".." is no name), and leading dashes (a command would
// take the name for an option), a Windows device name gets a '_',
// an empty name becomes "_", and a long one is cut to MaxNameRunes, never
// between a Thai character and its marks.
func FileName(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7F || strings.ContainsRune(`/\:*?"<>|`, r) {
			return '-'
		}
		return r
	}, s)
	s = cut(strings.TrimRight(strings.TrimLeft(s, ". -"), ". "), MaxNameRunes)
	s = strings.TrimRight(s, ". ")
	if s == "" {
		return "_"
	}
	stem, _, _ := strings.Cut(s, ".")
	if windowsDevices[strings.ToUpper(strings.TrimRight(stem, " "))] {
		s = "_" + s
	}
	return s
}

// cut shortens s to at most n runes, backing off so that no mark is parted
// from the character it sits on.
func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n+1]
	i := n
	for i > 0 && (thai.IsMark(r[i]) || r[i] == 0x0E33) {
		i--
	}
	return string(r[:i])
}

// foldName is the form in which two names clash as files: Windows and macOS
// see "A" and "a" as one name.
func foldName(s string) string { return strings.ToLower(s) }
