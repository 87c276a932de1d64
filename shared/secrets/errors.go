package secrets

import (
	"errors"
	"time"
)

// Sentinel errors, each wrapped last, after the context that says what is wrong
// ("apps[0].secretKey: shorter than 16 bytes: secrets: invalid document"), and
// tested with errors.Is. No message quotes a secret value: fields are named by
// path, sources by their spec.
var (
	// ErrInvalidDocument: the secret document is not usable (bad JSON, a
	// missing or malformed field). The message names the fields, never values.
	ErrInvalidDocument = errors.New("secrets: invalid document")
	// ErrUnknownApp: no app with the requested sdkAppId in the document.
	ErrUnknownApp = errors.New("secrets: unknown sdkAppId")
	// ErrUnavailable: no good document is at hand (the first fetch has not
	// succeeded, or the last good one is older than the maximum staleness).
	// The API answers 503 with the Retry-After that RetryAfter reports.
	ErrUnavailable = errors.New("secrets: secret document unavailable")
	// ErrInvalidSpec: a TICKETBOOTH_SECRET value that names no usable source.
	ErrInvalidSpec = errors.New("secrets: invalid source")
	// ErrInvalidConfig: a bad TICKETBOOTH_SECRET_TTL or _MAX_STALE value.
	ErrInvalidConfig = errors.New("secrets: invalid configuration")
)

// unavailableError carries the time after which a new attempt can be made.
type unavailableError struct {
	retryAfter time.Duration
	cause      error // the last fetch or validation error; never carries a secret
}

func (e *unavailableError) Error() string {
	if e.cause == nil {
		return ErrUnavailable.Error()
	}
	return ErrUnavailable.Error() + ": " + e.cause.Error()
}

func (e *unavailableError) Unwrap() []error { return []error{ErrUnavailable, e.cause} }

// RetryAfter reports how long a client should wait before trying again when
// err wraps ErrUnavailable, rounded up to whole seconds and at least one
// second (the unit of an HTTP Retry-After header). ok is false for any
// other error.
func RetryAfter(err error) (d time.Duration, ok bool) {
	var ue *unavailableError
	if !errors.As(err, &ue) {
		return 0, false
	}
	d = ue.retryAfter.Truncate(time.Second)
	if d < ue.retryAfter {
		d += time.Second
	}
	return max(d, time.Second), true
}
