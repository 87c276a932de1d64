package diagnose

import (
	"fmt"
	"time"

	"github.com/ticketbooth/ticketbooth/shared/tlssig"
)

// Fields is what a ticket says, as `ticketbooth decode` prints it. Times are unix seconds.
type Fields struct {
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

// Describe returns the fields of t.
func Describe(t *tlssig.Ticket) Fields {
	d := Fields{
		Version:   t.Version,
		Kind:      KindName(t.Kind),
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

// KindName is the kind as the CLI's flags and decode spell it: usersig or privatemapkey.
func KindName(k tlssig.Kind) string {
	switch k {
	case tlssig.KindUserSig:
		return "usersig"
	case tlssig.KindPrivateMapKey:
		return "privatemapkey"
	}
	return fmt.Sprint(k)
}

// Summary is the line `ticketbooth verify` prints for a valid ticket.
func Summary(t *tlssig.Ticket) string {
	line := fmt.Sprintf("valid: %s for user %q of app %d", t.Kind, t.UserID, t.SDKAppID)
	if t.Kind == tlssig.KindPrivateMapKey {
		line += fmt.Sprintf(", room %s, privileges %s (%d)", t.Room, t.Privileges, uint32(t.Privileges))
	}
	return line + ", expires at " + t.ExpiresAt().UTC().Format(time.RFC3339)
}
