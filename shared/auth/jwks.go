package auth

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	"github.com/MicahParks/jwkset"
	"github.com/MicahParks/keyfunc/v3"
	"github.com/golang-jwt/jwt/v5"
)

const (
	// jwksMinRefresh is the least time between two fetches of one JWKS
	// (first fetch, unknown-kid refreshes and periodic refreshes alike).
	jwksMinRefresh = time.Minute
	// jwksMaxAge is how old the cached set may grow before the next
	// request triggers a refresh; until that refresh succeeds the cache is
	// used as it is.
	jwksMaxAge = time.Hour
	// jwksMaxBody caps a JWKS response.
	jwksMaxBody = 1 << 20
	// jwksMaxSources bounds how many JWKS URLs are kept (rotation of the
	// secret document may change the URL).
	jwksMaxSources = 8
)

// jwksCache holds one source per JWKS URL, built on first use and reused by
// every request. It is safe for concurrent use.
type jwksCache struct {
	client *http.Client
	clock  func() time.Time
	log    *slog.Logger

	mu      sync.Mutex
	sources map[string]*jwksSource
	order   []string
}

func newJWKSCache(client *http.Client, clock func() time.Time, log *slog.Logger) *jwksCache {
	c := *client
	c.Transport = limitTransport{base: client.Transport, max: jwksMaxBody}
	return &jwksCache{client: &c, clock: clock, log: log, sources: map[string]*jwksSource{}}
}

func (c *jwksCache) source(rawURL string) (*jwksSource, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.sources[rawURL]; ok {
		return s, nil
	}
	// pinnedAlgorithms checked the URL (jwtAlgorithmsOf);
	// only its host is wanted here, for log lines.
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, reject(ErrNotConfigured, "jwt.jwksUrl is not a URL")
	}
	store := jwkset.NewMemoryStorage()
	kf, err := keyfunc.New(keyfunc.Options{
		Storage:      store,
		UseWhitelist: []jwkset.USE{jwkset.UseSig, ""},
	})
	if err != nil {
		return nil, reject(ErrNotConfigured, "jwks: %v", err)
	}
	s := &jwksSource{url: rawURL, host: u.Host, store: store, kf: kf, client: c.client, clock: c.clock, log: c.log}
	if len(c.order) >= jwksMaxSources {
		delete(c.sources, c.order[0])
		c.order = c.order[1:]
	}
	c.sources[rawURL] = s
	c.order = append(c.order, rawURL)
	return s, nil
}

// jwksSource is one JWKS endpoint: its cached keys and when it was fetched.
//
// jwkset does the fetching, parsing and key validation and keyfunc the
// kid → key lookup. The refresh policy is ours: jwkset's unknown-kid limiter
// makes callers wait for the next slot (up to its RateLimitWaitMax, which
// also cuts the fetch short), and it cannot tell "endpoint never reached"
// (a 503 for us) from "kid unknown" (a 401). Here a refresh is attempted at
// most once a minute, never waited for, and a failed one keeps the cache.
type jwksSource struct {
	url, host string
	store     *jwkset.MemoryJWKSet
	kf        keyfunc.Keyfunc
	client    *http.Client
	clock     func() time.Time
	log       *slog.Logger

	ok atomic.Bool // a fetch has succeeded at least once

	mu          sync.Mutex // serializes fetches and guards the times
	lastAttempt time.Time
	lastOK      time.Time
}

// key returns the public key for t, refreshing the set when the kid is
// unknown or the set is old, within the rate limit.
func (s *jwksSource) key(ctx context.Context, t *jwt.Token) (any, error) {
	if kid, has := t.Header[jwkset.HeaderKID]; has {
		if k, ok := kid.(string); !ok || k == "" {
			return nil, reject(ErrBadCredential, "the token's key id (kid) must be a non-empty string")
		}
	}
	s.maybeRefresh(ctx, false)
	alg := t.Method.Alg()
	key, err := s.lookup(ctx, t)
	if errors.Is(err, jwkset.ErrKeyNotFound) {
		if s.maybeRefresh(ctx, true) {
			key, err = s.lookup(ctx, t)
		}
	}
	switch {
	case errors.Is(err, jwkset.ErrKeyNotFound) && !s.ok.Load():
		return nil, reject(ErrUpstream, "the JWKS endpoint could not be reached and no keys are cached; retry later")
	case errors.Is(err, jwkset.ErrKeyNotFound):
		return nil, reject(ErrBadCredential, "the token's key id (kid) is not in the issuer's key set")
	case err != nil:
		return nil, reject(ErrBadCredential, "the issuer's key for this token does not fit its algorithm")
	}
	if set, isSet := key.(jwt.VerificationKeySet); isSet {
		var fit jwt.VerificationKeySet
		for _, k := range set.Keys {
			if keyFits(alg, k) {
				fit.Keys = append(fit.Keys, k)
			}
		}
		if len(fit.Keys) == 0 {
			return nil, reject(ErrBadCredential, "the token has no kid and no key in the issuer's key set fits %s", alg)
		}
		return fit, nil
	}
	if !keyFits(alg, key) {
		return nil, reject(ErrBadCredential, "the key named by the token's kid does not fit %s (wrong type, curve or size)", alg)
	}
	return key, nil
}

// lookup finds the key by kid, or the whole set for a token without a kid
// (reported as ErrKeyNotFound when the set is empty).
func (s *jwksSource) lookup(ctx context.Context, t *jwt.Token) (any, error) {
	if _, hasKid := t.Header[jwkset.HeaderKID]; hasKid {
		return s.kf.KeyfuncCtx(ctx)(t)
	}
	set, err := s.kf.VerificationKeySet(ctx)
	if err != nil {
		return nil, err
	}
	if len(set.Keys) == 0 {
		return nil, jwkset.ErrKeyNotFound
	}
	return set, nil
}

// maybeRefresh fetches the set if it was never fetched, if it is older than
// jwksMaxAge, or if force (an unknown kid) — in every case at most once per
// jwksMinRefresh. It reports whether a fetch succeeded just now.
func (s *jwksSource) maybeRefresh(ctx context.Context, force bool) bool {
	if s.ok.Load() && !force {
		// Cheap path: a periodic refresh is due only after jwksMaxAge;
		// while another request fetches, go on with the cache.
		if !s.mu.TryLock() {
			return false
		}
		stale := s.clock().Sub(s.lastOK) >= jwksMaxAge
		s.mu.Unlock()
		if !stale {
			return false
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.clock()
	if !force && s.ok.Load() && now.Sub(s.lastOK) < jwksMaxAge {
		return false
	}
	if !s.lastAttempt.IsZero() && now.Sub(s.lastAttempt) < jwksMinRefresh {
		return false
	}
	s.lastAttempt = now
	// NewStorageFromHTTP with our store and no refresh interval is a
	// single synchronous fetch: on success it replaces the store's keys,
	// on failure it leaves them untouched.
	// The fetch serves every waiting request, so one caller giving up must
	// not cancel it; the client's timeout bounds it.
	_, err := jwkset.NewStorageFromHTTP(s.url, jwkset.HTTPClientStorageOptions{
		Client:      s.client,
		Ctx:         context.WithoutCancel(ctx),
		HTTPTimeout: s.client.Timeout,
		Storage:     s.store,
	})
	if err != nil {
		s.log.WarnContext(ctx, "jwks fetch failed; using cached keys if any",
			"jwks_host", s.host, "cached", s.ok.Load(), "error", fetchErrorClass(err))
		return false
	}
	s.lastOK = now
	s.ok.Store(true)
	return true
}

// fetchErrorClass describes a fetch failure without quoting the response.
func fetchErrorClass(err error) string {
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	case errors.Is(err, jwkset.ErrInvalidHTTPStatusCode):
		return "unexpected HTTP status"
	}
	var ue interface{ Timeout() bool }
	if errors.As(err, &ue) && ue.Timeout() {
		return "timeout"
	}
	return "unreachable or not a valid JWK Set"
}

// limitTransport caps response bodies so a hostile endpoint cannot make us
// read without end; a truncated body fails to decode.
type limitTransport struct {
	base http.RoundTripper
	max  int64
}

func (t limitTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	base := t.base
	if base == nil {
		base = http.DefaultTransport
	}
	resp, err := base.RoundTrip(r)
	if err != nil {
		return nil, err
	}
	resp.Body = limitedBody{Reader: io.LimitReader(resp.Body, t.max), Closer: resp.Body}
	return resp, nil
}

type limitedBody struct {
	io.Reader
	io.Closer
}
