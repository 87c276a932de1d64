package auth_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/ticketbooth/ticketbooth/shared/auth"
)

// The tests in this file pin guards that `make mutate` (gremlins) showed no
// other test would notice changing.

// rawHS256 signs header and claims JSON text as they are.
func rawHS256(t *testing.T, header, claims string) string {
	t.Helper()
	enc := base64.RawURLEncoding.EncodeToString
	signing := enc([]byte(header)) + "." + enc([]byte(claims))
	sig, err := jwt.SigningMethodHS256.Sign(signing, []byte(testHMAC))
	if err != nil {
		t.Fatal(err)
	}
	return signing + "." + enc(sig)
}

// TestBearerTokenLengthLimit: a token of exactly MaxTokenLen bytes is read
// (and refused only for what it is); one byte more is refused unread.
func TestBearerTokenLengthLimit(t *testing.T) {
	c := newClock()
	log, _ := newLogger()
	a := newAuth(t, c, log, "", auth.MethodJWT)
	// Three base64url segments of the right total length; the signature is
	// not the issuer's.
	tok := func(n int) string {
		head := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`))
		return head + ".e30." + strings.Repeat("A", n-len(head)-len(".e30."))
	}
	for _, tt := range []struct {
		n        int
		tooLarge bool
	}{{auth.MaxTokenLen, false}, {auth.MaxTokenLen + 1, true}} {
		_, err := a.Authenticate(context.Background(), request(bearer(tok(tt.n)), ""), hsDoc())
		if !errors.Is(err, auth.ErrBadCredential) {
			t.Fatalf("%d bytes: %v, want ErrBadCredential", tt.n, err)
		}
		if got := strings.Contains(err.Error(), "longer than"); got != tt.tooLarge {
			t.Errorf("%d bytes: %v (refused for its length: %v, want %v)", tt.n, err, got, tt.tooLarge)
		}
	}
}

// TestClaimsNesting: claims nested to the depth the duplicate-name check
// reads are accepted; deeper ones are refused, so that no duplicate name can
// hide behind the nesting.
func TestClaimsNesting(t *testing.T) {
	c := newClock()
	log, _ := newLogger()
	a := newAuth(t, c, log, "", auth.MethodJWT)
	b, err := json.Marshal(baseClaims(c))
	if err != nil {
		t.Fatal(err)
	}
	base := strings.TrimSuffix(string(b), "}")
	nest := func(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) }
	for _, tt := range []struct {
		name, claims string
		ok           bool
	}{
		{"an object and 16 arrays", base + `,"ext":` + nest(16) + `}`, true},
		{"an object and 17 arrays", base + `,"ext":` + nest(17) + `}`, false},
		{"a duplicate sub after deep nesting", base + `,"ext":` + nest(40) + `,"sub":"admin01"}`, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			id, err := a.Authenticate(context.Background(), request(bearer(rawHS256(t, `{"alg":"HS256","typ":"JWT"}`, tt.claims)), ""), hsDoc())
			if tt.ok && (err != nil || id.UserID != "user-42") {
				t.Fatalf("Authenticate = %+v, %v; want user-42", id, err)
			}
			if !tt.ok && (!errors.Is(err, auth.ErrBadCredential) || !strings.Contains(err.Error(), "the token's claims nest values more than 16 levels deep")) {
				t.Fatalf("Authenticate = %+v, %v; want ErrBadCredential for the nesting", id, err)
			}
		})
	}
}

// deadlineRecorder is a transport that notes whether each request carried a
// deadline, and how far off it was.
type deadlineRecorder struct {
	mu   sync.Mutex
	left []time.Duration
}

func (d *deadlineRecorder) RoundTrip(r *http.Request) (*http.Response, error) {
	dl, ok := r.Context().Deadline()
	d.mu.Lock()
	if ok {
		d.left = append(d.left, time.Until(dl))
	} else {
		d.left = append(d.left, -1)
	}
	d.mu.Unlock()
	return http.DefaultTransport.RoundTrip(r)
}

// A configured client without a timeout still gets the default one: an
// identity provider that never answers must not hold a request for ever.
func TestZeroClientTimeoutIsDefaulted(t *testing.T) {
	e := &env{t: t, clock: newClock(), wechat: newWeChatServer(t)}
	rec := &deadlineRecorder{}
	log, _ := newLogger()
	a, err := auth.New(auth.Config{Methods: []auth.Method{auth.MethodWeChatCode}, WeChatAPI: e.wechat.URL,
		Clock: e.clock.Now, Logger: log, HTTPClient: &http.Client{Transport: rec}})
	if err != nil {
		t.Fatal(err)
	}
	e.wechat.script("081zeroTIMEOUT", 0)
	if _, err := a.Authenticate(context.Background(), request(http.Header{"X-Wx-Code": {"081zeroTIMEOUT"}}, ""), e.wechatDoc()); err != nil {
		t.Fatal(err)
	}
	if len(rec.left) != 1 {
		t.Fatalf("calls to WeChat: got %d, want 1", len(rec.left))
	}
	// The default is 5 s, set as the call starts; a loaded machine may take a
	// moment (here up to 3 s) to reach the transport.
	if left := rec.left[0]; left <= 2*time.Second || left > 5*time.Second {
		t.Errorf("time left on the call to WeChat: got %v, want under 5s (the default timeout)", left)
	}
}

// The JWKS cache keeps at most eight URLs: the ninth evicts the first, which
// is then fetched again on its next use.
func TestJWKSSourceCap(t *testing.T) {
	k := keys()
	c := newClock()
	srv := newJWKSServer(t, "ok")
	log, _ := newLogger()
	a := newAuth(t, c, log, "", auth.MethodJWT)
	use := func(i int) {
		t.Helper()
		tok := sign(t, jwt.SigningMethodRS256, "rsa1", baseClaims(c), k.rsa)
		if _, err := a.Authenticate(context.Background(), request(bearer(tok), ""), jwksDoc(fmt.Sprintf("%s/jwks?n=%d", srv.URL, i))); err != nil {
			t.Fatalf("source %d: %v", i, err)
		}
	}
	for i := range 8 {
		use(i)
	}
	use(0)
	if got := srv.hits.Load(); got != 8 {
		t.Fatalf("eight sources, the first used again: JWKS hits %d, want 8 (all eight kept)", got)
	}
	use(8)
	use(1)
	if got := srv.hits.Load(); got != 9 {
		t.Fatalf("a ninth source, then the second again: JWKS hits %d, want 9 (the second is still kept)", got)
	}
	use(0)
	if got := srv.hits.Load(); got != 10 {
		t.Errorf("the first source after the ninth: JWKS hits %d, want 10 (it was evicted)", got)
	}
}
