package secrets_test

import (
	"context"
	"errors"
	"maps"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ticketbooth/ticketbooth/internal/logscan"
	"github.com/ticketbooth/ticketbooth/shared/fromenv"
	"github.com/ticketbooth/ticketbooth/shared/secrets"
)

// cloudFake is what the AWS and Tencent tests share: a local endpoint and
// a way to open a cache on it.
type cloudFake interface {
	put(name, value string) (version string)
	setFault(f int)
	calls() int
	open(t *testing.T, spec string, opts ...secrets.Option) (*secrets.Cache, error)
	spec(name string) string
	// vars are the variables the source reads through getenv (the AWS
	// standard chain reads the process environment instead).
	vars() map[string]string
}

type faultCase struct {
	name    string
	fault   int    // secretstest.Fault
	spec    string // "" → the stored secret
	badDoc  bool
	wantErr string // in the error text
}

// runCloudTests runs the behaviour every cloud source must have.
func runCloudTests(t *testing.T, newFake func(t *testing.T) cloudFake, faults []faultCase) {
	t.Run("one fetch for 200 concurrent requests", func(t *testing.T) {
		f := newFake(t)
		version := f.put("ticketbooth", string(docJSON(t, hmacKey1)))
		logs := &logscan.Buffer{}
		c, err := f.open(t, f.spec("ticketbooth"), secrets.WithLogger(logger(logs)))
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		errs := make(chan error, 200)
		for range 200 {
			wg.Go(func() {
				s, err := c.Get(context.Background())
				if err == nil && (secretKeyOf(t, s) != hmacKey1 || s.Version != version) {
					err = errors.New("wrong document or version")
				}
				errs <- err
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		if got := f.calls(); got != 1 {
			t.Errorf("GetSecretValue calls = %d, want 1", got)
		}
		assertNoSecret(t, "log", logs.String(), secretsIn())
	})

	t.Run("refresh after the TTL picks up the rotated key", func(t *testing.T) {
		f := newFake(t)
		f.put("ticketbooth", string(docJSON(t, hmacKey1)))
		clk, logs := newClock(), &logscan.Buffer{}
		c, err := f.open(t, f.spec("ticketbooth"), secrets.WithClock(clk.Now), secrets.WithJitter(identity), secrets.WithLogger(logger(logs)))
		if err != nil {
			t.Fatal(err)
		}
		first, err := c.Get(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		v2 := f.put("ticketbooth", string(docJSON(t, hmacKey2)))
		clk.Advance(2 * time.Minute)
		if s, _ := c.Get(context.Background()); s == nil || secretKeyOf(t, s) != hmacKey1 || f.calls() != 1 {
			t.Fatalf("within the TTL the cache must not fetch (calls %d)", f.calls())
		}
		clk.Advance(4 * time.Minute)
		var s *secrets.Snapshot
		eventually(t, "the rotated key", func() bool {
			s, err = c.Get(context.Background())
			return err == nil && secretKeyOf(t, s) == hmacKey2
		})
		if s.Version != v2 || s.Previous != first.Current {
			t.Errorf("version %q (want %q); previous is the old document: %v", s.Version, v2, s.Previous == first.Current)
		}
		assertNoSecret(t, "log", logs.String(), secretsIn())
	})

	t.Run("failing endpoint: stale document, then 503", func(t *testing.T) {
		f := newFake(t)
		f.put("ticketbooth", string(docJSON(t, hmacKey1)))
		clk, logs := newClock(), &logscan.Buffer{}
		c, err := f.open(t, f.spec("ticketbooth"), secrets.WithClock(clk.Now), secrets.WithJitter(identity), secrets.WithLogger(logger(logs)))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Get(context.Background()); err != nil {
			t.Fatal(err)
		}
		f.setFault(1) // ServerError
		clk.Advance(6 * time.Minute)
		if s, err := c.Get(context.Background()); err != nil || secretKeyOf(t, s) != hmacKey1 {
			t.Fatalf("Get = %v; want the last good document", err)
		}
		eventually(t, "the failed refresh", func() bool { return strings.Contains(logs.String(), "refresh failed") })
		clk.Advance(time.Hour)
		_, err = c.Get(context.Background())
		if _, ok := secrets.RetryAfter(err); !errors.Is(err, secrets.ErrUnavailable) || !ok {
			t.Fatalf("Get past the maximum staleness = %v; want ErrUnavailable with a Retry-After", err)
		}
		assertNoSecret(t, "log", logs.String(), secretsIn())
	})

	// Issue 4's "done when", through the API handler a function serves.
	t.Run("API handler: 200 requests, one fetch; failing store: 503 with Retry-After", func(t *testing.T) {
		f := newFake(t)
		f.put("ticketbooth", string(docJSON(t, hmacKey1)))
		logs := &logscan.Buffer{}
		handler := func() http.Handler {
			env := map[string]string{"TICKETBOOTH_SECRET": f.spec("ticketbooth"), "TICKETBOOTH_AUTH": "apikey"}
			maps.Copy(env, f.vars())
			h, err := fromenv.Handler(context.Background(), func(k string) string { return env[k] }, fromenv.WithLogger(logger(logs)))
			if err != nil {
				t.Fatal(err)
			}
			return h
		}
		issue := func(h http.Handler) *httptest.ResponseRecorder {
			r := httptest.NewRequest(http.MethodPost, "/v1/usersig", strings.NewReader(`{"userId":"user-1"}`))
			r.Header.Set("Content-Type", "application/json")
			r.Header.Set("X-Api-Key", apiKey)
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			return w
		}

		h := handler()
		var wg sync.WaitGroup
		codes := make(chan int, 200)
		for range 200 {
			wg.Go(func() { codes <- issue(h).Code })
		}
		wg.Wait()
		close(codes)
		for code := range codes {
			if code != http.StatusOK {
				t.Fatalf("status %d, want 200", code)
			}
		}
		if got := f.calls(); got != 1 {
			t.Errorf("GetSecretValue calls for 200 requests = %d, want 1", got)
		}

		f.setFault(1) // ServerError, on a cold start
		w := issue(handler())
		if w.Code != http.StatusServiceUnavailable {
			t.Fatalf("status with the store failing = %d, want 503: %s", w.Code, w.Body)
		}
		if ra, err := strconv.Atoi(w.Header().Get("Retry-After")); err != nil || ra < 1 {
			t.Errorf("Retry-After = %q, want whole seconds ≥ 1", w.Header().Get("Retry-After"))
		}
		if strings.Contains(w.Body.String(), "userSig") {
			t.Errorf("a 503 carries a ticket: %s", w.Body)
		}
		assertNoSecret(t, "log", logs.String(), secretsIn(apiKey))
	})

	for _, tt := range faults {
		t.Run("fault: "+tt.name, func(t *testing.T) {
			f := newFake(t)
			value := string(docJSON(t, hmacKey1))
			if tt.badDoc {
				value = `{"apps":[{"sdkAppId":1400000001,"secretKey":"` + hmacKey2 + `"}],"jwt":{"hs256Secret":"` + hsSecret + `"},"x":1`
			}
			f.put("ticketbooth", value)
			f.setFault(tt.fault)
			spec := tt.spec
			if spec == "" {
				spec = f.spec("ticketbooth")
			}
			logs := &logscan.Buffer{}
			// Only a hanging endpoint waits for the fetch timeout; the other faults get the
			// default one, so that a slow machine (race detector, parallel make) cannot turn
			// their answer into a deadline.
			timeout := secrets.DefaultFetchTimeout
			if tt.wantErr == "deadline exceeded" {
				timeout = 300 * time.Millisecond
			}
			c, err := f.open(t, spec, secrets.WithLogger(logger(logs)), secrets.WithFetchTimeout(timeout))
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.Get(context.Background())
			if !errors.Is(err, secrets.ErrUnavailable) {
				t.Fatalf("Get = %v, want ErrUnavailable", err)
			}
			if _, ok := secrets.RetryAfter(err); !ok {
				t.Error("no Retry-After")
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error %q does not say %q", err, tt.wantErr)
			}
			assertNoSecret(t, "error", err.Error(), secretsIn())
			assertNoSecret(t, "log", logs.String(), secretsIn())
			if !strings.Contains(logs.String(), "no usable secret document") {
				t.Errorf("failure not logged: %s", logs)
			}
		})
	}
}

func docJSON(t *testing.T, key string) []byte {
	return doc(t, map[string]any{
		"apps":    []any{app(1400000001, "secretKey", key, "default", true)},
		"jwt":     map[string]any{"issuer": "https://issuer.test/", "audience": "ticketbooth", "hs256Secret": hsSecret},
		"wechat":  map[string]any{"appId": "wx0123456789abcdef", "appSecret": wxSecret},
		"apiKeys": []any{map[string]any{"id": "backend-1", "sha256": apiKeyHash}},
	})
}
