package diagnose

import (
	"fmt"
	"strconv"

	"github.com/ticketbooth/ticketbooth/shared/tlssig"
)

// What a Mismatch is about.
const (
	WhatKind = "kind"
	WhatApp  = "app"
	WhatUser = "user"
	WhatRoom = "room"
)

// Mismatch is a ticket used where TRTC refuses it: What (WhatKind, WhatApp, WhatUser or
// WhatRoom) of the ticket is Got, where it is used with Want.
type Mismatch struct {
	Kind      tlssig.Kind // the kind the ticket is used as
	What      string
	Got, Want string
}

func (m *Mismatch) Error() string {
	if m.What == WhatKind {
		return fmt.Sprintf("this is a %s, not a %s", m.Got, m.Want)
	}
	return fmt.Sprintf("%s was issued for %s %s, not %s", m.Kind, m.What, m.Got, m.Want)
}

// Codes are the codes TRTC reports for the mismatch (see Failure.Codes).
func (m *Mismatch) Codes(roomSig bool) []string {
	if m.Kind == tlssig.KindPrivateMapKey {
		return privateMapKeyCodes(nil, roomSig)
	}
	switch m.What {
	case WhatUser:
		return []string{"-100018", "70013"}
	case WhatApp:
		return []string{"-100018", "70014"}
	}
	return []string{"-100018", "70003"}
}

// Match checks a decoded ticket, used as a kind for app, user and (a PrivateMapKey) room,
// without a key: it cannot tell a forged signature (Verify does). It returns nil when the
// ticket fits. User ids are shown quoted, rooms as tlssig.Room prints them.
func Match(t *tlssig.Ticket, kind tlssig.Kind, appID uint64, userID tlssig.UserID, room tlssig.Room) *Mismatch {
	switch {
	case t.Kind != kind:
		return &Mismatch{Kind: kind, What: WhatKind, Got: t.Kind.String(), Want: kind.String()}
	case t.SDKAppID != appID:
		return &Mismatch{Kind: kind, What: WhatApp, Got: strconv.FormatUint(t.SDKAppID, 10), Want: strconv.FormatUint(appID, 10)}
	case t.UserID != userID.String():
		return &Mismatch{Kind: kind, What: WhatUser, Got: strconv.Quote(t.UserID), Want: strconv.Quote(userID.String())}
	case kind == tlssig.KindPrivateMapKey && t.Room != room:
		return &Mismatch{Kind: kind, What: WhatRoom, Got: t.Room.String(), Want: room.String()}
	}
	return nil
}
