package secrets_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ticketbooth/ticketbooth/internal/logscan"
	"github.com/ticketbooth/ticketbooth/shared/secrets"
	"github.com/ticketbooth/ticketbooth/shared/secrets/secretstest"
)

type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *fakeClock { return &fakeClock{now: time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// logger is a debug-level JSON logger writing to b.
func logger(b *logscan.Buffer) *slog.Logger {
	return slog.New(slog.NewJSONHandler(b, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

func identity(d time.Duration) time.Duration { return d }

// testCache builds a cache over src with a fake clock, no jitter and
// captured logs; the log is checked for secrets when the test ends.
func testCache(t *testing.T, src secrets.Source, opts ...secrets.Option) (*secrets.Cache, *fakeClock, *logscan.Buffer) {
	t.Helper()
	clk, logs := newClock(), &logscan.Buffer{}
	base := []secrets.Option{secrets.WithClock(clk.Now), secrets.WithJitter(identity), secrets.WithLogger(logger(logs))}
	c, err := secrets.NewCache(context.Background(), src, append(base, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { assertNoSecret(t, "log", logs.String(), secretsIn()) })
	return c, clk, logs
}

func secretKeyOf(t *testing.T, s *secrets.Snapshot) string {
	t.Helper()
	a, err := s.Current.App(0)
	if err != nil {
		t.Fatal(err)
	}
	return a.SecretKey
}

// eventually polls cond (background refreshes run on their own goroutine).
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

func TestCacheColdConcurrentGetsFetchOnce(t *testing.T) {
	src := secretstest.NewSource(secretstest.Document(t, 1400000001, hmacKey1), "v1")
	src.Hold()
	c, _, _ := testCache(t, src)
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for range 100 {
		wg.Go(func() {
			s, err := c.Get(context.Background())
			if err == nil && secretKeyOf(t, s) != hmacKey1 {
				err = errors.New("wrong document")
			}
			errs <- err
		})
	}
	eventually(t, "the first fetch to start", func() bool { return src.Calls() == 1 })
	src.Release()
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if got := src.Calls(); got != 1 {
		t.Errorf("fetches = %d, want 1", got)
	}
}

func TestCacheReusesWithinTTL(t *testing.T) {
	src := secretstest.NewSource(secretstest.Document(t, 1400000001, hmacKey1), "v1")
	c, clk, _ := testCache(t, src)
	for i := range 200 {
		if _, err := c.Get(context.Background()); err != nil {
			t.Fatal(err)
		}
		if i%50 == 0 {
			clk.Advance(time.Minute) // 4 minutes in all: still within the 5m TTL
		}
	}
	if got := src.Calls(); got != 1 {
		t.Errorf("fetches = %d, want 1", got)
	}
}

func TestCacheRefreshPicksUpRotation(t *testing.T) {
	src := secretstest.NewSource(secretstest.Document(t, 1400000001, hmacKey1), "v1")
	c, clk, logs := testCache(t, src)
	first, err := c.Get(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	src.Set(secretstest.Document(t, 1400000001, hmacKey2), "v2")
	clk.Advance(5*time.Minute + time.Second)
	stale, err := c.Get(context.Background()) // served at once; refresh starts behind it
	if err != nil || secretKeyOf(t, stale) != hmacKey1 {
		t.Fatalf("Get after the TTL = %v, %v; want the last good document while refreshing", stale, err)
	}
	var s *secrets.Snapshot
	eventually(t, "the rotated key", func() bool {
		s, err = c.Get(context.Background())
		return err == nil && secretKeyOf(t, s) == hmacKey2
	})
	if s.Version != "v2" || s.Previous != first.Current {
		t.Errorf("snapshot version %q, previous is the old document: %v", s.Version, s.Previous == first.Current)
	}
	if got := src.Calls(); got != 2 {
		t.Errorf("fetches = %d, want 2", got)
	}
	if !bytes.Contains([]byte(logs.String()), []byte("new secret document version")) {
		t.Errorf("rotation not logged: %s", logs)
	}
	if bytes.Contains([]byte(logs.String()), []byte("after failures")) {
		t.Errorf("a refresh without failures logged as a recovery: %s", logs)
	}
}

func TestCacheSameContentKeepsPrevious(t *testing.T) {
	src := secretstest.NewSource(secretstest.Document(t, 1400000001, hmacKey1), "v1")
	c, clk, _ := testCache(t, src)
	if _, err := c.Get(context.Background()); err != nil {
		t.Fatal(err)
	}
	clk.Advance(6 * time.Minute)
	_, _ = c.Get(context.Background())
	eventually(t, "the refresh", func() bool { return src.Calls() == 2 })
	clk.Advance(time.Second)
	s, err := c.Get(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if s.Previous != nil {
		t.Errorf("Previous set although the document did not change")
	}
}

func TestCacheServesStaleThenFailsClosed(t *testing.T) {
	src := secretstest.NewSource(secretstest.Document(t, 1400000001, hmacKey1), "v1")
	c, clk, logs := testCache(t, src, secrets.WithTTL(5*time.Minute), secrets.WithMaxStale(time.Hour), secrets.WithBackoff(time.Second, time.Minute))
	if _, err := c.Get(context.Background()); err != nil {
		t.Fatal(err)
	}
	src.Fail(errors.New("GetSecretValue: StatusCode: 500"))
	clk.Advance(6 * time.Minute)
	for i := range 3 {
		s, err := c.Get(context.Background())
		if err != nil || secretKeyOf(t, s) != hmacKey1 {
			t.Fatalf("Get %d while refreshes fail = %v; want the last good document", i, err)
		}
		// Wait for the failure to be recorded, not just for the fetch to
		// start: the clock must not move while the refresh reads it.
		eventually(t, "the failed refresh", func() bool {
			return strings.Count(logs.String(), "serving the last good document") == i+1
		})
		clk.Advance(time.Duration(1<<i) * time.Second) // past each back-off
	}

	clk.Advance(time.Hour) // the last good document is now too old
	_, err := c.Get(context.Background())
	if !errors.Is(err, secrets.ErrUnavailable) {
		t.Fatalf("Get past the maximum staleness = %v, want ErrUnavailable", err)
	}
	ra, ok := secrets.RetryAfter(err)
	if !ok || ra != 8*time.Second {
		t.Errorf("RetryAfter = %v, %v; want 8s (the fourth failure's back-off)", ra, ok)
	}
	calls := src.Calls()
	if _, err := c.Get(context.Background()); !errors.Is(err, secrets.ErrUnavailable) || src.Calls() != calls {
		t.Errorf("Get during back-off = %v with %d new fetches; want ErrUnavailable and none", err, src.Calls()-calls)
	}
	assertNoSecret(t, "error", err.Error(), secretsIn())
	if msg := err.Error(); !strings.Contains(msg, "last good document is older than the maximum staleness 1h0m0s") || !strings.Contains(msg, "StatusCode: 500") {
		t.Errorf("error past the maximum staleness %q: want it to say so, with the fetch's cause", msg)
	}

	src.Fail(nil)
	clk.Advance(8 * time.Second)
	s, err := c.Get(context.Background())
	if err != nil || secretKeyOf(t, s) != hmacKey1 {
		t.Fatalf("Get after recovery = %v", err)
	}
	if !strings.Contains(logs.String(), `"msg":"secrets: secret document fetched again after failures","source":"secretstest","failures":4`) {
		t.Errorf("the recovery after four failures is not logged:\n%s", logs)
	}
}

func TestCacheRefusesBadNewDocument(t *testing.T) {
	src := secretstest.NewSource(secretstest.Document(t, 1400000001, hmacKey1), "v1")
	c, clk, logs := testCache(t, src)
	if _, err := c.Get(context.Background()); err != nil {
		t.Fatal(err)
	}
	// A partial key and an unknown field: refused whole.
	src.Set([]byte(`{"apps":[{"sdkAppId":1400000001,"secretKey":"`+hmacKey2[:10]+`","oops":1}]}`), "v2")
	clk.Advance(6 * time.Minute)
	_, _ = c.Get(context.Background())
	eventually(t, "the refresh", func() bool { return bytes.Contains([]byte(logs.String()), []byte("refresh failed")) })
	s, err := c.Get(context.Background())
	if err != nil || secretKeyOf(t, s) != hmacKey1 || s.Version != "v1" {
		t.Fatalf("Get after a bad new document = %v, %v; want the old one", s, err)
	}
	assertNoSecret(t, "log", logs.String(), secretsIn(hmacKey2[:10]))
}

func TestCacheColdFailuresBackOff(t *testing.T) {
	src := secretstest.NewSource(nil, "")
	src.Fail(errors.New("connection refused"))
	c, clk, _ := testCache(t, src, secrets.WithBackoff(time.Second, 4*time.Second))
	tests := []struct {
		name      string
		advance   time.Duration
		wantRetry time.Duration
		wantCalls int
	}{
		{"first failure", 0, time.Second, 1},
		{"within back-off: no fetch", 500 * time.Millisecond, time.Second, 1}, // 0.5s left, rounded up
		{"second failure", 500 * time.Millisecond, 2 * time.Second, 2},
		{"third failure", 2 * time.Second, 4 * time.Second, 3},
		{"capped", 4 * time.Second, 4 * time.Second, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk.Advance(tt.advance)
			_, err := c.Get(context.Background())
			if !errors.Is(err, secrets.ErrUnavailable) {
				t.Fatalf("Get = %v, want ErrUnavailable", err)
			}
			if got, _ := secrets.RetryAfter(err); got != tt.wantRetry {
				t.Errorf("RetryAfter = %v, want %v", got, tt.wantRetry)
			}
			if got := src.Calls(); got != tt.wantCalls {
				t.Errorf("fetches = %d, want %d", got, tt.wantCalls)
			}
			if strings.Contains(err.Error(), "last good document") {
				t.Errorf("error %q blames a last good document; none was ever fetched", err)
			}
		})
	}
}

func TestCacheGetContextAndFetchTimeout(t *testing.T) {
	t.Run("caller gives up", func(t *testing.T) {
		src := secretstest.NewSource(secretstest.Document(t, 1, hmacKey1), "v1")
		src.Hold()
		t.Cleanup(src.Release)
		c, _, _ := testCache(t, src)
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		defer cancel()
		_, err := c.Get(ctx)
		if !errors.Is(err, secrets.ErrUnavailable) || !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Get = %v, want ErrUnavailable and DeadlineExceeded", err)
		}
	})
	t.Run("fetch hangs", func(t *testing.T) {
		src := secretstest.NewSource(secretstest.Document(t, 1, hmacKey1), "v1")
		src.Hold()
		t.Cleanup(src.Release)
		c, _, _ := testCache(t, src, secrets.WithFetchTimeout(30*time.Millisecond))
		_, err := c.Get(context.Background())
		if !errors.Is(err, secrets.ErrUnavailable) || !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Get = %v, want ErrUnavailable and DeadlineExceeded", err)
		}
		if _, ok := secrets.RetryAfter(err); !ok {
			t.Error("no RetryAfter")
		}
	})
}

func TestRetryAfterOtherErrors(t *testing.T) {
	for _, err := range []error{nil, errors.New("x"), secrets.ErrUnavailable, fmt.Errorf("w: %w", secrets.ErrInvalidDocument)} {
		if d, ok := secrets.RetryAfter(err); ok {
			t.Errorf("RetryAfter(%v) = %v, true; want false", err, d)
		}
	}
}

func TestOpenEnvAndFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "secret.json")
	if err := os.WriteFile(path, secretstest.Document(t, 1400000001, hmacKey1), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"DOC": string(secretstest.Document(t, 1400000002, hmacKey2))}
	getenv := func(k string) string { return env[k] }
	tests := []struct {
		name    string
		spec    string
		wantKey string
		wantErr error
	}{
		{"env", "env:DOC", hmacKey2, nil},
		{"file", "file:" + path, hmacKey1, nil},
		{"env unset", "env:MISSING", "", secrets.ErrUnavailable},
		{"file missing", "file:" + filepath.Join(dir, "nope.json"), "", secrets.ErrUnavailable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			logs := &logscan.Buffer{}
			c, err := secrets.Open(context.Background(), tt.spec, secrets.WithGetenv(getenv), secrets.WithLogger(logger(logs)))
			if err != nil {
				t.Fatal(err)
			}
			s, err := c.Get(context.Background())
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Get = %v, want %v", err, tt.wantErr)
			}
			if err == nil && secretKeyOf(t, s) != tt.wantKey {
				t.Error("wrong document")
			}
			assertNoSecret(t, "log", logs.String(), secretsIn())
		})
	}
}

func TestOpenRefusesBadSpec(t *testing.T) {
	tests := []struct{ name, spec string }{
		{"empty", ""},
		{"no scheme", "secret.json"},
		{"unknown scheme", "vault:kv/ticketbooth"},
		{"empty name", "env:"},
		{"aws pending", "aws-sm:ticketbooth#AWSPENDING"},
		{"aws pending lower case", "aws-sm:ticketbooth#awspending"},
		{"empty version", "tencent-ssm:ticketbooth#"},
		{"name with space", "aws-sm: ticketbooth"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := secrets.Open(context.Background(), tt.spec)
			if !errors.Is(err, secrets.ErrInvalidSpec) {
				t.Fatalf("Open(%q) = %v, want ErrInvalidSpec", tt.spec, err)
			}
		})
	}
}

// gatedClock is a fakeClock whose next reading, once armed, is taken and
// then held until released: it stops a fetch between reading the time and
// recording its outcome.
type gatedClock struct {
	*fakeClock
	mu      sync.Mutex
	armed   bool
	reached chan struct{}
	release chan struct{}
}

func (c *gatedClock) Now() time.Time {
	t := c.fakeClock.Now()
	c.mu.Lock()
	armed := c.armed
	c.armed = false
	c.mu.Unlock()
	if armed {
		close(c.reached)
		<-c.release
	}
	return t
}

func (c *gatedClock) arm() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.armed, c.reached, c.release = true, make(chan struct{}), make(chan struct{})
}

// A caller that joins a refresh begun while the last good document was
// usable must not get that document once it is past the maximum staleness,
// even though the refresh, failing, serves it to the callers of its time.
func TestCacheJoinedRefreshFailsClosedPastMaxStale(t *testing.T) {
	src := secretstest.NewSource(secretstest.Document(t, 1400000001, hmacKey1), "v1")
	clk := &gatedClock{fakeClock: newClock()}
	logs := &logscan.Buffer{}
	c, err := secrets.NewCache(context.Background(), src, secrets.WithClock(clk.Now), secrets.WithJitter(identity),
		secrets.WithLogger(logger(logs)), secrets.WithTTL(5*time.Minute), secrets.WithMaxStale(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Get(context.Background()); err != nil {
		t.Fatal(err)
	}
	src.Fail(errors.New("connection reset"))
	src.Hold()
	clk.Advance(6 * time.Minute)
	if _, err := c.Get(context.Background()); err != nil { // stale but usable; starts the refresh
		t.Fatal(err)
	}
	eventually(t, "the refresh to start", func() bool { return src.Calls() == 2 })
	clk.arm()
	src.Release()
	<-clk.reached // the refresh has read the time, with the document still usable

	clk.Advance(time.Hour)
	joined := make(chan struct{})
	var once sync.Once
	defer secrets.SetJoinHook(func() { once.Do(func() { close(joined) }) })()
	got := make(chan error, 1)
	go func() {
		_, err := c.Get(context.Background())
		got <- err
	}()
	<-joined // Get has joined the refresh in flight
	close(clk.release)
	if err := <-got; !errors.Is(err, secrets.ErrUnavailable) {
		t.Fatalf("Get past the maximum staleness = %v, want ErrUnavailable", err)
	}
	if n := src.Calls(); n != 2 {
		t.Errorf("fetches = %d, want 2: Get must have joined the refresh in flight", n)
	}
	assertNoSecret(t, "log", logs.String(), secretsIn())
}
