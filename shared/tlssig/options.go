package tlssig

import "time"

// Option configures a signer.
type Option func(*config)

type config struct {
	clock       func() time.Time
	accountType uint32
}

func newConfig(opts []Option) config {
	c := config{clock: time.Now}
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	if c.clock == nil {
		c.clock = time.Now
	}
	return c
}

// WithClock sets the clock UserSig and PrivateMapKey read "now" from
// (default time.Now). Tests use it to sign at an exact second.
func WithClock(now func() time.Time) Option { return func(c *config) { c.clock = now } }

// WithAccountType sets the v1 TLS.account_type an older TRTC console gave an
// app (default 0). v2 tickets carry no account type, so the HMAC signer
// accepts and ignores it; the userbuf's accountType stays 0 in both
// versions, as in Tencent's libraries.
func WithAccountType(t uint32) Option { return func(c *config) { c.accountType = t } }
