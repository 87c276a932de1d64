package roomurl

// Reading push URLs: the builders' round-trip oracle in tests, and the local console's Inspect,
// which shows a developer what a pasted URL says.

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/url"
	"strconv"
	"strings"

	"github.com/ticketbooth/ticketbooth/shared/tlssig"
)

// ErrMalformedURL: the text is not a room:// push URL of either flow.
var ErrMalformedURL = errors.New("malformed push URL")

// maxPushURLBytes leaves room for the largest valid URL: two 16 KiB tickets, escaped 3×.
const maxPushURLBytes = 128 << 10

// PushURL is a parsed push URL of either flow: RTC is set for FlowRTC, RoomSig for FlowRoomSig.
type PushURL struct {
	Flow    Flow
	RTC     *RTCPush
	RoomSig *RoomSigPush
}

// ParsePushURL reads a push URL of either flow and validates it as the builders do.
func ParsePushURL(s string) (*PushURL, error) {
	if len(s) > maxPushURLBytes {
		return nil, errorf(ErrMalformedURL, "longer than %d bytes", maxPushURLBytes)
	}
	u, err := url.Parse(s)
	if err != nil {
		return nil, errorf(ErrMalformedURL, "not a URL")
	}
	if !strings.EqualFold(u.Scheme, "room") || !strings.EqualFold(u.Host, Host) || u.User != nil || u.Opaque != "" {
		return nil, errorf(ErrMalformedURL, "want room://%s", Host)
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
		return &PushURL{Flow: FlowRTC, RTC: p}, nil
	case "", "/":
		p, err := parseRoomSig(q)
		if err != nil {
			return nil, err
		}
		return &PushURL{Flow: FlowRoomSig, RoomSig: p}, nil
	}
	return nil, errorf(ErrMalformedURL, "path must be /rtc or empty")
}

func parseRTC(q params) (*RTCPush, error) {
	var p RTCPush
	var err error
	if p.SDKAppID, err = q.sdkAppID(); err != nil {
		return nil, err
	}
	room, hasRoom := q["roomid"]
	str, hasStr := q["strroomid"]
	switch {
	case hasRoom && hasStr:
		return nil, errorf(tlssig.ErrInvalidRoom, "give roomid or strroomid, not both")
	case hasRoom:
		id, err := parseRoomID(room)
		if err != nil {
			return nil, err
		}
		p.Room = tlssig.NumericRoom(id)
	case hasStr:
		p.Room = tlssig.StringRoom(str)
	}
	user := q["userid"]
	p.UserSig = q["usersig"]
	p.PrivateMapKey = q["privatemapkey"]
	// A URL without appscene is a videocall, TRTC's default, as the builder writes it.
	p.Scene = SceneVideoCall
	if v, ok := q["appscene"]; ok {
		if v != string(SceneVideoCall) && v != string(SceneLive) {
			return nil, fail(ErrInvalidScene)
		}
		p.Scene = Scene(v)
	}
	if v, ok := q["encsmall"]; ok {
		switch v {
		case "0":
		case "1":
			p.EncSmall = true
		default:
			return nil, fail(ErrInvalidEncSmall)
		}
	}
	p.CloudEnv = q["cloudenv"]
	if v, ok := q["cloudenv"]; ok && v == "" {
		return nil, fail(ErrInvalidCloudEnv)
	}
	p.StreamID = q["streamid"]
	p.UserDefineRecordID = q["userdefinerecordid"]
	if v, ok := q["pureaudiomode"]; ok {
		n, err := smallInt(v)
		if err != nil || (n != 1 && n != 2) {
			return nil, fail(ErrInvalidPureAudioMode)
		}
		p.PureAudioMode = PureAudioMode(n)
	}
	if v, ok := q["recvmode"]; ok {
		n, err := smallInt(v)
		if err != nil || n < 1 || n > 4 {
			return nil, fail(ErrInvalidRecvMode)
		}
		p.RecvMode = RecvMode(n)
	}
	if p.UserID, err = parseUserID(p.SDKAppID, p.Room, user); err != nil {
		return nil, err
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return &p, nil
}

func parseRoomSig(q params) (*RoomSigPush, error) {
	var p RoomSigPush
	var err error
	if p.SDKAppID, err = q.sdkAppID(); err != nil {
		return nil, err
	}
	if _, ok := q["strroomid"]; ok {
		return nil, errorf(tlssig.ErrInvalidRoom, "the roomsig flow has numeric rooms only")
	}
	id, err := parseRoomID(q["roomid"])
	if err != nil {
		return nil, err
	}
	p.Room = tlssig.NumericRoom(id)
	p.RoomSig = compactOrSelf(q["roomsig"])
	p.BizBuf = compactOrSelf(q["bizbuf"])
	if p.UserID, err = parseUserID(p.SDKAppID, p.Room, q["userid"]); err != nil {
		return nil, err
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return &p, nil
}

// parseUserID reads a URL's userid into a checked tlssig.UserID. The app and the room are
// checked first, so a URL's errors come in the order Validate reports them.
func parseUserID(sdkAppID uint64, room tlssig.Room, u string) (tlssig.UserID, error) {
	if err := validateAppRoom(sdkAppID, room); err != nil {
		return tlssig.UserID{}, err
	}
	id, err := tlssig.ParseUserID(u)
	if err != nil {
		return tlssig.UserID{}, userIDError(err)
	}
	return id, nil
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
			return nil, errorf(ErrMalformedURL, "bad escape in a parameter name")
		}
		if !knownParams[name] {
			continue
		}
		if _, dup := q[name]; dup {
			return nil, errorf(ErrMalformedURL, "%s given twice", name)
		}
		if q[name], err = url.PathUnescape(value); err != nil {
			return nil, errorf(ErrMalformedURL, "bad escape in %s", name)
		}
	}
	return q, nil
}

func (q params) sdkAppID() (uint64, error) {
	return parseSDKAppID(q["sdkappid"])
}

// parseRoomID reads a roomid query value: decimal, no sign or leading zero, a room tlssig
// accepts (1–4294967295).
func parseRoomID(s string) (uint32, error) {
	n, err := strconv.ParseUint(s, 10, 32)
	if err != nil || (len(s) > 1 && s[0] == '0') || tlssig.ValidateRoom(tlssig.NumericRoom(uint32(n))) != nil {
		return 0, errorf(tlssig.ErrInvalidRoom, "roomid must be between 1 and 4294967295")
	}
	return uint32(n), nil
}

// parseSDKAppID reads a sdkappid query value: decimal, no sign or leading zero, an app
// tlssig accepts.
func parseSDKAppID(s string) (uint64, error) {
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil || (len(s) > 1 && s[0] == '0') || tlssig.ValidateSDKAppID(n) != nil {
		return 0, fail(tlssig.ErrInvalidSDKAppID)
	}
	return n, nil
}

// compactOrSelf returns the compact form of a JSON text, or s itself when it is not JSON (Validate
// then refuses it), as the builder would write it.
func compactOrSelf(s string) string {
	var b bytes.Buffer
	if err := json.Compact(&b, []byte(s)); err != nil {
		return s
	}
	return b.String()
}
