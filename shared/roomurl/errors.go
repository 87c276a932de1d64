package roomurl

import (
	"errors"
	"fmt"
)

// Errors in the inputs of a URL or request that are particular to URLs. The package returns
// them as the Kind of an *Error, after the field it concerns. An app, room or user outside
// TRTC's limits is tlssig's error (tlssig.ErrInvalidSDKAppID, ErrInvalidRoom, ErrInvalidUserID),
// the Kind the same way.
var (
	ErrInvalidScene         = errors.New("appscene must be videocall or live")
	ErrInvalidRecvMode      = errors.New("recvmode must be 1 (audio and video), 2 (audio only), 3 (video only) or 4 (none)")
	ErrInvalidPureAudioMode = errors.New("pureaudiomode must be 1 (audio only, no recording) or 2 (audio only, recorded as mp3)")
	ErrInvalidEncSmall      = errors.New("encsmall must be 0 or 1")
	ErrInvalidCloudEnv      = errors.New("cloudenv must be PRO, CCC, DEV or UAT")
	ErrInvalidStreamID      = errors.New("must be 1 to 64 bytes of letters, digits, '_' and '-'")
	ErrInvalidTicket        = errors.New("invalid ticket")
	ErrInvalidRoomSig       = errors.New("roomsig must be a JSON object")
	ErrInvalidBizBuf        = errors.New("bizbuf must be JSON")
	ErrInvalidFlow          = errors.New("flow must be rtc or roomsig")
)

// Errors of the jsonvideoapp reply. The five TRTC codes each have their own sentinel; any other
// non-zero code is ErrRoomSigRefused. A *ReplyError carries the code and wraps one of them.
var (
	ErrEmptyPrivateMapKey   = errors.New("privateMapKey is empty (TRTC error 80)")
	ErrRoomSigBadParams     = errors.New("the roomsig request has bad parameters (TRTC error 82)")
	ErrPrivateMapKeyExpired = errors.New("privateMapKey has expired (TRTC error 86)")
	ErrPrivateMapKeyWrong   = errors.New("privateMapKey is wrong: signed for another user, room or app, or with another key (TRTC error 87)")
	ErrNoTRTCPackage        = errors.New("this sdkappid has no TRTC package bought (TRTC error 88)")
	ErrRoomSigRefused       = errors.New("jsonvideoapp refused the roomsig request")
	ErrMalformedReply       = errors.New("malformed jsonvideoapp reply")
)

// ReplyError is a jsonvideoapp reply with a non-zero error code. errors.Is matches it against the
// sentinel of its code (ErrPrivateMapKeyExpired for 86, …; ErrRoomSigRefused for other codes).
type ReplyError struct {
	Code int64  // the top-level ErrorCode, or RspHead.ErrorCode when the top level is 0
	Info string // Tencent's ErrorInfo text, if any (at most 200 bytes)
	err  error
}

func (e *ReplyError) Error() string { return "roomurl: " + e.Reason() }

// Reason is the error's text without the package name, for a person.
func (e *ReplyError) Reason() string {
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

// Error is every error the package returns about its input but a jsonvideoapp reply's code
// (ReplyError). Kind is the sentinel errors.Is matches (one of those above, or tlssig's for an
// app, room, user or ticket outside TRTC's limits); Detail names the field or says what is
// wrong; Cause, if any, is the signing core's error about a ticket. Error() is "roomurl: " +
// Reason(); Reason, without the package names, is what the CLI and the console show a person
// (read with errors.As, never by cutting the text).
type Error struct {
	Detail string
	Kind   error
	Cause  error
}

func (e *Error) Error() string { return "roomurl: " + e.Reason() }

func (e *Error) Reason() string {
	msg := reason(e.Kind)
	if e.Cause != nil {
		msg = reason(e.Cause) + ": " + msg
	}
	if e.Detail != "" {
		msg = e.Detail + ": " + msg
	}
	return msg
}

func (e *Error) Unwrap() []error {
	if e.Cause != nil {
		return []error{e.Kind, e.Cause}
	}
	return []error{e.Kind}
}

// reason is err's text without its package name, when its package gives it (tlssig.Error).
func reason(err error) string {
	if r, ok := err.(interface{ Reason() string }); ok {
		return r.Reason()
	}
	return err.Error()
}

// fail returns kind as the package's error.
func fail(kind error) error { return &Error{Kind: kind} }

// errorf returns an *Error of kind with the formatted detail.
func errorf(kind error, format string, args ...any) error {
	return &Error{Detail: fmt.Sprintf(format, args...), Kind: kind}
}

// within puts field's name before err's detail.
func within(field string, err error) error {
	if e, ok := err.(*Error); ok {
		d := field
		if e.Detail != "" {
			d += ": " + e.Detail
		}
		return &Error{Detail: d, Kind: e.Kind, Cause: e.Cause}
	}
	return errorf(err, "%s", field)
}
