package cli

import (
	"unsafe"

	"golang.org/x/sys/windows"
)

var getUserDefaultLocaleName = windows.NewLazySystemDLL("kernel32.dll").NewProc("GetUserDefaultLocaleName")

// systemLocale is the user's locale name (th-TH on a Thai PC): Windows sets
// no LANG, and keeps the choice in the user's regional settings.
func systemLocale() string {
	if getUserDefaultLocaleName.Find() != nil {
		return ""
	}
	const localeNameMaxLength = 85 // LOCALE_NAME_MAX_LENGTH, with its NUL
	buf := make([]uint16, localeNameMaxLength)
	n, _, _ := getUserDefaultLocaleName.Call(uintptr(unsafe.Pointer(&buf[0])), uintptr(len(buf)))
	if n == 0 {
		return ""
	}
	return windows.UTF16ToString(buf)
}
