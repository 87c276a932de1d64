package roomurl

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
)

// Event is a <live-pusher> bindstatechange code about the room.
type Event int

const (
	EventJoined         Event = 1018 // entered the room
	EventLeft           Event = 1019 // left the room (or was removed): stop pushing
	EventUserList       Event = 1020 // the room's user list changed; the message is the list
	EventNetworkChanged Event = 1021 // the network type changed: leave and enter the room again
)

func (e Event) String() string {
	switch e {
	case EventJoined:
		return "joined room"
	case EventLeft:
		return "left room"
	case EventUserList:
		return "room user list"
	case EventNetworkChanged:
		return "network changed, re-enter room"
	}
	return "event " + strconv.Itoa(int(e))
}

// User is one entry of the 1020 user list: a user in the room and the URL its stream plays from.
type User struct {
	UserID  string `json:"userid"`
	PlayURL string `json:"playurl"` // for a <live-player src>
}

// PusherEvent is the detail of a <live-pusher> bindstatechange event.
type PusherEvent struct {
	Code    Event
	Message string
	Users   []User // the parsed message of an EventUserList
}

// ParsePusherEvent reads an event detail {"code":1020,"message":"…"}; for 1020 it also parses the
// user list in the message.
func ParsePusherEvent(detail []byte) (*PusherEvent, error) {
	if len(detail) > maxUserListBytes {
		return nil, fmt.Errorf("%w: longer than %d bytes", ErrMalformedEvent, maxUserListBytes)
	}
	var d struct {
		Code    *int   `json:"code"`
		Message string `json:"message"`
	}
	if err := json.Unmarshal(detail, &d); err != nil || d.Code == nil {
		return nil, fmt.Errorf("%w: want {\"code\":N,\"message\":\"…\"}", ErrMalformedEvent)
	}
	ev := &PusherEvent{Code: Event(*d.Code), Message: d.Message}
	if ev.Code == EventUserList {
		users, err := ParseUserList([]byte(d.Message))
		if err != nil {
			return nil, err
		}
		ev.Users = users
	}
	return ev, nil
}

// ParseUserList reads the message of event 1020, {"userlist":[{"userid":…,"playurl":…}]}. Every
// user has a user id of 1–32 bytes and a room:// or rtmp:// play URL (so a hostile list cannot
// point a <live-player> anywhere else); user ids are unique.
func ParseUserList(message []byte) ([]User, error) {
	if len(message) > maxUserListBytes {
		return nil, fmt.Errorf("%w: longer than %d bytes", ErrMalformedUserList, maxUserListBytes)
	}
	var m struct {
		UserList *[]User `json:"userlist"`
	}
	dec := json.NewDecoder(bytes.NewReader(message))
	if err := dec.Decode(&m); err != nil || m.UserList == nil {
		return nil, fmt.Errorf("%w: want {\"userlist\":[…]}", ErrMalformedUserList)
	}
	if dec.More() {
		return nil, fmt.Errorf("%w: data after the object", ErrMalformedUserList)
	}
	users := *m.UserList
	if len(users) > maxUserListLength {
		return nil, fmt.Errorf("%w: more than %d users", ErrMalformedUserList, maxUserListLength)
	}
	seen := make(map[string]bool, len(users))
	for i, u := range users {
		if len(u.UserID) == 0 || len(u.UserID) > maxUserIDBytes {
			return nil, fmt.Errorf("%w: user %d: userid must be 1 to 32 bytes", ErrMalformedUserList, i)
		}
		if seen[u.UserID] {
			return nil, fmt.Errorf("%w: user %d: userid listed twice", ErrMalformedUserList, i)
		}
		seen[u.UserID] = true
		p, err := url.Parse(u.PlayURL)
		if err != nil || (p.Scheme != "room" && p.Scheme != "rtmp") || p.Host == "" {
			return nil, fmt.Errorf("%w: user %d: playurl must be a room:// or rtmp:// URL", ErrMalformedUserList, i)
		}
	}
	return users, nil
}
