//go:build !linux

package vfs

import "fmt"

// exchange is only available on Linux; elsewhere publication uses its two-rename fallback.
func exchange(a, b string) error {
	return fmt.Errorf("exchange %s %s: %w", a, b, ErrNoExchange)
}
