package main

import (
	"encoding/json"
	"fmt"

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

// decoded is decode's output. Times are unix seconds.
type decoded struct {
	Version       int      `json:"version"`
	Kind          string   `json:"kind"`
	SDKAppID      uint64   `json:"sdkAppId"`
	UserID        string   `json:"userId"`
	IssuedAt      int64    `json:"issuedAt"`
	Expire        int64    `json:"expire"`
	ExpiresAt     int64    `json:"expiresAt"`
	RoomID        *uint32  `json:"roomId,omitempty"`
	StrRoomID     *string  `json:"strRoomId,omitempty"`
	PrivilegeMap  *uint32  `json:"privilegeMap,omitempty"`
	Privileges    []string `json:"privileges,omitempty"`
	RoomExpiresAt *int64   `json:"roomExpiresAt,omitempty"`
	AccountType   *uint32  `json:"accountType,omitempty"`
}

func describe(t *tlssig.Ticket) decoded {
	d := decoded{
		Version:   t.Version,
		Kind:      kindName(t.Kind),
		SDKAppID:  t.SDKAppID,
		UserID:    t.UserID,
		IssuedAt:  t.IssuedAt.Unix(),
		Expire:    int64(t.Lifetime.Seconds()),
		ExpiresAt: t.ExpiresAt().Unix(),
	}
	if t.Kind == tlssig.KindPrivateMapKey {
		if t.Room.IsString() {
			s := t.Room.Str()
			d.StrRoomID = &s
		} else {
			id := t.Room.ID()
			d.RoomID = &id
		}
		m := uint32(t.Privileges)
		d.PrivilegeMap = &m
		d.Privileges = t.Privileges.Names()
		if d.Privileges == nil {
			d.Privileges = []string{}
		}
		if !t.RoomExpiresAt.IsZero() {
			r := t.RoomExpiresAt.Unix()
			d.RoomExpiresAt = &r
		}
	}
	if t.Version == 1 {
		a := t.AccountType
		d.AccountType = &a
	}
	return d
}

func kindName(k tlssig.Kind) string {
	switch k {
	case tlssig.KindUserSig:
		return "usersig"
	case tlssig.KindPrivateMapKey:
		return "privatemapkey"
	}
	return fmt.Sprint(k)
}

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
	if err := enc.Encode(describe(t)); err != nil {
		return fail(c, name, err)
	}
	return exitOK
}
