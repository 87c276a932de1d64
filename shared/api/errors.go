package api

import (
	"errors"
	"fmt"
	"net/http"
)

// Error is what a caller sees when a request fails: a stable machine-readable
// code and a message saying what to fix. Its message never carries a secret.
type Error struct {
	Code    string
	Message string
	// RetryAfter, when positive, becomes the Retry-After header (seconds).
	RetryAfter int
	// err is the cause, logged but never shown to the caller.
	err error
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.err }

// Error codes. Status maps each to its HTTP status: one table, used for every
// answer the API gives.
const (
	CodeInvalidJSON         = "invalid_json"
	CodeBadRequest          = "bad_request" // an event or request the platform adapter could not read (package faas)
	CodeUnknownField        = "unknown_field"
	CodeInvalidSDKAppID     = "invalid_sdk_app_id"
	CodeUnknownSDKAppID     = "unknown_sdk_app_id"
	CodeInvalidUserID       = "invalid_user_id"
	CodeUserRequired        = "user_required"
	CodeInvalidExpire       = "invalid_expire"
	CodeLifetimeTooLong     = "lifetime_too_long"
	CodeInvalidRoomID       = "invalid_room_id"
	CodeInvalidStrRoomID    = "invalid_str_room_id"
	CodeInvalidRoom         = "invalid_room"
	CodeInvalidPrivileges   = "invalid_privileges"
	CodeInvalidPrivilegeMap = "invalid_privilege_map"
	CodeInvalidScene        = "invalid_scene"
	CodeInvalidFlow         = "invalid_flow"
	CodeInvalidPusherOption = "invalid_pusher_option"
	CodeInvalidRoomSig      = "invalid_room_sig"
	CodeInvalidBizBuf       = "invalid_biz_buf"
	CodeUnauthenticated     = "unauthenticated"
	CodeInvalidCredential   = "invalid_credential"
	CodeForbidden           = "forbidden"
	CodeUserMismatch        = "user_mismatch"
	CodePrivilegeDenied     = "privilege_denied"
	CodeRoomDenied          = "room_denied"
	CodeAppDenied           = "app_denied"
	CodeOriginNotAllowed    = "origin_not_allowed"
	CodeHostNotAllowed      = "host_not_allowed"
	CodeNotFound            = "not_found"
	CodeMethodNotAllowed    = "method_not_allowed"
	CodeBodyTooLarge        = "body_too_large"
	CodeUnsupportedMedia    = "unsupported_media_type"
	CodeRateLimited         = "rate_limited"
	CodeInternal            = "internal"
	CodeKeysUnavailable     = "keys_unavailable"
	CodeUpstreamUnavailable = "upstream_unavailable"
)

var statusOf = map[string]int{
	CodeInvalidJSON:         http.StatusBadRequest,
	CodeBadRequest:          http.StatusBadRequest,
	CodeUnknownField:        http.StatusBadRequest,
	CodeInvalidSDKAppID:     http.StatusBadRequest,
	CodeUnknownSDKAppID:     http.StatusBadRequest,
	CodeInvalidUserID:       http.StatusBadRequest,
	CodeUserRequired:        http.StatusBadRequest,
	CodeInvalidExpire:       http.StatusBadRequest,
	CodeLifetimeTooLong:     http.StatusBadRequest,
	CodeInvalidRoomID:       http.StatusBadRequest,
	CodeInvalidStrRoomID:    http.StatusBadRequest,
	CodeInvalidRoom:         http.StatusBadRequest,
	CodeInvalidPrivileges:   http.StatusBadRequest,
	CodeInvalidPrivilegeMap: http.StatusBadRequest,
	CodeInvalidScene:        http.StatusBadRequest,
	CodeInvalidFlow:         http.StatusBadRequest,
	CodeInvalidPusherOption: http.StatusBadRequest,
	CodeInvalidRoomSig:      http.StatusBadRequest,
	CodeInvalidBizBuf:       http.StatusBadRequest,
	CodeUnauthenticated:     http.StatusUnauthorized,
	CodeInvalidCredential:   http.StatusUnauthorized,
	CodeForbidden:           http.StatusForbidden,
	CodeUserMismatch:        http.StatusForbidden,
	CodePrivilegeDenied:     http.StatusForbidden,
	CodeRoomDenied:          http.StatusForbidden,
	CodeAppDenied:           http.StatusForbidden,
	CodeOriginNotAllowed:    http.StatusForbidden,
	CodeHostNotAllowed:      http.StatusForbidden,
	CodeNotFound:            http.StatusNotFound,
	CodeMethodNotAllowed:    http.StatusMethodNotAllowed,
	CodeBodyTooLarge:        http.StatusRequestEntityTooLarge,
	CodeUnsupportedMedia:    http.StatusUnsupportedMediaType,
	CodeRateLimited:         http.StatusTooManyRequests,
	CodeInternal:            http.StatusInternalServerError,
	CodeKeysUnavailable:     http.StatusServiceUnavailable,
	CodeUpstreamUnavailable: http.StatusServiceUnavailable,
}

// Status returns the HTTP status of an error code; an unknown code is a 500.
func Status(code string) int {
	if s, ok := statusOf[code]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// WriteError answers code and message the way the API answers every error
// (the status from the one table, the same JSON body and headers). It is for
// handlers in front of the API, such as the local server's Host guard.
func WriteError(w http.ResponseWriter, code, message string) {
	var b errorBody
	b.Error.Code, b.Error.Message = code, message
	writeJSON(w, Status(code), b)
}

// errorf returns an *Error with a formatted message.
func errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// wrap returns an *Error whose cause is err; the message is shown, err is only logged.
func wrap(code string, err error, message string) *Error {
	return &Error{Code: code, Message: message, err: err}
}

// internal is the answer to anything the caller cannot fix and must not see.
// InternalMessage is the whole message of an internal error: the caller
// learns nothing of the cause, which is logged.
const InternalMessage = "internal error"

func internal(err error) *Error {
	return &Error{Code: CodeInternal, Message: InternalMessage, err: err}
}

// asError returns err as an *Error, classifying the sentinels of the packages
// the API calls; anything unknown is an internal error.
func asError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return classify(err)
}
