package secrets_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ticketbooth/ticketbooth/shared/secrets"
	"github.com/ticketbooth/ticketbooth/shared/secrets/secretstest"
	"github.com/ticketbooth/ticketbooth/shared/tlssig/tlssigtest"
)

// The tests in this file pin guards that `make mutate` (gremlins) showed no
// other test would notice changing: each limit is accepted at its edge and
// refused one step past it.

// TestDocumentLimitsAtTheEdge: every size and shape limit of the document,
// at the limit (accepted) and one past it (refused with the field named).
func TestDocumentLimitsAtTheEdge(t *testing.T) {
	apps := func(n int) []any {
		a := make([]any, n)
		for i := range a {
			a[i] = app(uint64(i + 1))
		}
		a[0] = app(1, "default", true)
		return a
	}
	keys := func(n int) []any {
		k := make([]any, n)
		for i := range k {
			sum := sha256.Sum256([]byte(fmt.Sprint(i)))
			k[i] = map[string]any{"id": fmt.Sprint("k", i), "sha256": hex.EncodeToString(sum[:])}
		}
		return k
	}
	key := func(id string) []any { return []any{map[string]any{"id": id, "sha256": apiKeyHash}} }
	one := []any{app(1)}
	nested := func(n int) string {
		return `{"apps":[{"sdkAppId":` + strings.Repeat("[", n) + "1" + strings.Repeat("]", n) + `}]}`
	}
	padded := func(size int) string {
		d := string(doc(t, map[string]any{"apps": one}))
		return d + strings.Repeat(" ", size-len(d))
	}
	wechat := func(id string) map[string]any {
		return map[string]any{"apps": one, "wechat": map[string]any{"appId": id, "appSecret": wxSecret}}
	}
	tests := []struct {
		name     string
		ok, over string
		want     string // in the error for over
	}{
		{"64 apps", string(doc(t, map[string]any{"apps": apps(64)})), string(doc(t, map[string]any{"apps": apps(65)})), "apps: at most 64 apps"},
		{"256 api keys", string(doc(t, map[string]any{"apps": one, "apiKeys": keys(256)})), string(doc(t, map[string]any{"apps": one, "apiKeys": keys(257)})), "apiKeys: at most 256 keys"},
		{"api key id of 64 characters", string(doc(t, map[string]any{"apps": one, "apiKeys": key(strings.Repeat("i", 64))})), string(doc(t, map[string]any{"apps": one, "apiKeys": key(strings.Repeat("i", 65))})), "apiKeys[0].id: must be 1 to 64 printable ASCII"},
		{"api key id from ! to ~", string(doc(t, map[string]any{"apps": one, "apiKeys": key("!~")})), string(doc(t, map[string]any{"apps": one, "apiKeys": key("!~ ")})), "apiKeys[0].id: must be 1 to 64 printable ASCII"},
		{"api key id without DEL", string(doc(t, map[string]any{"apps": one, "apiKeys": key("~")})), string(doc(t, map[string]any{"apps": one, "apiKeys": key("~\x7f")})), "apiKeys[0].id: must be 1 to 64 printable ASCII"},
		{"sdkAppId 4294967295", string(doc(t, map[string]any{"apps": []any{app(4294967295)}})), string(doc(t, map[string]any{"apps": []any{app(4294967296)}})), "apps[0].sdkAppId: must be between 1 and 4294967295"},
		{"secretKey of 16 bytes", string(doc(t, map[string]any{"apps": []any{app(1, "secretKey", "0123456789abcdef")}})), string(doc(t, map[string]any{"apps": []any{app(1, "secretKey", "0123456789abcde")}})), "apps[0].secretKey: shorter than 16 bytes"},
		{"wechat.appId of 32 characters", string(doc(t, wechat("wx"+strings.Repeat("aZ09", 7)+"zA"))), string(doc(t, wechat("wx"+strings.Repeat("aZ09", 7)+"zA0"))), "wechat.appId: must be the mini-program's AppID"},
		{"wechat.appId needs more than wx", string(doc(t, wechat("wx1"))), string(doc(t, wechat("wx"))), "wechat.appId: must be the mini-program's AppID"},
		{"nesting of 5 arrays", nested(5), nested(6), "apps[0].sdkAppId: nested too deeply"},
		{"document of MaxDocumentSize bytes", padded(secrets.MaxDocumentSize), padded(secrets.MaxDocumentSize + 1), "larger than 65536 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := secrets.Parse([]byte(tt.ok))
			if tt.name == "nesting of 5 arrays" {
				// At the limit the nesting is read; the type error is json's.
				if err == nil || strings.Contains(err.Error(), "nested too deeply") {
					t.Fatalf("at the limit: %v, want the type error", err)
				}
			} else if err != nil {
				t.Fatalf("at the limit: %v", err)
			}
			_, err = secrets.Parse([]byte(tt.over))
			if !errors.Is(err, secrets.ErrInvalidDocument) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("past the limit: %v, want %q", err, tt.want)
			}
		})
	}
}

// TestSingleDefaultApp: one app marked default is a valid document (the rule
// "exactly one default" concerns several apps).
func TestSingleDefaultApp(t *testing.T) {
	d, err := secrets.Parse(doc(t, map[string]any{"apps": []any{app(7, "default", true)}}))
	if err != nil {
		t.Fatal(err)
	}
	if a := d.Default(); a == nil || a.SDKAppID != 7 {
		t.Errorf("Default() = %v, want app 7", a)
	}
}

// TestUnknownFieldNames: an unknown key is quoted only when it looks like a
// field name (1–32 of [A-Za-z0-9_]); anything else, which may be a secret
// pasted in the wrong place, is "(a field)".
func TestUnknownFieldNames(t *testing.T) {
	tests := []struct{ key, want string }{
		{"azAZ09_", "azAZ09_"},
		{strings.Repeat("k", 32), strings.Repeat("k", 32)},
		{strings.Repeat("k", 33), "(a field)"},
		{"a-b", "(a field)"},
		{"a b", "(a field)"},
		{"", "(a field)"},
		{"a@", "(a field)"},
		{"a[", "(a field)"},
		{"a`", "(a field)"},
		{"a{", "(a field)"},
		{"a/", "(a field)"},
		{"a:", "(a field)"},
	}
	for _, tt := range tests {
		in := `{"apps":[{"sdkAppId":1,"` + tt.key + `":1}]}`
		_, err := secrets.Parse([]byte(in))
		// The whole message: the field, the problem, the sentinel last.
		want := "apps[0]." + tt.want + ": unknown field: " + secrets.ErrInvalidDocument.Error()
		if err == nil || err.Error() != want {
			t.Errorf("key %q: %v, want %q", tt.key, err, want)
		}
	}
}

// TestRedactedShapes: what String and the log show of each type, exactly:
// which keys are present, never a key. A wrong flag here (hmac=false for an
// app that has its key) would mislead whoever reads the log.
func TestRedactedShapes(t *testing.T) {
	pub := "-----BEGIN PUBLIC KEY-----\nnot read by String\n-----END PUBLIC KEY-----\n"
	d := secrets.Document{
		Apps: []secrets.App{
			{SDKAppID: 1, SecretKey: hmacKey1, Default: true},
			{SDKAppID: 2, ECDSAPrivateKey: "PEM", ECDSAPublicKey: pub},
			{SDKAppID: 3},
		},
		JWT:     &secrets.JWT{Issuer: "iss", Audience: "aud", JWKSURL: "https://x.example/j", Algorithms: []string{"RS256", "ES256"}},
		WeChat:  &secrets.WeChat{AppID: "wx1", AppSecret: wxSecret},
		APIKeys: []secrets.APIKey{{ID: "k1", SHA256: apiKeyHash, Role: "anchor"}, {ID: "k2", SHA256: otherKeyHash}},
	}
	small := secrets.Document{Apps: []secrets.App{{SDKAppID: 9, SecretKey: hmacKey2}}}
	hs := secrets.JWT{HS256Secret: hsSecret, JWKSURL: "https://x.example/j"}
	tests := []struct {
		name string
		v    interface {
			String() string
			LogValue() slog.Value
		}
		str, log string
	}{
		{"Document", d,
			"secrets.Document{apps:[1(hmac,default) 2(ecdsa) 3()] jwt:{jwksUrl algorithms:RS256,ES256} wechat:[REDACTED] apiKeys:2}",
			"v.apps=1,2,3 v.jwt=true v.wechat=true v.apiKeys=2"},
		{"empty Document", secrets.Document{}, "secrets.Document{apps:[]}", "v.apps=\"\" v.jwt=false v.wechat=false v.apiKeys=0"},
		{"App with hmac", d.Apps[0], "secrets.App{1(hmac,default) keys:[REDACTED]}", "v.sdkAppId=1 v.hmac=true v.ecdsa=false v.default=true"},
		{"App with ecdsa", d.Apps[1], "secrets.App{2(ecdsa) keys:[REDACTED]}", "v.sdkAppId=2 v.hmac=false v.ecdsa=true v.default=false"},
		{"JWT with jwks", *d.JWT, "secrets.JWT{jwksUrl algorithms:RS256,ES256}", "v.issuer=iss v.audience=aud v.hs256Secret=false v.jwksUrl=true"},
		{"JWT with both", hs, "secrets.JWT{hs256Secret+jwksUrl algorithms:}", "v.issuer=\"\" v.audience=\"\" v.hs256Secret=true v.jwksUrl=true"},
		{"JWT with none", secrets.JWT{}, "secrets.JWT{ algorithms:}", "v.issuer=\"\" v.audience=\"\" v.hs256Secret=false v.jwksUrl=false"},
		{"WeChat", *d.WeChat, "secrets.WeChat{appId:wx1 appSecret:[REDACTED]}", "v.appId=wx1"},
		{"Snapshot", secrets.Snapshot{Version: "v1", FetchedAt: time.Unix(0, 0).UTC(), Current: &small},
			`secrets.Snapshot{version:"v1" fetchedAt:1970-01-01T00:00:00Z current:secrets.Document{apps:[9(hmac)]} previous:<nil>}`,
			"v.version=v1 v.fetchedAt=1970-01-01T00:00:00.000Z v.current.apps=9 v.current.jwt=false v.current.wechat=false v.current.apiKeys=0 v.previous=false"},
		{"Snapshot in rotation", secrets.Snapshot{Version: "v2", FetchedAt: time.Unix(60, 0).UTC(), Current: &small, Previous: &small},
			`secrets.Snapshot{version:"v2" fetchedAt:1970-01-01T00:01:00Z current:secrets.Document{apps:[9(hmac)]} previous:secrets.Document{apps:[9(hmac)]}}`,
			"v.version=v2 v.fetchedAt=1970-01-01T00:01:00.000Z v.current.apps=9 v.current.jwt=false v.current.wechat=false v.current.apiKeys=0 v.previous=true"},
		{"empty Snapshot", secrets.Snapshot{FetchedAt: time.Unix(0, 0).UTC()},
			`secrets.Snapshot{version:"" fetchedAt:1970-01-01T00:00:00Z current:<nil> previous:<nil>}`,
			`v.version="" v.fetchedAt=1970-01-01T00:00:00.000Z v.previous=false`},
		{"APIKey", d.APIKeys[0], "secrets.APIKey{id:k1 sha256:[REDACTED]}", "v.id=k1 v.role=anchor"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.v.String(); got != tt.str {
				t.Errorf("String() = %q, want %q", got, tt.str)
			}
			var buf bytes.Buffer
			h := slog.NewTextHandler(&buf, &slog.HandlerOptions{ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
				if len(groups) == 0 && (a.Key == slog.TimeKey || a.Key == slog.LevelKey || a.Key == slog.MessageKey) {
					return slog.Attr{}
				}
				return a
			}})
			slog.New(h).Info("", "v", tt.v)
			if got := strings.TrimSpace(buf.String()); got != tt.log {
				t.Errorf("log = %q, want %q", got, tt.log)
			}
			assertNoSecret(t, "String and log", tt.v.String()+buf.String(), secretsIn())
		})
	}
}

// TestFileSourceSizeLimit: a secret file of exactly MaxDocumentSize bytes is
// read whole; one byte more is refused as too large, not read cut short.
func TestFileSourceSizeLimit(t *testing.T) {
	d := string(secretstest.Document(t, 1400000001, hmacKey1))
	dir := t.TempDir()
	for _, tt := range []struct {
		size int
		want string // in the error; "" when accepted
	}{
		{secrets.MaxDocumentSize, ""},
		{secrets.MaxDocumentSize + 1, "larger than 65536 bytes"},
	} {
		path := filepath.Join(dir, fmt.Sprint(tt.size, ".json"))
		if err := os.WriteFile(path, []byte(d+strings.Repeat(" ", tt.size-len(d))), 0o600); err != nil {
			t.Fatal(err)
		}
		c, err := secrets.Open(context.Background(), "file:"+path, secrets.WithLogger(slog.New(slog.DiscardHandler)))
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.Get(context.Background())
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%d bytes: %v", tt.size, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%d bytes: %v, want an error saying %q", tt.size, err, tt.want)
		}
	}
}

// TestParseNamesTheElement: a problem inside the second element of a list
// names that element; a WeChat app secret with white space round it is
// refused; an app built by hand parses its ECDSA key on first use.
func TestParseNamesTheElement(t *testing.T) {
	_, err := secrets.Parse([]byte(`{"apps":[{"sdkAppId":1,"secretKey":"` + hmacKey1 + `","default":true},{"sdkAppId":2,"oops":1}]}`))
	if err == nil || !strings.Contains(err.Error(), "apps[1].oops: unknown field") {
		t.Errorf("unknown field in the second app: %v", err)
	}
	_, err = secrets.Parse(doc(t, map[string]any{"apps": []any{app(1)}, "wechat": map[string]any{"appId": "wx1", "appSecret": wxSecret + " "}}))
	if err == nil || !strings.Contains(err.Error(), "wechat.appSecret: has leading or trailing white space") {
		t.Errorf("wechat.appSecret with a trailing space: %v", err)
	}
	pkcs8, _, _ := tlssigtest.ECDSAKeyPEM(t)
	a := secrets.App{SDKAppID: 1, ECDSAPrivateKey: pkcs8}
	if k, err := a.ECDSAKey(); err != nil || k == nil {
		t.Errorf("ECDSAKey of an app built by hand = %v, %v; want its key", k, err)
	}
}
