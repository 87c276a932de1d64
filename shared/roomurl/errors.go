package roomurl

import (
	"errors"
	"fmt"
)

// Errors in the inputs of a URL or request that are particular to URLs; each is wrapped last,
// after the field it concerns. An app, room or user outside TRTC's limits is tlssig's error
// (tlssig.ErrInvalidSDKAppID, ErrInvalidRoom, ErrInvalidUserID), wrapped the same way.
var (
	ErrInvalidScene         = errors.New("roomurl: appscene must be videocall or live")
	ErrInvalidRecvMode      = errors.New("roomurl: recvmode must be 1 (audio and video), 2 (audio only), 3 (video only) or 4 (none)")
	ErrInvalidPureAudioMode = errors.New("roomurl: pureaudiomode must be 1 (audio only, no recording) or 2 (audio only, recorded as mp3)")
	ErrInvalidEncSmall      = errors.New("roomurl: encsmall must be 0 or 1")
	ErrInvalidCloudEnv      = errors.New("roomurl: cloudenv must be PRO, CCC, DEV or UAT")
	ErrInvalidStreamID      = errors.New("roomurl: must be 1 to 64 bytes of letters, digits, '_' and '-'")
	ErrInvalidTicket        = errors.New("roomurl: invalid ticket")
	ErrInvalidRoomSig       = errors.New("roomurl: roomsig must be a JSON object")
	ErrInvalidBizBuf        = errors.New("roomurl: bizbuf must be JSON")
	ErrInvalidFlow          = errors.New("roomurl: flow must be rtc or roomsig")
)

// Errors of the jsonvideoapp reply. The five TRTC codes each have their own sentinel; any other
// non-zero code is ErrRoomSigRefused. A *ReplyError carries the code and wraps one of them.
var (
	ErrEmptyPrivateMapKey   = errors.New("roomurl: privateMapKey is empty (TRTC error 80)")
	ErrRoomSigBadParams     = errors.New("roomurl: the roomsig request has bad parameters (TRTC error 82)")
	ErrPrivateMapKeyExpired = errors.New("roomurl: privateMapKey has expired (TRTC error 86)")
	ErrPrivateMapKeyWrong   = errors.New("roomurl: privateMapKey is wrong: signed for another user, room or app, or with another key (TRTC error 87)")
	ErrNoTRTCPackage        = errors.New("roomurl: this sdkappid has no TRTC package bought (TRTC error 88)")
	ErrRoomSigRefused       = errors.New("roomurl: jsonvideoapp refused the roomsig request")
	ErrMalformedReply       = errors.New("roomurl: malformed jsonvideoapp reply")
)

// ReplyError is a jsonvideoapp reply with a non-zero error code. errors.Is matches it against the
// sentinel of its code (ErrPrivateMapKeyExpired for 86, …; ErrRoomSigRefused for other codes).
type ReplyError struct {
	Code int64  // the top-level ErrorCode, or RspHead.ErrorCode when the top level is 0
	Info string // Tencent's ErrorInfo text, if any (at most 200 bytes)
	err  error
}

func (e *ReplyError) Error() string {
	msg := e.err.Error()
	if e.err == ErrRoomSigRefused {
		msg = fmt.Sprintf("%s (error %d)", msg, e.Code)
	}
	if e.Info != "" {
		msg = fmt.Sprintf("%s: %q", msg, e.Info)
	}
	return msg
}

func (e *ReplyError) Unwrap() error { return e.err }

func codeError(code int64) error {
	switch code {
	case 80:
		return ErrEmptyPrivateMapKey
	case 82:
		return ErrRoomSigBadParams
	case 86:
		return ErrPrivateMapKeyExpired
	case 87:
		return ErrPrivateMapKeyWrong
	case 88:
		return ErrNoTRTCPackage
	}
	return ErrRoomSigRefused
}
