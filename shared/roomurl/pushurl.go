package roomurl

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/ticketbooth/ticketbooth/shared/tlssig"
)

// Host is the host of every room:// URL.
const Host = "cloud.tencent.com"

// Flow is how a client gets into a room: the rtc flow carries the tickets in the push URL, the
// roomsig flow first fetches a roomsig with them. The values are the API's "flow" field.
type Flow string

const (
	FlowRTC     Flow = "rtc"
	FlowRoomSig Flow = "roomsig"
)

// ParseFlow reads "rtc" (also the empty string, the default) or "roomsig".
func ParseFlow(s string) (Flow, error) {
	switch Flow(s) {
	case "", FlowRTC:
		return FlowRTC, nil
	case FlowRoomSig:
		return FlowRoomSig, nil
	}
	return "", fail(ErrInvalidFlow)
}

// Scene is the appscene parameter: videocall (everyone sends and receives) or live (anchors and
// audience; TRTC's live-streaming mode).
type Scene string

const (
	SceneVideoCall Scene = "videocall"
	SceneLive      Scene = "live"
)

// ParseScene reads "videocall" or "live". The mini-program components' own names "rtc" (for
// videocall) are accepted too, since that is what their scene attribute calls it.
func ParseScene(s string) (Scene, error) {
	switch s {
	case "videocall", "rtc":
		return SceneVideoCall, nil
	case "live":
		return SceneLive, nil
	}
	return "", fail(ErrInvalidScene)
}

// RecvMode is the recvmode parameter: what the pusher receives automatically. Zero leaves it out
// of the URL (TRTC's default is 1).
type RecvMode int

const (
	RecvAudioVideo RecvMode = 1 // receive audio and video automatically
	RecvAudioOnly  RecvMode = 2
	RecvVideoOnly  RecvMode = 3
	RecvNone       RecvMode = 4 // receive nothing automatically; no <live-player> can be bound
)

// PureAudioMode is the pureaudiomode parameter. Zero leaves it out (audio and video).
type PureAudioMode int

const (
	PureAudioNoRecording PureAudioMode = 1 // push audio only, no recording
	PureAudioRecordMP3   PureAudioMode = 2 // push audio only, recorded as an mp3 file
)

// CloudEnv values TRTC's mini-program component documents for cloudenv ("" leaves it out).
const (
	CloudEnvPRO = "PRO"
	CloudEnvCCC = "CCC"
	CloudEnvDEV = "DEV"
	CloudEnvUAT = "UAT"
)

// RTCPush is the push URL of the rtc flow, room://cloud.tencent.com/rtc?…, which carries the
// tickets itself.
type RTCPush struct {
	SDKAppID      uint64
	Room          tlssig.Room   // numeric (roomid) or string (strroomid)
	UserID        tlssig.UserID // checked where it was read (tlssig.ParseUserID); zero is refused
	UserSig       string
	PrivateMapKey string // optional: rooms without "room permission" protection need none
	Scene         Scene  // "" means videocall

	// Optional pusher parameters; their zero values leave them out of the URL.
	EncSmall           bool          // encsmall=1: also encode a small stream
	CloudEnv           string        // PRO, CCC, DEV or UAT
	StreamID           string        // CDN relay stream id, 1–64 bytes of [A-Za-z0-9_-]
	UserDefineRecordID string        // cloud recording id, 1–64 bytes of [A-Za-z0-9_-]
	PureAudioMode      PureAudioMode // 1 or 2
	RecvMode           RecvMode      // 1–4
}

// Validate checks every field: the app, room and user against TRTC's limits (tlssig's), the
// tickets' encoding, and each pusher option.
func (p *RTCPush) Validate() error {
	if err := validateIDs(p.SDKAppID, p.Room, p.UserID); err != nil {
		return err
	}
	if err := validateTicket("usersig", p.UserSig); err != nil {
		return err
	}
	if p.PrivateMapKey != "" {
		if err := validateTicket("privatemapkey", p.PrivateMapKey); err != nil {
			return err
		}
	}
	switch p.Scene {
	case "", SceneVideoCall, SceneLive:
	default:
		return fail(ErrInvalidScene)
	}
	if err := ValidateCloudEnv(p.CloudEnv); err != nil {
		return err
	}
	for _, id := range []struct{ name, value string }{{"streamid", p.StreamID}, {"userdefinerecordid", p.UserDefineRecordID}} {
		if id.value == "" {
			continue
		}
		if err := ValidateStreamID(id.value); err != nil {
			return within(id.name, err)
		}
	}
	if p.PureAudioMode != 0 && p.PureAudioMode != PureAudioNoRecording && p.PureAudioMode != PureAudioRecordMP3 {
		return fail(ErrInvalidPureAudioMode)
	}
	if p.RecvMode != 0 && (p.RecvMode < RecvAudioVideo || p.RecvMode > RecvNone) {
		return fail(ErrInvalidRecvMode)
	}
	return nil
}

// URL validates p and returns its push URL, parameters in the order Tencent's samples use.
func (p *RTCPush) URL() (string, error) {
	if err := p.Validate(); err != nil {
		return "", err
	}
	scene := p.Scene
	if scene == "" {
		scene = SceneVideoCall
	}
	// Room for every parameter, each value escaped at most once in three.
	n := 128 + len(p.Room.Str()) + len(p.UserID.String()) + len(p.UserSig) + len(p.PrivateMapKey) + len(p.StreamID) + len(p.UserDefineRecordID)
	q := newQuery("room://"+Host+"/rtc?", n+n/3)
	q.addUint("sdkappid", p.SDKAppID)
	if p.Room.IsString() {
		q.add("strroomid", p.Room.Str())
	} else {
		q.addUint("roomid", uint64(p.Room.ID()))
	}
	q.add("userid", p.UserID.String())
	q.add("usersig", p.UserSig)
	q.add("appscene", string(scene))
	if p.PrivateMapKey != "" {
		q.add("privatemapkey", p.PrivateMapKey)
	}
	if p.EncSmall {
		q.add("encsmall", "1")
	}
	if p.CloudEnv != "" {
		q.add("cloudenv", p.CloudEnv)
	}
	if p.StreamID != "" {
		q.add("streamid", p.StreamID)
	}
	if p.UserDefineRecordID != "" {
		q.add("userdefinerecordid", p.UserDefineRecordID)
	}
	if p.PureAudioMode != 0 {
		q.add("pureaudiomode", strconv.Itoa(int(p.PureAudioMode)))
	}
	if p.RecvMode != 0 {
		q.add("recvmode", strconv.Itoa(int(p.RecvMode)))
	}
	return q.String(), nil
}

// RoomSigPush is the push URL of the roomsig flow, room://cloud.tencent.com?…&roomsig=…, built
// from the roomsig the client fetched (see [NewRoomSigRequest]). The roomsig flow knows
// numeric rooms only.
type RoomSigPush struct {
	SDKAppID uint64
	Room     tlssig.Room   // numeric only
	UserID   tlssig.UserID // checked where it was read (tlssig.ParseUserID); zero is refused
	RoomSig  string        // the reply's RspBody as JSON text; the URL carries it compacted
	BizBuf   string        // optional JSON, e.g. from [BizBuf.JSON]
}

// Validate checks every field; RoomSig must be a JSON object and BizBuf, if given, JSON.
func (p *RoomSigPush) Validate() error {
	_, _, err := p.compact()
	return err
}

func (p *RoomSigPush) compact() (roomSig, bizBuf string, err error) {
	if err := validateIDs(p.SDKAppID, p.Room, p.UserID); err != nil {
		return "", "", err
	}
	if err := numericOnly(p.Room); err != nil {
		return "", "", err
	}
	roomSig, err = compactObject(p.RoomSig, maxRoomSigBytes, ErrInvalidRoomSig)
	if err != nil {
		return "", "", err
	}
	if p.BizBuf != "" {
		if bizBuf, err = compactJSON(p.BizBuf, maxBizBufBytes, ErrInvalidBizBuf); err != nil {
			return "", "", err
		}
	}
	return roomSig, bizBuf, nil
}

// compactObject returns the compact form of a JSON object text, or sentinel.
func compactObject(s string, max int, sentinel error) (string, error) {
	c, err := compactJSON(s, max, sentinel)
	if err != nil || c[0] != '{' {
		return "", fail(sentinel)
	}
	return c, nil
}

// compactJSON returns the compact form of a JSON text, or sentinel.
// json.Compact validates as it goes, so the text is read once.
func compactJSON(s string, max int, sentinel error) (string, error) {
	if len(s) == 0 || len(s) > max {
		return "", fail(sentinel)
	}
	var b bytes.Buffer
	if err := json.Compact(&b, []byte(s)); err != nil {
		return "", fail(sentinel)
	}
	return b.String(), nil
}

// URL validates p and returns its push URL.
func (p *RoomSigPush) URL() (string, error) {
	roomSig, bizBuf, err := p.compact()
	if err != nil {
		return "", err
	}
	n := 64 + len(p.UserID.String()) + len(roomSig) + len(bizBuf)
	q := newQuery("room://"+Host+"?", 2*n)
	q.addUint("sdkappid", p.SDKAppID)
	q.addUint("roomid", uint64(p.Room.ID()))
	q.add("userid", p.UserID.String())
	q.add("roomsig", roomSig)
	if bizBuf != "" {
		q.add("bizbuf", bizBuf)
	}
	return q.String(), nil
}

// BizBuf is the roomsig flow's bizbuf parameter: {"Str_uc_params":{…}}.
type BizBuf struct {
	PureAudioPushMode int   // 1 audio only without recording, 2 recorded as mp3; 0 leaves it out
	RecordID          int32 // the id of an automatic recording, given back in its callback; 0 leaves it out
}

// JSON returns the bizbuf JSON text, or "" when b sets nothing.
func (b BizBuf) JSON() (string, error) {
	if b.PureAudioPushMode != 0 && b.PureAudioPushMode != 1 && b.PureAudioPushMode != 2 {
		return "", fail(ErrInvalidPureAudioMode)
	}
	if b.PureAudioPushMode == 0 && b.RecordID == 0 {
		return "", nil
	}
	type params struct {
		PureAudioPushMod int   `json:"pure_audio_push_mod,omitempty"`
		RecordID         int32 `json:"record_id,omitempty"`
	}
	out, err := json.Marshal(struct {
		P params `json:"Str_uc_params"`
	}{params{b.PureAudioPushMode, b.RecordID}})
	if err != nil {
		return "", errorf(err, "bizbuf")
	}
	return string(out), nil
}

// query builds a URL in insertion order, in one buffer: the URL's one
// allocation is the string it returns.
type query struct{ b []byte }

// newQuery starts a URL with prefix (through the "?"), room for n bytes of
// parameters.
func newQuery(prefix string, n int) query {
	q := query{b: make([]byte, 0, len(prefix)+n)}
	q.b = append(q.b, prefix...)
	return q
}

func (q *query) add(name, value string) {
	if c := q.b[len(q.b)-1]; c != '?' {
		q.b = append(q.b, '&')
	}
	q.b = append(q.b, name...)
	q.b = append(q.b, '=')
	q.b = appendEscaped(q.b, value)
}

func (q *query) addUint(name string, n uint64) {
	q.add(name, "")
	q.b = strconv.AppendUint(q.b, n, 10)
}

func (q *query) String() string { return string(q.b) }

// unreserved marks what encodeURIComponent leaves as it is: letters, digits
// and -_.!~*'().
var unreserved = func() (t [256]bool) {
	for c := 0; c < 256; c++ {
		t[c] = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-_.!~*'()", byte(c)) >= 0
	}
	return t
}()

// appendEscaped appends s percent-encoded as JavaScript's encodeURIComponent does: letters,
// digits and -_.!~*'() stay, every other byte of the UTF-8 text becomes %XX.
func appendEscaped(dst []byte, s string) []byte {
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		c := s[i]
		if unreserved[c] {
			dst = append(dst, c)
			continue
		}
		dst = append(dst, '%', hex[c>>4], hex[c&15])
	}
	return dst
}
