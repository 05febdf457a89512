package vfs

import (
	"errors"
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// exchange swaps a and b with renameat2(RENAME_EXCHANGE) (Linux ≥ 3.15; most local
// filesystems). Old kernels say ENOSYS, filesystems without it EINVAL or ENOTSUP.
func exchange(a, b string) error {
	err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, unix.ENOSYS), errors.Is(err, unix.EINVAL), errors.Is(err, unix.ENOTSUP):
		return fmt.Errorf("exchange %s %s: %w (%v)", a, b, ErrNoExchange, err)
	default:
		return &os.LinkError{Op: "renameat2 exchange", Old: a, New: b, Err: err}
	}
}
