package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"strings"
	"time"

	"github.com/ticketbooth/ticketbooth/internal/excerpt"
	"github.com/ticketbooth/ticketbooth/shared/roomurl"
	"github.com/ticketbooth/ticketbooth/shared/tlssig"
)

// Body members of each route, spelled as TRTC's SDKs spell them.
var (
	userSigFields       = []string{"sdkAppId", "userId", "expire"}
	privateMapKeyFields = []string{"sdkAppId", "userId", "expire", "roomId", "strRoomId", "privileges", "privilegeMap"}
	roomURLFields       = []string{"sdkAppId", "userId", "expire", "roomId", "strRoomId", "privileges", "privilegeMap",
		"scene", "flow", "roomSig", "bizBuf", "encSmall", "cloudEnv", "streamId", "userDefineRecordId", "pureAudioMode", "recvMode"}
)

// maxExpire bounds expire before the policy sees it, so a duration cannot
// overflow; the policy's own maxima are far lower.
const maxExpire = math.MaxInt32

// ticketRequest is what a caller asked for, parsed and range-checked but not
// yet decided by the policy.
type ticketRequest struct {
	// WithUserSig: a room URL also needs the UserSig (policy.Request.WithUserSig).
	WithUserSig   bool
	SDKAppID      uint64 // 0: the default app
	UserID        string // "" when absent
	TTL           time.Duration
	Room          tlssig.Room
	Privileges    tlssig.Privilege
	PrivilegesSet bool
}

// roomURLRequest adds the push URL's parts to a ticketRequest.
type roomURLRequest struct {
	ticketRequest
	Flow    roomurl.Flow
	RoomSig string // compact JSON object; "" when absent
	BizBuf  string // compact JSON; "" when absent
	// Push holds scene and the pusher options; the signer fills in the rest.
	Push roomurl.RTCPush
}

// parseUserSigRequest parses the body of POST /v1/usersig.
func parseUserSigRequest(body []byte) (ticketRequest, error) {
	f, err := parseObject(body, userSigFields)
	if err != nil {
		return ticketRequest{}, err
	}
	return f.common()
}

// parsePrivateMapKeyRequest parses the body of POST /v1/privatemapkey.
func parsePrivateMapKeyRequest(body []byte) (ticketRequest, error) {
	f, err := parseObject(body, privateMapKeyFields)
	if err != nil {
		return ticketRequest{}, err
	}
	return f.roomRequest()
}

// parseRoomURLRequest parses the body of POST /v1/roomurl.
func parseRoomURLRequest(body []byte) (roomURLRequest, error) {
	f, err := parseObject(body, roomURLFields)
	if err != nil {
		return roomURLRequest{}, err
	}
	tr, err := f.roomRequest()
	if err != nil {
		return roomURLRequest{}, err
	}
	req := roomURLRequest{ticketRequest: tr, Flow: roomurl.FlowRTC}
	if s, ok, err := f.stringField("flow", CodeInvalidFlow); ok {
		if err != nil {
			return req, err
		}
		if req.Flow, err = roomurl.ParseFlow(s); err != nil {
			return req, wrap(CodeInvalidFlow, err, `flow must be "rtc" (tickets in the URL, the default) or "roomsig" (fetch a roomsig first)`)
		}
	}
	if s, ok, err := f.stringField("scene", CodeInvalidScene); ok {
		if err != nil {
			return req, err
		}
		if req.Push.Scene, err = roomurl.ParseScene(s); err != nil {
			return req, wrap(CodeInvalidScene, err, `scene must be "videocall" or "live"`)
		}
	}
	if raw, ok := f["roomSig"]; ok {
		rs, err := jsonObjectText(raw, CodeInvalidRoomSig, fixedMessages[CodeInvalidRoomSig])
		if err != nil {
			return req, err
		}
		req.RoomSig = rs
	}
	if raw, ok := f["bizBuf"]; ok {
		bb, err := jsonObjectText(raw, CodeInvalidBizBuf, `bizBuf must be a JSON object such as {"Str_uc_params":{"pure_audio_push_mod":1}}, or its JSON text`)
		if err != nil {
			return req, err
		}
		req.BizBuf = bb
	}
	p := &req.Push
	if raw, ok := f["encSmall"]; ok {
		if err := json.Unmarshal(raw, &p.EncSmall); err != nil || jsonType(raw) != "a boolean" {
			return req, errorf(CodeInvalidPusherOption, "encSmall must be true or false, not %s", jsonType(raw))
		}
	}
	for _, o := range []struct {
		name   string
		lo, hi uint64
		set    func(uint64)
	}{
		{"pureAudioMode", 1, 2, func(n uint64) { p.PureAudioMode = roomurl.PureAudioMode(n) }},
		{"recvMode", 1, 4, func(n uint64) { p.RecvMode = roomurl.RecvMode(n) }},
	} {
		if n, ok, err := f.uintField(o.name, CodeInvalidPusherOption, o.lo, o.hi); ok {
			if err != nil {
				return req, err
			}
			o.set(n)
		}
	}
	for _, o := range []struct {
		name, rule string
		field      *string
		check      func(string) error
	}{
		{"cloudEnv", "PRO, CCC, DEV or UAT", &p.CloudEnv, roomurl.ValidateCloudEnv},
		{"streamId", "1 to 64 bytes of letters, digits, '_' and '-'", &p.StreamID, roomurl.ValidateStreamID},
		{"userDefineRecordId", "1 to 64 bytes of letters, digits, '_' and '-'", &p.UserDefineRecordID, roomurl.ValidateStreamID},
	} {
		s, ok, err := f.stringField(o.name, CodeInvalidPusherOption)
		if !ok {
			continue
		}
		if err != nil {
			return req, err
		}
		if s == "" || o.check(s) != nil {
			return req, errorf(CodeInvalidPusherOption, "%s must be %s", o.name, o.rule)
		}
		*o.field = s
	}
	rtcOnly := p.Scene != "" || p.EncSmall || p.PureAudioMode != 0 || p.RecvMode != 0 ||
		p.CloudEnv != "" || p.StreamID != "" || p.UserDefineRecordID != ""
	switch {
	case req.Flow == roomurl.FlowRoomSig && req.Room.IsString():
		return req, errorf(CodeInvalidRoom, `the roomsig flow needs a numeric roomId: use "flow":"rtc" for a strRoomId`)
	case req.Flow == roomurl.FlowRTC && (req.RoomSig != "" || req.BizBuf != ""):
		return req, errorf(CodeInvalidFlow, `roomSig and bizBuf belong to the roomsig flow: add "flow":"roomsig"`)
	case req.Flow == roomurl.FlowRoomSig && rtcOnly:
		return req, errorf(CodeInvalidFlow, `scene and the pusher options belong to the rtc flow: leave them out, or use "flow":"rtc"`)
	}
	// Given a roomsig, the server signs nothing: it only assembles the URL.
	req.WithUserSig = req.RoomSig == ""
	return req, nil
}

// jsonObjectText accepts a JSON object, or a string holding one, and returns
// the object as compact JSON text.
func jsonObjectText(raw json.RawMessage, code, message string) (string, error) {
	bad := errorf(code, "%s", message)
	if jsonType(raw) == "a string" {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", bad
		}
		raw = json.RawMessage(s)
	}
	if jsonType(raw) != "an object" {
		return "", bad
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, raw); err != nil || buf.Len() <= 2 {
		return "", bad
	}
	return buf.String(), nil
}

// common reads the members every route shares. An absent member stays zero.
func (f fields) common() (ticketRequest, error) {
	var req ticketRequest
	var err error
	if req.SDKAppID, _, err = f.uintField("sdkAppId", CodeInvalidSDKAppID, 1, math.MaxUint32); err != nil {
		return req, err
	}
	userID, ok, err := f.stringField("userId", CodeInvalidUserID)
	if err != nil {
		return req, err
	}
	if ok {
		if err := tlssig.ValidateUserID(userID); err != nil {
			return req, wrap(CodeInvalidUserID, err, fixedMessages[CodeInvalidUserID])
		}
		req.UserID = userID
	}
	secs, _, err := f.uintField("expire", CodeInvalidExpire, 1, maxExpire)
	if err != nil {
		err.(*Error).Message += " (seconds)"
		return req, err
	}
	req.TTL = time.Duration(secs) * time.Second
	return req, nil
}

// roomRequest reads the common members, the room and the privileges.
func (f fields) roomRequest() (ticketRequest, error) {
	req, err := f.common()
	if err != nil {
		return req, err
	}
	_, hasID := f["roomId"]
	_, hasStr := f["strRoomId"]
	switch {
	case hasID && hasStr:
		return req, errorf(CodeInvalidRoom, "give roomId or strRoomId, not both")
	case !hasID && !hasStr:
		return req, errorf(CodeInvalidRoom, "a room is required: give roomId (1 to 4294967295) or strRoomId (1 to 64 characters)")
	case hasID:
		n, _, err := f.uintField("roomId", CodeInvalidRoomID, 1, math.MaxUint32)
		if err != nil {
			return req, err
		}
		req.Room = tlssig.NumericRoom(uint32(n))
	default:
		s, _, err := f.stringField("strRoomId", CodeInvalidStrRoomID)
		if err != nil {
			return req, err
		}
		req.Room = tlssig.StringRoom(s)
		if err := tlssig.ValidateRoom(req.Room); err != nil {
			return req, wrap(CodeInvalidStrRoomID, err,
				"strRoomId must be 1 to 64 bytes of letters, digits, space and !#$%&()+-:;<=.>?@[]^_{}|~,")
		}
	}
	raw, hasNames := f["privileges"]
	_, hasMap := f["privilegeMap"]
	switch {
	case hasNames && hasMap:
		return req, errorf(CodeInvalidPrivileges, "give privileges or privilegeMap, not both")
	case hasMap:
		n, _, err := f.uintField("privilegeMap", CodeInvalidPrivilegeMap, 1, 255)
		if err != nil {
			return req, err
		}
		req.Privileges, req.PrivilegesSet = tlssig.Privilege(n), true
	case hasNames:
		p, err := parsePrivileges(raw)
		if err != nil {
			return req, err
		}
		req.Privileges, req.PrivilegesSet = p, true
	}
	return req, nil
}

const privilegeNames = "create, join, send-audio, recv-audio, send-video, recv-video, send-sub, recv-sub"

// parsePrivileges reads privileges as a list of names or as one string of
// comma-separated names or a number.
func parsePrivileges(raw json.RawMessage) (tlssig.Privilege, error) {
	bad := func(err error) *Error {
		return wrap(CodeInvalidPrivileges, err, "privileges must be a list of names ("+privilegeNames+"), e.g. [\"join\",\"recv-audio\"]; privilegeMap 255 gives all")
	}
	switch jsonType(raw) {
	case "an array":
		// Each element is one name, looked up as it is: a number is not a
		// name, and no element is joined with the others and split again.
		var names []string
		if err := json.Unmarshal(raw, &names); err != nil {
			return 0, bad(err)
		}
		if len(names) == 0 {
			return 0, bad(errors.New("empty list"))
		}
		var p tlssig.Privilege
		for _, n := range names {
			bit, err := tlssig.PrivilegeNamed(n)
			if err != nil {
				e := bad(err)
				e.Message = excerpt.Quote(n) + " is not a privilege: " + e.Message
				return 0, e
			}
			p |= bit
		}
		return p, nil
	case "a string":
		var text string
		if err := json.Unmarshal(raw, &text); err != nil {
			return 0, bad(err)
		}
		p, err := tlssig.ParsePrivilege(text)
		if err != nil || p == 0 {
			e := bad(err)
			if name := unknownPrivilege(text); name != "" {
				e.Message = excerpt.Quote(name) + " is not a privilege: " + e.Message
			}
			return 0, e
		}
		return p, nil
	}
	return 0, bad(errors.New("wrong type"))
}

// unknownPrivilege returns the first comma-separated name of text that is
// neither a privilege name nor a number, for the error message.
func unknownPrivilege(text string) string {
	for _, name := range strings.Split(text, ",") {
		name = strings.TrimSpace(name)
		if _, err := tlssig.PrivilegeNamed(name); err != nil && name != "" && (name[0] < '0' || name[0] > '9') {
			return name
		}
	}
	return ""
}
