package sqlite

import (
	"os"

	"golang.org/x/sys/unix"
)

// fdatasync writes f's data to the disk, and of its metadata what reading
// the data needs (its size): what SQLite itself calls on Linux.
func fdatasync(f *os.File) error {
	for {
		err := unix.Fdatasync(int(f.Fd()))
		if err != unix.EINTR {
			return err
		}
	}
}
