package auth_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/MicahParks/jwkset"
	"github.com/golang-jwt/jwt/v5"

	"github.com/ticketbooth/ticketbooth/internal/logscan"
	"github.com/ticketbooth/ticketbooth/shared/auth"
	"github.com/ticketbooth/ticketbooth/shared/secrets"
)

const (
	testIssuer   = "https://issuer.test/"
	testAudience = "ticketbooth-test"
	testHMAC     = "hs256-secret-for-tests-0123456789abcdef"
	testAppID    = "wx0123456789abcdef"
	testAppSec   = "wechat-app-secret-never-logged-42"
	testAPIKey   = "tb_live_backend1_9f8e7d6c5b4a39281706"
	sessionKey   = "SESSIONKEY-must-never-leak=="
)

// keys are generated once: RSA generation is slow under -race.
var keys = sync.OnceValue(func() *testKeys {
	must := func(err error) {
		if err != nil {
			panic(err)
		}
	}
	k := &testKeys{}
	var err error
	k.rsa, err = rsa.GenerateKey(rand.Reader, 2048)
	must(err)
	k.rsaOther, err = rsa.GenerateKey(rand.Reader, 2048)
	must(err)
	k.rsaSmall, err = rsa.GenerateKey(rand.Reader, 1024)
	must(err)
	k.ec, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	must(err)
	k.ec384, err = ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	must(err)
	der, err := x509.MarshalPKIXPublicKey(&k.rsa.PublicKey)
	must(err)
	k.rsaPubPEM = pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
	return k
})

type testKeys struct {
	rsa, rsaOther, rsaSmall *rsa.PrivateKey
	ec, ec384               *ecdsa.PrivateKey
	rsaPubPEM               []byte
}

// jwksJSON is the key set the test JWKS endpoint serves.
func jwksJSON(t testing.TB, extra ...jwkset.JWKMarshal) []byte {
	t.Helper()
	k := keys()
	add := func(key any, kid string, alg jwkset.ALG) jwkset.JWKMarshal {
		j, err := jwkset.NewJWKFromKey(key, jwkset.JWKOptions{Metadata: jwkset.JWKMetadataOptions{KID: kid, ALG: alg, USE: jwkset.UseSig}})
		if err != nil {
			t.Fatalf("jwk %s: %v", kid, err)
		}
		return j.Marshal()
	}
	set := jwkset.JWKSMarshal{Keys: []jwkset.JWKMarshal{
		add(&k.rsa.PublicKey, "rsa1", jwkset.AlgRS256),
		add(&k.rsa.PublicKey, "rsa-noalg", ""),
		add(&k.ec.PublicKey, "ec1", jwkset.AlgES256),
		add(&k.rsaSmall.PublicKey, "rsa-small", ""),
	}}
	set.Keys = append(set.Keys, extra...)
	b, err := json.Marshal(set)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// jwksServer serves a JWKS and counts requests; mode switches it between
// serving, failing and returning junk.
type jwksServer struct {
	*httptest.Server
	hits atomic.Int64
	mu   sync.Mutex
	body []byte
	mode string // "ok", "down", "junk"
}

func newJWKSServer(t testing.TB, mode string) *jwksServer {
	t.Helper()
	s := &jwksServer{body: jwksJSON(t), mode: mode}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.hits.Add(1)
		s.mu.Lock()
		mode, body := s.mode, s.body
		s.mu.Unlock()
		switch mode {
		case "down":
			http.Error(w, "unavailable", http.StatusServiceUnavailable)
		case "junk":
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"keys":[{"kty":"RSA","kid":"x","n":"!!!","e":"AQAB"}]} trailing <html>`))
		default:
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write(body)
		}
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *jwksServer) set(mode string, body []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mode = mode
	if body != nil {
		s.body = body
	}
}

// clock is a settable time source.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *clock { return &clock{now: time.Unix(1_760_000_000, 0)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// newLogger returns a debug-level JSON logger and the buffer it writes to.
func newLogger() (*slog.Logger, *logscan.Buffer) {
	b := &logscan.Buffer{}
	return slog.New(slog.NewJSONHandler(b, &slog.HandlerOptions{Level: slog.LevelDebug})), b
}

// assertNoSecrets fails if any secret, or any of the package's fixed test
// secrets, appears in text (also URL- or JSON-escaped). Empty secrets are skipped.
func assertNoSecrets(t testing.TB, where, text string, secrets ...string) {
	t.Helper()
	logscan.AssertNoSecretsIn(t, where, text, append(secrets, testHMAC, testAppSec, testAPIKey, sessionKey)...)
}

func digest(key string) string {
	d := sha256.Sum256([]byte(key))
	return hex.EncodeToString(d[:])
}

// baseClaims are valid claims at c's time.
func baseClaims(c *clock) jwt.MapClaims {
	now := c.Now()
	return jwt.MapClaims{
		"iss": testIssuer, "aud": testAudience, "sub": "user-42",
		"iat": now.Unix(), "nbf": now.Unix(), "exp": now.Add(time.Hour).Unix(),
	}
}

func sign(t testing.TB, m jwt.SigningMethod, kid string, claims jwt.MapClaims, key any) string {
	t.Helper()
	tok := jwt.NewWithClaims(m, claims)
	if kid != "" {
		tok.Header["kid"] = kid
	}
	s, err := tok.SignedString(key)
	if err != nil {
		t.Fatalf("sign: %v", err)
	}
	return s
}

func with(claims jwt.MapClaims, kv ...any) jwt.MapClaims {
	out := jwt.MapClaims{}
	for k, v := range claims {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == nil {
			delete(out, kv[i].(string))
			continue
		}
		out[kv[i].(string)] = kv[i+1]
	}
	return out
}

func hsDoc() *secrets.Document {
	return &secrets.Document{JWT: &secrets.JWT{Issuer: testIssuer, Audience: testAudience, HS256Secret: testHMAC}}
}

func jwksDoc(url string) *secrets.Document {
	return &secrets.Document{JWT: &secrets.JWT{Issuer: testIssuer, Audience: testAudience, JWKSURL: url}}
}

func newAuth(t testing.TB, c *clock, log *slog.Logger, wechatAPI string, methods ...auth.Method) auth.Authenticator {
	t.Helper()
	a, err := auth.New(auth.Config{Methods: methods, WeChatAPI: wechatAPI, Clock: c.Now, Logger: log,
		HTTPClient: &http.Client{Timeout: 2 * time.Second}})
	if err != nil {
		t.Fatalf("auth.New: %v", err)
	}
	return a
}

func bearer(tok string) http.Header { return http.Header{"Authorization": {"Bearer " + tok}} }

func request(h http.Header, remote string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/v1/usersig", strings.NewReader(`{}`))
	for k, v := range h {
		r.Header[k] = v
	}
	if remote != "" {
		r.RemoteAddr = remote
	}
	return r
}

func bodyOf(s string) io.ReadCloser { return io.NopCloser(strings.NewReader(s)) }

func jwkOf(t testing.TB, key any, kid string) jwkset.JWKMarshal {
	t.Helper()
	j, err := jwkset.NewJWKFromKey(key, jwkset.JWKOptions{Metadata: jwkset.JWKMetadataOptions{KID: kid, USE: jwkset.UseSig}})
	if err != nil {
		t.Fatal(err)
	}
	return j.Marshal()
}

// gwClaims builds gateway claims from name, value pairs, each value a JSON
// string as API Gateway's JWT authorizer sends it.
func gwClaims(kv ...string) map[string]json.RawMessage {
	out := make(map[string]json.RawMessage, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		b, err := json.Marshal(kv[i+1])
		if err != nil {
			panic(err)
		}
		out[kv[i]] = b
	}
	return out
}
