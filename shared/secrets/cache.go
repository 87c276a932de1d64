package secrets

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"
)

// Snapshot is the document the cache serves, with where it came from.
type Snapshot struct {
	Current *Document
	// Previous is the good document this process served before Current (a
	// rotation it saw), kept for verifying tickets signed with the old key.
	// Never sign with it. Nil until a rotation has been seen.
	Previous  *Document
	Version   string    // the source's version id, if any
	FetchedAt time.Time // when Current was last fetched and validated
}

// Provider hands out the current secret document. The API depends on this
// only.
type Provider interface {
	Get(ctx context.Context) (*Snapshot, error)
}

// Defaults of the cache.
const (
	DefaultTTL          = 5 * time.Minute
	DefaultMaxStale     = time.Hour
	DefaultFetchTimeout = 10 * time.Second
	defaultBackoffBase  = time.Second
	defaultBackoffMax   = time.Minute
)

// Option configures Open and NewCache.
type Option func(*options)

type options struct {
	ttl          time.Duration
	maxStale     time.Duration
	fetchTimeout time.Duration
	backoffBase  time.Duration
	backoffMax   time.Duration
	clock        func() time.Time
	jitter       func(time.Duration) time.Duration
	logger       *slog.Logger
	getenv       func(string) string
	checks       []func(*Document) error
}

// WithTTL sets how long a fetched document is reused before a refresh.
func WithTTL(d time.Duration) Option { return func(o *options) { o.ttl = d } }

// WithMaxStale sets how long after its fetch the last good document is still
// served while refreshes fail.
func WithMaxStale(d time.Duration) Option { return func(o *options) { o.maxStale = d } }

// WithFetchTimeout bounds one fetch (an endpoint that hangs).
func WithFetchTimeout(d time.Duration) Option { return func(o *options) { o.fetchTimeout = d } }

// WithBackoff sets the first delay after a failed fetch and its cap; the
// delay doubles with each consecutive failure.
func WithBackoff(base, maxDelay time.Duration) Option {
	return func(o *options) { o.backoffBase, o.backoffMax = base, maxDelay }
}

// WithClock replaces time.Now (tests).
func WithClock(now func() time.Time) Option { return func(o *options) { o.clock = now } }

// WithJitter replaces the randomisation of refresh times and back-off
// delays: it receives a nominal delay and returns the one to use. The
// default shortens it by up to a fifth, so instances started together do not
// refresh together. Tests pass the identity.
func WithJitter(f func(time.Duration) time.Duration) Option {
	return func(o *options) { o.jitter = f }
}

// WithLogger sets where fetch failures and rotations are logged (never a
// value). Default slog.Default().
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.logger = l } }

// WithGetenv replaces os.Getenv for env: sources, the Tencent source's and
// the Lambda build's AWS settings (tests).
func WithGetenv(f func(string) string) Option { return func(o *options) { o.getenv = f } }

func defaultJitter(d time.Duration) time.Duration {
	if d <= 0 {
		return d
	}
	return d - time.Duration(rand.Int64N(int64(d)/5+1))
}

func buildOptions(opts []Option) (*options, error) {
	o := &options{
		ttl:          DefaultTTL,
		maxStale:     DefaultMaxStale,
		fetchTimeout: DefaultFetchTimeout,
		backoffBase:  defaultBackoffBase,
		backoffMax:   defaultBackoffMax,
		clock:        time.Now,
		jitter:       defaultJitter,
		getenv:       os.Getenv,
	}
	for _, opt := range opts {
		opt(o)
	}
	if o.logger == nil {
		o.logger = slog.Default()
	}
	switch {
	case o.ttl <= 0:
		return nil, fmt.Errorf("TTL must be positive: %w", ErrInvalidConfig)
	case o.maxStale < o.ttl:
		return nil, fmt.Errorf("maximum staleness must be at least the TTL: %w", ErrInvalidConfig)
	case o.fetchTimeout <= 0 || o.backoffBase <= 0 || o.backoffMax < o.backoffBase:
		return nil, fmt.Errorf("fetch timeout and back-off must be positive: %w", ErrInvalidConfig)
	}
	return o, nil
}

// Cache serves the secret document of one Source to any number of
// goroutines. It fetches once, reuses the document for the TTL, refreshes
// it in the background with jitter, one fetch at a time, backs off
// exponentially after failures, and serves the last good document up to the
// maximum staleness while refreshes fail. A fetched document replaces the
// current one only after Parse accepted it whole.
type Cache struct {
	src  Source
	name string
	o    *options
	sf   singleflight.Group

	mu        sync.Mutex
	snap      *Snapshot // last good; nil before the first success
	digest    [32]byte  // of snap's data, to tell a rotation from a re-read
	refreshAt time.Time // when snap should be refreshed (jittered TTL)
	failures  int       // consecutive failed fetches
	nextTry   time.Time // no fetch before this after a failure
	lastErr   error     // why the last fetch failed (no value in it)
}

// Open builds the Source that spec names (env:NAME, file:PATH,
// aws-sm:ID[#STAGE], tencent-ssm:NAME[#VERSION]) and a Cache over it, and
// starts the first fetch in the background, so that a function's first
// request does not wait for the whole round trip. ctx bounds building the
// source (loading cloud SDK configuration); the fetches do not depend on it.
func Open(ctx context.Context, spec string, opts ...Option) (*Cache, error) {
	sp, o, src, err := openSource(ctx, spec, opts)
	if err != nil {
		return nil, err
	}
	c := newCache(src, sp.String(), o)
	c.start(ctx)
	return c, nil
}

// openSource parses spec and opts and builds the Source spec names: the
// first steps of Open and Load.
func openSource(ctx context.Context, spec string, opts []Option) (Spec, *options, Source, error) {
	sp, err := ParseSpec(spec)
	if err != nil {
		return Spec{}, nil, nil, err
	}
	o, err := buildOptions(opts)
	if err != nil {
		return Spec{}, nil, nil, err
	}
	src, err := newSource(ctx, sp, o)
	if err != nil {
		return Spec{}, nil, nil, err
	}
	return sp, o, src, nil
}

// NewCache is Open for a Source built by the caller (tests, or a source not
// named by a spec). It too starts the first fetch in the background.
func NewCache(ctx context.Context, src Source, opts ...Option) (*Cache, error) {
	o, err := buildOptions(opts)
	if err != nil {
		return nil, err
	}
	name := fmt.Sprintf("%T", src)
	if s, ok := src.(fmt.Stringer); ok {
		name = s.String()
	}
	c := newCache(src, name, o)
	c.start(ctx)
	return c, nil
}

func newCache(src Source, name string, o *options) *Cache {
	return &Cache{src: src, name: name, o: o}
}

func (c *Cache) start(ctx context.Context) { c.refreshing(ctx) }

// testHookJoined runs when Get has joined a fetch it will wait for; tests
// set it (export_test.go) to know that without sleeping.
var testHookJoined = func() {}

// refreshing joins the fetch in flight or starts one. The fetch serves
// every waiter, so no caller's cancellation may stop it (the fetch timeout
// bounds it). DoChan's channel is buffered: a caller that does not wait
// leaks nothing.
func (c *Cache) refreshing(ctx context.Context) <-chan singleflight.Result {
	return c.sf.DoChan("fetch", func() (any, error) { return c.refresh(context.WithoutCancel(ctx)) })
}

// Get returns the current snapshot. It waits for a fetch only when no
// usable document is at hand; a document past its TTL but within the
// maximum staleness is returned at once while a refresh runs in the
// background. With no usable document the error wraps ErrUnavailable and
// RetryAfter tells when to try again.
func (c *Cache) Get(ctx context.Context) (*Snapshot, error) {
	now := c.o.clock()
	c.mu.Lock()
	snap, refreshAt, nextTry, lastErr := c.snap, c.refreshAt, c.nextTry, c.lastErr
	c.mu.Unlock()

	if snap != nil && now.Before(snap.FetchedAt.Add(c.o.maxStale)) {
		if !now.Before(refreshAt) && !now.Before(nextTry) {
			c.refreshing(ctx)
		}
		return snap, nil
	}
	if now.Before(nextTry) {
		return nil, &unavailableError{retryAfter: nextTry.Sub(now), cause: c.staleCause(snap, lastErr)}
	}
	joined := c.refreshing(ctx)
	testHookJoined()
	select {
	case r := <-joined:
		if r.Err != nil {
			return nil, r.Err
		}
		// A fetch that began while the last good document was usable
		// serves it when it fails; a caller that joined the fetch later
		// may see that document pass the maximum staleness meanwhile.
		snap := r.Val.(*Snapshot)
		now := c.o.clock()
		if !now.Before(snap.FetchedAt.Add(c.o.maxStale)) {
			c.mu.Lock()
			nextTry, lastErr := c.nextTry, c.lastErr
			c.mu.Unlock()
			return nil, &unavailableError{retryAfter: nextTry.Sub(now), cause: c.staleCause(snap, lastErr)}
		}
		return snap, nil
	case <-ctx.Done():
		return nil, &unavailableError{retryAfter: c.o.backoffBase, cause: fmt.Errorf("waiting for the secret document: %w", ctx.Err())}
	}
}

func (c *Cache) staleCause(snap *Snapshot, lastErr error) error {
	if lastErr == nil {
		lastErr = errors.New("no document fetched yet")
	}
	if snap != nil {
		return fmt.Errorf("last good document is older than the maximum staleness %s: %w", c.o.maxStale, lastErr)
	}
	return lastErr
}

// refresh fetches unless another fetch, finished between the caller's look
// at the state and its joining the singleflight group, made it unnecessary;
// this keeps "one fetch however many wait" exact.
func (c *Cache) refresh(ctx context.Context) (*Snapshot, error) {
	now := c.o.clock()
	c.mu.Lock()
	snap, refreshAt, nextTry, lastErr := c.snap, c.refreshAt, c.nextTry, c.lastErr
	c.mu.Unlock()
	usable := snap != nil && now.Before(snap.FetchedAt.Add(c.o.maxStale))
	switch {
	case usable && now.Before(refreshAt):
		return snap, nil
	case now.Before(nextTry) && usable:
		return snap, nil
	case now.Before(nextTry):
		return nil, &unavailableError{retryAfter: nextTry.Sub(now), cause: c.staleCause(snap, lastErr)}
	}
	return c.fetch(ctx)
}

// fetch reads the source once, validates the document and installs it. It
// runs inside the singleflight group, so at most one is in flight. It
// returns the snapshot to serve, or an error wrapping ErrUnavailable when
// there is none.
func (c *Cache) fetch(ctx context.Context) (*Snapshot, error) {
	ctx, cancel := context.WithTimeout(ctx, c.o.fetchTimeout)
	defer cancel()
	started := c.o.clock()
	f, err := c.src.Fetch(ctx)
	var doc *Document
	if err == nil {
		doc, err = c.o.validate(f.Data)
	}
	now := c.o.clock()

	c.mu.Lock()
	defer c.mu.Unlock()
	if err != nil {
		return c.failLocked(now, err)
	}
	digest := sha256.Sum256(f.Data)
	next := &Snapshot{Current: doc, Version: f.Version, FetchedAt: started}
	if old := c.snap; old != nil {
		next.Previous = old.Previous
		if !bytes.Equal(digest[:], c.digest[:]) {
			next.Previous = old.Current
			c.o.logger.Info("secrets: new secret document version",
				slog.String("source", c.name), slog.String("version", f.Version), slog.String("previousVersion", old.Version))
		}
	}
	if c.failures > 0 {
		c.o.logger.Info("secrets: secret document fetched again after failures",
			slog.String("source", c.name), slog.Int("failures", c.failures))
	}
	c.snap, c.digest = next, digest
	c.refreshAt = started.Add(c.o.jitter(c.o.ttl))
	c.failures, c.nextTry, c.lastErr = 0, time.Time{}, nil
	return next, nil
}

func (c *Cache) failLocked(now time.Time, err error) (*Snapshot, error) {
	c.failures++
	delay := c.o.backoffBase << min(c.failures-1, 30)
	if delay > c.o.backoffMax || delay <= 0 {
		delay = c.o.backoffMax
	}
	delay = c.o.jitter(delay)
	c.nextTry = now.Add(delay)
	c.lastErr = err
	attrs := []any{
		slog.String("source", c.name),
		slog.String("error", err.Error()),
		slog.Int("failures", c.failures),
		slog.String("retryIn", delay.String()),
	}
	if snap := c.snap; snap != nil && now.Before(snap.FetchedAt.Add(c.o.maxStale)) {
		c.o.logger.Warn("secrets: refresh failed; serving the last good document",
			append(attrs, slog.Duration("age", now.Sub(snap.FetchedAt)), slog.String("version", snap.Version))...)
		return snap, nil
	}
	c.o.logger.Error("secrets: no usable secret document", attrs...)
	return nil, &unavailableError{retryAfter: delay, cause: c.staleCause(c.snap, err)}
}
