// Package refusal is how auth and policy refuse a request: an error that
// carries, in the caller's words, what is wrong and how to fix it, and wraps
// the package's sentinel last, which says which refusal it is. Package api
// shows the reason to the caller and maps the sentinel to a status; the
// reason never holds a credential.
package refusal

import "fmt"

// Error is a refusal. Error() is the reason followed by the sentinel, for
// operators' logs; Reason is what the caller is shown.
type Error struct {
	reason   string
	sentinel error
}

// New returns a refusal wrapping sentinel, with the reason format and args
// give.
func New(sentinel error, format string, args ...any) error {
	return &Error{reason: fmt.Sprintf(format, args...), sentinel: sentinel}
}

func (e *Error) Error() string { return e.reason + ": " + e.sentinel.Error() }

// Unwrap returns the sentinel, for errors.Is.
func (e *Error) Unwrap() error { return e.sentinel }

// Reason is what the caller is shown.
func (e *Error) Reason() string { return e.reason }
