//go:build !windows

package cli

import "syscall"

var (
	diskFull  = []error{syscall.ENOSPC}
	addrInUse = []error{syscall.EADDRINUSE}
)
