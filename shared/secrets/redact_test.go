package secrets_test

import (
	"bytes"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/ticketbooth/ticketbooth/shared/secrets"
	"github.com/ticketbooth/ticketbooth/shared/tlssig/tlssigtest"
)

func TestRedaction(t *testing.T) {
	pkcs8, _, _ := tlssigtest.ECDSAKeyPEM(t)
	d, err := secrets.Parse(doc(t, map[string]any{
		"apps":    []any{app(1400000001, "ecdsaPrivateKey", pkcs8, "default", true), app(1400000002, "secretKey", hmacKey2)},
		"jwt":     map[string]any{"hs256Secret": hsSecret, "issuer": "iss", "audience": "aud"},
		"wechat":  map[string]any{"appId": "wx0123456789abcdef", "appSecret": wxSecret},
		"apiKeys": []any{map[string]any{"id": "backend-1", "sha256": apiKeyHash}},
	}))
	if err != nil {
		t.Fatal(err)
	}
	snap := &secrets.Snapshot{Current: d, Previous: d, Version: "v1", FetchedAt: time.Unix(0, 0)}
	values := map[string]any{
		"*Document": d, "Document": *d, "[]App": d.Apps, "App": d.Apps[0], "*App": &d.Apps[1],
		"*JWT": d.JWT, "JWT": *d.JWT, "*WeChat": d.WeChat, "WeChat": *d.WeChat,
		"[]APIKey": d.APIKeys, "APIKey": d.APIKeys[0], "*Snapshot": snap, "Snapshot": *snap,
	}
	never := secretsIn(pkcs8)
	for name, v := range values {
		t.Run(name, func(t *testing.T) {
			for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x"} {
				assertNoSecret(t, verb, fmt.Sprintf(verb, v), never)
			}
			if name == "[]App" || name == "[]APIKey" {
				// slog's JSON handler marshals a bare slice with encoding/json,
				// which must stay faithful (it writes documents): log the
				// Document or one App instead. Documented in redact.go.
				return
			}
			var buf bytes.Buffer
			for _, h := range []slog.Handler{slog.NewJSONHandler(&buf, nil), slog.NewTextHandler(&buf, nil)} {
				slog.New(h).Info("x", "v", v, slog.Any("any", v))
			}
			assertNoSecret(t, "slog", buf.String(), never)
			if buf.Len() == 0 {
				t.Fatal("nothing logged")
			}
		})
	}
	if got, want := d.String(), "secrets.Document{apps:[1400000001(hmac+ecdsa,default) 1400000002(hmac)] jwt:{hs256Secret algorithms:} wechat:[REDACTED] apiKeys:1}"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}
