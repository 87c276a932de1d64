package benchmark

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/ticketbooth/ticketbooth/shared/api"
	"github.com/ticketbooth/ticketbooth/shared/fromenv"
	"github.com/ticketbooth/ticketbooth/shared/secrets"
)

func TestMain(m *testing.M) {
	// The alternative served on its own, by this test binary re-run (serve_test.go).
	if addr := os.Getenv(serveAlternativeEnv); addr != "" {
		os.Exit(serveAlternative(addr))
	}
	os.Exit(m.Run())
}

const (
	sdkAppID  = 1400000001
	secretKey = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e"
	apiKey    = "tbk_0123456789abcdef0123456789abcdef01234567"
	hsSecret  = "0123456789abcdef0123456789abcdef0123456789abcdef"
	issuer    = "https://issuer.test/"
	audience  = "ticketbooth-bench"
	wxAppID   = "wx0123456789abcdef"
	wxSecret  = "0123456789abcdef0123456789abcdef"
)

// routes are the issuance routes with the body every caller sends: the
// user is named where the method lets the caller name it (dev, apikey) and
// comes from the credential otherwise (the same user, alice).
var routes = []struct {
	name, path string
	body       func(nameUser bool) string
}{
	{"usersig", "/v1/usersig", func(n bool) string { return `{` + user(n, "") + `}` }},
	{"privatemapkey", "/v1/privatemapkey", func(n bool) string { return `{` + user(n, ",") + `"roomId":1234,"privilegeMap":10}` }},
	{"roomurl", "/v1/roomurl", func(n bool) string { return `{` + user(n, ",") + `"roomId":1234}` }},
}

func user(name bool, sep string) string {
	if !name {
		return ""
	}
	return `"userId":"alice"` + sep
}

// method is one auth method: its TICKETBOOTH_AUTH value and what a caller
// sends with it.
type method struct {
	name     string
	auth     string
	nameUser bool
	// header sets the credential on the i-th request.
	header func(h http.Header, i int)
}

// fixture is the secret document and the identity providers the methods
// need, all local.
type fixture struct {
	doc     secrets.Document
	wechat  *httptest.Server
	rsJWKS  string // the local JWKS the RS256 method's document names
	methods []method
}

func newFixture(tb testing.TB) *fixture {
	tb.Helper()
	sum := sha256.Sum256([]byte(apiKey))
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		tb.Fatal(err)
	}
	b64 := base64.RawURLEncoding.EncodeToString
	jwks, err := json.Marshal(map[string]any{"keys": []map[string]string{{
		"kty": "RSA", "kid": "bench-1", "use": "sig", "alg": "RS256",
		"n": b64(rsaKey.N.Bytes()), "e": b64(big.NewInt(int64(rsaKey.E)).Bytes()),
	}}})
	if err != nil {
		tb.Fatal(err)
	}
	jwksServer := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(jwks)
	}))
	tb.Cleanup(jwksServer.Close)
	// jscode2session: every code is alice's (a real code is good once; the
	// stand-in answers each request as WeChat answers a fresh code).
	wechat := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		w.Header().Set("Content-Type", "text/plain")
		if r.URL.Path != "/sns/jscode2session" || q.Get("appid") != wxAppID || q.Get("secret") != wxSecret || q.Get("js_code") == "" {
			_, _ = io.WriteString(w, `{"errcode":40029,"errmsg":"invalid code"}`)
			return
		}
		_, _ = io.WriteString(w, `{"openid":"alice","session_key":"c2Vzc2lvbmtleXNlc3Npb25rZXk=","unionid":"u-alice"}`)
	}))
	tb.Cleanup(wechat.Close)

	fx := &fixture{
		doc: secrets.Document{
			Apps:    []secrets.App{{SDKAppID: sdkAppID, SecretKey: secretKey, Default: true}},
			APIKeys: []secrets.APIKey{{ID: "backend-1", SHA256: hex.EncodeToString(sum[:])}},
			JWT:     &secrets.JWT{Issuer: issuer, Audience: audience, HS256Secret: hsSecret},
			WeChat:  &secrets.WeChat{AppID: wxAppID, AppSecret: wxSecret},
		},
		wechat: wechat,
	}
	claims := jwt.MapClaims{"iss": issuer, "aud": audience, "sub": "alice",
		"iat": time.Now().Unix(), "exp": time.Now().Add(24 * time.Hour).Unix()}
	hsToken, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString([]byte(hsSecret))
	if err != nil {
		tb.Fatal(err)
	}
	rs := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
	rs.Header["kid"] = "bench-1"
	rsToken, err := rs.SignedString(rsaKey)
	if err != nil {
		tb.Fatal(err)
	}
	bearer := func(tok string) func(http.Header, int) {
		return func(h http.Header, _ int) { h.Set("Authorization", "Bearer "+tok) }
	}
	fx.methods = []method{
		{"dev", "dev", true, func(http.Header, int) {}},
		{"apikey", "apikey", true, func(h http.Header, _ int) { h.Set("X-Api-Key", apiKey) }},
		{"jwt-hs256", "jwt", false, bearer(hsToken)},
		{"jwt-rs256", "jwt", false, bearer(rsToken)},
		{"wechat-code", "wechat-code", false, func(h http.Header, i int) { h.Set("X-WX-Code", fmt.Sprintf("0a1b2c3d4e5f%08d", i)) }},
	}
	// The RS256 method's document names the JWKS instead of the HS256 secret.
	fx.rsJWKS = jwksServer.URL + "/.well-known/jwks.json"
	return fx
}

// document is the secret document as stored, for method m.
func (fx *fixture) document(tb testing.TB, m method) string {
	tb.Helper()
	doc := fx.doc
	if m.name == "jwt-rs256" {
		doc.JWT = &secrets.JWT{Issuer: issuer, Audience: audience, JWKSURL: fx.rsJWKS}
	}
	b, err := json.Marshal(doc)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

// env is the configuration of method m, as the functions and serve read it.
func (fx *fixture) env(tb testing.TB, m method) map[string]string {
	return map[string]string{
		"TICKETBOOTH_SECRET":         "env:TICKETBOOTH_BENCH_DOCUMENT",
		"TICKETBOOTH_BENCH_DOCUMENT": fx.document(tb, m),
		"TICKETBOOTH_AUTH":           m.auth,
		"TICKETBOOTH_WECHAT_API":     fx.wechat.URL,
	}
}

// handler is the API as FromEnv builds it for method m, its log (the audit
// lines) written to w by the logger serve and the functions use (api.NewLogger).
func (fx *fixture) handler(tb testing.TB, m method, w io.Writer) http.Handler {
	tb.Helper()
	env := fx.env(tb, m)
	h, err := fromenv.Handler(context.Background(), func(k string) string { return env[k] }, fromenv.WithLogger(api.NewLogger(w)))
	if err != nil {
		tb.Fatal(err)
	}
	return h
}

// auditFile is a real file in the test's directory for the audit lines.
func auditFile(tb testing.TB) *os.File {
	tb.Helper()
	f, err := os.Create(tb.TempDir() + "/audit.log")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = f.Close() })
	return f
}
