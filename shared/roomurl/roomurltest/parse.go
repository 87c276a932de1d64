// Package roomurltest reads the room:// push URLs that package roomurl builds, so that tests can
// check a URL by its parts: it is the oracle of the builders' round trip and of the push URLs
// the API and the CLI answer with. No production code needs to read a push URL (the
// mini-program's <live-pusher> does), so the parser lives here, beside the tests.
package roomurltest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/ticketbooth/ticketbooth/shared/roomurl"
	"github.com/ticketbooth/ticketbooth/shared/tlssig"
)

// ErrMalformedURL: the text is not a room:// push URL of either flow.
var ErrMalformedURL = errors.New("roomurltest: malformed push URL")

// maxPushURLBytes leaves room for the largest valid URL: two 16 KiB tickets, escaped 3×.
const maxPushURLBytes = 128 << 10

// PushURL is a parsed push URL of either flow: RTC is set for roomurl.FlowRTC, RoomSig for roomurl.FlowRoomSig.
type PushURL struct {
	Flow    roomurl.Flow
	RTC     *roomurl.RTCPush
	RoomSig *roomurl.RoomSigPush
}

// ParsePushURL reads a push URL of either flow and validates it as the builders do.
func ParsePushURL(s string) (*PushURL, error) {
	if len(s) > maxPushURLBytes {
		return nil, fmt.Errorf("%w: longer than %d bytes", ErrMalformedURL, maxPushURLBytes)
	}
	u, err := url.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("%w: not a URL", ErrMalformedURL)
	}
	if !strings.EqualFold(u.Scheme, "room") || !strings.EqualFold(u.Host, roomurl.Host) || u.User != nil || u.Opaque != "" {
		return nil, fmt.Errorf("%w: want room://%s", ErrMalformedURL, roomurl.Host)
	}
	q, err := parseQuery(u.RawQuery)
	if err != nil {
		return nil, err
	}
	switch u.Path {
	case "/rtc":
		p, err := parseRTC(q)
		if err != nil {
			return nil, err
		}
		return &PushURL{Flow: roomurl.FlowRTC, RTC: p}, nil
	case "", "/":
		p, err := parseRoomSig(q)
		if err != nil {
			return nil, err
		}
		return &PushURL{Flow: roomurl.FlowRoomSig, RoomSig: p}, nil
	}
	return nil, fmt.Errorf("%w: path must be /rtc or empty", ErrMalformedURL)
}

func parseRTC(q params) (*roomurl.RTCPush, error) {
	var p roomurl.RTCPush
	var err error
	if p.SDKAppID, err = q.sdkAppID(); err != nil {
		return nil, err
	}
	room, hasRoom := q["roomid"]
	str, hasStr := q["strroomid"]
	switch {
	case hasRoom && hasStr:
		return nil, fmt.Errorf("roomurltest: give roomid or strroomid, not both: %w", tlssig.ErrInvalidRoom)
	case hasRoom:
		id, err := parseRoomID(room)
		if err != nil {
			return nil, err
		}
		p.Room = tlssig.NumericRoom(id)
	case hasStr:
		p.Room = tlssig.StringRoom(str)
	}
	p.UserID = q["userid"]
	p.UserSig = q["usersig"]
	p.PrivateMapKey = q["privatemapkey"]
	// A URL without appscene is a videocall, TRTC's default, as the builder writes it.
	p.Scene = roomurl.SceneVideoCall
	if v, ok := q["appscene"]; ok {
		if v != string(roomurl.SceneVideoCall) && v != string(roomurl.SceneLive) {
			return nil, roomurl.ErrInvalidScene
		}
		p.Scene = roomurl.Scene(v)
	}
	if v, ok := q["encsmall"]; ok {
		switch v {
		case "0":
		case "1":
			p.EncSmall = true
		default:
			return nil, roomurl.ErrInvalidEncSmall
		}
	}
	p.CloudEnv = q["cloudenv"]
	if v, ok := q["cloudenv"]; ok && v == "" {
		return nil, roomurl.ErrInvalidCloudEnv
	}
	p.StreamID = q["streamid"]
	p.UserDefineRecordID = q["userdefinerecordid"]
	if v, ok := q["pureaudiomode"]; ok {
		n, err := smallInt(v)
		if err != nil || (n != 1 && n != 2) {
			return nil, roomurl.ErrInvalidPureAudioMode
		}
		p.PureAudioMode = roomurl.PureAudioMode(n)
	}
	if v, ok := q["recvmode"]; ok {
		n, err := smallInt(v)
		if err != nil || n < 1 || n > 4 {
			return nil, roomurl.ErrInvalidRecvMode
		}
		p.RecvMode = roomurl.RecvMode(n)
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return &p, nil
}

func parseRoomSig(q params) (*roomurl.RoomSigPush, error) {
	var p roomurl.RoomSigPush
	var err error
	if p.SDKAppID, err = q.sdkAppID(); err != nil {
		return nil, err
	}
	if _, ok := q["strroomid"]; ok {
		return nil, fmt.Errorf("roomurltest: the roomsig flow has numeric rooms only: %w", tlssig.ErrInvalidRoom)
	}
	id, err := parseRoomID(q["roomid"])
	if err != nil {
		return nil, err
	}
	p.Room = tlssig.NumericRoom(id)
	p.UserID = q["userid"]
	p.RoomSig = compact(q["roomsig"])
	p.BizBuf = compact(q["bizbuf"])
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return &p, nil
}

func smallInt(s string) (int, error) {
	if len(s) != 1 {
		return 0, strconv.ErrSyntax
	}
	return strconv.Atoi(s)
}

// params is a decoded query: known names once each; unknown names ignored.
type params map[string]string

var knownParams = map[string]bool{
	"sdkappid": true, "roomid": true, "strroomid": true, "userid": true, "usersig": true,
	"privatemapkey": true, "appscene": true, "encsmall": true, "cloudenv": true, "streamid": true,
	"userdefinerecordid": true, "pureaudiomode": true, "recvmode": true, "roomsig": true, "bizbuf": true,
}

// parseQuery splits a raw query as decodeURIComponent would read it: "%XX" escapes are decoded,
// "+" stays "+" (url.ParseQuery would turn it into a space and corrupt user ids and rooms).
func parseQuery(raw string) (params, error) {
	q := params{}
	for raw != "" {
		var pair string
		pair, raw, _ = strings.Cut(raw, "&")
		if pair == "" {
			continue
		}
		name, value, _ := strings.Cut(pair, "=")
		name, err := url.PathUnescape(name)
		if err != nil {
			return nil, fmt.Errorf("%w: bad escape in a parameter name", ErrMalformedURL)
		}
		if !knownParams[name] {
			continue
		}
		if _, dup := q[name]; dup {
			return nil, fmt.Errorf("%w: %s given twice", ErrMalformedURL, name)
		}
		if q[name], err = url.PathUnescape(value); err != nil {
			return nil, fmt.Errorf("%w: bad escape in %s", ErrMalformedURL, name)
		}
	}
	return q, nil
}

func (q params) sdkAppID() (uint64, error) {
	return parseSDKAppID(q["sdkappid"])
}

// parseRoomID reads a roomid query value: decimal, 1–4294967295, no sign or leading zero.
func parseRoomID(s string) (uint32, error) {
	n, err := strconv.ParseUint(s, 10, 32)
	if err != nil || n == 0 || (len(s) > 1 && s[0] == '0') {
		return 0, fmt.Errorf("roomurltest: roomid must be between 1 and 4294967295: %w", tlssig.ErrInvalidRoom)
	}
	return uint32(n), nil
}

func parseSDKAppID(s string) (uint64, error) {
	n, err := strconv.ParseUint(s, 10, 32)
	if err != nil || n == 0 || (len(s) > 1 && s[0] == '0') {
		return 0, tlssig.ErrInvalidSDKAppID
	}
	return n, nil
}

// compact returns the compact form of a JSON text, or s itself when it is not JSON (Validate
// then refuses it), as the builder would write it.
func compact(s string) string {
	var b bytes.Buffer
	if err := json.Compact(&b, []byte(s)); err != nil {
		return s
	}
	return b.String()
}
