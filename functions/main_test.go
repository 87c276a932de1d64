// The end-to-end tests run the three function binaries (usersig,
// privatemapkey, roomurl), built for each cloud and driven the way
// the cloud drives them (package faastest), with their keys in a local
// Secrets Manager or SSM endpoint (package secretstest): the "Done when" of
// issues 3, 4 and 5. The default build tests the AWS binaries and the local
// server; -tags scf tests the SCF binaries.

package functions_test

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"math/big"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/ticketbooth/ticketbooth/internal/logscan"
	"github.com/ticketbooth/ticketbooth/shared/api"
	"github.com/ticketbooth/ticketbooth/shared/faas/faastest"
	"github.com/ticketbooth/ticketbooth/shared/roomurl/roomurltest"
	"github.com/ticketbooth/ticketbooth/shared/secrets"
	"github.com/ticketbooth/ticketbooth/shared/tlssig"
)

func TestMain(m *testing.M) { faastest.Main(m) }

const (
	sdkAppID = 1400000001
	roomID   = 1234
	// invocations is how many requests one process serves in the caching tests.
	invocations = 200
)

// function is one deployable function: its package and route, and a body
// a caller trusted to name users (apikey, invoke) sends it.
type function struct {
	name, route, body string
}

var functions = []function{
	{"usersig", "/v1/usersig", `{"userId":"alice"}`},
	{"privatemapkey", "/v1/privatemapkey", `{"userId":"alice","roomId":1234,"privileges":["join","recv-audio"]}`},
	{"roomurl", "/v1/roomurl", `{"userId":"alice","roomId":1234}`},
}

// reply is a function's answer as the caller sees it.
type reply struct {
	status int
	header http.Header // nil for a direct invocation's result
	body   []byte
}

// fixture is one secret document and everything secret in the test: the
// document's keys, the API key, and every ticket and token seen, none of
// which may appear in a function's output.
type fixture struct {
	secretKey, apiKey, hsSecret string
	doc                         secrets.Document

	mu      sync.Mutex
	secrets []string
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	fx := &fixture{secretKey: randomHex(t, 24), apiKey: "tbk_" + randomHex(t, 20), hsSecret: randomHex(t, 32)}
	sum := sha256.Sum256([]byte(fx.apiKey))
	fx.doc = secrets.Document{
		Apps:    []secrets.App{{SDKAppID: sdkAppID, SecretKey: fx.secretKey, Default: true}},
		APIKeys: []secrets.APIKey{{ID: "backend-1", SHA256: hex.EncodeToString(sum[:])}},
	}
	fx.secret(fx.secretKey, fx.apiKey, fx.hsSecret)
	return fx
}

// json is the secret document as stored.
func (fx *fixture) json(t *testing.T) string {
	t.Helper()
	b, err := json.Marshal(fx.doc)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := secrets.Parse(b); err != nil {
		t.Fatalf("the test's document is refused: %v", err)
	}
	return string(b)
}

// secret records values that must never be logged.
func (fx *fixture) secret(s ...string) {
	fx.mu.Lock()
	defer fx.mu.Unlock()
	fx.secrets = append(fx.secrets, s...)
}

// checkLogs fails t if output holds any recorded secret, or if it holds no
// audit line (so the scan would have had nothing to look at).
func (fx *fixture) checkLogs(t *testing.T, what, output string) {
	t.Helper()
	if !strings.Contains(output, `"outcome":`) {
		t.Errorf("%s's output holds no audit line:\n%s", what, output)
	}
	fx.mu.Lock()
	defer fx.mu.Unlock()
	logscan.AssertNoSecretsIn(t, what+"'s output", output, fx.secrets...)
}

func randomHex(t *testing.T, n int) string {
	t.Helper()
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

// ticketsFor checks a 200 answer of route: every ticket in it verifies with
// the document's key for userID (a PrivateMapKey for room 1234 with privs),
// and records the tickets as secrets.
func (fx *fixture) ticketsFor(t *testing.T, route string, body []byte, userID string, privs tlssig.Privilege) {
	t.Helper()
	var got struct {
		SDKAppID      uint64 `json:"sdkAppId"`
		UserID        string `json:"userId"`
		UserSig       string `json:"userSig"`
		PrivateMapKey string `json:"privateMapKey"`
		PrivilegeMap  uint32 `json:"privilegeMap"`
		PushURL       string `json:"pushUrl"`
		ExpiresAt     string `json:"expiresAt"`
	}
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatalf("answer is not JSON: %v", err)
	}
	fx.secret(got.UserSig, got.PrivateMapKey, got.PushURL)
	if got.SDKAppID != sdkAppID || got.UserID != userID || got.ExpiresAt == "" {
		t.Errorf("answer names app %d user %q expiresAt %q, want app %d user %q", got.SDKAppID, got.UserID, got.ExpiresAt, sdkAppID, userID)
	}
	v, err := tlssig.NewHMACVerifier(sdkAppID, fx.secretKey)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	checkUserSig := func(tk string) {
		t.Helper()
		tt, err := v.Verify(tk, userID, now)
		if err != nil {
			t.Errorf("userSig does not verify for %q: %v", userID, err)
		} else if tt.Kind != tlssig.KindUserSig {
			t.Errorf("userSig is a %v", tt.Kind)
		}
	}
	checkPMK := func(tk string) {
		t.Helper()
		tt, err := v.Verify(tk, userID, now)
		switch {
		case err != nil:
			t.Errorf("privateMapKey does not verify for %q: %v", userID, err)
		case tt.Kind != tlssig.KindPrivateMapKey || tt.Room.ID() != roomID || tt.Privileges != privs:
			t.Errorf("privateMapKey is %v for room %v with %v, want room %d with %v", tt.Kind, tt.Room.ID(), tt.Privileges, roomID, privs)
		}
	}
	switch route {
	case "/v1/usersig":
		checkUserSig(got.UserSig)
	case "/v1/privatemapkey":
		checkPMK(got.PrivateMapKey)
		if tlssig.Privilege(got.PrivilegeMap) != privs {
			t.Errorf("privilegeMap %d, want %d", got.PrivilegeMap, privs)
		}
	case "/v1/roomurl":
		checkUserSig(got.UserSig)
		checkPMK(got.PrivateMapKey)
		p, err := roomurltest.ParsePushURL(got.PushURL)
		if err != nil || p.RTC == nil {
			t.Fatalf("pushUrl does not parse as an rtc push URL: %v", err)
		}
		if p.RTC.UserSig != got.UserSig || p.RTC.PrivateMapKey != got.PrivateMapKey || p.RTC.Room != tlssig.NumericRoom(roomID) || p.RTC.UserID.String() != userID {
			t.Errorf("pushUrl carries user %q room %s and other tickets than the answer", p.RTC.UserID, p.RTC.Room)
		}
	default:
		t.Fatalf("no check for route %s", route)
	}
}

// refused checks an error answer: the code's status is want, a 503 has
// Retry-After (when the answer has headers), and there is no ticket.
func refused(t *testing.T, r reply, want int) {
	t.Helper()
	var got struct {
		Error *struct{ Code, Message string } `json:"error"`
	}
	if err := json.Unmarshal(r.body, &got); err != nil || got.Error == nil {
		t.Fatalf("answer %d is not an error object: %s", r.status, r.body)
	}
	if s := api.Status(got.Error.Code); s != want || (r.header != nil && r.status != want) {
		t.Errorf("status %d, code %s (%d): %s; want %d", r.status, got.Error.Code, s, got.Error.Message, want)
	}
	if want == http.StatusServiceUnavailable && r.header != nil && r.header.Get("Retry-After") == "" {
		t.Errorf("503 without Retry-After; headers %v", r.header)
	}
	for _, field := range []string{"userSig", "privateMapKey", "pushUrl"} {
		if strings.Contains(string(r.body), field) {
			t.Errorf("refusal holds %s: %s", field, r.body)
		}
	}
}

// checkOwnRoutes sends every other route of the API to f through a gateway:
// each is the API's 404, except /healthz on usersig, which it also serves
// (a POST there is its 405).
func checkOwnRoutes(t *testing.T, f function, send func(route string) reply) {
	t.Helper()
	for _, rt := range api.Routes() {
		if rt.Path == f.route {
			continue
		}
		want := http.StatusNotFound
		if f.name == "usersig" && rt.Path == "/healthz" {
			want = http.StatusMethodNotAllowed
		}
		r := send(rt.Path)
		refused(t, r, want)
		if want == http.StatusNotFound && !strings.Contains(string(r.body), f.route) {
			t.Errorf("%s's 404 for %s does not name its own route: %s", f.name, rt.Path, r.body)
		}
	}
}

// gatewayReply reads a gateway-shaped result (AWS v2 or Tencent: both have
// statusCode, headers, body, isBase64Encoded).
func gatewayReply(t *testing.T, payload []byte) reply {
	t.Helper()
	var g struct {
		StatusCode      int               `json:"statusCode"`
		Headers         map[string]string `json:"headers"`
		Body            string            `json:"body"`
		IsBase64Encoded bool              `json:"isBase64Encoded"`
	}
	if err := json.Unmarshal(payload, &g); err != nil {
		t.Fatalf("result is not a gateway response: %v", err)
	}
	body := []byte(g.Body)
	if g.IsBase64Encoded {
		var err error
		if body, err = base64.StdEncoding.DecodeString(g.Body); err != nil {
			t.Fatal(err)
		}
	}
	h := http.Header{}
	for k, v := range g.Headers {
		h.Set(k, v)
	}
	return reply{status: g.StatusCode, header: h, body: body}
}

// JWT issuance (issue 5).

const (
	jwtIssuer   = "https://issuer.test/"
	jwtAudience = "ticketbooth-test"
	jwtKID      = "test-rsa-1"
)

// minter signs the test's tokens one way (HS256 or RS256).
type minter struct {
	name string
	sign func(t *testing.T, c jwt.MapClaims) string
	// configure sets the document's jwt section for this way.
	configure func(doc *secrets.Document)
}

func hsMinter(fx *fixture) minter {
	return minter{
		name: "hs256",
		sign: func(t *testing.T, c jwt.MapClaims) string {
			s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString([]byte(fx.hsSecret))
			if err != nil {
				t.Fatal(err)
			}
			return s
		},
		configure: func(doc *secrets.Document) {
			doc.JWT = &secrets.JWT{Issuer: jwtIssuer, Audience: jwtAudience, HS256Secret: fx.hsSecret}
		},
	}
}

// jwksMinter signs RS256 with a fresh key published by a local JWKS endpoint.
func jwksMinter(t *testing.T) minter {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	b64 := base64.RawURLEncoding.EncodeToString
	set := map[string]any{"keys": []map[string]string{{
		"kty": "RSA", "kid": jwtKID, "use": "sig", "alg": "RS256",
		"n": b64(k.N.Bytes()), "e": b64(big.NewInt(int64(k.E)).Bytes()),
	}}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(set)
	}))
	t.Cleanup(srv.Close)
	return minter{
		name: "jwks-rs256",
		sign: func(t *testing.T, c jwt.MapClaims) string {
			tok := jwt.NewWithClaims(jwt.SigningMethodRS256, c)
			tok.Header["kid"] = jwtKID
			s, err := tok.SignedString(k)
			if err != nil {
				t.Fatal(err)
			}
			return s
		},
		configure: func(doc *secrets.Document) {
			doc.JWT = &secrets.JWT{Issuer: jwtIssuer, Audience: jwtAudience, JWKSURL: srv.URL + "/.well-known/jwks.json"}
		},
	}
}

// caller sends one request to a route and returns the answer.
type caller func(t *testing.T, route string, header map[string]string, body string) reply

// jwtCase is one row of the JWT table.
type jwtCase struct {
	name   string
	route  string
	claims func(now time.Time) jwt.MapClaims // nil: no token
	none   bool                              // sign with alg none
	body   string
	want   int
	user   string           // on 200: the ticket's user
	privs  tlssig.Privilege // on 200 for privatemapkey
}

func claims(now time.Time, edit func(jwt.MapClaims)) jwt.MapClaims {
	c := jwt.MapClaims{"iss": jwtIssuer, "aud": jwtAudience, "sub": "alice",
		"iat": now.Unix(), "nbf": now.Unix(), "exp": now.Add(10 * time.Minute).Unix()}
	if edit != nil {
		edit(c)
	}
	return c
}

var jwtCases = []jwtCase{
	{name: "valid token, own user", route: "/v1/usersig", claims: func(n time.Time) jwt.MapClaims { return claims(n, nil) }, body: `{}`, want: 200, user: "alice"},
	{name: "valid token, own user named in body", route: "/v1/usersig", claims: func(n time.Time) jwt.MapClaims { return claims(n, nil) }, body: `{"userId":"alice"}`, want: 200, user: "alice"},
	{name: "another subject gets its own", route: "/v1/usersig", claims: func(n time.Time) jwt.MapClaims {
		return claims(n, func(c jwt.MapClaims) { c["sub"] = "carol_2" })
	}, body: `{}`, want: 200, user: "carol_2"},
	{name: "no token", route: "/v1/usersig", body: `{}`, want: 401},
	{name: "expired", route: "/v1/usersig", claims: func(n time.Time) jwt.MapClaims {
		return claims(n, func(c jwt.MapClaims) {
			c["iat"], c["nbf"], c["exp"] = n.Add(-2*time.Hour).Unix(), n.Add(-2*time.Hour).Unix(), n.Add(-time.Hour).Unix()
		})
	}, body: `{}`, want: 401},
	{name: "wrong audience", route: "/v1/usersig", claims: func(n time.Time) jwt.MapClaims {
		return claims(n, func(c jwt.MapClaims) { c["aud"] = "someone-else" })
	}, body: `{}`, want: 401},
	{name: "wrong issuer", route: "/v1/usersig", claims: func(n time.Time) jwt.MapClaims {
		return claims(n, func(c jwt.MapClaims) { c["iss"] = "https://evil.test/" })
	}, body: `{}`, want: 401},
	{name: "alg none", route: "/v1/usersig", claims: func(n time.Time) jwt.MapClaims { return claims(n, nil) }, none: true, body: `{}`, want: 401},
	{name: "body names someone else", route: "/v1/usersig", claims: func(n time.Time) jwt.MapClaims { return claims(n, nil) }, body: `{"userId":"bob"}`, want: 403},
	{name: "audience role gets its preset", route: "/v1/privatemapkey", claims: func(n time.Time) jwt.MapClaims { return claims(n, nil) },
		body: `{"roomId":1234}`, want: 200, user: "alice", privs: tlssig.PrivAudience},
	{name: "audience role asks for 255", route: "/v1/privatemapkey", claims: func(n time.Time) jwt.MapClaims { return claims(n, nil) },
		body: `{"roomId":1234,"privilegeMap":255}`, want: 403},
	{name: "audience role claim asks to send video", route: "/v1/privatemapkey", claims: func(n time.Time) jwt.MapClaims {
		return claims(n, func(c jwt.MapClaims) { c["trtc_role"] = "audience" })
	}, body: `{"roomId":1234,"privileges":["join","send-video"]}`, want: 403},
	{name: "anchor role asks for 255", route: "/v1/privatemapkey", claims: func(n time.Time) jwt.MapClaims {
		return claims(n, func(c jwt.MapClaims) { c["trtc_role"] = "anchor" })
	}, body: `{"roomId":1234,"privilegeMap":255}`, want: 200, user: "alice", privs: tlssig.PrivAll},
	{name: "anchor role, body names someone else", route: "/v1/privatemapkey", claims: func(n time.Time) jwt.MapClaims {
		return claims(n, func(c jwt.MapClaims) { c["trtc_role"] = "anchor" })
	}, body: `{"userId":"bob","roomId":1234}`, want: 403},
}

// jwtRoutes are the routes the JWT table uses (the functions to start).
func jwtRoutes() []string {
	var routes []string
	for _, c := range jwtCases {
		if !slices.Contains(routes, c.route) {
			routes = append(routes, c.route)
		}
	}
	return routes
}

// runJWTCases sends every case through call with tokens from m.
func runJWTCases(t *testing.T, fx *fixture, m minter, call caller) {
	t.Helper()
	for _, tc := range jwtCases {
		t.Run(tc.name, func(t *testing.T) {
			header := map[string]string{"Content-Type": "application/json"}
			if tc.claims != nil {
				c := tc.claims(time.Now())
				var tok string
				if tc.none {
					var err error
					tok, err = jwt.NewWithClaims(jwt.SigningMethodNone, c).SignedString(jwt.UnsafeAllowNoneSignatureType)
					if err != nil {
						t.Fatal(err)
					}
				} else {
					tok = m.sign(t, c)
				}
				fx.secret(tok)
				header["Authorization"] = "Bearer " + tok
			}
			r := call(t, tc.route, header, tc.body)
			if tc.want != http.StatusOK {
				refused(t, r, tc.want)
				return
			}
			if r.status != http.StatusOK {
				t.Fatalf("status %d: %s", r.status, r.body)
			}
			fx.ticketsFor(t, tc.route, r.body, tc.user, tc.privs)
		})
	}
}

// functionFor returns the function serving route.
func functionFor(t *testing.T, route string) function {
	t.Helper()
	for _, f := range functions {
		if f.route == route {
			return f
		}
	}
	t.Fatalf("no function serves %s", route)
	return function{}
}
