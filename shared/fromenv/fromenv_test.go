package fromenv

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ticketbooth/ticketbooth/internal/logscan"
	"github.com/ticketbooth/ticketbooth/shared/secrets"
	"github.com/ticketbooth/ticketbooth/shared/tlssig"
)

const (
	testAppID     = 1400000001
	testSecretKey = "5ecret-key-for-the-fromenv-tests-0123456789abcdef0123456789ab"
	testAPIKey    = "tb_test_api_key_6f1c2e9a4b7d8c3e"
)

func str(m map[string]any, k string) string { s, _ := m[k].(string); return s }

func TestHandler(t *testing.T) {
	sum := sha256.Sum256([]byte(testAPIKey))
	doc, err := json.Marshal(secrets.Document{
		Apps:    []secrets.App{{SDKAppID: testAppID, SecretKey: testSecretKey}},
		APIKeys: []secrets.APIKey{{ID: "backend-1", SHA256: hex.EncodeToString(sum[:])}},
	})
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]string{
		"TICKETBOOTH_SECRET":       "env:TB_DOC",
		"TB_DOC":                   string(doc),
		"TICKETBOOTH_AUTH":         "apikey",
		"TICKETBOOTH_CORS_ORIGINS": "https://app.example.com, https://admin.example.com",
	}
	logs := &logscan.Buffer{}
	h, err := Handler(context.Background(), func(k string) string { return env[k] },
		WithLogger(slog.New(slog.NewJSONHandler(logs, nil))))
	if err != nil {
		t.Fatalf("Handler: %v", err)
	}
	r := httptest.NewRequest(http.MethodPost, "/v1/usersig", strings.NewReader(`{"userId":"backend-user"}`))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("X-Api-Key", testAPIKey)
	r.Header.Set("Origin", "https://admin.example.com")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != http.StatusOK {
		t.Fatalf("status = %d: %s", w.Code, w.Body)
	}
	var resp struct{ UserSig string }
	if err := json.Unmarshal(w.Body.Bytes(), &resp); err != nil {
		t.Fatal(err)
	}
	v, err := tlssig.NewHMACVerifier(testAppID, testSecretKey)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.Verify(resp.UserSig, "backend-user", time.Now()); err != nil {
		t.Errorf("verify: %v", err)
	}
	if got := w.Header().Get("Access-Control-Allow-Origin"); got != "https://admin.example.com" {
		t.Errorf("Access-Control-Allow-Origin = %q", got)
	}
	logscan.AssertNoSecretsIn(t, "the log", logs.String(), testSecretKey, testAPIKey, resp.UserSig, hex.EncodeToString(sum[:]))
}

func TestHandlerReportsEveryBadVariable(t *testing.T) {
	env := map[string]string{
		"TICKETBOOTH_ALGORITHM":    "rsa",
		"TICKETBOOTH_CORS_ORIGINS": "not an origin",
		"TICKETBOOTH_SECRET_TTL":   "soon",
		"TICKETBOOTH_AUTH":         "magic",
	}
	_, err := Handler(context.Background(), func(k string) string { return env[k] })
	if err == nil {
		t.Fatal("Handler accepted a bad configuration")
	}
	for _, name := range []string{"TICKETBOOTH_ALGORITHM", "TICKETBOOTH_CORS_ORIGINS", "TICKETBOOTH_SECRET_TTL", "TICKETBOOTH_AUTH"} {
		if !strings.Contains(err.Error(), name) {
			t.Errorf("the error does not name %s:\n%v", name, err)
		}
	}
	_, err = Handler(context.Background(), func(k string) string { return map[string]string{"TICKETBOOTH_AUTH": "dev"}[k] })
	if err == nil || !strings.Contains(err.Error(), "TICKETBOOTH_SECRET") {
		t.Errorf("a missing TICKETBOOTH_SECRET gave %v", err)
	}
}

// TestHandlerRequestIDOnEveryLine checks that the lines the authenticator
// writes while serving a request carry the request's id, as the API's own do.
func TestHandlerRequestIDOnEveryLine(t *testing.T) {
	wx := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"errcode":40013,"errmsg":"invalid appid"}`))
	}))
	t.Cleanup(wx.Close)
	const appSecret = "wx-app-secret-0123456789abcdef"
	doc := `{"apps":[{"sdkAppId":1400000001,"secretKey":"` + testSecretKey + `"}],"wechat":{"appId":"wx0123456789abcdef","appSecret":"` + appSecret + `"}}`
	env := map[string]string{
		"TICKETBOOTH_SECRET":     "env:TB_DOC",
		"TB_DOC":                 doc,
		"TICKETBOOTH_AUTH":       "wechat-code",
		"TICKETBOOTH_WECHAT_API": wx.URL,
	}
	logs := &logscan.Buffer{}
	h, err := Handler(context.Background(), func(k string) string { return env[k] },
		WithLogger(slog.New(slog.NewJSONHandler(logs, nil))))
	if err != nil {
		t.Fatalf("Handler: %v", err)
	}
	r := httptest.NewRequest(http.MethodPost, "/v1/usersig", strings.NewReader(`{}`))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("X-WX-Code", "code-from-wx-login")
	r.Header.Set("X-Request-Id", "req-wechat-0001")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != http.StatusServiceUnavailable {
		t.Fatalf("status = %d, want 503: %s", w.Code, w.Body)
	}
	lines := logscan.JSONLines(t, logs.String())
	var sawAuth bool
	for _, l := range lines {
		if l["requestId"] == nil {
			continue
		}
		if l["requestId"] != "req-wechat-0001" {
			t.Errorf("line %v has another request id", l)
		}
		if strings.Contains(str(l, "msg"), "jscode2session") {
			sawAuth = true
		}
	}
	if !sawAuth {
		t.Errorf("no authenticator line with the request id in:\n%s", logs)
	}
	logscan.AssertNoSecretsIn(t, "the log", logs.String(), appSecret, "code-from-wx-login", testSecretKey)
}

// TestHandlerChecksALocalDocument: a local (env:, file:) document that is
// missing, invalid, or lacks what TICKETBOOTH_AUTH or TICKETBOOTH_ALGORITHM
// needs stops Handler with the message naming the field.
func TestHandlerChecksALocalDocument(t *testing.T) {
	dir := t.TempDir()
	app := `{"sdkAppId":1400000001,"secretKey":"` + testSecretKey + `"}`
	tests := []struct {
		name string
		env  map[string]string
		want []string
	}{
		{"missing file", map[string]string{"TICKETBOOTH_SECRET": "file:" + dir + "/nope.json", "TICKETBOOTH_AUTH": "dev"},
			[]string{"TICKETBOOTH_SECRET=file:", "nope.json", "no such file"}},
		{"unset variable", map[string]string{"TICKETBOOTH_SECRET": "env:TB_DOC", "TICKETBOOTH_AUTH": "dev"},
			[]string{"TICKETBOOTH_SECRET=env:TB_DOC", "empty or not set"}},
		{"the README's placeholder", map[string]string{"TICKETBOOTH_SECRET": "env:TB_DOC", "TB_DOC": `{"apps":[{"sdkAppId":1400123456,"secretKey":"…"}]}`, "TICKETBOOTH_AUTH": "dev"},
			[]string{"apps[0].secretKey"}},
		{"wechat-code without wechat", map[string]string{"TICKETBOOTH_SECRET": "env:TB_DOC", "TB_DOC": `{"apps":[` + app + `]}`, "TICKETBOOTH_AUTH": "wechat-code"},
			[]string{"wechat.appId", "wechat-code"}},
		{"jwt without jwt", map[string]string{"TICKETBOOTH_SECRET": "env:TB_DOC", "TB_DOC": `{"apps":[` + app + `]}`, "TICKETBOOTH_AUTH": "jwt,apikey"},
			[]string{"jwt: required", "apiKeys: required"}},
		{"jwt section that cannot verify, with apikey", map[string]string{"TICKETBOOTH_SECRET": "env:TB_DOC", "TB_DOC": `{"apps":[` + app + `],"jwt":{"issuer":"iss","audience":"aud","hs256Secret":"sHoRtK3y"},"apiKeys":[{"id":"b","sha256":"` + strings.Repeat("0", 64) + `"}]}`, "TICKETBOOTH_AUTH": "apikey"},
			[]string{"jwt.hs256Secret: shorter than 32 bytes"}},
		{"ecdsa without ecdsaPrivateKey", map[string]string{"TICKETBOOTH_SECRET": "env:TB_DOC", "TB_DOC": `{"apps":[` + app + `]}`, "TICKETBOOTH_AUTH": "dev", "TICKETBOOTH_ALGORITHM": "ecdsa"},
			[]string{"apps[0].ecdsaPrivateKey: required by TICKETBOOTH_ALGORITHM=ecdsa"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			logs := &logscan.Buffer{}
			_, err := Handler(context.Background(), func(k string) string { return tt.env[k] },
				WithLogger(slog.New(slog.NewJSONHandler(logs, nil))))
			if err == nil {
				t.Fatal("Handler accepted it")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			logscan.AssertNoSecretsIn(t, "the error", err.Error(), testSecretKey)
		})
	}
}

// TestHandlerRefusesARefreshLackingAnAuthSection: the same checks apply when
// a refresh brings a document: it is refused and the good one kept.
func TestHandlerRefusesARefreshLackingAnAuthSection(t *testing.T) {
	sum := sha256.Sum256([]byte(testAPIKey))
	path := t.TempDir() + "/secret.json"
	good := `{"apps":[{"sdkAppId":1400000001,"secretKey":"` + testSecretKey + `"}],"apiKeys":[{"id":"b","sha256":"` + hex.EncodeToString(sum[:]) + `"}]}`
	if err := os.WriteFile(path, []byte(good), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"TICKETBOOTH_SECRET": "file:" + path, "TICKETBOOTH_AUTH": "apikey", "TICKETBOOTH_SECRET_TTL": "1s"}
	now := time.Now()
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	logs := &logscan.Buffer{}
	h, err := Handler(context.Background(), func(k string) string { return env[k] },
		WithLogger(slog.New(slog.NewJSONHandler(logs, nil))),
		WithSecretsOptions(secrets.WithClock(clock), secrets.WithJitter(func(d time.Duration) time.Duration { return d })))
	if err != nil {
		t.Fatal(err)
	}
	call := func() int {
		r := httptest.NewRequest(http.MethodPost, "/v1/usersig", strings.NewReader(`{"userId":"u"}`))
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("X-Api-Key", testAPIKey)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w.Code
	}
	if code := call(); code != http.StatusOK {
		t.Fatalf("status = %d", code)
	}
	if err := os.WriteFile(path, []byte(`{"apps":[{"sdkAppId":1400000001,"secretKey":"`+testSecretKey+`"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	now = now.Add(2 * time.Second)
	mu.Unlock()
	call() // starts the refresh
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(logs.String(), "apiKeys: required") {
		if time.Now().After(deadline) {
			t.Fatalf("no refused refresh in the log:\n%s", logs)
		}
		time.Sleep(time.Millisecond)
	}
	if code := call(); code != http.StatusOK {
		t.Errorf("after the refused refresh: status = %d, want 200 from the good document", code)
	}
}

// TestHandlerChecksSettingsFirst: the routes of WithPaths are checked with the variables, before
// any document is read or the cache opened, so a bad route is reported even when the document is
// missing too, and in the same list as the bad variables.
func TestHandlerChecksSettingsFirst(t *testing.T) {
	env := map[string]string{
		"TICKETBOOTH_SECRET":    "file:" + t.TempDir() + "/nope.json",
		"TICKETBOOTH_AUTH":      "dev",
		"TICKETBOOTH_ALGORITHM": "rsa",
	}
	_, err := Handler(context.Background(), func(k string) string { return env[k] }, WithPaths("/v1/nope"))
	if err == nil {
		t.Fatal("Handler accepted a route the API does not have")
	}
	for _, w := range []string{"Config.Paths", `"/v1/nope"`, "TICKETBOOTH_ALGORITHM"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q lacks %q", err, w)
		}
	}
	if strings.Contains(err.Error(), "nope.json") {
		t.Errorf("the document was read before the settings were checked: %v", err)
	}
}
