package secrets_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/ticketbooth/ticketbooth/internal/logscan"
	"github.com/ticketbooth/ticketbooth/shared/secrets"
	"github.com/ticketbooth/ticketbooth/shared/tlssig/tlssigtest"
)

// Distinctive secret values: no error or log line may contain them.
const (
	hmacKey1   = "SECRETKEY-one-5f1c0e7bd4a94c1b9e2d7a3f60b8c4e1"
	hmacKey2   = "SECRETKEY-two-0a9b8c7d6e5f40312233445566778899"
	hsSecret   = "HS256SECRET-0123456789abcdef0123456789abcdef"
	wxSecret   = "WXAPPSECRET-feedfacecafebeef"
	apiKey     = "test"
	apiKeyHash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" // SHA-256 of apiKey
	// otherKeyHash is the SHA-256 of "other".
	otherKeyHash = "d9298a10d1b0735837dc4bd85dac641b0f3cef27a47e5d53a54f2f3f5b2fcffa"
)

func doc(t *testing.T, m map[string]any) []byte {
	t.Helper()
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func app(id uint64, extra ...any) map[string]any {
	a := map[string]any{"sdkAppId": id, "secretKey": hmacKey1}
	for i := 0; i+1 < len(extra); i += 2 {
		if extra[i+1] == nil {
			delete(a, extra[i].(string))
			continue
		}
		a[extra[i].(string)] = extra[i+1]
	}
	return a
}

// secretsIn lists the secret strings a test must never see in output.
func secretsIn(extra ...string) []string {
	return append([]string{hmacKey1, hmacKey2, hsSecret, wxSecret, apiKeyHash}, extra...)
}

// assertNoSecret stops the test if s (the output named what) holds any of
// secrets, URL- or JSON-escaped or as one line of a PEM key.
func assertNoSecret(t *testing.T, what, s string, secrets []string) {
	t.Helper()
	if !logscan.AssertNoSecretsIn(t, what, s, secrets...) {
		t.FailNow()
	}
}

func TestParseValid(t *testing.T) {
	pkcs8, sec1, pub := tlssigtest.ECDSAKeyPEM(t)
	_, otherSEC1, _ := tlssigtest.ECDSAKeyPEM(t)
	_ = otherSEC1
	tests := []struct {
		name string
		in   map[string]any
		// checks
		defaultID uint64
		ecdsa     bool
	}{
		{"one hmac app, no default flag", map[string]any{"apps": []any{app(1400000001)}}, 1400000001, false},
		{"one ecdsa app (PKCS#8)", map[string]any{"apps": []any{app(1400000001, "secretKey", nil, "ecdsaPrivateKey", pkcs8)}}, 1400000001, true},
		{"one ecdsa app (SEC1) with matching public key", map[string]any{"apps": []any{app(1400000001, "secretKey", nil, "ecdsaPrivateKey", sec1, "ecdsaPublicKey", pub, "accountType", 36862)}}, 1400000001, true},
		{"hmac and ecdsa keys", map[string]any{"apps": []any{app(1400000001, "ecdsaPrivateKey", pkcs8)}}, 1400000001, true},
		{"several apps, one default", map[string]any{"apps": []any{app(1400000001), app(1400000002, "default", true), app(4294967295)}}, 1400000002, false},
		{"wechat", map[string]any{"apps": []any{app(1)}, "wechat": map[string]any{"appId": "wx0123456789abcdef", "appSecret": wxSecret}}, 1, false},
		{"empty wechat object", map[string]any{"apps": []any{app(1)}, "wechat": map[string]any{}}, 1, false},
		{"api keys", map[string]any{"apps": []any{app(1)}, "apiKeys": []any{map[string]any{"id": "backend-1", "sha256": apiKeyHash}, map[string]any{"id": "backend-2", "sha256": strings.ToUpper(otherKeyHash), "role": "anchor"}}}, 1, false},
		{"apps bound to credentials", map[string]any{"apps": []any{app(1, "default", true), app(2), app(3)},
			"apiKeys": []any{map[string]any{"id": "backend-1", "sha256": apiKeyHash, "sdkAppIds": []uint64{2, 3}}},
			"wechat":  map[string]any{"appId": "wx0123456789abcdef", "appSecret": wxSecret, "sdkAppIds": []uint64{3}},
			"jwt":     map[string]any{"userClaim": "uid", "appsClaim": "trtc_apps"}}, 1, false},
		{"jwt claim names only (gateway-jwt)", map[string]any{"apps": []any{app(1)}, "jwt": map[string]any{"userClaim": "uid", "roleClaim": "r", "roomsClaim": "rooms"}}, 1, false},
		// The jwt section's meaning (issuer, key sources, algorithms) is auth's to check
		// (auth.Config.CheckDocument); secrets checks its shape only.
		{"jwt section that could not verify (auth refuses it)", map[string]any{"apps": []any{app(1)}, "jwt": map[string]any{"issuer": "iss", "algorithms": []string{"none"}}}, 1, false},
		{"null optional objects", map[string]any{"apps": []any{app(1)}, "jwt": nil, "wechat": nil, "apiKeys": nil}, 1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := secrets.Parse(doc(t, tt.in))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			a, err := d.App(0)
			if err != nil {
				t.Fatalf("App(0): %v", err)
			}
			if got := a.SDKAppID; got != tt.defaultID {
				t.Errorf("default app = %d, want %d", got, tt.defaultID)
			}
			byID, err := d.App(tt.defaultID)
			if err != nil || byID != a {
				t.Errorf("App(%d) = %v, %v; want the default app", tt.defaultID, byID, err)
			}
			k, err := a.ECDSAKey()
			if err != nil || (k != nil) != tt.ecdsa {
				t.Errorf("ECDSAKey() = %v, %v; want a key: %v", k != nil, err, tt.ecdsa)
			}
			if tt.ecdsa {
				p, err := a.ECDSAPublic()
				if err != nil || p == nil || !p.Equal(&k.PublicKey) {
					t.Errorf("ECDSAPublic() does not match the private key (%v)", err)
				}
			}
		})
	}
}

func TestParseInvalid(t *testing.T) {
	pkcs8, _, _ := tlssigtest.ECDSAKeyPEM(t)
	_, _, otherPub := tlssigtest.ECDSAKeyPEM(t)
	one := []any{app(1)}
	tests := []struct {
		name string
		in   string
		want []string // substrings of the error, each naming a field
	}{
		{"empty", ``, []string{"not valid JSON"}},
		{"not an object", `[1,2]`, []string{"one JSON object"}},
		{"two objects", `{"apps":[{"sdkAppId":1,"secretKey":"` + hmacKey1 + `"}]} {}`, []string{"data after the JSON object"}},
		{"truncated", `{"apps":[{"sdkAppId":1,"secretKey":"` + hmacKey1, []string{"not valid JSON"}},
		{"syntax error in a secret", `{"apps":[{"sdkAppId":1,"secretKey":"` + hmacKey1 + `\x"}]}`, []string{"not valid JSON"}},
		{"unknown top-level field", `{"apps":[],"extra":1}`, []string{"extra: unknown field"}},
		{"unknown app field", `{"apps":[{"sdkAppId":1,"secretkey":"` + hmacKey1 + `"}]}`, []string{"apps[0].secretkey: unknown field"}},
		{"secret pasted as a key", `{"apps":[{"sdkAppId":1,"` + hmacKey1 + `":"x"}]}`, []string{"apps[0].(a field): unknown field"}},
		{"duplicate key", `{"apps":[{"sdkAppId":1,"secretKey":"` + hmacKey1 + `","secretKey":"` + hmacKey2 + `"}]}`, []string{"apps[0].secretKey: duplicate field"}},
		{"duplicate default", `{"apps":[{"sdkAppId":1,"secretKey":"` + hmacKey1 + `","default":false,"default":true}]}`, []string{"apps[0].default: duplicate field"}},
		{"wrong type", `{"apps":[{"sdkAppId":"1","secretKey":"` + hmacKey1 + `"}]}`, []string{"sdkAppId: must be a JSON non-negative integer"}},
		{"negative id", `{"apps":[{"sdkAppId":-1,"secretKey":"` + hmacKey1 + `"}]}`, []string{"sdkAppId"}},
		{"huge id", `{"apps":[{"sdkAppId":1e400,"secretKey":"` + hmacKey1 + `"}]}`, []string{"sdkAppId"}},
		{"too deep", `{"apps":[{"sdkAppId":[[[[[[[[[[1]]]]]]]]]]}]}`, []string{"nested too deeply"}},
		{"no apps", `{"apps":[]}`, []string{"apps: at least one app"}},
		{"apps missing", `{}`, []string{"apps: at least one app"}},
		{"id zero", string(doc(t, map[string]any{"apps": []any{app(0)}})), []string{"apps[0].sdkAppId: must be between 1 and 4294967295"}},
		{"id over u32", string(doc(t, map[string]any{"apps": []any{app(4294967296)}})), []string{"apps[0].sdkAppId: must be between"}},
		{"no key", string(doc(t, map[string]any{"apps": []any{app(1, "secretKey", nil)}})), []string{"apps[0]: needs secretKey"}},
		{"short key", string(doc(t, map[string]any{"apps": []any{app(1, "secretKey", "sHoRtK3y")}})), []string{"apps[0].secretKey: shorter than 16"}},
		{"key with newline", string(doc(t, map[string]any{"apps": []any{app(1, "secretKey", hmacKey1+"\n")}})), []string{"apps[0].secretKey: must be printable ASCII without white space"}},
		{"PEM key in secretKey", string(doc(t, map[string]any{"apps": []any{app(1, "secretKey", strings.TrimSpace(pkcs8))}})), []string{"apps[0].secretKey: must be printable ASCII", "belongs in ecdsaPrivateKey"}},
		{"secret pasted into wechat.appId", string(doc(t, map[string]any{"apps": one, "wechat": map[string]any{"appId": wxSecret, "appSecret": wxSecret}})), []string{"wechat.appId: must be the mini-program's AppID"}},
		{"wechat.appId too long", string(doc(t, map[string]any{"apps": one, "wechat": map[string]any{"appId": "wx" + strings.Repeat("0", 31), "appSecret": wxSecret}})), []string{"wechat.appId"}},
		{"bad ecdsa key", string(doc(t, map[string]any{"apps": []any{app(1, "ecdsaPrivateKey", strings.Replace(pkcs8, "M", "A", 3))}})), []string{"apps[0].ecdsaPrivateKey: not a P-256 private key"}},
		{"ecdsa key not PEM", string(doc(t, map[string]any{"apps": []any{app(1, "ecdsaPrivateKey", hmacKey2)}})), []string{"apps[0].ecdsaPrivateKey"}},
		{"public key mismatch", string(doc(t, map[string]any{"apps": []any{app(1, "ecdsaPrivateKey", pkcs8, "ecdsaPublicKey", otherPub)}})), []string{"apps[0].ecdsaPublicKey: does not match"}},
		{"bad public key", string(doc(t, map[string]any{"apps": []any{app(1, "ecdsaPublicKey", "nope")}})), []string{"apps[0].ecdsaPublicKey: not a P-256 public key"}},
		{"duplicate sdkAppId", string(doc(t, map[string]any{"apps": []any{app(7, "default", true), app(7)}})), []string{"apps[1].sdkAppId: same sdkAppId as apps[0]"}},
		{"no default among several", string(doc(t, map[string]any{"apps": []any{app(1), app(2)}})), []string{`apps: exactly one app must be "default": true`, "found 0"}},
		{"two defaults", string(doc(t, map[string]any{"apps": []any{app(1, "default", true), app(2, "default", true)}})), []string{"found 2"}},
		{"every problem reported", string(doc(t, map[string]any{"apps": []any{app(0), app(2, "secretKey", nil)}})), []string{"apps[0].sdkAppId", "apps[1]: needs secretKey", "apps: exactly one"}},
		{"wechat id only", string(doc(t, map[string]any{"apps": one, "wechat": map[string]any{"appId": "wx1"}})), []string{"wechat: appId and appSecret are both required"}},
		{"wechat secret only", string(doc(t, map[string]any{"apps": one, "wechat": map[string]any{"appSecret": wxSecret}})), []string{"wechat: appId and appSecret"}},
		{"api key without id", string(doc(t, map[string]any{"apps": one, "apiKeys": []any{map[string]any{"sha256": apiKeyHash}}})), []string{"apiKeys[0].id: is required"}},
		{"api key bad hash", string(doc(t, map[string]any{"apps": one, "apiKeys": []any{map[string]any{"id": "a", "sha256": apiKeyHash[:63] + "g"}}})), []string{"apiKeys[0].sha256: must be the SHA-256"}},
		{"api key short hash", string(doc(t, map[string]any{"apps": one, "apiKeys": []any{map[string]any{"id": "a", "sha256": apiKeyHash[:62]}}})), []string{"apiKeys[0].sha256"}},
		{"api key duplicate id", string(doc(t, map[string]any{"apps": one, "apiKeys": []any{map[string]any{"id": "a", "sha256": apiKeyHash}, map[string]any{"id": "a", "sha256": apiKeyHash}}})), []string{"apiKeys[1].id: same id as apiKeys[0]"}},
		{"api key duplicate digest", string(doc(t, map[string]any{"apps": one, "apiKeys": []any{map[string]any{"id": "a", "sha256": apiKeyHash}, map[string]any{"id": "b", "sha256": apiKeyHash, "role": "audience"}}})), []string{"apiKeys[1].sha256: same key digest as apiKeys[0]"}},
		{"api key duplicate digest in another case", string(doc(t, map[string]any{"apps": one, "apiKeys": []any{map[string]any{"id": "a", "sha256": apiKeyHash, "role": "audience"}, map[string]any{"id": "b", "sha256": strings.ToUpper(apiKeyHash)}}})), []string{"apiKeys[1].sha256: same key digest as apiKeys[0]"}},
		{"api key duplicate digest far apart", string(doc(t, map[string]any{"apps": one, "apiKeys": []any{map[string]any{"id": "a", "sha256": apiKeyHash}, map[string]any{"id": "b", "sha256": otherKeyHash}, map[string]any{"id": "c", "sha256": apiKeyHash}}})), []string{"apiKeys[2].sha256: same key digest as apiKeys[0]"}},
		{"api key names an unknown app", string(doc(t, map[string]any{"apps": one, "apiKeys": []any{map[string]any{"id": "a", "sha256": apiKeyHash, "sdkAppIds": []uint64{1, 1400000009}}}})), []string{"apiKeys[0].sdkAppIds[1]: is not the sdkAppId of any of apps"}},
		{"api key names an app twice", string(doc(t, map[string]any{"apps": one, "apiKeys": []any{map[string]any{"id": "a", "sha256": apiKeyHash, "sdkAppIds": []uint64{1, 1}}}})), []string{"apiKeys[0].sdkAppIds[1]: listed twice"}},
		{"api key sdkAppIds not numbers", string(doc(t, map[string]any{"apps": one, "apiKeys": []any{map[string]any{"id": "a", "sha256": apiKeyHash, "sdkAppIds": []string{"1"}}}})), []string{"sdkAppIds"}},
		{"wechat names an unknown app", string(doc(t, map[string]any{"apps": one, "wechat": map[string]any{"appId": "wx1", "appSecret": wxSecret, "sdkAppIds": []uint64{9}}})), []string{"wechat.sdkAppIds[0]: is not the sdkAppId of any of apps"}},
		{"oversize", `{"apps":[{"sdkAppId":1,"secretKey":"` + strings.Repeat("k", secrets.MaxDocumentSize) + `"}]}`, []string{"larger than 65536 bytes"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := secrets.Parse([]byte(tt.in))
			if err == nil {
				t.Fatalf("Parse accepted it: %v", d)
			}
			if !errors.Is(err, secrets.ErrInvalidDocument) {
				t.Errorf("error %v does not wrap ErrInvalidDocument", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
			assertNoSecret(t, "error", err.Error(), secretsIn(pkcs8, otherPub, "sHoRtK3y"))
		})
	}
}

func TestDocumentApp(t *testing.T) {
	d, err := secrets.Parse(doc(t, map[string]any{"apps": []any{app(1), app(2, "default", true)}}))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		id      uint64
		want    uint64
		wantErr error
	}{
		{"zero is the default", 0, 2, nil},
		{"by id", 1, 1, nil},
		{"unknown", 3, 0, secrets.ErrUnknownApp},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := d.App(tt.id)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("App(%d) error = %v, want %v", tt.id, err, tt.wantErr)
			}
			if err == nil && a.SDKAppID != tt.want {
				t.Errorf("App(%d) = %d, want %d", tt.id, a.SDKAppID, tt.want)
			}
		})
	}
}
