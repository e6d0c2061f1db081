package cli

import (
	"syscall"

	"golang.org/x/sys/windows"
)

var (
	diskFull  = []error{windows.ERROR_DISK_FULL, windows.ERROR_HANDLE_DISK_FULL, syscall.ENOSPC}
	addrInUse = []error{windows.WSAEADDRINUSE, syscall.EADDRINUSE}
)
