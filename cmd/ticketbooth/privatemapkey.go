package main

import (
	"strconv"

	"github.com/ticketbooth/ticketbooth/shared/tlssig"
)

func init() {
	commands["privatemapkey"] = command{summary: "sign a PrivateMapKey (the room ticket: which room, which privileges)", run: runPrivateMapKey}
}

const privateMapKeyUsage = `Usage:
  ticketbooth privatemapkey --sdkappid N --userid U (--roomid N | --strroomid S)
                            [--privileges 255|join,recv-audio,...] [--expire SECONDS|5m|1h] [--at UNIXTIME]
                            (--key K | --key-file F | --ecdsa-key PEMFILE)

Prints a PrivateMapKey letting user U of app N into one room with the given privileges, and a
newline. Privileges are a number (255 all, 42 audience) or names joined by commas: create, join,
send-audio, recv-audio, send-video, recv-video, send-sub, recv-sub. v1 (--ecdsa-key) tickets
have numeric rooms only.

Exit codes: 0 printed, 1 failed (unreadable or bad key file), 2 usage error.
`

func runPrivateMapKey(c *cli, args []string) int {
	const name = "privatemapkey"
	fs := newFlagSet(name)
	appID := fs.Uint64("sdkappid", 0, "the app's `SDKAppID` (required)")
	userID := fs.String("userid", "", "the `USER` id, 1-"+strconv.Itoa(tlssig.MaxUserIDLen)+" bytes (required)")
	var room roomFlags
	room.register(fs)
	privs := fs.String("privileges", "255", "`PRIVILEGES`: a number 1-255 or names like join,recv-audio,recv-video")
	expire := lifetimeFlag(fs, "expire", 300, "lifetime in `SECONDS` or a duration (90s, 5m, 1h)")
	at := fs.Int64("at", 0, "sign as of `UNIXTIME` instead of now")
	var keys keyFlags
	keys.register(fs, false)
	if code, done := parseFlags(c, fs, name, privateMapKeyUsage, args); done {
		return code
	}
	t, err := func() (string, error) {
		if err := noArgs(fs); err != nil {
			return "", err
		}
		if err := required(fs, "sdkappid", "userid"); err != nil {
			return "", err
		}
		if err := checkAppID(*appID); err != nil {
			return "", err
		}
		user, err := parseUserID(*userID)
		if err != nil {
			return "", err
		}
		r, err := room.room(fs)
		if err != nil {
			return "", err
		}
		p, err := tlssig.ParsePrivilege(*privs)
		if err != nil {
			return "", signingError(err)
		}
		ttl, err := lifetime("expire", *expire)
		if err != nil {
			return "", err
		}
		now, err := instant(c, *at)
		if err != nil {
			return "", err
		}
		if r.IsString() && keys.ecdsaKey != "" {
			return "", usagef("v1 (ECDSA) PrivateMapKeys have numeric rooms only: use --roomid")
		}
		s, err := keys.signer(c, *appID)
		if err != nil {
			return "", err
		}
		t, err := s.PrivateMapKeyAt(user.String(), r, p, now, ttl)
		return t, signingError(err)
	}()
	if err != nil {
		return fail(c, name, err)
	}
	c.stdout.Write([]byte(t + "\n"))
	return exitOK
}
