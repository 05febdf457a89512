//go:build !linux

package publish

import "fmt"

// exchange is only available on Linux; elsewhere Publish uses the two-rename fallback.
func exchange(a, b string) error {
	return fmt.Errorf("exchange %s %s: %w", a, b, ErrNoExchange)
}
