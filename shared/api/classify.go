package api

import (
	"errors"
	"strings"
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
	// show is true when the error's own text is written for the caller
	// (auth and policy say how to fix the request, never echo a secret).
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
	{roomurl.ErrInvalidUserID, CodeInvalidUserID, false},
	{roomurl.ErrInvalidRoom, CodeInvalidRoom, false},
	{roomurl.ErrInvalidRoomSig, CodeInvalidRoomSig, false},
	{roomurl.ErrInvalidBizBuf, CodeInvalidBizBuf, false},
}

// fixedMessages are the caller-facing messages of codes whose cause's text is not shown.
var fixedMessages = map[string]string{
	CodeKeysUnavailable:   "the signing keys are not available right now; retry after the Retry-After seconds",
	CodeUnknownSDKAppID:   "sdkAppId names no app this service signs for: leave it out for the default app",
	CodeInvalidUserID:     "userId must be 1 to 32 bytes (letters, digits, '_' and '-' recommended)",
	CodeInvalidRoom:       "the room is outside TRTC's limits: roomId 1 to 4294967295, strRoomId 1 to 64 allowed characters",
	CodeInvalidPrivileges: "privileges must be names (" + privilegeNames + ")",
	CodeInvalidExpire:     "expire must be a positive number of seconds",
	CodeInvalidRoomSig:    "roomSig must be the RspBody object of the jsonvideoapp reply, or its JSON text",
	CodeInvalidBizBuf:     "bizBuf must be a JSON object",
}

// classify turns an error from another package into an *Error.
func classify(err error) *Error {
	for _, s := range sentinels {
		if !errors.Is(err, s.err) {
			continue
		}
		e := &Error{Code: s.code, Message: fixedMessages[s.code], err: err}
		if s.show {
			e.Message = callerMessage(err)
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

// callerMessage is err's text without the package prefixes that help an
// operator reading a log but mean nothing to a caller.
func callerMessage(err error) string {
	msg := err.Error()
	for _, prefix := range []string{"api: ", "auth: ", "policy: "} {
		msg = strings.TrimPrefix(msg, prefix)
	}
	return msg
}
