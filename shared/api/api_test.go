package api

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ticketbooth/ticketbooth/internal/logscan"
	"github.com/ticketbooth/ticketbooth/shared/auth"
	"github.com/ticketbooth/ticketbooth/shared/policy"
	"github.com/ticketbooth/ticketbooth/shared/roomurl"
	"github.com/ticketbooth/ticketbooth/shared/roomurl/roomurltest"
	"github.com/ticketbooth/ticketbooth/shared/secrets"
	"github.com/ticketbooth/ticketbooth/shared/tlssig"
)

const (
	testAppID     = 1400000001
	otherAppID    = 1400000002
	testSecretKey = "5ecret-key-for-the-api-tests-0123456789abcdef0123456789abcdef"
	otherSecret   = "other-app-secret-key-0123456789abcdef0123456789abcdef012345"
	testAPIKey    = "tb_test_api_key_6f1c2e9a4b7d8c3e"
	otherAPIKey   = "tb_test_other_app_key_0a1b2c3d4e5f"
	thirdAppID    = 1400000003
	thirdSecret   = "third-app-secret-key-0123456789abcdef0123456789abcdef0123"
	wxAppID       = "wx0123456789abcdef"
	wxAppSecret   = "wechat-app-secret-for-the-api-tests-42"
	wxSessionKey  = "SESSIONKEY-of-the-api-tests=="
)

// testNow is the API's clock in every test: tickets are verified at it.
var testNow = time.Date(2026, 3, 14, 15, 9, 26, 535_000_000, time.UTC)

// fakeKeys is a secrets.Provider serving a fixed snapshot or error.
type fakeKeys struct {
	snap *secrets.Snapshot
	err  error
}

func (f *fakeKeys) Get(context.Context) (*secrets.Snapshot, error) { return f.snap, f.err }

// fakeAuth is an Authenticator that returns a fixed identity, or panics.
type fakeAuth struct {
	id    *auth.Identity
	panic bool
}

func (f *fakeAuth) Authenticate(context.Context, *http.Request, *secrets.Document) (*auth.Identity, error) {
	if f.panic {
		panic("authenticator exploded")
	}
	return f.id, nil
}

// fixture is one API under test with everything needed to check its answers.
type fixture struct {
	h       http.Handler
	logs    *logscan.Buffer
	keys    *fakeKeys
	ecdsa   *ecdsa.PrivateKey
	secrets []string // never in a log: keys, API key and every ticket handed out
}

type fixtureOpts struct {
	alg     string
	authn   auth.Authenticator
	methods []auth.Method
	origins []string
	keys    secrets.Provider // default: the fixture's fakeKeys
	// wechatAPI is the jscode2session stand-in's base URL (wechat-code).
	wechatAPI string
	// paths are the routes served (Config.Paths), as a function serves its own.
	paths []string
}

func newFixture(t *testing.T, o fixtureOpts) *fixture {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		t.Fatal(err)
	}
	pemKey := string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
	sum := sha256.Sum256([]byte(testAPIKey))
	otherSum := sha256.Sum256([]byte(otherAPIKey))
	docJSON, err := json.Marshal(secrets.Document{
		Apps: []secrets.App{
			{SDKAppID: testAppID, SecretKey: testSecretKey, ECDSAPrivateKey: pemKey, Default: true},
			{SDKAppID: otherAppID, SecretKey: otherSecret},
			{SDKAppID: thirdAppID, SecretKey: thirdSecret},
		},
		APIKeys: []secrets.APIKey{{ID: "backend-1", SHA256: hex.EncodeToString(sum[:])},
			{ID: "backend-other", SHA256: hex.EncodeToString(otherSum[:]), SDKAppIDs: []uint64{otherAppID}}},
		WeChat: &secrets.WeChat{AppID: wxAppID, AppSecret: wxAppSecret, SDKAppIDs: []uint64{thirdAppID}},
	})
	if err != nil {
		t.Fatal(err)
	}
	doc, err := secrets.Parse(docJSON)
	if err != nil {
		t.Fatalf("test document: %v", err)
	}
	f := &fixture{
		logs:  &logscan.Buffer{},
		keys:  &fakeKeys{snap: &secrets.Snapshot{Current: doc, FetchedAt: testNow}},
		ecdsa: k,
		secrets: []string{testSecretKey, otherSecret, thirdSecret, testAPIKey, otherAPIKey, hex.EncodeToString(sum[:]),
			hex.EncodeToString(otherSum[:]), wxAppSecret, wxSessionKey, "PRIVATE KEY", pemKey},
	}
	logger := slog.New(slog.NewJSONHandler(f.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	authn := o.authn
	if authn == nil {
		methods := o.methods
		if methods == nil {
			methods = []auth.Method{auth.MethodAPIKey, auth.MethodDev}
		}
		authn, err = auth.New(auth.Config{Methods: methods, Logger: logger, WeChatAPI: o.wechatAPI})
		if err != nil {
			t.Fatal(err)
		}
	}
	pol, err := policy.FromEnv(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	var keys secrets.Provider = f.keys
	if o.keys != nil {
		keys = o.keys
	}
	f.h, err = New(Config{
		Keys:        keys,
		Auth:        authn,
		Policy:      pol,
		Algorithm:   o.alg,
		CORSOrigins: o.origins,
		Logger:      logger,
		Clock:       func() time.Time { return testNow },
		Paths:       o.paths,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.checkLogs(t) })
	return f
}

// checkLogs fails the test when a key, the API key or a ticket reached the log.
func (f *fixture) checkLogs(t *testing.T) {
	t.Helper()
	logscan.AssertNoSecretsIn(t, "the log", f.logs.String(), f.secrets...)
}

// do sends one request as a local, loopback caller.
func (f *fixture) do(t *testing.T, method, path, contentType, body string, header http.Header) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(method, path, strings.NewReader(body))
	r.RemoteAddr = "127.0.0.1:40000"
	if contentType != "" {
		r.Header.Set("Content-Type", contentType)
	}
	for k, v := range header {
		r.Header[k] = v
	}
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, r)
	return w
}

func (f *fixture) post(t *testing.T, path, body string) *httptest.ResponseRecorder {
	t.Helper()
	return f.do(t, http.MethodPost, path, "application/json", body, nil)
}

// decode reads a JSON response into a map and records every ticket in it as a secret.
func (f *fixture) decode(t *testing.T, w *httptest.ResponseRecorder) map[string]any {
	t.Helper()
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
	var m map[string]any
	dec := json.NewDecoder(w.Body)
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("response is not JSON: %v", err)
	}
	for _, k := range []string{"userSig", "privateMapKey", "pushUrl"} {
		if s, ok := m[k].(string); ok {
			f.secrets = append(f.secrets, s)
		}
	}
	return m
}

func str(m map[string]any, k string) string { s, _ := m[k].(string); return s }

func num(t *testing.T, m map[string]any, k string) uint64 {
	t.Helper()
	n, ok := m[k].(json.Number)
	if !ok {
		t.Fatalf("%s = %v, want a number", k, m[k])
	}
	var v uint64
	if _, err := fmt.Sscan(n.String(), &v); err != nil {
		t.Fatalf("%s = %v: %v", k, n, err)
	}
	return v
}

func hmacVerifier(t *testing.T, app uint64, key string) tlssig.Verifier {
	t.Helper()
	v, err := tlssig.NewHMACVerifier(app, key)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// audits returns the audit lines with the given outcome.
func (f *fixture) audits(t *testing.T, outcome string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, l := range logscan.JSONLines(t, f.logs.String()) {
		if l["msg"] == "audit" && l["outcome"] == outcome {
			out = append(out, l)
		}
	}
	return out
}

func TestUserSig(t *testing.T) {
	tests := []struct {
		name     string
		alg      string
		body     string
		header   http.Header
		app      uint64
		user     string
		lifetime time.Duration
	}{
		{"dev names the user, default lifetime", "", `{"userId":"alice"}`, nil, testAppID, "alice", 24 * time.Hour},
		{"explicit expire and app", "hmac", `{"userId":"bob","expire":600,"sdkAppId":1400000002}`, nil, otherAppID, "bob", 10 * time.Minute},
		{"api key backend", "", `{"userId":"carol-1","expire":3600}`, http.Header{"X-Api-Key": {testAPIKey}}, testAppID, "carol-1", time.Hour},
		{"ecdsa v1 ticket", "ecdsa", `{"userId":"dave"}`, nil, testAppID, "dave", 24 * time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, fixtureOpts{alg: tt.alg})
			w := f.do(t, http.MethodPost, "/v1/usersig", "application/json; charset=utf-8", tt.body, tt.header)
			if w.Code != http.StatusOK {
				t.Fatalf("status = %d, body %s", w.Code, w.Body)
			}
			m := f.decode(t, w)
			if got := num(t, m, "sdkAppId"); got != tt.app {
				t.Errorf("sdkAppId = %d, want %d", got, tt.app)
			}
			if got := str(m, "userId"); got != tt.user {
				t.Errorf("userId = %q, want %q", got, tt.user)
			}
			if got := num(t, m, "expire"); got != uint64(tt.lifetime/time.Second) {
				t.Errorf("expire = %d, want %d", got, tt.lifetime/time.Second)
			}
			wantExp := testNow.Truncate(time.Second).Add(tt.lifetime)
			if got := str(m, "expiresAt"); got != wantExp.Format(time.RFC3339) {
				t.Errorf("expiresAt = %q, want %q", got, wantExp.Format(time.RFC3339))
			}
			if got := str(m, "serverTime"); got != "2026-03-14T15:09:26Z" {
				t.Errorf("serverTime = %q", got)
			}
			var v tlssig.Verifier
			if tt.alg == "ecdsa" {
				ev, err := tlssig.NewECDSAVerifier(tt.app, &f.ecdsa.PublicKey)
				if err != nil {
					t.Fatal(err)
				}
				v = ev
			} else {
				key := testSecretKey
				if tt.app == otherAppID {
					key = otherSecret
				}
				v = hmacVerifier(t, tt.app, key)
			}
			tk, err := v.Verify(str(m, "userSig"), tt.user, testNow)
			if err != nil {
				t.Fatalf("verify: %v", err)
			}
			if tk.Kind != tlssig.KindUserSig || !tk.ExpiresAt().Equal(wantExp) {
				t.Errorf("ticket kind %v expires %v, want UserSig expiring %v", tk.Kind, tk.ExpiresAt(), wantExp)
			}
			if want := map[string]int{"hmac": 2, "": 2, "ecdsa": 1}[tt.alg]; tk.Version != want {
				t.Errorf("ticket version = %d, want %d", tk.Version, want)
			}
			if w.Header().Get("X-Request-Id") == "" {
				t.Error("no X-Request-Id")
			}
			issued := f.audits(t, "issued")
			if len(issued) != 1 {
				t.Fatalf("%d issuance audit lines, want 1", len(issued))
			}
			a := issued[0]
			if a["kind"] != "usersig" || a["user"] != tt.user || a["expiresAt"] != wantExp.Format(time.RFC3339) ||
				a["requestId"] != w.Header().Get("X-Request-Id") || a["authMethod"] == nil || a["subject"] == nil || a["privileges"] != nil {
				t.Errorf("audit line %v", a)
			}
		})
	}
}

func TestPrivateMapKey(t *testing.T) {
	tests := []struct {
		name  string
		body  string
		room  tlssig.Room
		privs tlssig.Privilege
		names []any
		life  time.Duration
	}{
		{"numeric room, default privileges", `{"userId":"alice","roomId":4294967295}`, tlssig.NumericRoom(4294967295), tlssig.PrivAudience,
			[]any{"join", "recv-audio", "recv-video"}, 5 * time.Minute},
		{"string room, names", `{"userId":"alice","strRoomId":"class a-1","privileges":["join","send-audio"],"expire":60}`,
			tlssig.StringRoom("class a-1"), tlssig.PrivJoin | tlssig.PrivSendAudio, []any{"join", "send-audio"}, time.Minute},
		{"privilege map", `{"userId":"alice","roomId":1,"privilegeMap":255}`, tlssig.NumericRoom(1), tlssig.PrivAll,
			[]any{"create", "join", "send-audio", "recv-audio", "send-video", "recv-video", "send-sub", "recv-sub"}, 5 * time.Minute},
		{"privileges as one string", `{"userId":"alice","roomId":7,"privileges":"join,recv-audio"}`, tlssig.NumericRoom(7),
			tlssig.PrivJoin | tlssig.PrivRecvAudio, []any{"join", "recv-audio"}, 5 * time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, fixtureOpts{})
			w := f.post(t, "/v1/privatemapkey", tt.body)
			if w.Code != http.StatusOK {
				t.Fatalf("status = %d, body %s", w.Code, w.Body)
			}
			m := f.decode(t, w)
			if tt.room.IsString() {
				if str(m, "strRoomId") != tt.room.Str() || m["roomId"] != nil {
					t.Errorf("room fields %v %v", m["roomId"], m["strRoomId"])
				}
			} else if num(t, m, "roomId") != uint64(tt.room.ID()) || m["strRoomId"] != nil {
				t.Errorf("room fields %v %v", m["roomId"], m["strRoomId"])
			}
			if got := num(t, m, "privilegeMap"); got != uint64(tt.privs) {
				t.Errorf("privilegeMap = %d, want %d", got, tt.privs)
			}
			if got := fmt.Sprint(m["privileges"]); got != fmt.Sprint(tt.names) {
				t.Errorf("privileges = %s, want %s", got, fmt.Sprint(tt.names))
			}
			tk, err := hmacVerifier(t, testAppID, testSecretKey).Verify(str(m, "privateMapKey"), "alice", testNow)
			if err != nil {
				t.Fatalf("verify: %v", err)
			}
			wantExp := testNow.Truncate(time.Second).Add(tt.life)
			if tk.Kind != tlssig.KindPrivateMapKey || tk.Room != tt.room || tk.Privileges != tt.privs || !tk.ExpiresAt().Equal(wantExp) {
				t.Errorf("ticket %+v, want room %v privileges %v expiring %v", tk, tt.room, tt.privs, wantExp)
			}
			if str(m, "expiresAt") != wantExp.Format(time.RFC3339) {
				t.Errorf("expiresAt = %s, want %s", str(m, "expiresAt"), wantExp.Format(time.RFC3339))
			}
			issued := f.audits(t, "issued")
			if len(issued) != 1 {
				t.Fatalf("%d issuance audit lines, want 1", len(issued))
			}
			if a := issued[0]; a["kind"] != "privatemapkey" || a["privileges"] != tt.privs.String() {
				t.Errorf("audit line %v, want kind privatemapkey and privileges %s", a, tt.privs)
			}
		})
	}
}

func TestRoomURL(t *testing.T) {
	t.Run("rtc flow", func(t *testing.T) {
		f := newFixture(t, fixtureOpts{})
		w := f.post(t, "/v1/roomurl", `{"userId":"alice","strRoomId":"class a","privileges":["join","send-audio","recv-audio"],"scene":"live","recvMode":2,"streamId":"s_1"}`)
		if w.Code != http.StatusOK {
			t.Fatalf("status = %d, body %s", w.Code, w.Body)
		}
		m := f.decode(t, w)
		p, err := roomurltest.ParsePushURL(str(m, "pushUrl"))
		if err != nil {
			t.Fatalf("pushUrl does not parse: %v", err)
		}
		if p.RTC == nil {
			t.Fatalf("pushUrl is not the rtc flow: %+v", p)
		}
		got := *p.RTC
		if got.SDKAppID != testAppID || got.Room != tlssig.StringRoom("class a") || got.UserID.String() != "alice" || got.Scene != roomurl.SceneLive ||
			got.RecvMode != roomurl.RecvAudioOnly || got.StreamID != "s_1" || got.UserSig != str(m, "userSig") || got.PrivateMapKey != str(m, "privateMapKey") {
			t.Errorf("push URL %+v does not carry the request and the tickets", got)
		}
		v := hmacVerifier(t, testAppID, testSecretKey)
		us, err := v.Verify(got.UserSig, "alice", testNow)
		if err != nil || us.Kind != tlssig.KindUserSig {
			t.Fatalf("userSig: %v", err)
		}
		pk, err := v.Verify(got.PrivateMapKey, "alice", testNow)
		if err != nil || pk.Kind != tlssig.KindPrivateMapKey || pk.Room != tlssig.StringRoom("class a") {
			t.Fatalf("privateMapKey: %v %+v", err, pk)
		}
		if want := pk.ExpiresAt().Format(time.RFC3339); str(m, "expiresAt") != want {
			t.Errorf("expiresAt = %s, want the earlier expiry %s", str(m, "expiresAt"), want)
		}
		if str(m, "userSigExpiresAt") != us.ExpiresAt().Format(time.RFC3339) {
			t.Errorf("userSigExpiresAt = %s", str(m, "userSigExpiresAt"))
		}
	})
	t.Run("roomsig flow without roomSig", func(t *testing.T) {
		f := newFixture(t, fixtureOpts{})
		w := f.post(t, "/v1/roomurl", `{"userId":"alice","roomId":1234,"flow":"roomsig"}`)
		if w.Code != http.StatusOK {
			t.Fatalf("status = %d, body %s", w.Code, w.Body)
		}
		m := f.decode(t, w)
		if m["pushUrl"] != nil {
			t.Errorf("pushUrl %v before the client has a roomsig", m["pushUrl"])
		}
		req, _ := m["roomSigRequest"].(map[string]any)
		if req == nil || req["method"] != "POST" {
			t.Fatalf("roomSigRequest = %v", m["roomSigRequest"])
		}
		u, err := url.Parse(str(req, "url"))
		if err != nil || u.Host != "official.opensso.tencent-cloud.com" {
			t.Fatalf("roomSigRequest.url = %q", str(req, "url"))
		}
		f.secrets = append(f.secrets, str(req, "url"))
		if u.Query().Get("usersig") != str(m, "userSig") || u.Query().Get("identifier") != "alice" {
			t.Errorf("roomSigRequest.url does not carry the userSig and user")
		}
		data, _ := json.Marshal(req["data"])
		if !bytes.Contains(data, []byte(`"GroupId":1234`)) || !bytes.Contains(data, []byte(str(m, "privateMapKey"))) {
			t.Errorf("roomSigRequest.data = %s", data)
		}
		if _, err := hmacVerifier(t, testAppID, testSecretKey).Verify(str(m, "privateMapKey"), "alice", testNow); err != nil {
			t.Errorf("privateMapKey: %v", err)
		}
	})
	t.Run("roomsig flow with roomSig as object and as text", func(t *testing.T) {
		for _, rs := range []string{`{"RoomSig":"abc","Ip":[1,2]}`, `"{\"RoomSig\": \"abc\", \"Ip\": [1, 2]}"`} {
			f := newFixture(t, fixtureOpts{})
			w := f.post(t, "/v1/roomurl", `{"userId":"alice","roomId":1234,"flow":"roomsig","roomSig":`+rs+`}`)
			if w.Code != http.StatusOK {
				t.Fatalf("status = %d, body %s", w.Code, w.Body)
			}
			m := f.decode(t, w)
			p, err := roomurltest.ParsePushURL(str(m, "pushUrl"))
			if err != nil || p.RoomSig == nil {
				t.Fatalf("pushUrl %q: %v", str(m, "pushUrl"), err)
			}
			if p.RoomSig.RoomSig != `{"RoomSig":"abc","Ip":[1,2]}` || p.RoomSig.Room != tlssig.NumericRoom(1234) || p.RoomSig.UserID.String() != "alice" {
				t.Errorf("roomsig flow push URL %+v", p.RoomSig)
			}
			if m["userSig"] != nil || m["privateMapKey"] != nil {
				t.Error("tickets signed although the client holds a roomsig")
			}
		}
	})
}

func TestHealthz(t *testing.T) {
	f := newFixture(t, fixtureOpts{})
	w := f.do(t, http.MethodGet, "/healthz", "", "", nil)
	if w.Code != http.StatusOK || strings.TrimSpace(w.Body.String()) != `{"status":"ok"}` {
		t.Errorf("healthz = %d %s", w.Code, w.Body)
	}
}

// TestHealthzWithoutKeys: while no secret document is usable the health
// check answers what a ticket route would, never ok.
func TestHealthzWithoutKeys(t *testing.T) {
	f := newFixture(t, fixtureOpts{keys: downKeys(t)})
	w := f.do(t, http.MethodGet, "/healthz", "", "", nil)
	if w.Code != http.StatusServiceUnavailable || !strings.Contains(w.Body.String(), CodeKeysUnavailable) {
		t.Errorf("healthz = %d %s, want 503 %s", w.Code, w.Body, CodeKeysUnavailable)
	}
	if got := w.Header().Get("Retry-After"); got != "7" {
		t.Errorf("Retry-After = %q, want 7", got)
	}
}

// endUser authenticates as a user who may not name others (a JWT or WeChat caller).
var endUser = &fakeAuth{id: &auth.Identity{Method: auth.MethodJWT, Subject: "alice", UserID: "alice"}}

// badRequest is one row of the bad-request table: a request and the
// refusal it must get.
type badRequest struct {
	name        string
	method      string
	path        string
	contentType string
	body        string
	header      http.Header
	opts        fixtureOpts
	status      int
	code        string
}

// badRequests is the table of requests the API refuses, each with the
// status and code it must answer.
func badRequests(t *testing.T) []badRequest {
	big := `{"userId":"` + strings.Repeat("a", MaxBodyBytes) + `"}`
	return []badRequest{
		{"unknown route", "GET", "/v1/nope", "", "", nil, fixtureOpts{}, 404, CodeNotFound},
		{"trailing slash is another route", "POST", "/v1/usersig/", "application/json", `{}`, nil, fixtureOpts{}, 404, CodeNotFound},
		{"wrong method", "GET", "/v1/usersig", "", "", nil, fixtureOpts{}, 405, CodeMethodNotAllowed},
		{"wrong method on healthz", "POST", "/healthz", "application/json", `{}`, nil, fixtureOpts{}, 405, CodeMethodNotAllowed},
		{"no content type", "POST", "/v1/usersig", "", `{"userId":"a"}`, nil, fixtureOpts{}, 415, CodeUnsupportedMedia},
		{"form content type", "POST", "/v1/usersig", "application/x-www-form-urlencoded", `userId=a`, nil, fixtureOpts{}, 415, CodeUnsupportedMedia},
		{"latin1 charset", "POST", "/v1/usersig", "application/json; charset=latin1", `{"userId":"a"}`, nil, fixtureOpts{}, 415, CodeUnsupportedMedia},
		{"oversize body", "POST", "/v1/usersig", "application/json", big, nil, fixtureOpts{}, 413, CodeBodyTooLarge},
		{"empty body", "POST", "/v1/usersig", "application/json", ``, nil, fixtureOpts{}, 400, CodeInvalidJSON},
		{"malformed JSON", "POST", "/v1/usersig", "application/json", `{"userId":`, nil, fixtureOpts{}, 400, CodeInvalidJSON},
		{"not an object", "POST", "/v1/usersig", "application/json", `["alice"]`, nil, fixtureOpts{}, 400, CodeInvalidJSON},
		{"trailing garbage", "POST", "/v1/usersig", "application/json", `{"userId":"a"} x`, nil, fixtureOpts{}, 400, CodeInvalidJSON},
		{"second object", "POST", "/v1/usersig", "application/json", `{"userId":"a"}{}`, nil, fixtureOpts{}, 400, CodeInvalidJSON},
		{"duplicate field", "POST", "/v1/usersig", "application/json", `{"userId":"a","userId":"b"}`, nil, fixtureOpts{}, 400, CodeInvalidJSON},
		{"unknown field", "POST", "/v1/usersig", "application/json", `{"userId":"a","admin":true}`, nil, fixtureOpts{}, 400, CodeUnknownField},
		{"field in the wrong case", "POST", "/v1/usersig", "application/json", `{"userid":"a"}`, nil, fixtureOpts{}, 400, CodeUnknownField},
		{"room field on usersig", "POST", "/v1/usersig", "application/json", `{"userId":"a","roomId":1}`, nil, fixtureOpts{}, 400, CodeUnknownField},
		{"userId a number", "POST", "/v1/usersig", "application/json", `{"userId":42}`, nil, fixtureOpts{}, 400, CodeInvalidUserID},
		{"userId empty", "POST", "/v1/usersig", "application/json", `{"userId":""}`, nil, fixtureOpts{}, 400, CodeInvalidUserID},
		{"body not UTF-8", "POST", "/v1/usersig", "application/json", "{\"userId\":\"a\xffb\"}", nil, fixtureOpts{}, 400, CodeInvalidJSON},
		{"userId lone high surrogate", "POST", "/v1/usersig", "application/json", `{"userId":"a\ud800"}`, nil, fixtureOpts{}, 400, CodeInvalidUserID},
		{"userId lone low surrogate", "POST", "/v1/usersig", "application/json", `{"userId":"\udc00b"}`, nil, fixtureOpts{}, 400, CodeInvalidUserID},
		{"userId 33 bytes", "POST", "/v1/usersig", "application/json", `{"userId":"` + strings.Repeat("u", 33) + `"}`, nil, fixtureOpts{}, 400, CodeInvalidUserID},
		{"userId missing for dev", "POST", "/v1/usersig", "application/json", `{}`, nil, fixtureOpts{}, 400, CodeUserRequired},
		{"expire zero", "POST", "/v1/usersig", "application/json", `{"userId":"a","expire":0}`, nil, fixtureOpts{}, 400, CodeInvalidExpire},
		{"expire negative", "POST", "/v1/usersig", "application/json", `{"userId":"a","expire":-5}`, nil, fixtureOpts{}, 400, CodeInvalidExpire},
		{"expire fractional", "POST", "/v1/usersig", "application/json", `{"userId":"a","expire":1.5}`, nil, fixtureOpts{}, 400, CodeInvalidExpire},
		{"expire a string", "POST", "/v1/usersig", "application/json", `{"userId":"a","expire":"60"}`, nil, fixtureOpts{}, 400, CodeInvalidExpire},
		{"expire huge", "POST", "/v1/usersig", "application/json", `{"userId":"a","expire":99999999999999999999999}`, nil, fixtureOpts{}, 400, CodeInvalidExpire},
		{"expire over the policy maximum", "POST", "/v1/usersig", "application/json", `{"userId":"a","expire":31536000}`, nil, fixtureOpts{}, 400, CodeLifetimeTooLong},
		{"sdkAppId zero", "POST", "/v1/usersig", "application/json", `{"userId":"a","sdkAppId":0}`, nil, fixtureOpts{}, 400, CodeInvalidSDKAppID},
		{"sdkAppId over 32 bits", "POST", "/v1/usersig", "application/json", `{"userId":"a","sdkAppId":4294967296}`, nil, fixtureOpts{}, 400, CodeInvalidSDKAppID},
		{"sdkAppId a string", "POST", "/v1/usersig", "application/json", `{"userId":"a","sdkAppId":"1400000001"}`, nil, fixtureOpts{}, 400, CodeInvalidSDKAppID},
		{"sdkAppId not configured", "POST", "/v1/usersig", "application/json", `{"userId":"a","sdkAppId":1400000999}`, nil, fixtureOpts{}, 400, CodeUnknownSDKAppID},
		{"no room", "POST", "/v1/privatemapkey", "application/json", `{"userId":"a"}`, nil, fixtureOpts{}, 400, CodeInvalidRoom},
		{"both rooms", "POST", "/v1/privatemapkey", "application/json", `{"userId":"a","roomId":1,"strRoomId":"x"}`, nil, fixtureOpts{}, 400, CodeInvalidRoom},
		{"roomId zero", "POST", "/v1/privatemapkey", "application/json", `{"userId":"a","roomId":0}`, nil, fixtureOpts{}, 400, CodeInvalidRoomID},
		{"roomId over 32 bits", "POST", "/v1/privatemapkey", "application/json", `{"userId":"a","roomId":4294967296}`, nil, fixtureOpts{}, 400, CodeInvalidRoomID},
		{"roomId a string", "POST", "/v1/privatemapkey", "application/json", `{"userId":"a","roomId":"12"}`, nil, fixtureOpts{}, 400, CodeInvalidRoomID},
		{"roomId null", "POST", "/v1/privatemapkey", "application/json", `{"userId":"a","roomId":null}`, nil, fixtureOpts{}, 400, CodeInvalidRoomID},
		{"strRoomId empty", "POST", "/v1/privatemapkey", "application/json", `{"userId":"a","strRoomId":""}`, nil, fixtureOpts{}, 400, CodeInvalidStrRoomID},
		{"strRoomId 65 bytes", "POST", "/v1/privatemapkey", "application/json", `{"userId":"a","strRoomId":"` + strings.Repeat("r", 65) + `"}`, nil, fixtureOpts{}, 400, CodeInvalidStrRoomID},
		{"strRoomId bad character", "POST", "/v1/privatemapkey", "application/json", `{"userId":"a","strRoomId":"a/b"}`, nil, fixtureOpts{}, 400, CodeInvalidStrRoomID},
		{"unknown privilege", "POST", "/v1/privatemapkey", "application/json", `{"userId":"a","roomId":1,"privileges":["join","fly"]}`, nil, fixtureOpts{}, 400, CodeInvalidPrivileges},
		{"empty privileges", "POST", "/v1/privatemapkey", "application/json", `{"userId":"a","roomId":1,"privileges":[]}`, nil, fixtureOpts{}, 400, CodeInvalidPrivileges},
		{"privileges a number", "POST", "/v1/privatemapkey", "application/json", `{"userId":"a","roomId":1,"privileges":42}`, nil, fixtureOpts{}, 400, CodeInvalidPrivileges},
		{"privileges list holding a number", "POST", "/v1/privatemapkey", "application/json", `{"userId":"a","roomId":1,"privileges":["255"]}`, nil, fixtureOpts{}, 400, CodeInvalidPrivileges},
		{"privileges list holding a comma list", "POST", "/v1/privatemapkey", "application/json", `{"userId":"a","roomId":1,"privileges":["join,recv-audio"]}`, nil, fixtureOpts{}, 400, CodeInvalidPrivileges},
		{"privileges and privilegeMap", "POST", "/v1/privatemapkey", "application/json", `{"userId":"a","roomId":1,"privileges":["join"],"privilegeMap":2}`, nil, fixtureOpts{}, 400, CodeInvalidPrivileges},
		{"privilegeMap 256", "POST", "/v1/privatemapkey", "application/json", `{"userId":"a","roomId":1,"privilegeMap":256}`, nil, fixtureOpts{}, 400, CodeInvalidPrivilegeMap},
		{"privilegeMap zero", "POST", "/v1/privatemapkey", "application/json", `{"userId":"a","roomId":1,"privilegeMap":0}`, nil, fixtureOpts{}, 400, CodeInvalidPrivilegeMap},
		{"bad scene", "POST", "/v1/roomurl", "application/json", `{"userId":"a","roomId":1,"scene":"party"}`, nil, fixtureOpts{}, 400, CodeInvalidScene},
		{"bad flow", "POST", "/v1/roomurl", "application/json", `{"userId":"a","roomId":1,"flow":"carrier-pigeon"}`, nil, fixtureOpts{}, 400, CodeInvalidFlow},
		{"roomsig flow with a string room", "POST", "/v1/roomurl", "application/json", `{"userId":"a","strRoomId":"x","flow":"roomsig"}`, nil, fixtureOpts{}, 400, CodeInvalidRoom},
		{"roomSig in the rtc flow", "POST", "/v1/roomurl", "application/json", `{"userId":"a","roomId":1,"roomSig":{"a":1}}`, nil, fixtureOpts{}, 400, CodeInvalidFlow},
		{"roomSig not an object", "POST", "/v1/roomurl", "application/json", `{"userId":"a","roomId":1,"flow":"roomsig","roomSig":[1]}`, nil, fixtureOpts{}, 400, CodeInvalidRoomSig},
		{"roomSig text not JSON", "POST", "/v1/roomurl", "application/json", `{"userId":"a","roomId":1,"flow":"roomsig","roomSig":"{nope"}`, nil, fixtureOpts{}, 400, CodeInvalidRoomSig},
		{"recvMode out of range", "POST", "/v1/roomurl", "application/json", `{"userId":"a","roomId":1,"recvMode":5}`, nil, fixtureOpts{}, 400, CodeInvalidPusherOption},
		{"encSmall a number", "POST", "/v1/roomurl", "application/json", `{"userId":"a","roomId":1,"encSmall":1}`, nil, fixtureOpts{}, 400, CodeInvalidPusherOption},
		{"streamId bad characters", "POST", "/v1/roomurl", "application/json", `{"userId":"a","roomId":1,"streamId":"a b"}`, nil, fixtureOpts{}, 400, CodeInvalidPusherOption},
		{"cloudEnv unknown", "POST", "/v1/roomurl", "application/json", `{"userId":"a","roomId":1,"cloudEnv":"MARS"}`, nil, fixtureOpts{}, 400, CodeInvalidPusherOption},
		{"no credential", "POST", "/v1/usersig", "application/json", `{"userId":"a"}`, nil, fixtureOpts{methods: []auth.Method{auth.MethodAPIKey}}, 401, CodeUnauthenticated},
		{"wrong API key", "POST", "/v1/usersig", "application/json", `{"userId":"a"}`, http.Header{"X-Api-Key": {"tb_wrong"}}, fixtureOpts{}, 401, CodeInvalidCredential},
		{"user mismatch", "POST", "/v1/usersig", "application/json", `{"userId":"mallory"}`, nil, fixtureOpts{authn: endUser}, 403, CodeUserMismatch},
		{"forbidden privilege", "POST", "/v1/privatemapkey", "application/json", `{"roomId":1,"privilegeMap":255}`, nil, fixtureOpts{authn: endUser}, 403, CodePrivilegeDenied},
		{"keys unavailable", "POST", "/v1/usersig", "application/json", `{"userId":"a"}`, nil, fixtureOpts{keys: downKeys(t)}, 503, CodeKeysUnavailable},
		// A function answers only its own route (issue 10 item 5).
		{"another function's route", "POST", "/v1/privatemapkey", "application/json", `{"userId":"a","roomId":1}`, nil, fixtureOpts{paths: []string{"/v1/usersig", "/healthz"}}, 404, CodeNotFound},
		{"a third function's route", "POST", "/v1/roomurl", "application/json", `{"userId":"a","roomId":1}`, nil, fixtureOpts{paths: []string{"/v1/usersig", "/healthz"}}, 404, CodeNotFound},
		{"healthz on a function without it", "GET", "/healthz", "", "", nil, fixtureOpts{paths: []string{"/v1/privatemapkey"}}, 404, CodeNotFound},
		{"usersig on the roomurl function", "POST", "/v1/usersig", "application/json", `{"userId":"a"}`, nil, fixtureOpts{paths: []string{"/v1/roomurl"}}, 404, CodeNotFound},
		// Apps a caller's credential does not name (issue 10, "Bind callers to apps"):
		// the same answer whether the app exists or not.
		{"another app for an end user", "POST", "/v1/usersig", "application/json", `{"sdkAppId":1400000002}`, nil, fixtureOpts{authn: endUser}, 403, CodeAppDenied},
		{"an app that does not exist for an end user", "POST", "/v1/usersig", "application/json", `{"sdkAppId":1400000999}`, nil, fixtureOpts{authn: endUser}, 403, CodeAppDenied},
		{"another app for a pmk", "POST", "/v1/privatemapkey", "application/json", `{"sdkAppId":1400000003,"roomId":1}`, nil, fixtureOpts{authn: endUser}, 403, CodeAppDenied},
		{"another app for a room url", "POST", "/v1/roomurl", "application/json", `{"sdkAppId":1400000002,"roomId":1}`, nil, fixtureOpts{authn: endUser}, 403, CodeAppDenied},
		{"an app not named by the api key", "POST", "/v1/usersig", "application/json", `{"userId":"a","sdkAppId":1400000003}`, http.Header{"X-Api-Key": {otherAPIKey}}, fixtureOpts{}, 403, CodeAppDenied},
		{"an app for an api key naming none", "POST", "/v1/usersig", "application/json", `{"userId":"a","sdkAppId":1400000002}`, http.Header{"X-Api-Key": {testAPIKey}}, fixtureOpts{}, 403, CodeAppDenied},
		{"an app named by another credential kind", "POST", "/v1/usersig", "application/json", `{"sdkAppId":1400000002}`, nil, fixtureOpts{authn: &fakeAuth{id: &auth.Identity{Method: auth.MethodWeChatCode, Subject: "o1", UserID: "o1", Apps: []uint64{thirdAppID}}}}, 403, CodeAppDenied},
	}
}

func TestBadRequests(t *testing.T) {
	for _, tt := range badRequests(t) {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, tt.opts)
			w := f.do(t, tt.method, tt.path, tt.contentType, tt.body, tt.header)
			if w.Code != tt.status {
				t.Errorf("status = %d, want %d (body %s)", w.Code, tt.status, w.Body)
			}
			var eb errorBody
			dec := json.NewDecoder(w.Body)
			dec.DisallowUnknownFields()
			if err := dec.Decode(&eb); err != nil {
				t.Fatalf("error body: %v", err)
			}
			if eb.Error.Code != tt.code {
				t.Errorf("code = %q, want %q (%s)", eb.Error.Code, tt.code, eb.Error.Message)
			}
			if eb.Error.Message == "" || strings.Contains(eb.Error.Message, testSecretKey) {
				t.Errorf("message = %q", eb.Error.Message)
			}
			for _, prefix := range []string{"api:", "auth:", "policy:", "tlssig:", "secrets:", "roomurl:"} {
				if strings.HasPrefix(eb.Error.Message, prefix) {
					t.Errorf("message %q starts with a package prefix a caller cannot use", eb.Error.Message)
				}
			}
			if got := Status(eb.Error.Code); got != w.Code {
				t.Errorf("status %d disagrees with the table's %d", w.Code, got)
			}
			if w.Header().Get("X-Request-Id") == "" {
				t.Error("no X-Request-Id")
			}
			if tt.status == 405 && w.Header().Get("Allow") == "" {
				t.Error("405 without Allow")
			}
			if tt.status == 503 && w.Header().Get("Retry-After") != "7" {
				t.Errorf("Retry-After = %q, want 7", w.Header().Get("Retry-After"))
			}
			if n := len(f.audits(t, "issued")); n != 0 {
				t.Errorf("a refused request wrote %d issuance lines", n)
			}
			if strings.HasPrefix(tt.path, "/v1/") && tt.status != 404 && tt.status != 405 {
				if n := len(f.audits(t, "refused")); n != 1 {
					t.Errorf("%d refusal audit lines, want 1", n)
				}
			}
		})
	}
}

// failingSource is a secret source that is down.
type failingSource struct{}

func (failingSource) Fetch(context.Context) (secrets.Fetched, error) {
	return secrets.Fetched{}, errors.New("source down")
}

// downKeys returns a real secrets cache whose source is down: Get fails with
// secrets.ErrUnavailable and a Retry-After of 7 seconds.
func downKeys(t *testing.T) secrets.Provider {
	t.Helper()
	c, err := secrets.NewCache(context.Background(), failingSource{},
		secrets.WithClock(func() time.Time { return testNow }),
		secrets.WithBackoff(7*time.Second, time.Minute),
		secrets.WithJitter(func(d time.Duration) time.Duration { return d }),
		secrets.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestPanicIsRecovered(t *testing.T) {
	f := newFixture(t, fixtureOpts{authn: &fakeAuth{panic: true}})
	w := f.post(t, "/v1/usersig", `{"userId":"a"}`)
	if w.Code != http.StatusInternalServerError {
		t.Fatalf("status = %d", w.Code)
	}
	if got := strings.TrimSpace(w.Body.String()); got != `{"error":{"code":"internal","message":"internal error"}}` {
		t.Errorf("body = %s", got)
	}
	var found bool
	for _, l := range logscan.JSONLines(t, f.logs.String()) {
		if l["msg"] == "panic" && l["requestId"] == w.Header().Get("X-Request-Id") && strings.Contains(str(l, "stack"), "fakeAuth") {
			found = true
		}
	}
	if !found {
		t.Errorf("no panic line with the stack in the log:\n%s", f.logs)
	}
}

func TestRequestID(t *testing.T) {
	f := newFixture(t, fixtureOpts{})
	tests := []struct{ name, given, want string }{
		{"sane id reused", "gw-req-0123456789", "gw-req-0123456789"},
		{"AWS HTTP API id reused", "LV7fzho-PHcEJPw=", "LV7fzho-PHcEJPw="},
		{"too short replaced", "x", ""},
		{"injection replaced", "abc\"}\n{\"evil", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := f.do(t, http.MethodGet, "/healthz", "", "", http.Header{"X-Request-Id": {tt.given}})
			got := w.Header().Get("X-Request-Id")
			if tt.want != "" && got != tt.want {
				t.Errorf("X-Request-Id = %q, want %q", got, tt.want)
			}
			if tt.want == "" && (got == tt.given || len(got) != 32) {
				t.Errorf("X-Request-Id = %q, want a fresh id", got)
			}
		})
	}
}

func TestCORS(t *testing.T) {
	withOrigins := newFixture(t, fixtureOpts{origins: []string{"https://app.example.com"}})
	noOrigins := newFixture(t, fixtureOpts{})
	preflight := http.Header{"Access-Control-Request-Method": {"POST"}}
	tests := []struct {
		name         string
		f            *fixture
		method, path string
		origin       string
		header       http.Header
		status       int
		code         string // the error code of a refusal
		wantAllow    string // Access-Control-Allow-Origin
	}{
		{"preflight from an allowed origin", withOrigins, http.MethodOptions, "/v1/usersig", "https://app.example.com", preflight, 204, "", "https://app.example.com"},
		{"preflight from an allowed origin in other case", withOrigins, http.MethodOptions, "/v1/usersig", "https://APP.example.com", preflight, 204, "", "https://APP.example.com"},
		{"preflight from another origin", withOrigins, http.MethodOptions, "/v1/usersig", "https://evil.example", preflight, 403, CodeOriginNotAllowed, ""},
		{"preflight with no origins configured", noOrigins, http.MethodOptions, "/v1/roomurl", "https://app.example.com", preflight, 403, CodeOriginNotAllowed, ""},
		{"preflight to an unknown route", withOrigins, http.MethodOptions, "/v1/nope", "https://app.example.com", preflight, 404, CodeNotFound, "https://app.example.com"},
		{"plain OPTIONS lists the methods", noOrigins, http.MethodOptions, "/v1/usersig", "", nil, 204, "", ""},
		{"OPTIONS with an origin but no preflight", noOrigins, http.MethodOptions, "/v1/usersig", "https://app.example.com", nil, 204, "", ""},
		{"request from an allowed origin", withOrigins, http.MethodGet, "/healthz", "https://app.example.com", nil, 200, "", "https://app.example.com"},
		{"request from another origin is served without CORS headers", withOrigins, http.MethodGet, "/healthz", "https://evil.example", nil, 200, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			for k, v := range tt.header {
				h[k] = v
			}
			if tt.origin != "" {
				h.Set("Origin", tt.origin)
			}
			w := tt.f.do(t, tt.method, tt.path, "", "", h)
			if w.Code != tt.status {
				t.Errorf("status = %d, want %d (%s)", w.Code, tt.status, w.Body)
			}
			if got := w.Header().Get("Access-Control-Allow-Origin"); got != tt.wantAllow {
				t.Errorf("Access-Control-Allow-Origin = %q, want %q", got, tt.wantAllow)
			}
			if tt.method == http.MethodOptions && tt.wantAllow != "" && tt.status == 204 && !strings.Contains(w.Header().Get("Access-Control-Allow-Headers"), "X-Api-Key") {
				t.Errorf("Access-Control-Allow-Headers = %q", w.Header().Get("Access-Control-Allow-Headers"))
			}
			if tt.status == 204 && w.Header().Get("Allow") != "POST, OPTIONS" {
				t.Errorf("Allow = %q, want POST, OPTIONS", w.Header().Get("Allow"))
			}
			if tt.code != "" {
				var eb errorBody
				if err := json.Unmarshal(w.Body.Bytes(), &eb); err != nil || eb.Error.Code != tt.code || eb.Error.Message == "" {
					t.Errorf("body %s, want error code %s with a message", w.Body, tt.code)
				}
				if Status(tt.code) != tt.status {
					t.Errorf("the table gives %s status %d", tt.code, Status(tt.code))
				}
			}
		})
	}
	if _, err := validateOrigins([]string{"https://a.example/path"}); err == nil {
		t.Error("an origin with a path was accepted")
	}
}

func TestHead(t *testing.T) {
	f := newFixture(t, fixtureOpts{})
	tests := []struct {
		name, path string
		status     int
		allow      string
	}{
		{"HEAD /healthz is GET without the body", "/healthz", 200, "GET, HEAD, OPTIONS"},
		{"HEAD on a POST route", "/v1/usersig", 405, "POST, OPTIONS"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := f.do(t, http.MethodHead, tt.path, "", "", nil)
			if w.Code != tt.status || w.Header().Get("Allow") != tt.allow {
				t.Errorf("status %d Allow %q, want %d %q", w.Code, w.Header().Get("Allow"), tt.status, tt.allow)
			}
		})
	}
}

func TestNewValidatesWhole(t *testing.T) {
	_, err := New(Config{Algorithm: "rsa", CORSOrigins: []string{"ftp://x"}})
	if err == nil {
		t.Fatal("New accepted an empty config")
	}
	for _, want := range []string{"Keys", "Auth", "Policy", "TICKETBOOTH_ALGORITHM", "TICKETBOOTH_CORS_ORIGINS"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %s", err, want)
		}
	}
}

func TestRoutes(t *testing.T) {
	f := newFixture(t, fixtureOpts{})
	for _, rt := range Routes() {
		t.Run(rt.Method+" "+rt.Path, func(t *testing.T) {
			w := f.do(t, rt.Method, rt.Path, "application/json", `{"userId":"a","roomId":1}`, nil)
			if w.Code == http.StatusNotFound || w.Code == http.StatusMethodNotAllowed {
				t.Errorf("route answered %d", w.Code)
			}
		})
	}
}

func TestSignerCachePerSnapshot(t *testing.T) {
	f := newFixture(t, fixtureOpts{})
	s := f.h.(*server)
	app, _ := f.keys.snap.Current.App(0)
	a, err := s.signers.signer(f.keys.snap.Current, app, AlgorithmHMAC)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := s.signers.signer(f.keys.snap.Current, app, AlgorithmHMAC)
	if a != b {
		t.Error("the same snapshot built a second signer")
	}
	rotated := *f.keys.snap.Current
	c, _ := s.signers.signer(&rotated, app, AlgorithmHMAC)
	if a == c {
		t.Error("a new snapshot reused the old signer")
	}
}

func TestLoneSurrogate(t *testing.T) {
	tests := []struct {
		name string
		lit  string
		want bool
	}{
		{"plain text", `"alice"`, false},
		{"surrogate pair", `"\ud83d\ude00"`, false},
		{"surrogate pair in capitals", `"x\uD83D\uDE00y"`, false},
		{"escaped replacement character", `"\ufffd"`, false},
		{"other escapes", `"a\n\"\\\u0041"`, false},
		{"high alone at the end", `"a\ud800"`, true},
		{"high then text", `"\ud800a"`, true},
		{"high then another escape", `"\ud800\n"`, true},
		{"high then a letter escape", `"\ud800\u0041"`, true},
		{"two highs", `"\ud800\ud800\udc00"`, true},
		{"low alone", `"\udc00"`, true},
		{"escaped backslash before u", `"\\ud800"`, false},
		{"last code point before the surrogates", `"\ud7ff"`, false},
		{"first code point after them", `"\ue000"`, false},
		{"the last high and the last low", `"\udbff\udfff"`, false},
		{"the first high and the first low", `"\ud800\udc00"`, false},
		{"the last high alone", `"\udbff"`, true},
		{"the last low alone", `"\udfff"`, true},
		{"high then a code point after the surrogates", `"\udbff\ue000"`, true},
		{"a code point before them then a low", `"\ud7ff\udc00"`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := loneSurrogate([]byte(tt.lit)); got != tt.want {
				t.Errorf("loneSurrogate(%s) = %v, want %v", tt.lit, got, tt.want)
			}
		})
	}
}

func TestUserIDOutsideTheBMP(t *testing.T) {
	f := newFixture(t, fixtureOpts{})
	w := f.post(t, "/v1/usersig", `{"userId":"\ud83d\ude00-\ufffd"}`)
	if w.Code != http.StatusOK {
		t.Fatalf("status = %d, body %s", w.Code, w.Body)
	}
	if got := str(f.decode(t, w), "userId"); got != "😀-\ufffd" {
		t.Errorf("userId = %q, want the emoji and the replacement character as sent", got)
	}
}

// TestUserIDWarning checks the user-id rule (docs/DESIGN.md, "Ticket formats"): a user id outside [A-Za-z0-9_-] is
// signed, with a warning in the answer.
func TestUserIDWarning(t *testing.T) {
	tests := []struct {
		name, path, body string
		warn             bool
	}{
		{"recommended characters", "/v1/usersig", `{"userId":"alice_01-x"}`, false},
		{"space", "/v1/usersig", `{"userId":"alice smith"}`, true},
		{"non-ASCII", "/v1/usersig", `{"userId":"爱丽丝"}`, true},
		{"control character", "/v1/usersig", `{"userId":"a\u0001b"}`, true},
		{"privatemapkey", "/v1/privatemapkey", `{"userId":"a.b","roomId":1}`, true},
		{"roomurl", "/v1/roomurl", `{"userId":"a@b","roomId":1}`, true},
		{"roomurl recommended", "/v1/roomurl", `{"userId":"ab","roomId":1}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, fixtureOpts{})
			w := f.post(t, tt.path, tt.body)
			if w.Code != http.StatusOK {
				t.Fatalf("status = %d, body %s", w.Code, w.Body)
			}
			m := f.decode(t, w)
			got := fmt.Sprint(m["warnings"])
			if tt.warn && got != fmt.Sprint([]any{warnUserID}) {
				t.Errorf("warnings = %s, want the user id warning", got)
			}
			if !tt.warn && m["warnings"] != nil {
				t.Errorf("warnings = %s, want none", got)
			}
		})
	}
}

func TestPrivilegeMessages(t *testing.T) {
	tests := []struct{ name, privileges, want string }{
		{"all is not a name", `"all"`, `"all" is not a privilege: `},
		{"unknown name in a list", `["join","fly"]`, `"fly" is not a privilege: `},
		{"unknown name in a string", `"join, recv-audio ,teleport"`, `"teleport" is not a privilege: `},
		{"number out of range", `"256"`, "privileges must be a list of names"},
		{"empty list", `[]`, "privileges must be a list of names"},
		{"number in a list", `["255"]`, `"255" is not a privilege: `},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, fixtureOpts{})
			w := f.post(t, "/v1/privatemapkey", `{"userId":"a","roomId":1,"privileges":`+tt.privileges+`}`)
			var eb errorBody
			if err := json.Unmarshal(w.Body.Bytes(), &eb); err != nil {
				t.Fatal(err)
			}
			if w.Code != 400 || eb.Error.Code != CodeInvalidPrivileges || !strings.HasPrefix(eb.Error.Message, tt.want) {
				t.Errorf("%d %s %q, want 400 %s starting %q", w.Code, eb.Error.Code, eb.Error.Message, CodeInvalidPrivileges, tt.want)
			}
			if !strings.Contains(eb.Error.Message, "privilegeMap 255 gives all") {
				t.Errorf("message %q does not say how to ask for all", eb.Error.Message)
			}
		})
	}
}
