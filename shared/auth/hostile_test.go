package auth_test

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/MicahParks/jwkset"
	"github.com/golang-jwt/jwt/v5"

	"github.com/ticketbooth/ticketbooth/shared/auth"
	"github.com/ticketbooth/ticketbooth/shared/secrets"
)

// env is one isolated world for a case: its own clock, endpoints and logs.
type env struct {
	t      *testing.T
	clock  *clock
	jwks   *jwksServer
	wechat *wechatServer
}

func (e *env) claims() jwt.MapClaims { return baseClaims(e.clock) }

func (e *env) rs(claims jwt.MapClaims) string {
	return sign(e.t, jwt.SigningMethodRS256, "rsa1", claims, keys().rsa)
}

func (e *env) hs(claims jwt.MapClaims) string {
	return sign(e.t, jwt.SigningMethodHS256, "", claims, []byte(testHMAC))
}

func (e *env) wechatDoc() *secrets.Document {
	return &secrets.Document{WeChat: &secrets.WeChat{AppID: testAppID, AppSecret: testAppSec}}
}

func apiKeyDoc() *secrets.Document {
	return &secrets.Document{APIKeys: []secrets.APIKey{
		{ID: "backend-0", SHA256: digest("another-key-entirely")},
		{ID: "backend-1", SHA256: digest(testAPIKey)},
		{ID: "broken", SHA256: "not-hex"},
	}}
}

type hostile struct {
	name    string
	methods []auth.Method
	jwks    string // JWKS server mode at start
	// setup returns the request, the document, and the credentials used
	// (scanned for in logs and errors).
	setup func(e *env) (*http.Request, *secrets.Document, []string)
	want  error
	check func(t *testing.T, e *env) // optional extra assertions
}

func TestHostileCredentials(t *testing.T) {
	k := keys()
	jwtOnly := []auth.Method{auth.MethodJWT}
	hs := func(f func(e *env) string) func(e *env) (*http.Request, *secrets.Document, []string) {
		return func(e *env) (*http.Request, *secrets.Document, []string) {
			tok := f(e)
			return request(bearer(tok), ""), hsDoc(), []string{tok}
		}
	}
	rs := func(f func(e *env) string) func(e *env) (*http.Request, *secrets.Document, []string) {
		return func(e *env) (*http.Request, *secrets.Document, []string) {
			tok := f(e)
			return request(bearer(tok), ""), jwksDoc(e.jwks.URL), []string{tok}
		}
	}
	header := func(doc func(e *env) *secrets.Document, name, value string) func(e *env) (*http.Request, *secrets.Document, []string) {
		return func(e *env) (*http.Request, *secrets.Document, []string) {
			return request(http.Header{http.CanonicalHeaderKey(name): {value}}, ""), doc(e), []string{value}
		}
	}
	wxCode := func(code string, errcodes ...int) func(e *env) (*http.Request, *secrets.Document, []string) {
		return func(e *env) (*http.Request, *secrets.Document, []string) {
			e.wechat.script(code, errcodes...)
			return request(http.Header{"X-Wx-Code": {code}}, ""), e.wechatDoc(), []string{code}
		}
	}
	wxHits := func(n int64) func(t *testing.T, e *env) {
		return func(t *testing.T, e *env) {
			if got := e.wechat.hits.Load(); got != n {
				t.Errorf("jscode2session hits: got %d, want %d", got, n)
			}
		}
	}
	// withHeader signs claims with key under RS256 and extra header fields.
	withHeader := func(e *env, key any, hdr map[string]any) string {
		tok := jwt.NewWithClaims(jwt.SigningMethodRS256, e.claims())
		for k, v := range hdr {
			tok.Header[k] = v
		}
		s, err := tok.SignedString(key)
		if err != nil {
			e.t.Fatal(err)
		}
		return s
	}
	// attacker serves the attacker's own key set; the verifier must never
	// fetch it, whatever the token's headers say.
	attacker := func(e *env) (string, *atomic.Int64) {
		hits := &atomic.Int64{}
		body, err := json.Marshal(jwkset.JWKSMarshal{Keys: []jwkset.JWKMarshal{jwkOf(e.t, &k.rsaOther.PublicKey, "rsa1")}})
		if err != nil {
			e.t.Fatal(err)
		}
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			hits.Add(1)
			_, _ = w.Write(body)
		}))
		e.t.Cleanup(srv.Close)
		return srv.URL, hits
	}
	var attackerHits *atomic.Int64
	noAttackerFetch := func(t *testing.T, e *env) {
		if got := attackerHits.Load(); got != 0 {
			t.Errorf("the attacker's key URL was fetched %d times", got)
		}
	}
	// rawHS signs header and claims JSON text as they are (golang-jwt would
	// re-encode a map, losing a duplicate name).
	rawHS := func(e *env, header, claims string) string {
		enc := base64.RawURLEncoding.EncodeToString
		signing := enc([]byte(header)) + "." + enc([]byte(claims))
		sig, err := jwt.SigningMethodHS256.Sign(signing, []byte(testHMAC))
		if err != nil {
			e.t.Fatal(err)
		}
		return signing + "." + enc(sig)
	}
	// claimsJSON is the base claims as JSON text without its closing brace,
	// so a case can append members (a duplicate among them).
	claimsJSON := func(e *env) string {
		b, err := json.Marshal(e.claims())
		if err != nil {
			e.t.Fatal(err)
		}
		return strings.TrimSuffix(string(b), "}")
	}
	roomsHS := func(rooms any) func(e *env) (*http.Request, *secrets.Document, []string) {
		return func(e *env) (*http.Request, *secrets.Document, []string) {
			tok := e.hs(with(e.claims(), "rooms", rooms))
			d := hsDoc()
			d.JWT.RoomsClaim = "rooms"
			return request(bearer(tok), ""), d, []string{tok}
		}
	}
	appsHS := func(apps any) func(e *env) (*http.Request, *secrets.Document, []string) {
		return func(e *env) (*http.Request, *secrets.Document, []string) {
			tok := e.hs(with(e.claims(), "trtc_apps", apps))
			d := hsDoc()
			d.JWT.AppsClaim = "trtc_apps"
			return request(bearer(tok), ""), d, []string{tok}
		}
	}
	// gateway sends claims as an HTTP API event carries them (raw JSON).
	gateway := func(claims map[string]json.RawMessage) func(e *env) (*http.Request, *secrets.Document, []string) {
		return func(e *env) (*http.Request, *secrets.Document, []string) {
			r := request(nil, "")
			d := &secrets.Document{JWT: &secrets.JWT{RoomsClaim: "rooms", AppsClaim: "trtc_apps"}}
			return r.WithContext(auth.WithInvocation(r.Context(), auth.Invocation{Platform: "aws", GatewayJWTClaims: claims})), d, nil
		}
	}
	gwRaw := func(kv ...string) map[string]json.RawMessage {
		m := map[string]json.RawMessage{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = json.RawMessage(kv[i+1])
		}
		return m
	}
	gwOnly := []auth.Method{auth.MethodGatewayJWT}
	cases := []hostile{
		// Token leniencies (issue 10 item 7): duplicate names, crit, control characters.
		{name: "duplicate sub claim", methods: jwtOnly, setup: hs(func(e *env) string {
			return rawHS(e, `{"alg":"HS256","typ":"JWT"}`, claimsJSON(e)+`,"sub":"admin01"}`)
		}), want: auth.ErrBadCredential},
		{name: "duplicate role claim", methods: jwtOnly, setup: hs(func(e *env) string {
			return rawHS(e, `{"alg":"HS256","typ":"JWT"}`, claimsJSON(e)+`,"trtc_role":"audience","trtc_role":"anchor"}`)
		}), want: auth.ErrBadCredential},
		{name: "duplicate name inside a claim's object", methods: jwtOnly, setup: hs(func(e *env) string {
			return rawHS(e, `{"alg":"HS256","typ":"JWT"}`, claimsJSON(e)+`,"ext":{"a":1,"a":2}}`)
		}), want: auth.ErrBadCredential},
		{name: "duplicate alg in the header", methods: jwtOnly, setup: hs(func(e *env) string {
			return rawHS(e, `{"alg":"none","alg":"HS256","typ":"JWT"}`, claimsJSON(e)+`}`)
		}), want: auth.ErrBadCredential},
		{name: "crit header naming exp", methods: jwtOnly, setup: hs(func(e *env) string {
			return rawHS(e, `{"alg":"HS256","typ":"JWT","crit":["exp"]}`, claimsJSON(e)+`}`)
		}), want: auth.ErrBadCredential},
		{name: "crit header naming an extension", methods: jwtOnly, setup: hs(func(e *env) string {
			return rawHS(e, `{"alg":"HS256","typ":"JWT","crit":["b64"],"b64":false}`, claimsJSON(e)+`}`)
		}), want: auth.ErrBadCredential},
		{name: "crit header empty", methods: jwtOnly, setup: hs(func(e *env) string {
			return rawHS(e, `{"alg":"HS256","typ":"JWT","crit":[]}`, claimsJSON(e)+`}`)
		}), want: auth.ErrBadCredential},
		{name: "user id with NUL", methods: jwtOnly, setup: hs(func(e *env) string { return e.hs(with(e.claims(), "sub", "alice\x00admin")) }), want: auth.ErrBadCredential},
		{name: "user id with a newline", methods: jwtOnly, setup: hs(func(e *env) string { return e.hs(with(e.claims(), "sub", "alice\n{\"level\":\"ERROR\"}")) }), want: auth.ErrBadCredential},
		{name: "user id with DEL", methods: jwtOnly, setup: hs(func(e *env) string { return e.hs(with(e.claims(), "sub", "alice\x7f")) }), want: auth.ErrBadCredential},
		{name: "user id with a C1 control", methods: jwtOnly, setup: hs(func(e *env) string { return e.hs(with(e.claims(), "sub", "alice\u0085")) }), want: auth.ErrBadCredential},
		{name: "user id with a bidi override", methods: jwtOnly, setup: hs(func(e *env) string { return e.hs(with(e.claims(), "sub", "alice\u202egnp.exe")) }), want: auth.ErrBadCredential},
		{name: "user id with a zero-width space", methods: jwtOnly, setup: hs(func(e *env) string { return e.hs(with(e.claims(), "sub", "ali\u200bce")) }), want: auth.ErrBadCredential},
		// A rooms claim in API Gateway's flattened form (issue 10 item 2), also in a verified JWT.
		{name: "rooms claim flattened with a space in a room", methods: jwtOnly, setup: roomsHS("[class 2019#A]"), want: auth.ErrBadCredential},
		{name: "rooms claim flattened", methods: jwtOnly, setup: roomsHS("[a b]"), want: auth.ErrBadCredential},
		{name: "rooms claim unterminated JSON text", methods: jwtOnly, setup: roomsHS(`["a",` + "]"), want: auth.ErrBadCredential},
		{name: "apps claim not a number", methods: jwtOnly, setup: appsHS("all"), want: auth.ErrBadCredential},
		{name: "apps claim zero", methods: jwtOnly, setup: appsHS(0), want: auth.ErrBadCredential},
		{name: "apps claim over 32 bits", methods: jwtOnly, setup: appsHS(4294967296), want: auth.ErrBadCredential},
		{name: "apps claim signed", methods: jwtOnly, setup: appsHS("-1"), want: auth.ErrBadCredential},
		{name: "apps claim with a plus", methods: jwtOnly, setup: appsHS("+1400000002"), want: auth.ErrBadCredential},
		{name: "apps claim an object", methods: jwtOnly, setup: appsHS(map[string]any{"id": 1}), want: auth.ErrBadCredential},
		{name: "apps claim fractional", methods: jwtOnly, setup: appsHS(1.5), want: auth.ErrBadCredential},
		{name: "gateway rooms flattened with a space in a room", methods: gwOnly, setup: gateway(gwRaw("sub", `"u1"`, "rooms", `"[class 2019#A]"`)), want: auth.ErrBadCredential},
		{name: "gateway rooms flattened pattern", methods: gwOnly, setup: gateway(gwRaw("sub", `"u1"`, "rooms", `"[class-* 2019#A]"`)), want: auth.ErrBadCredential},
		{name: "gateway sub a number", methods: gwOnly, setup: gateway(gwRaw("sub", `42`)), want: auth.ErrBadCredential},
		{name: "gateway sub an object", methods: gwOnly, setup: gateway(gwRaw("sub", `{"id":"admin"}`)), want: auth.ErrBadCredential},
		{name: "gateway sub a list", methods: gwOnly, setup: gateway(gwRaw("sub", `["admin","alice"]`)), want: auth.ErrBadCredential},
		{name: "gateway sub a boolean", methods: gwOnly, setup: gateway(gwRaw("sub", `true`)), want: auth.ErrBadCredential},
		{name: "gateway sub not JSON", methods: gwOnly, setup: gateway(gwRaw("sub", `alice`)), want: auth.ErrBadCredential},
		{name: "gateway user with control characters", methods: gwOnly, setup: gateway(gwRaw("sub", `"alice
admin"`)), want: auth.ErrBadCredential},
		{name: "gateway apps claim not numbers", methods: gwOnly, setup: gateway(gwRaw("sub", `"u1"`, "trtc_apps", `"[1400000002 all]"`)), want: auth.ErrBadCredential},

		{name: "missing credential", methods: jwtOnly, setup: func(e *env) (*http.Request, *secrets.Document, []string) {
			return request(nil, ""), hsDoc(), nil
		}, want: auth.ErrNoCredential},
		{name: "malformed bearer", methods: jwtOnly, setup: hs(func(*env) string { return "not-a-jwt" }), want: auth.ErrBadCredential},
		{name: "four segments", methods: jwtOnly, setup: hs(func(e *env) string { return e.hs(e.claims()) + ".x" }), want: auth.ErrBadCredential},
		{name: "garbage base64 segments", methods: jwtOnly, setup: hs(func(*env) string { return "eyJ!.e30.sig" }), want: auth.ErrBadCredential},
		{name: "empty bearer", methods: jwtOnly, setup: func(e *env) (*http.Request, *secrets.Document, []string) {
			return request(http.Header{"Authorization": {"Bearer "}}, ""), hsDoc(), nil
		}, want: auth.ErrBadCredential},
		{name: "basic scheme", methods: jwtOnly, setup: func(e *env) (*http.Request, *secrets.Document, []string) {
			return request(http.Header{"Authorization": {"Basic dXNlcjpwYXNz"}}, ""), hsDoc(), []string{"dXNlcjpwYXNz"}
		}, want: auth.ErrBadCredential},
		{name: "two authorization headers", methods: jwtOnly, setup: func(e *env) (*http.Request, *secrets.Document, []string) {
			tok := e.hs(e.claims())
			return request(http.Header{"Authorization": {"Bearer " + tok, "Bearer " + tok}}, ""), hsDoc(), []string{tok}
		}, want: auth.ErrBadCredential},
		{name: "alg none", methods: jwtOnly, setup: hs(func(e *env) string {
			return sign(e.t, jwt.SigningMethodNone, "", e.claims(), jwt.UnsafeAllowNoneSignatureType)
		}), want: auth.ErrBadCredential},
		{name: "alg none with JWKS", methods: jwtOnly, jwks: "ok", setup: rs(func(e *env) string {
			return sign(e.t, jwt.SigningMethodNone, "rsa1", e.claims(), jwt.UnsafeAllowNoneSignatureType)
		}), want: auth.ErrBadCredential},
		{name: "RS256 public key as HS256 secret", methods: jwtOnly, jwks: "ok", setup: rs(func(e *env) string {
			return sign(e.t, jwt.SigningMethodHS256, "rsa1", e.claims(), k.rsaPubPEM)
		}), want: auth.ErrBadCredential},
		{name: "RS256 public key as HS256 secret, HS256 also pinned", methods: jwtOnly, jwks: "ok", setup: func(e *env) (*http.Request, *secrets.Document, []string) {
			tok := sign(e.t, jwt.SigningMethodHS256, "rsa1", e.claims(), k.rsaPubPEM)
			doc := jwksDoc(e.jwks.URL)
			doc.JWT.HS256Secret = testHMAC
			doc.JWT.Algorithms = []string{"HS256", "RS256"}
			return request(bearer(tok), ""), doc, []string{tok}
		}, want: auth.ErrBadCredential},
		{name: "HS256 when only JWKS algorithms pinned", methods: jwtOnly, jwks: "ok", setup: rs(func(e *env) string { return e.hs(e.claims()) }), want: auth.ErrBadCredential},
		{name: "RS256 when only HS256 pinned", methods: jwtOnly, setup: hs(func(e *env) string { return e.rs(e.claims()) }), want: auth.ErrBadCredential},
		{name: "expired", methods: jwtOnly, setup: hs(func(e *env) string {
			return e.hs(with(e.claims(), "exp", e.clock.Now().Add(-time.Minute).Unix()))
		}), want: auth.ErrBadCredential},
		{name: "no exp", methods: jwtOnly, setup: hs(func(e *env) string { return e.hs(with(e.claims(), "exp", nil)) }), want: auth.ErrBadCredential},
		{name: "not yet valid", methods: jwtOnly, setup: hs(func(e *env) string {
			return e.hs(with(e.claims(), "nbf", e.clock.Now().Add(5*time.Minute).Unix()))
		}), want: auth.ErrBadCredential},
		{name: "issued in the future", methods: jwtOnly, setup: hs(func(e *env) string {
			return e.hs(with(e.claims(), "iat", e.clock.Now().Add(5*time.Minute).Unix()))
		}), want: auth.ErrBadCredential},
		{name: "wrong issuer", methods: jwtOnly, setup: hs(func(e *env) string { return e.hs(with(e.claims(), "iss", "https://evil.test/")) }), want: auth.ErrBadCredential},
		{name: "no issuer", methods: jwtOnly, setup: hs(func(e *env) string { return e.hs(with(e.claims(), "iss", nil)) }), want: auth.ErrBadCredential},
		{name: "wrong audience", methods: jwtOnly, setup: hs(func(e *env) string { return e.hs(with(e.claims(), "aud", []string{"other-app"})) }), want: auth.ErrBadCredential},
		{name: "no user claim", methods: jwtOnly, setup: hs(func(e *env) string { return e.hs(with(e.claims(), "sub", nil)) }), want: auth.ErrBadCredential},
		{name: "user claim is an object", methods: jwtOnly, setup: hs(func(e *env) string {
			return e.hs(with(e.claims(), "sub", map[string]any{"id": "x"}))
		}), want: auth.ErrBadCredential},
		{name: "role claim is a list of two", methods: jwtOnly, setup: hs(func(e *env) string {
			return e.hs(with(e.claims(), "trtc_role", []string{"audience", "anchor"}))
		}), want: auth.ErrBadCredential},
		{name: "oversized token", methods: jwtOnly, setup: hs(func(e *env) string {
			return e.hs(with(e.claims(), "pad", strings.Repeat("A", auth.MaxTokenLen)))
		}), want: auth.ErrBadCredential},
		{name: "tampered claims", methods: jwtOnly, setup: hs(func(e *env) string {
			parts := strings.Split(e.hs(e.claims()), ".")
			forged, _ := jwt.NewParser().DecodeSegment(parts[1])
			forged = []byte(strings.Replace(string(forged), "user-42", "admin01", 1))
			parts[1] = base64.RawURLEncoding.EncodeToString(forged)
			return strings.Join(parts, ".")
		}), want: auth.ErrBadCredential},
		{name: "tampered signature", methods: jwtOnly, jwks: "ok", setup: rs(func(e *env) string {
			tok := []byte(e.rs(e.claims()))
			i := len(tok) - 10
			if tok[i] == 'A' {
				tok[i] = 'B'
			} else {
				tok[i] = 'A'
			}
			return string(tok)
		}), want: auth.ErrBadCredential},
		{name: "signed by another RSA key under a known kid", methods: jwtOnly, jwks: "ok", setup: rs(func(e *env) string {
			return sign(e.t, jwt.SigningMethodRS256, "rsa1", e.claims(), k.rsaOther)
		}), want: auth.ErrBadCredential},
		{name: "unknown kid", methods: jwtOnly, jwks: "ok", setup: rs(func(e *env) string {
			return sign(e.t, jwt.SigningMethodRS256, "rotated-away", e.claims(), k.rsaOther)
		}), want: auth.ErrBadCredential, check: func(t *testing.T, e *env) {
			if got := e.jwks.hits.Load(); got != 1 {
				t.Errorf("JWKS hits: got %d, want 1 (no second fetch within a minute)", got)
			}
		}},
		{name: "ES256 token with RSA kid (alg in JWK)", methods: jwtOnly, jwks: "ok", setup: rs(func(e *env) string {
			return sign(e.t, jwt.SigningMethodES256, "rsa1", e.claims(), k.ec)
		}), want: auth.ErrBadCredential},
		{name: "ES256 token with RSA kid (no alg in JWK)", methods: jwtOnly, jwks: "ok", setup: rs(func(e *env) string {
			return sign(e.t, jwt.SigningMethodES256, "rsa-noalg", e.claims(), k.ec)
		}), want: auth.ErrBadCredential},
		{name: "RS256 token with EC kid", methods: jwtOnly, jwks: "ok", setup: rs(func(e *env) string {
			return sign(e.t, jwt.SigningMethodRS256, "ec1", e.claims(), k.rsa)
		}), want: auth.ErrBadCredential},
		{name: "jku header to the attacker's key set", methods: jwtOnly, jwks: "ok", setup: func(e *env) (*http.Request, *secrets.Document, []string) {
			var u string
			u, attackerHits = attacker(e)
			tok := withHeader(e, k.rsaOther, map[string]any{"kid": "rsa1", "jku": u + "/jwks.json"})
			return request(bearer(tok), ""), jwksDoc(e.jwks.URL), []string{tok}
		}, want: auth.ErrBadCredential, check: noAttackerFetch},
		{name: "x5u header to the attacker's certificate", methods: jwtOnly, jwks: "ok", setup: func(e *env) (*http.Request, *secrets.Document, []string) {
			var u string
			u, attackerHits = attacker(e)
			tok := withHeader(e, k.rsaOther, map[string]any{"kid": "rsa1", "x5u": u + "/cert.pem"})
			return request(bearer(tok), ""), jwksDoc(e.jwks.URL), []string{tok}
		}, want: auth.ErrBadCredential, check: noAttackerFetch},
		{name: "embedded jwk header with the attacker's key", methods: jwtOnly, jwks: "ok", setup: rs(func(e *env) string {
			return withHeader(e, k.rsaOther, map[string]any{"jwk": jwkOf(e.t, &k.rsaOther.PublicKey, "")})
		}), want: auth.ErrBadCredential},
		{name: "kid path traversal", methods: jwtOnly, jwks: "ok", setup: rs(func(e *env) string {
			return withHeader(e, k.rsaOther, map[string]any{"kid": "../../../../dev/null"})
		}), want: auth.ErrBadCredential},
		{name: "kid injection", methods: jwtOnly, jwks: "ok", setup: rs(func(e *env) string {
			return withHeader(e, k.rsaOther, map[string]any{"kid": "rsa1' OR '1'='1"})
		}), want: auth.ErrBadCredential},
		{name: "kid not a string", methods: jwtOnly, jwks: "ok", setup: rs(func(e *env) string {
			return withHeader(e, k.rsaOther, map[string]any{"kid": map[string]any{"$ne": ""}})
		}), want: auth.ErrBadCredential},
		{name: "1024-bit RSA key", methods: jwtOnly, jwks: "ok", setup: rs(func(e *env) string {
			return sign(e.t, jwt.SigningMethodRS256, "rsa-small", e.claims(), k.rsaSmall)
		}), want: auth.ErrBadCredential},
		{name: "JWKS endpoint down (cold)", methods: jwtOnly, jwks: "down", setup: rs(func(e *env) string { return e.rs(e.claims()) }),
			want: auth.ErrUpstream},
		{name: "JWKS endpoint unreachable (cold)", methods: jwtOnly, jwks: "closed", setup: rs(func(e *env) string { return e.rs(e.claims()) }),
			want: auth.ErrUpstream},
		{name: "JWKS endpoint returns junk", methods: jwtOnly, jwks: "junk", setup: rs(func(e *env) string { return e.rs(e.claims()) }),
			want: auth.ErrUpstream},
		{name: "bearer while jwt is not enabled", methods: []auth.Method{auth.MethodAPIKey}, setup: hs(func(e *env) string { return e.hs(e.claims()) }),
			want: auth.ErrMethodNotEnabled},
		{name: "bearer and api key together", methods: []auth.Method{auth.MethodJWT, auth.MethodAPIKey}, setup: func(e *env) (*http.Request, *secrets.Document, []string) {
			tok := e.hs(e.claims())
			return request(http.Header{"Authorization": {"Bearer " + tok}, "X-Api-Key": {testAPIKey}}, ""), hsDoc(), []string{tok}
		}, want: auth.ErrBadCredential},

		{name: "wechat code invalid (40029)", methods: []auth.Method{auth.MethodWeChatCode}, setup: wxCode("081invalidCODE", 40029), want: auth.ErrBadCredential, check: wxHits(1)},
		{name: "wechat code used (40163)", methods: []auth.Method{auth.MethodWeChatCode}, setup: wxCode("081usedCODE", 40163), want: auth.ErrBadCredential, check: wxHits(1)},
		{name: "wechat rate-limited (45011)", methods: []auth.Method{auth.MethodWeChatCode}, setup: wxCode("081limitedCODE", 45011, 45011, 0), want: auth.ErrUpstream, check: wxHits(2)},
		{name: "wechat busy (-1)", methods: []auth.Method{auth.MethodWeChatCode}, setup: wxCode("081busyCODE", -1, -1, 0), want: auth.ErrUpstream, check: wxHits(2)},
		{name: "wechat user blocked (40226)", methods: []auth.Method{auth.MethodWeChatCode}, setup: wxCode("081riskyCODE", 40226), want: auth.ErrForbidden, check: wxHits(1)},
		{name: "wechat rejects app secret (40125)", methods: []auth.Method{auth.MethodWeChatCode}, setup: func(e *env) (*http.Request, *secrets.Document, []string) {
			r, _, used := wxCode("081goodCODE", 0)(e)
			return r, &secrets.Document{WeChat: &secrets.WeChat{AppID: testAppID, AppSecret: "wrong-secret-also-secret"}}, append(used, "wrong-secret-also-secret")
		}, want: auth.ErrUpstream},
		{name: "wechat errmsg echoes the app secret and code", methods: []auth.Method{auth.MethodWeChatCode}, setup: func(e *env) (*http.Request, *secrets.Document, []string) {
			e.wechat.echo = true
			return wxCode("081echoCODE", 0)(e)
		}, want: auth.ErrUpstream, check: wxHits(1)},
		{name: "wechat HTTP 502", methods: []auth.Method{auth.MethodWeChatCode}, setup: func(e *env) (*http.Request, *secrets.Document, []string) {
			e.wechat.status = http.StatusBadGateway
			return wxCode("081goodCODE", 0)(e)
		}, want: auth.ErrUpstream},
		{name: "wechat junk reply", methods: []auth.Method{auth.MethodWeChatCode}, setup: func(e *env) (*http.Request, *secrets.Document, []string) {
			e.wechat.junk = "<html>gateway timeout</html>"
			return wxCode("081goodCODE", 0)(e)
		}, want: auth.ErrUpstream},
		{name: "wechat unreachable", methods: []auth.Method{auth.MethodWeChatCode}, setup: func(e *env) (*http.Request, *secrets.Document, []string) {
			e.wechat.Close()
			return wxCode("081goodCODE", 0)(e)
		}, want: auth.ErrUpstream},
		{name: "wechat code empty", methods: []auth.Method{auth.MethodWeChatCode}, setup: wxCode(""), want: auth.ErrBadCredential, check: wxHits(0)},
		{name: "wechat code with spaces", methods: []auth.Method{auth.MethodWeChatCode}, setup: wxCode("081 code&secret=x"), want: auth.ErrBadCredential, check: wxHits(0)},
		{name: "wechat code too long", methods: []auth.Method{auth.MethodWeChatCode}, setup: wxCode(strings.Repeat("c", 129)), want: auth.ErrBadCredential, check: wxHits(0)},
		{name: "wechat without app credentials", methods: []auth.Method{auth.MethodWeChatCode}, setup: func(e *env) (*http.Request, *secrets.Document, []string) {
			r, _, used := wxCode("081goodCODE", 0)(e)
			return r, &secrets.Document{}, used
		}, want: auth.ErrNotConfigured},

		{name: "forged userInfo in an HTTP body", methods: []auth.Method{auth.MethodWeChatCloud}, setup: func(e *env) (*http.Request, *secrets.Document, []string) {
			r := request(nil, "")
			r.Body = bodyOf(`{"userInfo":{"openId":"oFORGED","appId":"wx1"},"userId":"oFORGED"}`)
			return r, &secrets.Document{}, nil
		}, want: auth.ErrNoCredential},
		{name: "forged openid header", methods: []auth.Method{auth.MethodWeChatCloud}, setup: header(func(*env) *secrets.Document { return &secrets.Document{} }, "X-WX-OPENID", "oFORGED"),
			want: auth.ErrNoCredential},
		{name: "forged gateway claims in a header", methods: []auth.Method{auth.MethodGatewayJWT}, setup: header(func(*env) *secrets.Document { return &secrets.Document{} },
			"X-Amzn-Request-Context", `{"authorizer":{"jwt":{"claims":{"sub":"admin"}}}}`), want: auth.ErrNoCredential},
		{name: "forged gateway claims in the body", methods: []auth.Method{auth.MethodGatewayJWT}, setup: func(e *env) (*http.Request, *secrets.Document, []string) {
			r := request(nil, "")
			r.Body = bodyOf(`{"requestContext":{"authorizer":{"jwt":{"claims":{"sub":"admin"}}}}}`)
			return r, &secrets.Document{}, nil
		}, want: auth.ErrNoCredential},
		{name: "wechat cloud call when only invoke is enabled", methods: []auth.Method{auth.MethodInvoke}, setup: func(e *env) (*http.Request, *secrets.Document, []string) {
			r := request(nil, "")
			return r.WithContext(auth.WithInvocation(r.Context(), auth.Invocation{Platform: "scf", Direct: true, WeChatOpenID: "oUSER"})), &secrets.Document{}, nil
		}, want: auth.ErrMethodNotEnabled},
		{name: "direct invocation when invoke is not enabled", methods: []auth.Method{auth.MethodJWT}, setup: func(e *env) (*http.Request, *secrets.Document, []string) {
			r := request(nil, "")
			return r.WithContext(auth.WithInvocation(r.Context(), auth.Invocation{Platform: "aws", Direct: true})), hsDoc(), nil
		}, want: auth.ErrMethodNotEnabled},

		{name: "api key wrong", methods: []auth.Method{auth.MethodAPIKey}, setup: header(func(*env) *secrets.Document { return apiKeyDoc() }, "X-Api-Key", "tb_live_someone_else_entirely_000"), want: auth.ErrBadCredential},
		{name: "api key empty", methods: []auth.Method{auth.MethodAPIKey}, setup: header(func(*env) *secrets.Document { return apiKeyDoc() }, "X-Api-Key", ""), want: auth.ErrBadCredential},
		{name: "api key near miss", methods: []auth.Method{auth.MethodAPIKey}, setup: header(func(*env) *secrets.Document { return apiKeyDoc() }, "X-Api-Key", testAPIKey[:len(testAPIKey)-1]+"7"), want: auth.ErrBadCredential},
		{name: "api key with trailing space", methods: []auth.Method{auth.MethodAPIKey}, setup: header(func(*env) *secrets.Document { return apiKeyDoc() }, "X-Api-Key", testAPIKey+" "), want: auth.ErrBadCredential},
		{name: "api key is the stored digest", methods: []auth.Method{auth.MethodAPIKey}, setup: header(func(*env) *secrets.Document { return apiKeyDoc() }, "X-Api-Key", digest(testAPIKey)), want: auth.ErrBadCredential},
		{name: "api key oversized", methods: []auth.Method{auth.MethodAPIKey}, setup: header(func(*env) *secrets.Document { return apiKeyDoc() }, "X-Api-Key", strings.Repeat("k", 600)), want: auth.ErrBadCredential},
		{name: "api key with no keys stored", methods: []auth.Method{auth.MethodAPIKey}, setup: header(func(*env) *secrets.Document { return &secrets.Document{} }, "X-Api-Key", testAPIKey), want: auth.ErrBadCredential},

		{name: "dev from a non-loopback address", methods: []auth.Method{auth.MethodDev}, setup: func(e *env) (*http.Request, *secrets.Document, []string) {
			return request(nil, "203.0.113.7:4444"), &secrets.Document{}, nil
		}, want: auth.ErrForbidden},
		{name: "dev through a cloud platform", methods: []auth.Method{auth.MethodDev}, setup: func(e *env) (*http.Request, *secrets.Document, []string) {
			r := request(nil, "127.0.0.1:4444")
			return r.WithContext(auth.WithInvocation(r.Context(), auth.Invocation{Platform: "aws", SourceIP: "127.0.0.1"})), &secrets.Document{}, nil
		}, want: auth.ErrForbidden},
		{name: "dev with a presented bad api key does not fall through", methods: []auth.Method{auth.MethodDev, auth.MethodAPIKey}, setup: func(e *env) (*http.Request, *secrets.Document, []string) {
			return request(http.Header{"X-Api-Key": {"wrong"}}, "127.0.0.1:4444"), apiKeyDoc(), nil
		}, want: auth.ErrBadCredential},
	}
	if len(cases) < 30 {
		t.Fatalf("the table must hold at least 30 hostile credentials, has %d", len(cases))
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := &env{t: t, clock: newClock(), wechat: newWeChatServer(t)}
			mode := tc.jwks
			if mode == "" || mode == "closed" {
				mode = "ok"
			}
			e.jwks = newJWKSServer(t, mode)
			if tc.jwks == "closed" {
				e.jwks.Close()
			}
			log, logs := newLogger()
			a := newAuth(t, e.clock, log, e.wechat.URL, tc.methods...)
			r, doc, used := tc.setup(e)
			id, err := a.Authenticate(r.Context(), r, doc)
			if id != nil {
				t.Errorf("got identity %+v, want none", *id)
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("got error %v, want %v", err, tc.want)
			}
			t.Logf("refused: %v", err)
			assertNoSecrets(t, "error", err.Error(), used...)
			assertNoSecrets(t, "log", logs.String(), used...)
			if tc.check != nil {
				tc.check(t, e)
			}
		})
	}
}
