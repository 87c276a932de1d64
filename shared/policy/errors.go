package policy

import (
	"errors"

	"github.com/ticketbooth/ticketbooth/internal/refusal"
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

	// errNotChecked: Decide was handed a Checked that this Policy's Check
	// did not return (a programming error: the api answers 500).
	errNotChecked = errors.New("policy: the request was not checked by this policy (call Check first)")
)

// reject is how this package refuses (see package refusal): reason, in the
// caller's words, and the sentinel wrapped last.
func reject(sentinel error, format string, args ...any) error {
	return refusal.New(sentinel, format, args...)
}
