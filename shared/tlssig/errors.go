package tlssig

import (
	"errors"
	"fmt"
)

// Sentinel errors. Every error this package returns is an *Error whose Kind
// is one of them (test with errors.Is); its Detail adds the context a person
// needs ("ticket expired at …", "issued for user …") but never a key or a
// ticket.
var (
	// ErrMalformed: the ticket is not a well-formed TLS ticket (bad
	// alphabet, truncated, bad zlib, bad JSON, missing or duplicate fields,
	// out-of-range values, inconsistent userbuf).
	ErrMalformed = errors.New("malformed ticket")
	// ErrTooLarge: the ticket, or the document inside it, is over the
	// size caps (MaxTicketLen, MaxDocumentLen).
	ErrTooLarge = errors.New("ticket too large")
	// ErrExpired: the ticket's lifetime is over.
	ErrExpired = errors.New("ticket expired")
	// ErrUserMismatch: the ticket was issued for another user id.
	ErrUserMismatch = errors.New("ticket issued for another user")
	// ErrAppMismatch: the ticket was issued for another SDKAppID.
	ErrAppMismatch = errors.New("ticket issued for another app")
	// ErrBadSignature: the signature does not match the verifier's key(s).
	ErrBadSignature = errors.New("signature does not match")
	// ErrWrongVersion: a v1 (ECDSA) ticket given to the HMAC verifier or
	// the other way round.
	ErrWrongVersion = errors.New("wrong ticket version")
	// ErrWrongKind: a PrivateMapKey where a UserSig was expected, or the
	// other way round (see Ticket.RequireKind).
	ErrWrongKind = errors.New("wrong kind of ticket")
	// ErrInvalidUserID: the user id is outside TRTC's limits.
	ErrInvalidUserID = errors.New("invalid user id")
	// ErrInvalidRoom: the room is outside TRTC's limits.
	ErrInvalidRoom = errors.New("invalid room")
	// ErrInvalidLifetime: the lifetime is not positive or ends after 2106.
	ErrInvalidLifetime = errors.New("invalid lifetime")
	// ErrInvalidPrivilege: unknown privilege name or out-of-range map.
	ErrInvalidPrivilege = errors.New("invalid privileges")
	// ErrInvalidKey: an empty secret key, or a PEM key that is not P-256.
	ErrInvalidKey = errors.New("invalid key")
	// ErrInvalidSDKAppID: an SDKAppID of 0 or over 4294967295.
	ErrInvalidSDKAppID = errors.New("invalid sdkappid")
)

// Error is every error the package returns. Kind is the sentinel above that
// errors.Is matches (or, for a failure of the standard library's signing,
// that failure); Detail says what is wrong in words for a TRTC user, without
// the package name. Error() is "tlssig: " + Detail + ": " + Kind, the Go
// convention for a library; Reason, the same without the package name, is
// what the CLI and the console show a person (read with errors.As, never by
// cutting text).
type Error struct {
	Detail string
	Kind   error
}

func (e *Error) Error() string  { return "tlssig: " + e.Reason() }
func (e *Error) Reason() string { return e.Detail + ": " + e.Kind.Error() }
func (e *Error) Unwrap() error  { return e.Kind }

// errorf returns an *Error of kind with the formatted detail.
func errorf(kind error, format string, args ...any) error {
	return &Error{Detail: fmt.Sprintf(format, args...), Kind: kind}
}
