package main

import (
	"flag"
	"fmt"

	"github.com/ticketbooth/ticketbooth/internal/diagnose"
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
	t, err := diagnose.Verify(v, ticket, userID, diagnose.Expect{Kind: want, Room: wantRoom}, now)
	if err != nil {
		return "", &invalidError{reason: diagnose.Reason(err)}
	}
	return diagnose.Summary(t), nil
}
