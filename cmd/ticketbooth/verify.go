package main

import (
	"errors"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/ticketbooth/ticketbooth/shared/tlssig"
)

func init() {
	commands["verify"] = command{summary: "check a ticket's signature, app, user and lifetime", run: runVerify}
}

const verifyUsage = `Usage:
  ticketbooth verify --sdkappid N --userid U (--key K | --key-file F | --ecdsa-pub PEMFILE)
                     [--kind usersig|privatemapkey] [--roomid N | --strroomid S] [--at UNIXTIME] [TICKET | -]

Checks that TICKET (a UserSig or PrivateMapKey; with no TICKET or "-", read from stdin) was
signed with this key for app N and user U and is valid now (or at --at). A valid ticket prints
one line on stdout; an invalid one prints the reason on stderr: expired at <time>, issued for
user X not Y, for app N not M, signature does not match this key, this is a PrivateMapKey not a
UserSig (with --kind), issued for room R not S (with --roomid or --strroomid, which also require a
PrivateMapKey), malformed ticket, ...

Exit codes: 0 valid, 1 not valid (or the key cannot be read), 2 usage error.
`

func runVerify(c *cli, args []string) int {
	const name = "verify"
	fs := newFlagSet(name)
	appID := fs.Uint64("sdkappid", 0, "the app's `SDKAppID` (required)")
	userID := fs.String("userid", "", "the `USER` id the ticket must be for (required)")
	kind := fs.String("kind", "", "require this `KIND` of ticket: usersig or privatemapkey")
	at := fs.Int64("at", 0, "verify as of `UNIXTIME` instead of now")
	var room roomFlags
	room.register(fs)
	var keys keyFlags
	keys.register(fs, true)
	if code, done := parseFlags(c, fs, name, verifyUsage, args); done {
		return code
	}
	line, err := verify(c, fs, &keys, &room, *appID, *userID, *kind, *at)
	if err != nil {
		return fail(c, name, err)
	}
	fmt.Fprintln(c.stdout, line)
	return exitOK
}

// invalidError is a ticket that failed verification: exit 1 with its reason.
type invalidError struct{ reason string }

func (e *invalidError) Error() string { return e.reason }

func verify(c *cli, fs *flag.FlagSet, keys *keyFlags, rooms *roomFlags, appID uint64, userID, kind string, at int64) (string, error) {
	if err := required(fs, "sdkappid", "userid"); err != nil {
		return "", err
	}
	if err := checkAppID(appID); err != nil {
		return "", err
	}
	if userID == "" {
		return "", usagef("--userid must not be empty")
	}
	var want tlssig.Kind
	switch kind {
	case "":
	case "usersig":
		want = tlssig.KindUserSig
	case "privatemapkey":
		want = tlssig.KindPrivateMapKey
	default:
		return "", usagef("--kind must be usersig or privatemapkey")
	}
	// --roomid / --strroomid: the room the client enters must be the PrivateMapKey's (TRTC refuses
	// it otherwise: -100006, or roomsig error 87).
	var wantRoom tlssig.Room
	if set := flagsSet(fs); set["roomid"] || set["strroomid"] {
		r, err := rooms.lookup(fs)
		if err != nil {
			return "", err
		}
		if want == tlssig.KindUserSig {
			return "", usagef("--roomid and --strroomid check a PrivateMapKey, not a UserSig")
		}
		wantRoom, want = r, tlssig.KindPrivateMapKey
	}
	now, err := instant(c, at)
	if err != nil {
		return "", err
	}
	ticket, err := ticketArg(c, fs.Args())
	if err != nil {
		return "", err
	}
	v, _, err := keys.verifier(c, appID)
	if err != nil {
		return "", err
	}
	// Decode first so that a ticket of the wrong kind is named as such even when it would also
	// fail for another reason: the user pasted the wrong ticket.
	d, err := tlssig.Decode(ticket)
	if err != nil {
		return "", invalid(err)
	}
	if want != 0 {
		if err := d.RequireKind(want); err != nil {
			return "", &invalidError{reason: fmt.Sprintf("this is a %s, not a %s", d.Kind, want)}
		}
	}
	t, err := v.Verify(ticket, userID, now)
	if err != nil {
		return "", invalid(err)
	}
	if !wantRoom.IsZero() && t.Room != wantRoom {
		return "", &invalidError{reason: fmt.Sprintf("PrivateMapKey was issued for room %s, not room %s", t.Room, wantRoom)}
	}
	line := fmt.Sprintf("valid: %s for user %q of app %d", t.Kind, t.UserID, t.SDKAppID)
	if t.Kind == tlssig.KindPrivateMapKey {
		line += fmt.Sprintf(", room %s, privileges %s (%d)", t.Room, t.Privileges, uint32(t.Privileges))
	}
	return line + ", expires at " + t.ExpiresAt().UTC().Format(time.RFC3339), nil
}

// invalid words a verification failure as one line a TRTC user recognises. The signing core's
// messages already say "expired at …", "issued for user … not …"; only the sentinel's own text
// at the end is dropped, and a malformed ticket is called that.
func invalid(err error) error {
	msg := strings.TrimPrefix(err.Error(), "tlssig: ")
	for _, s := range []error{tlssig.ErrMalformed, tlssig.ErrTooLarge, tlssig.ErrExpired, tlssig.ErrUserMismatch,
		tlssig.ErrAppMismatch, tlssig.ErrBadSignature, tlssig.ErrWrongVersion, tlssig.ErrWrongKind} {
		if errors.Is(err, s) {
			msg = strings.TrimSuffix(msg, ": "+s.Error())
		}
	}
	if errors.Is(err, tlssig.ErrMalformed) || errors.Is(err, tlssig.ErrTooLarge) {
		msg = "malformed ticket: " + msg
	}
	return &invalidError{reason: msg}
}
