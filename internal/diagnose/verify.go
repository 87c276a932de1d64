package diagnose

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/ticketbooth/ticketbooth/shared/tlssig"
)

// Expect is what a ticket must be besides genuine and unexpired. Zero fields ask nothing.
type Expect struct {
	Kind tlssig.Kind // KindUserSig or KindPrivateMapKey; 0: either
	Room tlssig.Room // the room the client enters (a PrivateMapKey's room); zero: any
	// RoomSig: the PrivateMapKey goes into the seed flow's jsonvideoapp request, which answers
	// a refusal with its own codes (86, 87) rather than TRTC's -100006.
	RoomSig bool
}

// Failure is a ticket TRTC would refuse: Reason is the line `ticketbooth verify` prints, Codes
// the codes TRTC reports for that cause, most general first ("-100018", "70001"), as the TRTC
// code table (clients/miniprogram/codes.json) spells them.
type Failure struct {
	Reason string
	Codes  []string
	err    error
}

func (f *Failure) Error() string { return f.Reason }

// Unwrap returns the signing core's error (test it with errors.Is against tlssig's sentinels),
// or nil when the failure is the room.
func (f *Failure) Unwrap() error { return f.err }

// Verify checks ticket with v for userID at now, as `ticketbooth verify` does, and returns what
// the genuine ticket says. It decodes first so that a ticket of the wrong kind is named as such
// even when it would also fail for another reason: the user pasted the wrong ticket. Every
// error is a *Failure.
func Verify(v tlssig.Verifier, ticket, userID string, want Expect, now time.Time) (*tlssig.Ticket, error) {
	d, err := tlssig.Decode(ticket)
	if err != nil {
		return nil, failure(err, want.Kind, want.RoomSig)
	}
	if want.Kind != 0 {
		if err := d.RequireKind(want.Kind); err != nil {
			return nil, &Failure{Reason: fmt.Sprintf("this is a %s, not a %s", d.Kind, want.Kind), Codes: codes(err, want.Kind, want.RoomSig), err: err}
		}
	}
	t, err := v.Verify(ticket, userID, now)
	if err != nil {
		return nil, failure(err, d.Kind, want.RoomSig)
	}
	if !want.Room.IsZero() && t.Room != want.Room {
		return nil, &Failure{
			Reason: fmt.Sprintf("PrivateMapKey was issued for room %s, not room %s", t.Room, want.Room),
			Codes:  privateMapKeyCodes(nil, want.RoomSig),
		}
	}
	return t, nil
}

// Reason words a verification failure as one line a TRTC user recognises. The signing core's
// details already say "expired at …", "issued for user … not …"; a verification sentinel's
// own text is left off, and a malformed ticket is called that.
func Reason(err error) string {
	var f *Failure
	if errors.As(err, &f) {
		return f.Reason
	}
	var te *tlssig.Error
	if !errors.As(err, &te) {
		return err.Error()
	}
	msg := te.Reason()
	if slices.Contains(verifySentinels, te.Kind) {
		msg = te.Detail
	}
	if te.Kind == tlssig.ErrMalformed || te.Kind == tlssig.ErrTooLarge {
		msg = "malformed ticket: " + msg
	}
	return msg
}

// Plain is what a person reads for err: the Reason of a signing-core or push-URL error
// (tlssig.Error, roomurl.Error, roomurl.ReplyError: the text without the package name), else
// err's text. The CLI and the console show it.
func Plain(err error) string {
	if r, ok := err.(interface{ Reason() string }); ok {
		return r.Reason()
	}
	return err.Error()
}

// verifySentinels are the kinds of a verification failure, whose Detail says all.
var verifySentinels = []error{tlssig.ErrMalformed, tlssig.ErrTooLarge, tlssig.ErrExpired, tlssig.ErrUserMismatch,
	tlssig.ErrAppMismatch, tlssig.ErrBadSignature, tlssig.ErrWrongVersion, tlssig.ErrWrongKind}

func failure(err error, kind tlssig.Kind, roomSig bool) *Failure {
	return &Failure{Reason: Reason(err), Codes: codes(err, kind, roomSig), err: err}
}

// codes maps a signing-core error on a ticket of kind to what TRTC reports. A ticket of no
// known kind (it did not decode) is taken as the kind it was used as.
func codes(err error, kind tlssig.Kind, roomSig bool) []string {
	if kind == tlssig.KindPrivateMapKey {
		return privateMapKeyCodes(err, roomSig)
	}
	return UserSigCodes(err)
}

// UserSigCodes are TRTC's codes for a UserSig refused with err: -100018 and the account code.
func UserSigCodes(err error) []string {
	switch {
	case errors.Is(err, tlssig.ErrExpired):
		return []string{"-100018", "70001"}
	case errors.Is(err, tlssig.ErrMalformed), errors.Is(err, tlssig.ErrTooLarge), errors.Is(err, tlssig.ErrWrongKind):
		return []string{"-100018", "70003"}
	case errors.Is(err, tlssig.ErrBadSignature), errors.Is(err, tlssig.ErrWrongVersion):
		return []string{"-100018", "70009"}
	case errors.Is(err, tlssig.ErrUserMismatch):
		return []string{"-100018", "70013"}
	case errors.Is(err, tlssig.ErrAppMismatch):
		return []string{"-100018", "70014"}
	}
	return []string{"-100018"}
}

// privateMapKeyCodes: TRTC answers every PrivateMapKey refusal with -100006; the seed flow's
// jsonvideoapp tells an expired key (86) from any other wrong one (87).
func privateMapKeyCodes(err error, roomSig bool) []string {
	if !roomSig {
		return []string{"-100006"}
	}
	if errors.Is(err, tlssig.ErrExpired) {
		return []string{"roomsig_86"}
	}
	return []string{"roomsig_87"}
}

// Expiry checks only the lifetime of a decoded ticket, for when no key is at hand to Verify it:
// nil while it is valid at now (Tencent's rule: expired when now is after its expiresAt).
func Expiry(t *tlssig.Ticket, now time.Time, roomSig bool) *Failure {
	exp := t.ExpiresAt()
	if !now.After(exp) {
		return nil
	}
	return &Failure{
		Reason: fmt.Sprintf("%s expired at %s (%s ago)", t.Kind, exp.UTC().Format(time.RFC3339), now.Sub(exp).Truncate(time.Second)),
		Codes:  codes(tlssig.ErrExpired, t.Kind, roomSig),
		err:    tlssig.ErrExpired,
	}
}
