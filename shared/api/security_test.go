package api

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/ticketbooth/ticketbooth/shared/auth"
	"github.com/ticketbooth/ticketbooth/shared/policy"
)

// jscode2session is a counting stand-in for WeChat's jscode2session: every
// exchange spends the user's single-use code and the app's quota.
type jscode2session struct {
	*httptest.Server
	hits atomic.Int64
}

func newJSCode2Session(t *testing.T) *jscode2session {
	t.Helper()
	s := &jscode2session{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.hits.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"openid": "oWECHATUSER1", "session_key": wxSessionKey})
	}))
	t.Cleanup(s.Close)
	return s
}

// identityFree are the codes of refusals that need no identity: a request
// refused with one of them must be refused before the caller's credential is
// used.
var identityFree = map[string]bool{
	CodeNotFound: true, CodeMethodNotAllowed: true, CodeUnsupportedMedia: true, CodeBodyTooLarge: true,
	CodeInvalidJSON: true, CodeUnknownField: true, CodeInvalidSDKAppID: true, CodeInvalidUserID: true,
	CodeInvalidExpire: true, CodeLifetimeTooLong: true, CodeInvalidRoomID: true, CodeInvalidStrRoomID: true,
	CodeInvalidRoom: true, CodeInvalidPrivileges: true, CodeInvalidPrivilegeMap: true, CodeInvalidScene: true,
	CodeInvalidFlow: true, CodeInvalidPusherOption: true, CodeInvalidRoomSig: true, CodeInvalidBizBuf: true,
}

// TestBadRequestSpendsNoCode sends every identity-free row of the
// bad-request table from a WeChat caller: the refusal is the same and no
// code is exchanged.
func TestBadRequestSpendsNoCode(t *testing.T) {
	const code = "081spendableCODE"
	n := 0
	for _, tt := range badRequests(t) {
		if !identityFree[tt.code] || tt.opts.authn != nil || tt.opts.methods != nil || tt.opts.keys != nil {
			continue
		}
		n++
		t.Run(tt.name, func(t *testing.T) {
			wx := newJSCode2Session(t)
			f := newFixture(t, fixtureOpts{methods: []auth.Method{auth.MethodWeChatCode}, wechatAPI: wx.URL, paths: tt.opts.paths})
			f.secrets = append(f.secrets, code)
			h := http.Header{"X-Wx-Code": {code}}
			for k, v := range tt.header {
				h[k] = v
			}
			// The rows name a user, which a WeChat caller may not: the
			// request is refused for what is wrong with it before anyone
			// asks who is calling.
			w := f.do(t, tt.method, tt.path, tt.contentType, tt.body, h)
			var eb errorBody
			if err := json.NewDecoder(w.Body).Decode(&eb); err != nil {
				t.Fatalf("error body: %v", err)
			}
			if w.Code != tt.status || eb.Error.Code != tt.code {
				t.Errorf("got %d %s (%s), want %d %s", w.Code, eb.Error.Code, eb.Error.Message, tt.status, tt.code)
			}
			if got := wx.hits.Load(); got != 0 {
				t.Errorf("the bad request spent the WeChat code: jscode2session called %d times", got)
			}
		})
	}
	if n < 40 {
		t.Fatalf("only %d identity-free rows in the bad-request table", n)
	}
	t.Run("a good request spends it once", func(t *testing.T) {
		wx := newJSCode2Session(t)
		f := newFixture(t, fixtureOpts{methods: []auth.Method{auth.MethodWeChatCode}, wechatAPI: wx.URL})
		f.secrets = append(f.secrets, code)
		w := f.do(t, http.MethodPost, "/v1/usersig", "application/json", `{}`, http.Header{"X-Wx-Code": {code}})
		if w.Code != http.StatusOK {
			t.Fatalf("status %d: %s", w.Code, w.Body)
		}
		f.decode(t, w)
		if got := wx.hits.Load(); got != 1 {
			t.Errorf("jscode2session called %d times, want 1", got)
		}
	})
}

// appID matches any SDKAppID-like number in a message.
var appID = regexp.MustCompile(`14\d{8}`)

func TestAppBinding(t *testing.T) {
	wechat := &fakeAuth{id: &auth.Identity{Method: auth.MethodWeChatCode, Subject: "o1", UserID: "o1", Apps: []uint64{thirdAppID}}}
	jwtUser := &fakeAuth{id: &auth.Identity{Method: auth.MethodJWT, Subject: "alice", UserID: "alice", Apps: []uint64{otherAppID}}}
	invoke := &fakeAuth{id: &auth.Identity{Method: auth.MethodInvoke, Subject: "invoke", MayNameUser: true, AnyApp: true}}
	tests := []struct {
		name   string
		opts   fixtureOpts
		header http.Header
		body   string
		status int
		app    uint64
	}{
		{"end user, default app by omission", fixtureOpts{authn: endUser}, nil, `{}`, 200, testAppID},
		{"end user, default app by id", fixtureOpts{authn: endUser}, nil, `{"sdkAppId":1400000001}`, 200, testAppID},
		{"end user, another app", fixtureOpts{authn: endUser}, nil, `{"sdkAppId":1400000002}`, 403, otherAppID},
		{"jwt apps claim names the app", fixtureOpts{authn: jwtUser}, nil, `{"sdkAppId":1400000002}`, 200, otherAppID},
		{"jwt apps claim does not name it", fixtureOpts{authn: jwtUser}, nil, `{"sdkAppId":1400000003}`, 403, thirdAppID},
		{"wechat.sdkAppIds names the app", fixtureOpts{authn: wechat}, nil, `{"sdkAppId":1400000003}`, 200, thirdAppID},
		{"wechat.sdkAppIds does not name it", fixtureOpts{authn: wechat}, nil, `{"sdkAppId":1400000002}`, 403, otherAppID},
		{"api key naming the app", fixtureOpts{}, http.Header{"X-Api-Key": {otherAPIKey}}, `{"userId":"a","sdkAppId":1400000002}`, 200, otherAppID},
		{"api key, default app", fixtureOpts{}, http.Header{"X-Api-Key": {otherAPIKey}}, `{"userId":"a"}`, 200, testAppID},
		{"api key naming another app", fixtureOpts{}, http.Header{"X-Api-Key": {otherAPIKey}}, `{"userId":"a","sdkAppId":1400000003}`, 403, thirdAppID},
		{"api key naming none", fixtureOpts{}, http.Header{"X-Api-Key": {testAPIKey}}, `{"userId":"a","sdkAppId":1400000002}`, 403, otherAppID},
		{"dev, any app", fixtureOpts{}, nil, `{"userId":"a","sdkAppId":1400000003}`, 200, thirdAppID},
		{"invoke, any app", fixtureOpts{authn: invoke}, nil, `{"userId":"a","sdkAppId":1400000002}`, 200, otherAppID},
		{"invoke, an app that does not exist", fixtureOpts{authn: invoke}, nil, `{"userId":"a","sdkAppId":1400000999}`, 400, 1400000999},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, tt.opts)
			w := f.do(t, http.MethodPost, "/v1/usersig", "application/json", tt.body, tt.header)
			if w.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", w.Code, tt.status, w.Body)
			}
			m := f.decode(t, w)
			outcome := "issued"
			if tt.status == 200 {
				if got := num(t, m, "sdkAppId"); got != tt.app {
					t.Errorf("issued for app %d, want %d", got, tt.app)
				}
			} else {
				outcome = "refused"
				b, _ := json.Marshal(m)
				msg := string(b)
				if tt.status == 403 && (appID.MatchString(msg) || !strings.Contains(msg, CodeAppDenied)) {
					t.Errorf("the refusal names an app or is not %s: %s", CodeAppDenied, msg)
				}
			}
			lines := f.audits(t, outcome)
			if len(lines) != 1 {
				t.Fatalf("%d %s audit lines, want 1", len(lines), outcome)
			}
			if got, _ := lines[0]["sdkAppId"].(float64); uint64(got) != tt.app {
				t.Errorf("the audit line names app %v, want %d", lines[0]["sdkAppId"], tt.app)
			}
		})
	}
}

func TestPaths(t *testing.T) {
	f := newFixture(t, fixtureOpts{paths: []string{"/v1/usersig", "/healthz"}})
	if w := f.do(t, http.MethodGet, "/healthz", "", "", nil); w.Code != http.StatusOK {
		t.Errorf("healthz: %d %s", w.Code, w.Body)
	}
	w := f.post(t, "/v1/usersig", `{"userId":"alice"}`)
	if w.Code != http.StatusOK {
		t.Fatalf("usersig: %d %s", w.Code, w.Body)
	}
	f.decode(t, w)
	w = f.post(t, "/v1/privatemapkey", `{"userId":"alice","roomId":1}`)
	if w.Code != http.StatusNotFound {
		t.Fatalf("privatemapkey on the usersig function: %d %s", w.Code, w.Body)
	}
	if msg := w.Body.String(); !strings.Contains(msg, "the routes are POST /v1/usersig, GET /healthz\"") || strings.Contains(msg, "/v1/roomurl\"") || strings.Contains(msg, "POST /v1/privatemapkey") {
		t.Errorf("the 404 does not list just this function's routes: %s", msg)
	}
	for _, paths := range [][]string{{"/v1/nope"}, {}, {"/v1/usersig", "v1/roomurl"}} {
		if _, err := New(Config{Keys: f.keys, Auth: endUser, Policy: mustPolicy(t), Paths: paths}); err == nil {
			t.Errorf("New accepted Paths %q", paths)
		}
	}
}

func mustPolicy(t *testing.T) *policy.Policy {
	t.Helper()
	p, err := policy.FromEnv(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	return p
}
