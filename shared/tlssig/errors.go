package tlssig

import "errors"

// Sentinel errors. Every error this package returns wraps exactly one of
// them (test with errors.Is); the wrapping text adds the context a person
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
