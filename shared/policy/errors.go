package policy

import (
	"errors"
	"fmt"
)

// Sentinel errors of Decide. Messages say what the caller may ask for
// instead; the statuses noted are the ones the api maps them to.
var (
	// ErrUserMismatch: the body names a user other than the caller (403).
	ErrUserMismatch = errors.New("policy: user id is not the caller's")
	// ErrUserRequired: a caller trusted to name users named none (400).
	ErrUserRequired = errors.New("policy: user id required")
	// ErrPrivilegeDenied: more privileges than the caller's role allows, or
	// a role that is not configured (403).
	ErrPrivilegeDenied = errors.New("policy: privileges not allowed")
	// ErrRoomDenied: the caller's identity does not cover the room (403).
	ErrRoomDenied = errors.New("policy: room not allowed")
	// ErrAppDenied: the caller's credential does not cover the app asked
	// for (403). The message names no app.
	ErrAppDenied = errors.New("policy: app not allowed")
	// ErrLifetimeTooLong: a lifetime above the configured maximum (400).
	ErrLifetimeTooLong = errors.New("policy: lifetime too long")
	// ErrInvalidConfig: a bad TICKETBOOTH_ROLES, _DEFAULT_ROLE or TTL
	// setting; the message names the variable.
	ErrInvalidConfig = errors.New("policy: invalid configuration")
)

// rejection is how this package refuses: reason says, in the caller's
// words, what is wrong and how to fix it (it never holds a credential), and
// the sentinel it wraps, last as everywhere, says which refusal it is.
// Package api shows Reason to the caller and maps the sentinel to a status.
type rejection struct {
	reason   string
	sentinel error
}

func reject(sentinel error, format string, args ...any) error {
	return &rejection{reason: fmt.Sprintf(format, args...), sentinel: sentinel}
}

func (r *rejection) Error() string  { return r.reason + ": " + r.sentinel.Error() }
func (r *rejection) Unwrap() error  { return r.sentinel }
func (r *rejection) Reason() string { return r.reason }
