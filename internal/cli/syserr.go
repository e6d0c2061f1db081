package cli

import (
	"context"
	"errors"
	"io/fs"
	"net"

	"github.com/prakat/prakat/internal/messages"
)

// systemError recognises, by their error numbers, the failures of the
// machine a user can do something about, and says what to do; nil for
// any other error. diskFull and addrInUse hold each system's numbers.
func systemError(err error) error {
	switch {
	case errors.Is(err, context.Canceled):
		return messages.Errorf("", "stopped before the end (Ctrl-C); no file was left half-written").
			WithHint("run the command again when you are ready: links already issued are kept in the ledger and stay the same")
	case isAny(err, diskFull):
		var pe *fs.PathError
		where := ""
		if errors.As(err, &pe) {
			where = pe.Path
		}
		return messages.Errorf(where, "the disk is full").
			WithHint("free some space on the disk, or write to another one, and run again")
	case isAny(err, addrInUse):
		var oe *net.OpError
		addr := ""
		if errors.As(err, &oe) && oe.Addr != nil {
			addr = oe.Addr.String()
		}
		return messages.Errorf("", "the address %s is already in use", addr).
			WithHint("another program, perhaps another prakat serve, listens there: stop it, or give --addr another port")
	}
	return nil
}

func isAny(err error, targets []error) bool {
	for _, t := range targets {
		if errors.Is(err, t) {
			return true
		}
	}
	return false
}
