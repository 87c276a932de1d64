package api

import (
	"bytes"
	"encoding/json"
	"math"
	"math/bits"
	"strconv"
	"strings"
	"time"

	"github.com/ticketbooth/ticketbooth/internal/excerpt"
	"github.com/ticketbooth/ticketbooth/shared/roomurl"
	"github.com/ticketbooth/ticketbooth/shared/tlssig"
)

// member is one member a request body may hold, as a bit; a set of them
// is what a route accepts or what a body holds.
type member uint32

// The members of request bodies, spelled as TRTC's SDKs spell them.
const (
	mSDKAppID member = 1 << iota
	mUserID
	mExpire
	mRoomID
	mStrRoomID
	mPrivileges
	mPrivilegeMap
	mScene
	mFlow
	mRoomSig
	mBizBuf
	mEncSmall
	mCloudEnv
	mStreamID
	mUserDefineRecordID
	mPureAudioMode
	mRecvMode
	numMembers = iota
)

// memberNames are the members' names, indexed by bit number.
var memberNames = [numMembers]string{"sdkAppId", "userId", "expire", "roomId", "strRoomId", "privileges", "privilegeMap",
	"scene", "flow", "roomSig", "bizBuf", "encSmall", "cloudEnv", "streamId", "userDefineRecordId", "pureAudioMode", "recvMode"}

// memberOptions are the push-URL options members set.
var memberOptions = map[member]roomurl.Option{
	mScene:              roomurl.OptionScene,
	mEncSmall:           roomurl.OptionEncSmall,
	mCloudEnv:           roomurl.OptionCloudEnv,
	mStreamID:           roomurl.OptionStreamID,
	mUserDefineRecordID: roomurl.OptionUserDefineRecordID,
	mPureAudioMode:      roomurl.OptionPureAudioMode,
	mRecvMode:           roomurl.OptionRecvMode,
	mRoomSig:            roomurl.OptionRoomSig,
	mBizBuf:             roomurl.OptionBizBuf,
}

// The members each route accepts.
const (
	userSigMembers       = mSDKAppID | mUserID | mExpire
	privateMapKeyMembers = userSigMembers | mRoomID | mStrRoomID | mPrivileges | mPrivilegeMap
	roomURLMembers       = privateMapKeyMembers | mScene | mFlow | mRoomSig | mBizBuf | mEncSmall | mCloudEnv |
		mStreamID | mUserDefineRecordID | mPureAudioMode | mRecvMode
)

// memberNamed returns the member spelled exactly name, 0 for none: names
// are matched as they are, never case-folded as encoding/json would.
func memberNamed(name []byte) member {
	for i, n := range memberNames {
		if string(name) == n {
			return 1 << i
		}
	}
	return 0
}

// index is the bit number of the member m.
func (m member) index() int { return bits.TrailingZeros32(uint32(m)) }

func (m member) name() string { return memberNames[m.index()] }

// list names the members of the set m, for the unknown-field message.
func (m member) list() string {
	var names []string
	for i, n := range memberNames {
		if m&(1<<i) != 0 {
			names = append(names, n)
		}
	}
	return strings.Join(names, ", ")
}

// ticketRequest is what a caller asked for, parsed and within TRTC's
// limits but not yet decided by the policy.
type ticketRequest struct {
	// WithUserSig: a room URL also needs the UserSig (policy.Request.WithUserSig).
	WithUserSig   bool
	SDKAppID      uint64        // 0: the default app
	UserID        tlssig.UserID // zero when absent
	TTL           time.Duration // 0: the default
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
	b, err := readMembers(body, userSigMembers)
	if err != nil {
		return ticketRequest{}, err
	}
	return b.common()
}

// parsePrivateMapKeyRequest parses the body of POST /v1/privatemapkey.
func parsePrivateMapKeyRequest(body []byte) (ticketRequest, error) {
	b, err := readMembers(body, privateMapKeyMembers)
	if err != nil {
		return ticketRequest{}, err
	}
	return b.roomRequest()
}

// parseRoomURLRequest parses the body of POST /v1/roomurl.
func parseRoomURLRequest(body []byte) (roomURLRequest, error) {
	b, err := readMembers(body, roomURLMembers)
	if err != nil {
		return roomURLRequest{}, err
	}
	tr, err := b.roomRequest()
	if err != nil {
		return roomURLRequest{}, err
	}
	req := roomURLRequest{ticketRequest: tr, Flow: roomurl.FlowRTC}
	if s, ok, err := b.stringMember(mFlow, CodeInvalidFlow); ok {
		if err != nil {
			return req, err
		}
		if req.Flow, err = roomurl.ParseFlow(s); err != nil {
			return req, wrap(CodeInvalidFlow, err, `flow must be "rtc" (tickets in the URL, the default) or "roomsig" (fetch a roomsig first)`)
		}
	}
	if s, ok, err := b.stringMember(mScene, CodeInvalidScene); ok {
		if err != nil {
			return req, err
		}
		if req.Push.Scene, err = roomurl.ParseScene(s); err != nil {
			return req, wrap(CodeInvalidScene, err, `scene must be "videocall" or "live"`)
		}
	}
	if b.has&mRoomSig != 0 {
		if req.RoomSig, err = b.objectText(mRoomSig, CodeInvalidRoomSig, fixedMessages[CodeInvalidRoomSig]); err != nil {
			return req, err
		}
	}
	if b.has&mBizBuf != 0 {
		if req.BizBuf, err = b.objectText(mBizBuf, CodeInvalidBizBuf, `bizBuf must be a JSON object such as {"Str_uc_params":{"pure_audio_push_mod":1}}, or its JSON text`); err != nil {
			return req, err
		}
	}
	if err := b.pusherOptions(&req.Push); err != nil {
		return req, err
	}
	if req.Flow == roomurl.FlowRoomSig && req.Room.IsString() {
		return req, errorf(CodeInvalidRoom, `the roomsig flow needs a numeric roomId: use "flow":"rtc" for a strRoomId`)
	}
	// Which flow each option belongs to is roomurl's list (roomurl.Option).
	// "encSmall":false sets nothing, so it is no option of either flow.
	given := b.has
	if !req.Push.EncSmall {
		given &^= mEncSmall
	}
	for i := range numMembers {
		o, ok := memberOptions[1<<i]
		if given&(1<<i) == 0 || !ok || o.Flow() == req.Flow {
			continue
		}
		if o.Flow() == roomurl.FlowRoomSig {
			return req, errorf(CodeInvalidFlow, `%s belongs to the roomsig flow: add "flow":"roomsig"`, memberNames[i])
		}
		return req, errorf(CodeInvalidFlow, `%s belongs to the rtc flow: leave it out, or use "flow":"rtc"`, memberNames[i])
	}
	// Given a roomsig, the server signs nothing: it only assembles the URL.
	req.WithUserSig = req.RoomSig == ""
	return req, nil
}

// pusherOptions reads the pusher options into p, each checked by roomurl's
// own rule for it (the same the push URL's builder applies).
func (b *bodyMembers) pusherOptions(p *roomurl.RTCPush) error {
	if b.has&mEncSmall != 0 {
		switch raw := b.value(mEncSmall); string(raw) {
		case "true":
			p.EncSmall = true
		case "false":
		default:
			return errorf(CodeInvalidPusherOption, "encSmall must be true or false, not %s", jsonType(raw))
		}
	}
	for _, o := range []struct {
		m      member
		lo, hi uint64
		set    func(uint64)
	}{
		{mPureAudioMode, 1, 2, func(n uint64) { p.PureAudioMode = roomurl.PureAudioMode(n) }},
		{mRecvMode, 1, 4, func(n uint64) { p.RecvMode = roomurl.RecvMode(n) }},
	} {
		if n, ok, err := b.uintMember(o.m, CodeInvalidPusherOption, o.lo, o.hi); ok {
			if err != nil {
				return err
			}
			o.set(n)
		}
	}
	for _, o := range []struct {
		m     member
		rule  string
		field *string
		check func(string) error
	}{
		{mCloudEnv, "PRO, CCC, DEV or UAT", &p.CloudEnv, roomurl.ValidateCloudEnv},
		{mStreamID, streamIDRule, &p.StreamID, roomurl.ValidateStreamID},
		{mUserDefineRecordID, streamIDRule, &p.UserDefineRecordID, roomurl.ValidateStreamID},
	} {
		s, ok, err := b.stringMember(o.m, CodeInvalidPusherOption)
		if !ok {
			continue
		}
		if err != nil {
			return err
		}
		if s == "" || o.check(s) != nil {
			return errorf(CodeInvalidPusherOption, "%s must be %s", o.m.name(), o.rule)
		}
		*o.field = s
	}
	return nil
}

// streamIDRule is roomurl's rule of streamId and userDefineRecordId.
var streamIDRule = "1 to " + strconv.Itoa(roomurl.MaxStreamIDLen) + " bytes of letters, digits, '_' and '-'"

// common reads the members every route shares. An absent member stays zero.
func (b *bodyMembers) common() (ticketRequest, error) {
	var req ticketRequest
	var err error
	// The app's range is tlssig's check, the one the secret document's
	// apps pass too.
	if req.SDKAppID, _, err = b.checkedUint(mSDKAppID, CodeInvalidSDKAppID, 1, tlssig.MaxSDKAppID, tlssig.ValidateSDKAppID); err != nil {
		return req, err
	}
	userID, ok, err := b.stringMember(mUserID, CodeInvalidUserID)
	if err != nil {
		return req, err
	}
	if ok {
		if req.UserID, err = tlssig.ParseUserID(userID); err != nil {
			return req, wrap(CodeInvalidUserID, err, fixedMessages[CodeInvalidUserID])
		}
	}
	secs, _, err := b.uintMember(mExpire, CodeInvalidExpire, 1, tlssig.MaxLifetimeSeconds)
	if err != nil {
		err.(*Error).Message += " (seconds)"
		return req, err
	}
	req.TTL = time.Duration(secs) * time.Second
	return req, nil
}

// strRoomIDRule is the rule of strRoomId, in TRTC's limits.
var strRoomIDRule = "strRoomId must be 1 to " + strconv.Itoa(tlssig.MaxRoomLen) +
	" bytes of letters, digits, space and " + tlssig.RoomPunctuation[1:]

// roomRequest reads the common members, the room and the privileges.
func (b *bodyMembers) roomRequest() (ticketRequest, error) {
	req, err := b.common()
	if err != nil {
		return req, err
	}
	hasID, hasStr := b.has&mRoomID != 0, b.has&mStrRoomID != 0
	switch {
	case hasID && hasStr:
		return req, errorf(CodeInvalidRoom, "give roomId or strRoomId, not both")
	case !hasID && !hasStr:
		return req, errorf(CodeInvalidRoom, "a room is required: give roomId (1 to 4294967295) or strRoomId (1 to %d characters)", tlssig.MaxRoomLen)
	case hasID:
		n, _, err := b.uintMember(mRoomID, CodeInvalidRoomID, 1, math.MaxUint32)
		if err != nil {
			return req, err
		}
		req.Room = tlssig.NumericRoom(uint32(n))
	default:
		s, _, err := b.stringMember(mStrRoomID, CodeInvalidStrRoomID)
		if err != nil {
			return req, err
		}
		req.Room = tlssig.StringRoom(s)
		if err := tlssig.ValidateRoom(req.Room); err != nil {
			return req, wrap(CodeInvalidStrRoomID, err, strRoomIDRule)
		}
	}
	hasNames, hasMap := b.has&mPrivileges != 0, b.has&mPrivilegeMap != 0
	switch {
	case hasNames && hasMap:
		return req, errorf(CodeInvalidPrivileges, "give privileges or privilegeMap, not both")
	case hasMap:
		n, _, err := b.uintMember(mPrivilegeMap, CodeInvalidPrivilegeMap, 1, uint64(tlssig.PrivAll))
		if err != nil {
			return req, err
		}
		req.Privileges, req.PrivilegesSet = tlssig.Privilege(n), true
	case hasNames:
		p, err := b.privileges()
		if err != nil {
			return req, err
		}
		req.Privileges, req.PrivilegesSet = p, true
	}
	return req, nil
}

// privilegeNames lists the names privileges takes, for messages.
var privilegeNames = strings.Join(tlssig.PrivAll.Names(), ", ")

// privilegesRule is what the privileges member must be.
var privilegesRule = "privileges must be a list of names (" + privilegeNames + `), e.g. ["join","recv-audio"]; privilegeMap 255 gives all`

// privileges reads the privileges member: a list of names, each looked up
// as it is (a number is not a name: privilegeMap carries the number), or
// one string of comma-separated names or a number, as tlssig.ParsePrivilege
// reads the CLI's --privileges.
func (b *bodyMembers) privileges() (tlssig.Privilege, error) {
	raw := b.value(mPrivileges)
	bad := func(err error) *Error { return wrap(CodeInvalidPrivileges, err, privilegesRule) }
	notAName := func(name string, err error) *Error {
		e := bad(err)
		e.Message = excerpt.Quote(name) + " is not a privilege: " + e.Message
		return e
	}
	switch raw[0] {
	case '[':
		var p tlssig.Privilege
		var err error
		n := 0
		forEachElement(raw, func(el []byte) bool {
			n++
			if el[0] != '"' {
				err = bad(nil)
				return false
			}
			name, serr := decodeString(el)
			if serr != nil {
				err = bad(serr)
				return false
			}
			bit, perr := tlssig.PrivilegeNamed(name)
			if perr != nil {
				err = notAName(name, perr)
				return false
			}
			p |= bit
			return true
		})
		if err != nil {
			return 0, err
		}
		if n == 0 {
			return 0, bad(nil)
		}
		return p, nil
	case '"':
		text, err := decodeString(raw)
		if err != nil {
			return 0, bad(err)
		}
		p, err := tlssig.ParsePrivilege(text)
		if err != nil {
			if name := unknownPrivilege(text); name != "" {
				return 0, notAName(name, err)
			}
			return 0, bad(err)
		}
		return p, nil
	}
	return 0, bad(nil)
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

// objectText reads member m as a JSON object, or a string holding one, and
// returns the object as compact JSON text.
func (b *bodyMembers) objectText(m member, code, message string) (string, error) {
	raw := b.value(m)
	bad := errorf(code, "%s", message)
	if raw[0] == '"' {
		s, err := decodeString(raw)
		if err != nil {
			return "", bad
		}
		raw = bytes.TrimSpace([]byte(s))
	}
	if len(raw) == 0 || raw[0] != '{' {
		return "", bad
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, raw); err != nil || buf.Len() <= 2 {
		return "", bad
	}
	return buf.String(), nil
}
