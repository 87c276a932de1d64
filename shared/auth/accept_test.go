package auth_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/ticketbooth/ticketbooth/shared/auth"
	"github.com/ticketbooth/ticketbooth/shared/secrets"
)

func TestAccepted(t *testing.T) {
	k := keys()
	inv := func(r *http.Request, i auth.Invocation) *http.Request {
		return r.WithContext(auth.WithInvocation(r.Context(), i))
	}
	roomsDoc := func(d *secrets.Document) *secrets.Document {
		d.JWT.RoomsClaim = "rooms"
		return d
	}
	cases := []struct {
		name    string
		methods []auth.Method
		setup   func(e *env) (*http.Request, *secrets.Document, []string)
		want    auth.Identity
	}{
		{"HS256", []auth.Method{auth.MethodJWT}, func(e *env) (*http.Request, *secrets.Document, []string) {
			tok := e.hs(e.claims())
			return request(bearer(tok), ""), hsDoc(), []string{tok}
		}, auth.Identity{Method: auth.MethodJWT, Subject: "user-42", UserID: "user-42"}},
		{"RS256 from JWKS with role", []auth.Method{auth.MethodJWT}, func(e *env) (*http.Request, *secrets.Document, []string) {
			tok := e.rs(with(e.claims(), "trtc_role", "anchor"))
			return request(bearer(tok), ""), jwksDoc(e.jwks.URL), []string{tok}
		}, auth.Identity{Method: auth.MethodJWT, Subject: "user-42", UserID: "user-42", Role: "anchor"}},
		{"ES256 from JWKS, role as a one-item list", []auth.Method{auth.MethodJWT}, func(e *env) (*http.Request, *secrets.Document, []string) {
			tok := sign(e.t, jwt.SigningMethodES256, "ec1", with(e.claims(), "trtc_role", []string{"audience"}), k.ec)
			return request(bearer(tok), ""), jwksDoc(e.jwks.URL), []string{tok}
		}, auth.Identity{Method: auth.MethodJWT, Subject: "user-42", UserID: "user-42", Role: "audience"}},
		{"RS256 without kid", []auth.Method{auth.MethodJWT}, func(e *env) (*http.Request, *secrets.Document, []string) {
			tok := sign(e.t, jwt.SigningMethodRS256, "", e.claims(), k.rsa)
			return request(bearer(tok), ""), jwksDoc(e.jwks.URL), []string{tok}
		}, auth.Identity{Method: auth.MethodJWT, Subject: "user-42", UserID: "user-42"}},
		{"expired within the leeway", []auth.Method{auth.MethodJWT}, func(e *env) (*http.Request, *secrets.Document, []string) {
			tok := e.hs(with(e.claims(), "exp", e.clock.Now().Add(-10*time.Second).Unix()))
			return request(bearer(tok), ""), hsDoc(), []string{tok}
		}, auth.Identity{Method: auth.MethodJWT, Subject: "user-42", UserID: "user-42"}},
		{"lowercase bearer scheme, audience list", []auth.Method{auth.MethodJWT}, func(e *env) (*http.Request, *secrets.Document, []string) {
			tok := e.hs(with(e.claims(), "aud", []string{"x", testAudience}))
			return request(http.Header{"Authorization": {"bearer " + tok}}, ""), hsDoc(), []string{tok}
		}, auth.Identity{Method: auth.MethodJWT, Subject: "user-42", UserID: "user-42"}},
		{"custom user claim, numeric", []auth.Method{auth.MethodJWT}, func(e *env) (*http.Request, *secrets.Document, []string) {
			tok := e.hs(with(e.claims(), "uid", 1234567))
			d := hsDoc()
			d.JWT.UserClaim = "uid"
			return request(bearer(tok), ""), d, []string{tok}
		}, auth.Identity{Method: auth.MethodJWT, Subject: "user-42", UserID: "1234567"}},
		{"rooms claim as a list", []auth.Method{auth.MethodJWT}, func(e *env) (*http.Request, *secrets.Document, []string) {
			tok := e.hs(with(e.claims(), "rooms", []any{"class-*", 1234}))
			return request(bearer(tok), ""), roomsDoc(hsDoc()), []string{tok}
		}, auth.Identity{Method: auth.MethodJWT, Subject: "user-42", UserID: "user-42", Rooms: []string{"class-*", "1234"}}},
		{"rooms claim as a string", []auth.Method{auth.MethodJWT}, func(e *env) (*http.Request, *secrets.Document, []string) {
			tok := e.hs(with(e.claims(), "rooms", "class-a"))
			return request(bearer(tok), ""), roomsDoc(hsDoc()), []string{tok}
		}, auth.Identity{Method: auth.MethodJWT, Subject: "user-42", UserID: "user-42", Rooms: []string{"class-a"}}},
		{"rooms claim configured but absent: no room", []auth.Method{auth.MethodJWT}, func(e *env) (*http.Request, *secrets.Document, []string) {
			tok := e.hs(e.claims())
			return request(bearer(tok), ""), roomsDoc(hsDoc()), []string{tok}
		}, auth.Identity{Method: auth.MethodJWT, Subject: "user-42", UserID: "user-42", Rooms: []string{}}},
		{"api key", []auth.Method{auth.MethodAPIKey, auth.MethodJWT}, func(e *env) (*http.Request, *secrets.Document, []string) {
			d := apiKeyDoc()
			d.APIKeys[1].Role = "anchor"
			d.APIKeys[1].SDKAppIDs = []uint64{1400000002}
			return request(http.Header{"X-Api-Key": {testAPIKey}}, ""), d, nil
		}, auth.Identity{Method: auth.MethodAPIKey, Subject: "backend-1", MayNameUser: true, Role: "anchor", Apps: []uint64{1400000002}}},
		{"dev on IPv4 loopback", []auth.Method{auth.MethodDev}, func(e *env) (*http.Request, *secrets.Document, []string) {
			return request(nil, "127.0.0.1:5555"), &secrets.Document{}, nil
		}, auth.Identity{Method: auth.MethodDev, Subject: "dev", MayNameUser: true, AnyApp: true}},
		{"dev on IPv6 loopback via the local server", []auth.Method{auth.MethodDev}, func(e *env) (*http.Request, *secrets.Document, []string) {
			return inv(request(nil, "[::1]:5555"), auth.Invocation{Platform: "local"}), &secrets.Document{}, nil
		}, auth.Identity{Method: auth.MethodDev, Subject: "dev", MayNameUser: true, AnyApp: true}},
		{"direct invocation", []auth.Method{auth.MethodInvoke}, func(e *env) (*http.Request, *secrets.Document, []string) {
			return inv(request(nil, ""), auth.Invocation{Platform: "aws", Direct: true}), &secrets.Document{}, nil
		}, auth.Identity{Method: auth.MethodInvoke, Subject: "invoke", MayNameUser: true, AnyApp: true}},
		{"wechat cloud call", []auth.Method{auth.MethodInvoke, auth.MethodWeChatCloud}, func(e *env) (*http.Request, *secrets.Document, []string) {
			return inv(request(nil, ""), auth.Invocation{Platform: "scf", Direct: true, WeChatOpenID: "oCLOUD123"}), &secrets.Document{}, nil
		}, auth.Identity{Method: auth.MethodWeChatCloud, Subject: "oCLOUD123", UserID: "oCLOUD123"}},
		{"gateway jwt claims", []auth.Method{auth.MethodGatewayJWT}, func(e *env) (*http.Request, *secrets.Document, []string) {
			d := &secrets.Document{JWT: &secrets.JWT{RoomsClaim: "rooms"}}
			return inv(request(nil, ""), auth.Invocation{Platform: "aws", GatewayJWTClaims: gwClaims(
				"sub", "gw-user", "trtc_role", "[anchor]", "rooms", `["class-a",42]`, "iss", "x")}), d, nil
		}, auth.Identity{Method: auth.MethodGatewayJWT, Subject: "gw-user", UserID: "gw-user", Role: "anchor", Rooms: []string{"class-a", "42"}}},
		{"gateway jwt rooms as JSON text holding a space", []auth.Method{auth.MethodGatewayJWT}, func(e *env) (*http.Request, *secrets.Document, []string) {
			d := &secrets.Document{JWT: &secrets.JWT{RoomsClaim: "rooms"}}
			return inv(request(nil, ""), auth.Invocation{Platform: "aws", GatewayJWTClaims: gwClaims(
				"sub", "gw-user", "rooms", `["class 2019#A"]`)}), d, nil
		}, auth.Identity{Method: auth.MethodGatewayJWT, Subject: "gw-user", UserID: "gw-user", Rooms: []string{"class 2019#A"}}},
		{"gateway jwt rooms claim an empty list", []auth.Method{auth.MethodGatewayJWT}, func(e *env) (*http.Request, *secrets.Document, []string) {
			d := &secrets.Document{JWT: &secrets.JWT{RoomsClaim: "rooms"}}
			return inv(request(nil, ""), auth.Invocation{Platform: "aws", GatewayJWTClaims: gwClaims("sub", "gw-user", "rooms", "[]")}), d, nil
		}, auth.Identity{Method: auth.MethodGatewayJWT, Subject: "gw-user", UserID: "gw-user", Rooms: []string{}}},
		{"gateway jwt rooms as a JSON list in the event", []auth.Method{auth.MethodGatewayJWT}, func(e *env) (*http.Request, *secrets.Document, []string) {
			d := &secrets.Document{JWT: &secrets.JWT{RoomsClaim: "rooms"}}
			c := gwClaims("sub", "gw-user")
			c["rooms"] = json.RawMessage(`["class 2019#A", 7]`)
			return inv(request(nil, ""), auth.Invocation{Platform: "aws", GatewayJWTClaims: c}), d, nil
		}, auth.Identity{Method: auth.MethodGatewayJWT, Subject: "gw-user", UserID: "gw-user", Rooms: []string{"class 2019#A", "7"}}},
		{"gateway jwt apps claim flattened", []auth.Method{auth.MethodGatewayJWT}, func(e *env) (*http.Request, *secrets.Document, []string) {
			d := &secrets.Document{JWT: &secrets.JWT{AppsClaim: "trtc_apps"}}
			return inv(request(nil, ""), auth.Invocation{Platform: "aws", GatewayJWTClaims: gwClaims(
				"sub", "gw-user", "trtc_apps", "[1400000002 1400000003]")}), d, nil
		}, auth.Identity{Method: auth.MethodGatewayJWT, Subject: "gw-user", UserID: "gw-user", Apps: []uint64{1400000002, 1400000003}}},
		{"jwt apps claim as numbers and text", []auth.Method{auth.MethodJWT}, func(e *env) (*http.Request, *secrets.Document, []string) {
			tok := e.hs(with(e.claims(), "trtc_apps", []any{1400000002, "1400000003"}))
			d := hsDoc()
			d.JWT.AppsClaim = "trtc_apps"
			return request(bearer(tok), ""), d, []string{tok}
		}, auth.Identity{Method: auth.MethodJWT, Subject: "user-42", UserID: "user-42", Apps: []uint64{1400000002, 1400000003}}},
		{"jwt apps claim one number", []auth.Method{auth.MethodJWT}, func(e *env) (*http.Request, *secrets.Document, []string) {
			tok := e.hs(with(e.claims(), "trtc_apps", 1400000002))
			d := hsDoc()
			d.JWT.AppsClaim = "trtc_apps"
			return request(bearer(tok), ""), d, []string{tok}
		}, auth.Identity{Method: auth.MethodJWT, Subject: "user-42", UserID: "user-42", Apps: []uint64{1400000002}}},
		{"gateway jwt wins over the bearer it verified", []auth.Method{auth.MethodGatewayJWT, auth.MethodJWT}, func(e *env) (*http.Request, *secrets.Document, []string) {
			return inv(request(bearer("eyJ.not.verified-here"), ""), auth.Invocation{Platform: "aws", GatewayJWTClaims: gwClaims(
				"sub", "gw-user", "rooms", `["a","b c"]`)}), &secrets.Document{JWT: &secrets.JWT{RoomsClaim: "rooms"}}, nil
		}, auth.Identity{Method: auth.MethodGatewayJWT, Subject: "gw-user", UserID: "gw-user", Rooms: []string{"a", "b c"}}},
		{"wechat code", []auth.Method{auth.MethodWeChatCode}, func(e *env) (*http.Request, *secrets.Document, []string) {
			e.wechat.script("081goodCODE", 0)
			d := e.wechatDoc()
			d.WeChat.SDKAppIDs = []uint64{1400000003}
			return request(http.Header{"X-Wx-Code": {"081goodCODE"}}, ""), d, []string{"081goodCODE"}
		}, auth.Identity{Method: auth.MethodWeChatCode, Subject: "oOPENID11", UserID: "oOPENID11", Apps: []uint64{1400000003}}},
		{"wechat code after one busy reply", []auth.Method{auth.MethodWeChatCode}, func(e *env) (*http.Request, *secrets.Document, []string) {
			e.wechat.script("081retryCODE", -1, 0)
			return request(http.Header{"X-Wx-Code": {"081retryCODE"}}, ""), e.wechatDoc(), []string{"081retryCODE"}
		}, auth.Identity{Method: auth.MethodWeChatCode, Subject: "oOPENID12", UserID: "oOPENID12"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := &env{t: t, clock: newClock(), wechat: newWeChatServer(t), jwks: newJWKSServer(t, "ok")}
			log, logs := newLogger()
			a := newAuth(t, e.clock, log, e.wechat.URL, tc.methods...)
			r, doc, used := tc.setup(e)
			id, err := a.Authenticate(context.Background(), r, doc)
			if err != nil {
				t.Fatalf("got error %v", err)
			}
			if !reflect.DeepEqual(*id, tc.want) {
				t.Errorf("got identity %+v, want %+v", *id, tc.want)
			}
			assertNoSecrets(t, "log", logs.String(), used...)
			assertNoSecrets(t, "identity", fmt.Sprintf("%+v", *id), used...)
		})
	}
}

func TestWeChatExchangeRequest(t *testing.T) {
	e := &env{t: t, clock: newClock(), wechat: newWeChatServer(t)}
	log, logs := newLogger()
	a := newAuth(t, e.clock, log, e.wechat.URL, auth.MethodWeChatCode)
	e.wechat.script("081retryCODE", 45011, 0)
	r := request(http.Header{"X-Wx-Code": {"081retryCODE"}}, "")
	if _, err := a.Authenticate(context.Background(), r, e.wechatDoc()); err != nil {
		t.Fatal(err)
	}
	if got := e.wechat.hits.Load(); got != 2 {
		t.Errorf("hits: got %d, want 2 (one retry)", got)
	}
	for _, q := range e.wechat.queries {
		got := map[string]string{"appid": q.Get("appid"), "secret": q.Get("secret"), "js_code": q.Get("js_code"), "grant_type": q.Get("grant_type")}
		want := map[string]string{"appid": testAppID, "secret": testAppSec, "js_code": "081retryCODE", "grant_type": "authorization_code"}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("query: got %v, want %v", got, want)
		}
	}
	assertNoSecrets(t, "log", logs.String(), "081retryCODE")
}

func TestJWKSCacheAndRefreshLimit(t *testing.T) {
	k := keys()
	c := newClock()
	srv := newJWKSServer(t, "ok")
	log, logs := newLogger()
	a := newAuth(t, c, log, "", auth.MethodJWT)
	doc := jwksDoc(srv.URL)
	var used []string
	try := func(kid string, key any, m jwt.SigningMethod) error {
		tok := sign(t, m, kid, baseClaims(c), key)
		used = append(used, tok)
		_, err := a.Authenticate(context.Background(), request(bearer(tok), ""), doc)
		return err
	}
	wantHits := func(step string, n int64) {
		t.Helper()
		if got := srv.hits.Load(); got != n {
			t.Errorf("%s: JWKS hits: got %d, want %d", step, got, n)
		}
	}

	if err := try("rsa1", k.rsa, jwt.SigningMethodRS256); err != nil {
		t.Fatalf("first token: %v", err)
	}
	wantHits("first use", 1)
	for i := range 5 {
		if err := try(fmt.Sprintf("unknown-%d", i), k.rsaOther, jwt.SigningMethodRS256); !errors.Is(err, auth.ErrBadCredential) {
			t.Fatalf("unknown kid: got %v, want ErrBadCredential", err)
		}
	}
	wantHits("five unknown kids right after the first fetch", 1)

	// The issuer rotates in a new key: it is picked up by the first unknown
	// kid once a minute has passed, not before.
	srv.set("ok", jwksJSON(t, jwkOf(t, &k.rsaOther.PublicKey, "rsa2")))
	c.Add(30 * time.Second)
	if err := try("rsa2", k.rsaOther, jwt.SigningMethodRS256); !errors.Is(err, auth.ErrBadCredential) {
		t.Fatalf("rotated kid within the minute: got %v, want ErrBadCredential", err)
	}
	wantHits("rotated kid within the minute", 1)
	c.Add(31 * time.Second)
	if err := try("rsa2", k.rsaOther, jwt.SigningMethodRS256); err != nil {
		t.Fatalf("rotated kid after a minute: %v", err)
	}
	wantHits("rotated kid after a minute", 2)
	for i := range 3 {
		_ = try(fmt.Sprintf("again-%d", i), k.rsaOther, jwt.SigningMethodRS256)
	}
	wantHits("more unknown kids", 2)

	// The endpoint goes down: known keys keep working from the cache, even
	// after the hourly refresh falls due and fails.
	srv.set("down", nil)
	if err := try("rsa1", k.rsa, jwt.SigningMethodRS256); err != nil {
		t.Fatalf("cached key while down: %v", err)
	}
	wantHits("cached key while down", 2)
	c.Add(2 * time.Hour)
	for range 3 {
		if err := try("ec1", k.ec, jwt.SigningMethodES256); err != nil {
			t.Fatalf("cached key, stale set, endpoint down: %v", err)
		}
	}
	wantHits("stale set while down (one refresh attempt)", 3)
	if err := try("unknown-after-down", k.rsaOther, jwt.SigningMethodRS256); !errors.Is(err, auth.ErrBadCredential) {
		t.Fatalf("unknown kid with a warm cache: got %v, want ErrBadCredential (not ErrUpstream)", err)
	}
	assertNoSecrets(t, "log", logs.String(), used...)
}

func TestJWKSColdDownThenRecovers(t *testing.T) {
	c := newClock()
	srv := newJWKSServer(t, "down")
	log, _ := newLogger()
	a := newAuth(t, c, log, "", auth.MethodJWT)
	doc := jwksDoc(srv.URL)
	try := func() error {
		tok := sign(t, jwt.SigningMethodRS256, "rsa1", baseClaims(c), keys().rsa)
		_, err := a.Authenticate(context.Background(), request(bearer(tok), ""), doc)
		return err
	}
	for range 4 {
		if err := try(); !errors.Is(err, auth.ErrUpstream) {
			t.Fatalf("cold and down: got %v, want ErrUpstream", err)
		}
	}
	if got := srv.hits.Load(); got != 1 {
		t.Errorf("hits while down: got %d, want 1", got)
	}
	srv.set("ok", nil)
	if err := try(); !errors.Is(err, auth.ErrUpstream) {
		t.Fatalf("back up within the minute: got %v, want ErrUpstream", err)
	}
	c.Add(time.Minute)
	if err := try(); err != nil {
		t.Fatalf("back up after a minute: %v", err)
	}
	if got := srv.hits.Load(); got != 2 {
		t.Errorf("hits: got %d, want 2", got)
	}
}

func TestJWKSConcurrentColdStart(t *testing.T) {
	c := newClock()
	srv := newJWKSServer(t, "ok")
	log, _ := newLogger()
	a := newAuth(t, c, log, "", auth.MethodJWT)
	docA, docB := jwksDoc(srv.URL), jwksDoc(srv.URL+"/other")
	tok := sign(t, jwt.SigningMethodRS256, "rsa1", baseClaims(c), keys().rsa)
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			doc := docA
			if i%2 == 1 {
				doc = docB
			}
			_, err := a.Authenticate(context.Background(), request(bearer(tok), ""), doc)
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("concurrent verification: %v", err)
		}
	}
	if got := srv.hits.Load(); got != 2 {
		t.Errorf("hits: got %d, want 2 (one per JWKS URL, shared by all requests)", got)
	}
}

// TestJWTMisconfigured checks that a jwt section the jwt method cannot use
// is refused at request time and, by the same check, when the document is
// loaded: both errors name the same field. Only a section that names
// claims alone (what gateway-jwt reads) loads and is refused at request time.
func TestJWTMisconfigured(t *testing.T) {
	c := newClock()
	log, _ := newLogger()
	a := newAuth(t, c, log, "", auth.MethodJWT)
	hsTok := sign(t, jwt.SigningMethodHS256, "", baseClaims(c), []byte(testHMAC))
	rsTok := sign(t, jwt.SigningMethodRS256, "rsa1", baseClaims(c), keys().rsa)
	cases := []struct {
		name  string
		jwt   *secrets.JWT
		tok   string
		field string // named by both errors (Authenticate's and CheckDocument's)
		// docField, when set, is what CheckDocument names instead of field.
		docField string
	}{
		{"no jwt section", nil, hsTok, "no jwt section", "jwt: required by TICKETBOOTH_AUTH method jwt"},
		{"claim names only", &secrets.JWT{UserClaim: "uid"}, hsTok, "jwt.issuer", "jwt: required by TICKETBOOTH_AUTH method jwt"},
		{"no issuer", &secrets.JWT{Audience: testAudience, HS256Secret: testHMAC}, hsTok, "jwt.issuer", ""},
		{"no audience", &secrets.JWT{Issuer: testIssuer, HS256Secret: testHMAC}, hsTok, "jwt.audience", ""},
		{"short hmac secret", &secrets.JWT{Issuer: testIssuer, Audience: testAudience, HS256Secret: "short"}, hsTok, "jwt.hs256Secret", ""},
		{"unknown algorithm", &secrets.JWT{Issuer: testIssuer, Audience: testAudience, HS256Secret: testHMAC, Algorithms: []string{"none"}}, hsTok, "jwt.algorithms[0]", ""},
		{"algorithm not offered", &secrets.JWT{Issuer: testIssuer, Audience: testAudience, HS256Secret: testHMAC, Algorithms: []string{"HS384"}}, hsTok, "jwt.algorithms[0]", ""},
		{"RS256 without jwksUrl", &secrets.JWT{Issuer: testIssuer, Audience: testAudience}, rsTok, "jwt: needs hs256Secret or jwksUrl", ""},
		{"plain-http jwksUrl", &secrets.JWT{Issuer: testIssuer, Audience: testAudience, JWKSURL: "http://keys.example.com/jwks.json", Algorithms: []string{"HS256", "RS256"}, HS256Secret: testHMAC}, rsTok, "jwt.jwksUrl", ""},
		{"jwksUrl with credentials", &secrets.JWT{Issuer: testIssuer, Audience: testAudience, JWKSURL: "https://u:" + testHMAC + "@keys.example.com/jwks.json"}, rsTok, "jwt.jwksUrl", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := a.Authenticate(context.Background(), request(bearer(tc.tok), ""), &secrets.Document{JWT: tc.jwt})
			if !errors.Is(err, auth.ErrNotConfigured) {
				t.Fatalf("got %v, want ErrNotConfigured", err)
			}
			assertNoSecrets(t, "error", err.Error(), tc.tok)

			raw, jerr := json.Marshal(map[string]any{"apps": []any{map[string]any{"sdkAppId": 1400000001, "secretKey": "0123456789abcdef0123"}}, "jwt": tc.jwt})
			if jerr != nil {
				t.Fatal(jerr)
			}
			doc, perr := secrets.Parse(raw)
			if perr != nil {
				t.Fatalf("Parse refused the document (its shape is fine; its meaning is auth's): %v", perr)
			}
			perr = auth.Config{Methods: []auth.Method{auth.MethodJWT}}.CheckDocument(doc)
			if perr == nil {
				t.Fatal("CheckDocument accepted a jwt section the jwt method cannot use")
			}
			docField := tc.docField
			if docField == "" {
				docField = tc.field
			}
			if !strings.Contains(perr.Error(), docField) {
				t.Errorf("CheckDocument's error %q does not name %s", perr, docField)
			}
			if !strings.Contains(err.Error(), tc.field) {
				t.Errorf("Authenticate's error %q does not name %s", err, tc.field)
			}
			assertNoSecrets(t, "CheckDocument error", perr.Error())
		})
	}
}
