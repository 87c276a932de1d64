package tlssig

import (
	"fmt"
	"time"
)

// Kind tells a UserSig from a PrivateMapKey.
type Kind int

// The kinds of ticket.
const (
	KindUserSig Kind = iota + 1
	KindPrivateMapKey
)

// String returns "UserSig" or "PrivateMapKey".
func (k Kind) String() string {
	switch k {
	case KindUserSig:
		return "UserSig"
	case KindPrivateMapKey:
		return "PrivateMapKey"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Ticket is what a UserSig or PrivateMapKey says. Decode fills it without
// checking the signature; a Verifier fills it only for a genuine ticket.
type Ticket struct {
	Version    int // 1 (ECDSA-SHA256) or 2 (HMAC-SHA256)
	Kind       Kind
	SDKAppID   uint64
	UserID     string
	IssuedAt   time.Time // TLS.time, UTC
	Lifetime   time.Duration
	Room       Room      // zero for a UserSig
	Privileges Privilege // PrivateMapKey only

	// RoomExpiresAt is the userbuf's own expireAt (PrivateMapKey only). It
	// normally equals ExpiresAt(); Tencent's libraries may set it a second
	// earlier. Verification requires both to lie in the future.
	RoomExpiresAt time.Time
	// AccountType is the v1 TLS.account_type (0 unless the app had one).
	AccountType uint32
}

// ExpiresAt returns IssuedAt + Lifetime: the last second at which the
// ticket is still valid (Tencent's rule: expired when now > expiresAt).
func (t *Ticket) ExpiresAt() time.Time { return t.IssuedAt.Add(t.Lifetime) }

// RequireKind returns an error wrapping ErrWrongKind when t is not of kind
// k, worded for a TRTC user ("this is a PrivateMapKey, not a UserSig").
func (t *Ticket) RequireKind(k Kind) error {
	if t.Kind != k {
		return errorf(ErrWrongKind, "this is a %s, not a %s", t.Kind, k)
	}
	return nil
}
