package main

import (
	"encoding/json"

	"github.com/ticketbooth/ticketbooth/internal/diagnose"
	"github.com/ticketbooth/ticketbooth/shared/tlssig"
)

func init() {
	commands["decode"] = command{summary: "show what a ticket says (no signature check)", run: runDecode}
}

const decodeUsage = `Usage:
  ticketbooth decode [TICKET | -]

Prints one JSON object with what the UserSig or PrivateMapKey says, without checking its
signature (use verify for that): version (1 ECDSA, 2 HMAC), kind (usersig | privatemapkey),
sdkAppId, userId, issuedAt, expire (seconds), expiresAt (unix seconds), and for a PrivateMapKey
roomId or strRoomId, privilegeMap, privileges (names) and roomExpiresAt. With no TICKET or "-"
the ticket is read from stdin.

Exit codes: 0 printed, 1 malformed ticket, 2 usage error.
`

func runDecode(c *cli, args []string) int {
	const name = "decode"
	fs := newFlagSet(name)
	if code, done := parseFlags(c, fs, name, decodeUsage, args); done {
		return code
	}
	ticket, err := ticketArg(c, fs.Args())
	if err != nil {
		return fail(c, name, err)
	}
	t, err := tlssig.Decode(ticket)
	if err != nil {
		return fail(c, name, err)
	}
	enc := json.NewEncoder(c.stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(diagnose.Describe(t)); err != nil {
		return fail(c, name, err)
	}
	return exitOK
}
