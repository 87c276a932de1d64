package main

import (
	"flag"
	"strconv"

	"github.com/ticketbooth/ticketbooth/shared/tlssig"
)

func init() {
	commands["usersig"] = command{summary: "sign a UserSig (the login ticket of a user id)", run: runUserSig}
}

const userSigUsage = `Usage:
  ticketbooth usersig --sdkappid N --userid U [--expire SECONDS|90m|24h|7d] [--at UNIXTIME]
                      (--key K | --key-file F | --ecdsa-key PEMFILE)

Prints a UserSig for user U of app N, and a newline. --key (or $TICKETBOOTH_KEY, or --key-file)
signs a v2 (HMAC-SHA256) ticket with the console's secret key; --ecdsa-key signs a v1
(ECDSA-SHA256) ticket, the WeChat 6.6.6-era format.

Exit codes: 0 printed, 1 failed (unreadable or bad key file), 2 usage error.
`

func runUserSig(c *cli, args []string) int {
	const name = "usersig"
	fs := newFlagSet(name)
	appID := fs.Uint64("sdkappid", 0, "the app's `SDKAppID` (required)")
	userID := fs.String("userid", "", "the `USER` id, 1-"+strconv.Itoa(tlssig.MaxUserIDLen)+" bytes (required)")
	expire := lifetimeFlag(fs, "expire", 86400, "lifetime in `SECONDS` or a duration (90m, 24h, 7d)")
	at := fs.Int64("at", 0, "sign as of `UNIXTIME` instead of now")
	var keys keyFlags
	keys.register(fs, false)
	if code, done := parseFlags(c, fs, name, userSigUsage, args); done {
		return code
	}
	t, err := signUserSig(c, fs, &keys, *appID, *userID, *expire, *at)
	if err != nil {
		return fail(c, name, err)
	}
	c.stdout.Write([]byte(t + "\n"))
	return exitOK
}

func signUserSig(c *cli, fs *flag.FlagSet, keys *keyFlags, appID uint64, userID string, expire, at int64) (string, error) {
	if err := noArgs(fs); err != nil {
		return "", err
	}
	if err := required(fs, "sdkappid", "userid"); err != nil {
		return "", err
	}
	if err := checkAppID(appID); err != nil {
		return "", err
	}
	user, err := parseUserID(userID)
	if err != nil {
		return "", err
	}
	ttl, err := lifetime("expire", expire)
	if err != nil {
		return "", err
	}
	now, err := instant(c, at)
	if err != nil {
		return "", err
	}
	s, err := keys.signer(c, appID)
	if err != nil {
		return "", err
	}
	t, err := s.UserSigAt(user.String(), now, ttl)
	return t, signingError(err)
}
