package auth

import (
	"errors"

	"github.com/ticketbooth/ticketbooth/internal/refusal"
)

// Sentinel errors. Authenticate wraps exactly one of them with a message
// telling the caller how to fix the request; no message ever contains the
// credential itself. The api package maps them to HTTP statuses in its one
// table; the statuses noted here are the intended ones.
var (
	// ErrNoCredential: the request carries no credential this deployment
	// accepts (401).
	ErrNoCredential = errors.New("auth: no credential")
	// ErrBadCredential: a credential was presented and is invalid, expired,
	// malformed or unknown (401). There is no fall-through to another method.
	ErrBadCredential = errors.New("auth: invalid credential")
	// ErrMethodNotEnabled: the request presents a kind of credential that
	// TICKETBOOTH_AUTH does not enable (401).
	ErrMethodNotEnabled = errors.New("auth: credential kind not accepted")
	// ErrForbidden: the credential is understood but this caller may not use
	// it here, e.g. dev auth from a non-loopback address or a WeChat user
	// blocked by WeChat (403).
	ErrForbidden = errors.New("auth: forbidden")
	// ErrUpstream: an identity provider (the JWKS endpoint, WeChat) could not
	// answer; the caller may retry later (503).
	ErrUpstream = errors.New("auth: identity provider unavailable")
	// ErrNotConfigured: a method is enabled but the secret document lacks what
	// it needs (jwt issuer, wechat appId, ...). A server fault (500); the
	// message names the missing field for the operator's log.
	ErrNotConfigured = errors.New("auth: method not configured")
)

// reject is how this package refuses (see package refusal): reason, in the
// caller's words, and the sentinel wrapped last.
func reject(sentinel error, format string, args ...any) error {
	return refusal.New(sentinel, format, args...)
}
