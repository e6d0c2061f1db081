//go:build !windows

package cli

// systemLocale is empty where the environment (LANG) tells the locale.
func systemLocale() string { return "" }
