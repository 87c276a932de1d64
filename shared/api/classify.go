package api

import (
	"errors"
	"strconv"
	"time"

	"github.com/ticketbooth/ticketbooth/shared/auth"
	"github.com/ticketbooth/ticketbooth/shared/policy"
	"github.com/ticketbooth/ticketbooth/shared/roomurl"
	"github.com/ticketbooth/ticketbooth/shared/secrets"
	"github.com/ticketbooth/ticketbooth/shared/tlssig"
)

// sentinels maps the errors of the packages the API calls to error codes.
// The first match wins, so more specific sentinels come first. Together with
// statusOf it is the one place an error becomes a status.
var sentinels = []struct {
	err  error
	code string
	// show is true when the error's Reason is written for the caller
	// (auth's and policy's refusals say how to fix the request and never
	// echo a secret); otherwise the code's fixed message is shown.
	show bool
}{
	{secrets.ErrUnavailable, CodeKeysUnavailable, false},
	{secrets.ErrUnknownApp, CodeUnknownSDKAppID, false},
	{auth.ErrNoCredential, CodeUnauthenticated, true},
	{auth.ErrBadCredential, CodeInvalidCredential, true},
	{auth.ErrMethodNotEnabled, CodeInvalidCredential, true},
	{auth.ErrForbidden, CodeForbidden, true},
	{auth.ErrUpstream, CodeUpstreamUnavailable, true},
	{policy.ErrUserMismatch, CodeUserMismatch, true},
	{policy.ErrPrivilegeDenied, CodePrivilegeDenied, true},
	{policy.ErrRoomDenied, CodeRoomDenied, true},
	{policy.ErrAppDenied, CodeAppDenied, true},
	{policy.ErrLifetimeTooLong, CodeLifetimeTooLong, true},
	{policy.ErrUserRequired, CodeUserRequired, true},
	{tlssig.ErrInvalidUserID, CodeInvalidUserID, false},
	{tlssig.ErrInvalidRoom, CodeInvalidRoom, false},
	{tlssig.ErrInvalidPrivilege, CodeInvalidPrivileges, false},
	{tlssig.ErrInvalidLifetime, CodeInvalidExpire, false},
	{roomurl.ErrInvalidRoomSig, CodeInvalidRoomSig, false},
	{roomurl.ErrInvalidBizBuf, CodeInvalidBizBuf, false},
}

// fixedMessages are the caller-facing messages of codes whose cause's text is not shown.
var fixedMessages = map[string]string{
	CodeKeysUnavailable:   "the signing keys are not available right now; retry after the Retry-After seconds",
	CodeUnknownSDKAppID:   "sdkAppId names no app this service signs for: leave it out for the default app",
	CodeInvalidUserID:     "userId must be 1 to " + strconv.Itoa(tlssig.MaxUserIDLen) + " bytes (letters, digits, '_' and '-' recommended)",
	CodeInvalidRoom:       "the room is outside TRTC's limits: roomId 1 to 4294967295, strRoomId 1 to " + strconv.Itoa(tlssig.MaxRoomLen) + " allowed characters",
	CodeInvalidPrivileges: "privileges must be names (" + privilegeNames + ")",
	CodeInvalidExpire:     "expire must be a positive number of seconds",
	CodeInvalidRoomSig:    "roomSig must be the RspBody object of the jsonvideoapp reply, or its JSON text",
	CodeInvalidBizBuf:     "bizBuf must be a JSON object",
	// Fallbacks for refusals that carry no Reason.
	CodeUnauthenticated:     "send a credential this service accepts",
	CodeInvalidCredential:   "the credential is not valid",
	CodeForbidden:           "this caller may not use this credential here",
	CodeUpstreamUnavailable: "the identity provider cannot be reached; retry later",
	CodeUserMismatch:        "tickets are issued only for the caller: omit userId, or send the caller's own",
	CodePrivilegeDenied:     "the caller's role does not allow these privileges",
	CodeRoomDenied:          "the caller's identity does not cover this room",
	CodeAppDenied:           "the caller's credential does not cover this app",
	CodeLifetimeTooLong:     "expire is longer than this service allows",
	CodeUserRequired:        "name the user in the body (userId)",
}

// reasoned is an error whose package wrote a reason for the caller: the
// refusals of auth and policy.
type reasoned interface {
	error
	Reason() string
}

// classify turns an error from another package into an *Error.
func classify(err error) *Error {
	for _, s := range sentinels {
		if !errors.Is(err, s.err) {
			continue
		}
		e := &Error{Code: s.code, Message: fixedMessages[s.code], err: err}
		var r reasoned
		if s.show && errors.As(err, &r) {
			e.Message = r.Reason()
		}
		if s.code == CodeKeysUnavailable || s.code == CodeUpstreamUnavailable {
			e.RetryAfter = retryAfterSeconds
			if d, ok := secrets.RetryAfter(err); ok {
				e.RetryAfter = int((d + time.Second - 1) / time.Second)
			}
		}
		return e
	}
	return internal(err)
}
