package roomurl

import (
	"bytes"
	"encoding/json"

	"github.com/ticketbooth/ticketbooth/shared/tlssig"
)

// RoomSigEndpoint is Tencent's jsonvideoapp endpoint that turns a UserSig and a PrivateMapKey
// into a roomsig.
const RoomSigEndpoint = "https://official.opensso.tencent-cloud.com/v4/openim/jsonvideoapp"

// RoomSigInput is what the roomsig flow's request needs.
type RoomSigInput struct {
	SDKAppID      uint64
	UserID        tlssig.UserID // checked where it was read (tlssig.ParseUserID); zero is refused
	UserSig       string
	Room          tlssig.Room // numeric rooms only: the request's GroupId is a number
	PrivateMapKey string
	// Random is the request's random query parameter. The caller supplies it (for instance from
	// crypto/rand) so that building a request stays deterministic and testable.
	Random uint32
}

// RoomSigRequest is the HTTP request the client (never the server) sends to get a roomsig. Its
// JSON form is what wx.request takes: {"url":…,"method":"POST","header":{…},"data":{…}}.
type RoomSigRequest struct {
	URL    string            `json:"url"`
	Method string            `json:"method"`
	Header map[string]string `json:"header"`
	Data   json.RawMessage   `json:"data"` // the JSON body
}

// Body of the request, fields in the order Tencent's samples send them.
type roomSigBody struct {
	ReqHead struct {
		Cmd     int    `json:"Cmd"`
		SeqNo   int    `json:"SeqNo"`
		BusType int    `json:"BusType"`
		GroupID uint32 `json:"GroupId"`
	} `json:"ReqHead"`
	ReqBody struct {
		PrivMap        int    `json:"PrivMap"`
		PrivMapEncrypt string `json:"PrivMapEncrypt"`
		TerminalType   int    `json:"TerminalType"`
		FromType       int    `json:"FromType"`
		SdkVersion     int    `json:"SdkVersion"`
	} `json:"ReqBody"`
}

// NewRoomSigRequest describes the jsonvideoapp request for in. PrivMap in the body is 255 as in
// Tencent's samples: what the user may actually do is what the PrivateMapKey grants.
func NewRoomSigRequest(in RoomSigInput) (*RoomSigRequest, error) {
	if err := validateIDs(in.SDKAppID, in.Room, in.UserID); err != nil {
		return nil, err
	}
	if err := numericOnly(in.Room); err != nil {
		return nil, err
	}
	if err := validateTicket("usersig", in.UserSig); err != nil {
		return nil, err
	}
	if err := validateTicket("privatemapkey", in.PrivateMapKey); err != nil {
		return nil, err
	}
	var body roomSigBody
	body.ReqHead.Cmd = 1
	body.ReqHead.SeqNo = 1
	body.ReqHead.BusType = 7
	body.ReqHead.GroupID = in.Room.ID()
	body.ReqBody.PrivMap = 255
	body.ReqBody.PrivMapEncrypt = in.PrivateMapKey
	body.ReqBody.TerminalType = 1
	body.ReqBody.FromType = 3
	body.ReqBody.SdkVersion = 26280566
	data, err := json.Marshal(body)
	if err != nil {
		return nil, within("roomsig body", err)
	}
	q := newQuery(RoomSigEndpoint+"?", 2*(96+len(in.UserID.String())+len(in.UserSig)))
	q.addUint("sdkappid", in.SDKAppID)
	q.add("identifier", in.UserID.String())
	q.add("usersig", in.UserSig)
	q.addUint("random", uint64(in.Random))
	q.add("contenttype", "json")
	return &RoomSigRequest{
		URL:    q.String(),
		Method: "POST",
		Header: map[string]string{"content-type": "application/json"},
		Data:   data,
	}, nil
}

// ParseRoomSigReply reads the jsonvideoapp reply and returns the roomsig: its RspBody as compact
// JSON text. A non-zero top-level ErrorCode or RspHead.ErrorCode is a *ReplyError wrapping the
// code's sentinel (ErrPrivateMapKeyExpired for 86, …).
func ParseRoomSigReply(body []byte) (string, error) {
	if len(body) > maxReplyBytes {
		return "", errorf(ErrMalformedReply, "jsonvideoapp reply: longer than %d bytes", maxReplyBytes)
	}
	var reply struct {
		ErrorCode *int64  `json:"ErrorCode"`
		ErrorInfo *string `json:"ErrorInfo"`
		RspHead   *struct {
			ErrorCode *int64  `json:"ErrorCode"`
			ErrorInfo *string `json:"ErrorInfo"`
		} `json:"RspHead"`
		RspBody json.RawMessage `json:"RspBody"`
	}
	if err := json.Unmarshal(body, &reply); err != nil {
		return "", errorf(ErrMalformedReply, "jsonvideoapp reply: not a JSON object with numeric error codes")
	}
	if reply.ErrorCode != nil && *reply.ErrorCode != 0 {
		return "", replyError(*reply.ErrorCode, reply.ErrorInfo)
	}
	if reply.RspHead == nil || reply.RspHead.ErrorCode == nil {
		return "", errorf(ErrMalformedReply, "jsonvideoapp reply: no RspHead.ErrorCode")
	}
	if code := *reply.RspHead.ErrorCode; code != 0 {
		return "", replyError(code, reply.RspHead.ErrorInfo)
	}
	if len(reply.RspBody) == 0 || bytes.Equal(reply.RspBody, []byte("null")) {
		return "", errorf(ErrMalformedReply, "jsonvideoapp reply: no RspBody")
	}
	roomSig, err := compactObject(string(reply.RspBody), maxRoomSigBytes, ErrMalformedReply)
	if err != nil {
		return "", errorf(ErrMalformedReply, "jsonvideoapp reply: RspBody is not a JSON object")
	}
	return roomSig, nil
}

func replyError(code int64, info *string) error {
	e := &ReplyError{Code: code, err: codeError(code)}
	if info != nil {
		e.Info = *info
		if len(e.Info) > 200 {
			e.Info = e.Info[:200]
		}
	}
	return e
}
